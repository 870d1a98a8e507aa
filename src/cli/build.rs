//! `build` and `check`: load each issue, render, write atomically; issues
//! run in parallel and a failing one does not stop the others.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use super::report::Output;
use super::{EXIT_INVALID, EXIT_USAGE, discover};
use crate::build::Edition;
use crate::diag::{Diagnostic, Severity};
use crate::manifest::{self, LoadOptions};
use crate::output;

pub struct Job {
    pub paths: Vec<PathBuf>,
    /// None: check only, write nothing.
    pub out: Option<PathBuf>,
    /// None: series.yaml's `formats:`, else [`crate::build::DEFAULT_FORMATS`].
    pub formats: Option<Vec<&'static dyn Edition>>,
    pub strict: bool,
    pub jobs: Option<usize>,
    /// `--base-url`: the catalog's links are made absolute against it.
    pub base_url: Option<String>,
}

/// What happened to one issue.
struct Outcome {
    manifest: PathBuf,
    diags: Vec<Diagnostic>,
    /// Output files, their sizes, and whether each was written (false:
    /// the file already held these bytes).
    written: Vec<(PathBuf, usize, bool)>,
    ok: bool,
    /// Wall time spent on this issue.
    time: Duration,
    /// When each stage ended, from the issue's start (EPUB and PDF run
    /// side by side), for `--verbose`.
    stages: Vec<(&'static str, Duration)>,
    /// The issue, when its manifest loaded (the catalog lists it).
    issue: Option<crate::model::Issue>,
}

pub fn run(job: &Job, out: &Output) -> u8 {
    let start = Instant::now();
    let manifests = match discover::manifests(&job.paths) {
        Ok(m) => m,
        Err(e) => {
            out.usage_error(&e);
            return EXIT_USAGE;
        }
    };
    if let Some(dir) = &job.out
        && let Err(e) = check_out_dir(dir)
    {
        out.usage_error(&e);
        return EXIT_USAGE;
    }
    if let Some(ms) = std::env::var("PRESSRUN_DEBUG_WRITE_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        output::set_write_pause(Duration::from_millis(ms));
    }
    let timestamp = match super::timestamp() {
        Ok(t) => t,
        Err(e) => {
            out.usage_error(&e);
            return EXIT_USAGE;
        }
    };
    crate::heap::settle();
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(job.jobs.unwrap_or(0))
        .start_handler(|_| crate::heap::reserve())
        .build()
    {
        Ok(p) => p,
        Err(e) => {
            out.usage_error(&format!("cannot start worker threads: {e}"));
            return EXIT_INVALID;
        }
    };
    let bar = progress_bar(out, manifests.len());
    let opts = LoadOptions { timestamp };
    let claimed = std::sync::Mutex::new(std::collections::BTreeMap::<String, PathBuf>::new());
    let mut outcomes: Vec<Outcome> = pool.install(|| {
        let layout = |f: &Vec<&'static dyn Edition>| f.iter().any(|e| e.needs_layout());
        if job.out.is_some() && job.formats.as_ref().is_none_or(layout) {
            // Font parsing overlaps the first manifest load: the layout's
            // faces, then the generated cover's (drawn for every issue
            // written: the EPUB's cover, the catalog's thumbnail).
            rayon::spawn(|| {
                crate::layout::font::warm_up();
                crate::epub::cover::warm_up();
            });
        }
        manifests
            .par_iter()
            .map(|m| {
                let outcome = build_one(m, job, &opts, &claimed);
                let text = out.render(&outcome.diags);
                if !text.is_empty() {
                    bar.suspend(|| eprint!("{text}"));
                }
                if out.verbose {
                    for (path, size, fresh) in &outcome.written {
                        bar.suspend(|| {
                            eprintln!("{}", super::report::written_line(path, *size, *fresh))
                        });
                    }
                    let stages: Vec<String> = outcome
                        .stages
                        .iter()
                        .map(|(name, at)| format!("{name} {:.1}", at.as_secs_f64() * 1e3))
                        .collect();
                    bar.suspend(|| {
                        eprintln!(
                            "{}: {:.1} ms (stages end at ms: {})",
                            outcome.manifest.display(),
                            outcome.time.as_secs_f64() * 1e3,
                            stages.join(", ")
                        )
                    });
                }
                bar.inc(1);
                outcome
            })
            .collect()
    });
    bar.finish_and_clear();

    let mut series_failed = false;
    if let Some(dir) = &job.out {
        let built: std::collections::BTreeSet<String> = outcomes
            .iter()
            .filter(|o| o.ok)
            .filter_map(|o| o.issue.as_ref().map(|i| i.slug.clone()))
            .collect();
        let loaded: Vec<(PathBuf, crate::model::Issue)> = outcomes
            .iter_mut()
            .filter_map(|o| Some((o.manifest.clone(), o.issue.take()?)))
            .collect();
        let run = super::series::Run {
            manifests: &manifests,
            loaded,
            built,
            out: dir,
            base_url: job.base_url.as_deref(),
            editions: crate::build::registry(),
            opts,
        };
        let series_start = Instant::now();
        series_failed = !pool.install(|| super::series::build(run, out));
        if out.verbose {
            eprintln!(
                "catalog and archive: {:.1} ms",
                series_start.elapsed().as_secs_f64() * 1e3
            );
        }
    }

    let failed = outcomes.iter().filter(|o| !o.ok).count();
    let warnings: usize = outcomes
        .iter()
        .map(|o| {
            o.diags
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .count()
        })
        .sum();
    let errors: usize = outcomes
        .iter()
        .map(|o| o.diags.iter().filter(|d| d.is_error()).count())
        .sum();
    if !out.quiet {
        let verb = if job.out.is_some() {
            "built"
        } else {
            "checked"
        };
        let ok = outcomes.len() - failed;
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        eprintln!(
            "{verb} {} of {}, {}, {}, {:.0} ms",
            ok,
            plural(outcomes.len(), "issue"),
            plural(warnings, "warning"),
            plural(errors, "error"),
            start.elapsed().as_secs_f64() * 1e3
        );
    }
    if failed > 0 || series_failed {
        EXIT_INVALID
    } else {
        0
    }
}

/// `--out` must be a folder or a path one can become: refused up front,
/// by name, rather than as a bare "File exists" from the first write.
pub fn check_out_dir(dir: &Path) -> Result<(), String> {
    let hint = "\n  = hint: --out names a folder (created if missing); \
                the outputs inside it are named after the issue, e.g. --out out";
    if dir.exists() && !dir.is_dir() {
        return Err(format!(
            "--out `{}` is a file, not a folder{hint}",
            dir.display()
        ));
    }
    if let Some(file) = dir
        .ancestors()
        .skip(1)
        .find(|a| !a.as_os_str().is_empty() && a.exists() && !a.is_dir())
    {
        return Err(format!(
            "--out `{}` cannot be created: `{}` is a file, not a folder{hint}",
            dir.display(),
            file.display()
        ));
    }
    Ok(())
}

fn progress_bar(out: &Output, len: usize) -> ProgressBar {
    if out.quiet || !out.terminal || len < 2 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} issues {elapsed}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

fn build_one(
    manifest: &std::path::Path,
    job: &Job,
    opts: &LoadOptions,
    claimed: &std::sync::Mutex<std::collections::BTreeMap<String, PathBuf>>,
) -> Outcome {
    let start = Instant::now();
    let mut outcome = Outcome {
        manifest: manifest.to_owned(),
        diags: Vec::new(),
        written: Vec::new(),
        ok: false,
        time: Duration::ZERO,
        stages: Vec::new(),
        issue: None,
    };
    let loaded = match manifest::load(manifest, opts) {
        Ok(w) => w,
        Err(diags) => {
            outcome.diags = diags;
            outcome.time = start.elapsed();
            return outcome;
        }
    };
    let issue = loaded.output;
    outcome.stages.push(("load", start.elapsed()));
    outcome.diags = loaded.warnings;
    render_and_write(&issue, &mut outcome, job, claimed, start);
    outcome.time = start.elapsed();
    if job.out.is_some() {
        outcome.issue = Some(issue);
    }
    outcome
}

/// Renders the loaded issue and writes its outputs; `outcome.ok` says
/// whether they were written.
fn render_and_write(
    issue: &crate::model::Issue,
    outcome: &mut Outcome,
    job: &Job,
    claimed: &std::sync::Mutex<std::collections::BTreeMap<String, PathBuf>>,
    start: Instant,
) {
    let manifest = outcome.manifest.clone();
    let manifest = manifest.as_path();
    let load_time = start.elapsed();
    let files = match &job.out {
        None => Vec::new(),
        Some(dir) => {
            let editions = editions(job, issue);
            // The catalog written after the build wants the issue's cover
            // and thumbnail: the EPUB editions (epub, kepub) draw them in
            // their prepare, beside the layout; without one, draw them
            // there anyway (memoised) rather than after. (A memo that made
            // a second caller wait for the first measured 1.8 ms slower: the
            // waiting worker could not lay out.)
            let draws_cover = editions
                .iter()
                .any(|e| matches!(e.name(), "epub" | "kepub"));
            let (built, ()) = rayon::join(
                || crate::build::issue(issue, &editions),
                || {
                    if !draws_cover {
                        crate::catalog::covers::warm(issue);
                    }
                },
            );
            outcome
                .stages
                .extend(built.stages.iter().map(|(n, at)| (*n, *at + load_time)));
            outcome.diags.extend(built.diagnostics);
            // Freeing every page's glyphs takes a millisecond or more in a
            // long issue: done on another thread while the files are written.
            let laid = built.laid;
            rayon::spawn(move || drop(laid));
            built
                .outputs
                .into_iter()
                .map(|o| (dir.join(o.path), o.bytes))
                .collect()
        }
    };
    if job.strict {
        for d in &mut outcome.diags {
            d.severity = Severity::Error;
        }
    }
    if outcome.diags.iter().any(Diagnostic::is_error) {
        return;
    }
    if job.out.is_some() {
        let mut claimed = claimed.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(other) = claimed.get(&issue.slug) {
            outcome.diags.push(
                Diagnostic::error(format!(
                    "another issue in this build also writes `{}`",
                    issue.slug
                ))
                .in_file(manifest)
                .hint(format!(
                    "{} has the same newsletter and issue number",
                    other.display()
                )),
            );
            return;
        }
        claimed.insert(issue.slug.clone(), manifest.to_owned());
    }
    let fresh = match output::write_changed(&files) {
        Ok(fresh) => fresh,
        Err(e) => {
            outcome.diags.push(
                Diagnostic::error(e.to_string())
                    .in_file(manifest)
                    .hint("check that the --out folder is writable and has space"),
            );
            return;
        }
    };
    outcome.stages.push(("write", start.elapsed()));
    outcome.written = files
        .iter()
        .zip(fresh)
        .map(|((p, b), fresh)| (p.clone(), b.len(), fresh))
        .collect();
    outcome.ok = true;
}

/// The editions to build for `issue`: the command line's, else its
/// series.yaml's (names checked when loading), else the defaults.
fn editions(job: &Job, issue: &crate::model::Issue) -> Vec<&'static dyn Edition> {
    if let Some(formats) = &job.formats {
        return formats.clone();
    }
    let names: Vec<&str> = match &issue.formats {
        Some(names) => names.iter().map(String::as_str).collect(),
        None => crate::build::DEFAULT_FORMATS.to_vec(),
    };
    names
        .into_iter()
        .filter_map(crate::build::by_name)
        .collect()
}
