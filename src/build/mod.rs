//! The driver: a loaded issue and the editions asked for → every output's
//! bytes and every diagnostic. The CLI, the tests, the benches and the
//! fuzz targets all build through [`issue`]; nothing else composes stages.
//!
//! Editions are renderers in the manner of mdBook's `Renderer`: each has a
//! name (what `--format` takes), a file-name rule and a `render`. The
//! driver lays the issue out once, and only when an edition asked for
//! needs the printed pages; editions that do not run beside the layout,
//! and those that need only where the pages fall (the EPUB's page list)
//! start as soon as that is settled, while the pages are finished.

pub mod editions;
pub mod series;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diag::{Diagnostic, StageResult};
use crate::frame::PageMap;
use crate::layout::{self, Laid};
use crate::model::Issue;

pub use editions::{DEFAULT_FORMATS, Edition, Prepared, by_name, names, registry};
pub use series::{Folder, Series, SeriesContext, SeriesEdition};

/// What an edition may use besides the issue.
#[non_exhaustive]
pub struct Context<'a> {
    /// The issue laid out as printed pages (the frames and the page map);
    /// `Some` whenever the edition's [`Edition::needs_layout`] is true,
    /// unless it [`Edition::needs_page_map_only`].
    pub laid: Option<&'a Laid>,
    /// Where the printed pages fall in the text; `Some` whenever the
    /// edition's [`Edition::needs_layout`] is true.
    pub page_map: Option<&'a PageMap>,
    /// What the edition's [`Edition::prepare`] made while the issue was
    /// laid out.
    pub prepared: Option<&'a (dyn std::any::Any + Send + Sync)>,
}

/// One file an edition renders, its path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Everything one build of one issue produced.
#[derive(Debug, Default)]
pub struct Built {
    /// Every output of every edition that rendered, in registry order.
    pub outputs: Vec<Output>,
    /// Warnings and errors from layout and the editions, in that order.
    pub diagnostics: Vec<Diagnostic>,
    /// When each stage ended, from the build's start (`-v`).
    pub stages: Vec<(&'static str, Duration)>,
    /// The layout, when an edition needed it (tests check pagination).
    pub laid: Option<Laid>,
}

impl Built {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The bytes of the output at `path` (relative to the output folder).
    pub fn bytes(&self, path: &str) -> Option<&[u8]> {
        self.outputs
            .iter()
            .find(|o| o.path == std::path::Path::new(path))
            .map(|o| o.bytes.as_slice())
    }
}

type Rendered = (usize, StageResult<Vec<Output>>, Duration);
/// An edition and its place in the list asked for.
type Numbered = (usize, &'static dyn Edition);

/// Renders `issue` in each of `editions` (ask [`registry`] or [`by_name`]).
/// Editions that need no layout run while the issue is laid out; the
/// others run on the laid-out pages, side by side.
pub fn issue(issue: &Issue, editions: &[&'static dyn Edition]) -> Built {
    let start = Instant::now();
    let (free, paged): (Vec<Numbered>, Vec<Numbered>) = editions
        .iter()
        .copied()
        .enumerate()
        .partition(|(_, e)| !e.needs_layout());
    let render = |(k, e): &Numbered,
                  laid: Option<&Laid>,
                  page_map: Option<&PageMap>,
                  prepared: &Prepared|
     -> Rendered {
        let ctx = Context {
            laid,
            page_map,
            prepared: prepared.as_deref(),
        };
        (*k, e.render(issue, &ctx), start.elapsed())
    };
    // What the paged editions prepared, set by the preparing branch. Once
    // the pages are settled, the layout's hook starts the editions that
    // need only the page map (the EPUB) beside the rest of the layout, if
    // this is there by then (it never waits for it); `early` collects them.
    let ready: std::sync::OnceLock<Vec<Prepared>> = std::sync::OnceLock::new();
    let early: std::sync::Mutex<Vec<Rendered>> = std::sync::Mutex::default();
    // Beside the layout: the editions that need none, and what the others
    // can do before it ends.
    let (mut done, laid) = rayon::scope(|scope| {
        let ((mut done, ()), laid) = rayon::join(
            || {
                rayon::join(
                    || {
                        free.par_iter()
                            .map(|e| render(e, None, None, &None))
                            .collect::<Vec<_>>()
                    },
                    || {
                        let prepared = paged.par_iter().map(|(_, e)| e.prepare(issue)).collect();
                        // Set only here: it cannot be full.
                        let _ = ready.set(prepared);
                    },
                )
            },
            || {
                (!paged.is_empty()).then(|| {
                    layout::layout_issue_with(issue, |map| {
                        // Not prepared yet: rendered after the layout instead.
                        let prepared = ready.get()?;
                        let picked: Vec<usize> = paged
                            .iter()
                            .filter(|(_, e)| e.needs_page_map_only())
                            .map(|(k, _)| *k)
                            .collect();
                        let (map, mine) = (map.clone(), picked.clone());
                        let (paged, early, render) = (&paged, &early, &render);
                        scope.spawn(move |_| {
                            let rendered: Vec<Rendered> = paged
                                .par_iter()
                                .zip(prepared)
                                .filter(|((k, _), _)| mine.contains(k))
                                .map(|(e, p)| render(e, None, Some(&map), p))
                                .collect();
                            early
                                .lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .extend(rendered);
                        });
                        Some(picked)
                    })
                })
            },
        );
        let layout = laid.map(|(result, picked)| (result, picked.flatten(), start.elapsed()));
        if let (Some((Ok(w), picked, _)), Some(prepared)) = (&layout, ready.get()) {
            let picked = picked.as_deref().unwrap_or_default();
            done.par_extend(
                paged
                    .par_iter()
                    .zip(prepared.par_iter())
                    .filter(|((k, _), _)| !picked.contains(k))
                    .map(|(e, p)| render(e, Some(&w.output), Some(&w.output.page_map), p)),
            );
        }
        (done, layout)
    });
    // Rendered beside a layout that failed: dropped, as if never begun.
    let layout = laid.map(|(result, _, at)| {
        if result.is_ok() {
            done.extend(early.into_inner().unwrap_or_else(|e| e.into_inner()));
        }
        (result, at)
    });
    let layout = layout.map(|(result, at)| (result.map(|w| (w.output, w.warnings)), at));
    done.sort_by_key(|(k, _, _)| *k);

    let mut built = Built::default();
    let mut layout_diags = Vec::new();
    if let Some((result, at)) = layout {
        built.stages.push(("layout", at));
        match result {
            Ok((laid, warnings)) => {
                layout_diags = warnings;
                built.laid = Some(laid);
            }
            Err(errors) => layout_diags = errors,
        }
    }
    let mut layout_diags = Some(layout_diags);
    for (k, result, at) in done {
        let edition = editions[k];
        if edition.needs_layout()
            && let Some(d) = layout_diags.take()
        {
            built.diagnostics.extend(d);
        }
        built.stages.push((edition.name(), at));
        match result {
            Ok(w) => {
                add_unique(&mut built.diagnostics, w.warnings);
                built.outputs.extend(w.output);
            }
            Err(errors) => add_unique(&mut built.diagnostics, errors),
        }
    }
    // Layout failed: its errors stand for the editions that needed it.
    if let Some(d) = layout_diags {
        built.diagnostics.extend(d);
    }
    built.stages.sort_by_key(|(_, at)| *at);
    built
}

/// Adds an edition's diagnostics, leaving out any reported already:
/// editions that share a stage (the EPUB and the kepub both run the EPUB
/// writer) report the same problems.
fn add_unique(into: &mut Vec<Diagnostic>, diagnostics: Vec<Diagnostic>) {
    for d in diagnostics {
        let seen = into.iter().any(|e| {
            e.severity == d.severity
                && e.message == d.message
                && e.hints == d.hints
                && e.position() == d.position()
        });
        if !seen {
            into.push(d);
        }
    }
}

/// Renders each series edition (ask [`series::registry`]) over every
/// series of the run, side by side, then over the output folder as those
/// outputs will leave it (the catalog's root feed). Editions render in
/// order, each over the folder the ones before it leave.
pub fn series(
    all: &[Series],
    editions: &[&'static dyn SeriesEdition],
    ctx: &SeriesContext<'_>,
) -> Built {
    let start = Instant::now();
    let mut built = Built::default();
    let take = |result: StageResult<Vec<Output>>, built: &mut Built| match result {
        Ok(w) => {
            built.diagnostics.extend(w.warnings);
            built.outputs.extend(w.output);
        }
        Err(errors) => built.diagnostics.extend(errors),
    };
    // Each edition sees the folder as the ones before it leave it (the
    // archive lists what the catalog has just written).
    let reads = |p: &str| editions.iter().any(|e| e.reads(p));
    let mut folder = ctx.folder.clone();
    for edition in editions {
        let first = built.outputs.len();
        let now = SeriesContext {
            folder: &folder,
            ..*ctx
        };
        let results: Vec<_> = all.par_iter().map(|s| edition.render(s, &now)).collect();
        for result in results {
            take(result, &mut built);
        }
        folder = folder.with(&built.outputs[first..], reads);
        let rendered = built.outputs.len();
        let after = SeriesContext {
            folder: &folder,
            ..*ctx
        };
        take(edition.render_folder(all, &after), &mut built);
        folder = folder.with(&built.outputs[rendered..], reads);
        built.stages.push((edition.name(), start.elapsed()));
    }
    built
}
