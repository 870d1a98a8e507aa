//! After the issues: the series-level outputs (the catalog, the archive) of every
//! series an issue of this run belongs to. Each series' other manifests
//! are found from its root and loaded (not rebuilt); the output folder is
//! read for what it holds, then [`crate::build::series`] renders and the
//! files are written atomically like the editions'.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::discover;
use super::report::Output;
use crate::build::Edition;
use crate::build::series::{self as series_level, Folder, Series, SeriesContext, slashed};
use crate::diag::Diagnostic;
use crate::manifest::{self, LoadOptions, SeriesInfo};
use crate::model::Issue;

/// What the issue builds of this run leave for the series level.
pub struct Run<'a> {
    /// The manifests of this run, as discovered.
    pub manifests: &'a [PathBuf],
    /// Issues of this run whose manifest loaded, by manifest path.
    pub loaded: Vec<(PathBuf, Issue)>,
    /// Slugs of the issues whose outputs were written in this run.
    pub built: BTreeSet<String>,
    pub out: &'a Path,
    pub base_url: Option<&'a str>,
    pub editions: &'a [&'static dyn Edition],
    pub opts: LoadOptions,
}

/// Renders and writes the series-level outputs; prints any problem.
/// False when one was an error.
pub fn build(mut run: Run<'_>, out: &Output) -> bool {
    let mut diags = Vec::new();
    let series = collect(&mut run, &mut diags);
    let folder = scan(run.out);
    let ctx = SeriesContext::new(
        &folder,
        &run.built,
        run.editions,
        run.base_url,
        run.opts.timestamp,
    );
    let built = crate::build::series(&series, series_level::registry(), &ctx);
    diags.extend(built.diagnostics);
    let files: Vec<(PathBuf, Vec<u8>)> = built
        .outputs
        .into_iter()
        .map(|o| (run.out.join(o.path), o.bytes))
        .collect();
    match crate::output::write_changed(&files) {
        Err(e) => diags.push(Diagnostic::error(format!(
            "cannot write the catalog into {}: {e}",
            run.out.display()
        ))),
        Ok(fresh) if out.verbose => {
            for ((path, bytes), fresh) in files.iter().zip(fresh) {
                eprintln!("{}", super::report::written_line(path, bytes.len(), fresh));
            }
        }
        Ok(_) => {}
    }
    let text = out.render(&diags);
    if !text.is_empty() {
        eprint!("{text}");
    }
    !diags.iter().any(Diagnostic::is_error)
}

/// The series of this run's manifests, each with every issue under its
/// root whose manifest loads.
fn collect(run: &mut Run<'_>, diags: &mut Vec<Diagnostic>) -> Vec<Series> {
    let mut roots: BTreeMap<PathBuf, SeriesInfo> = BTreeMap::new();
    for m in run.manifests {
        let Some(dir) = manifest_dir(m) else { continue };
        if roots.values().any(|s| s.root == root_of(&dir)) {
            continue;
        }
        // An unreadable series.yaml was reported with the issues.
        if let Ok(info) = manifest::series_info(&dir) {
            roots.insert(info.root.clone(), info);
        }
    }
    // Taken, not copied: a long issue's whole text was cloned here.
    let mut loaded: BTreeMap<PathBuf, Issue> = std::mem::take(&mut run.loaded)
        .into_iter()
        .filter_map(|(m, i)| Some((m.canonicalize().ok()?, i)))
        .collect();
    let mut slugs: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut all = Vec::new();
    for (root, info) in roots {
        let manifests: Vec<PathBuf> = discover::manifests(std::slice::from_ref(&root))
            .unwrap_or_default()
            .into_iter()
            .filter_map(|m| m.canonicalize().ok())
            .filter(|m| manifest_dir(m).is_some_and(|d| root_of(&d) == root))
            .collect();
        let (have, need): (Vec<PathBuf>, Vec<PathBuf>) =
            manifests.into_iter().partition(|m| loaded.contains_key(m));
        let mut issues: Vec<Issue> = have.iter().filter_map(|m| loaded.remove(m)).collect();
        // Untouched issues are loaded, not rebuilt; one that does not load
        // now keeps its earlier entry while its files are there.
        issues.extend(
            need.par_iter()
                .filter_map(|m| manifest::load(m, &run.opts).ok().map(|w| w.output))
                .collect::<Vec<_>>(),
        );
        let name = info.newsletter.clone().or_else(|| {
            issues
                .iter()
                .max_by(|a, b| a.date.cmp(&b.date).then_with(|| a.slug.cmp(&b.slug)))
                .map(|i| i.newsletter.clone())
        });
        let Some(name) = name else { continue };
        let slug = manifest::series_slug(&name);
        if let Some(other) = slugs.get(&slug) {
            diags.push(
                Diagnostic::error(format!(
                    "two series in this build would write the catalog `{}`",
                    crate::catalog::page_file(&crate::catalog::series_stem(&slug), 1, "xml")
                ))
                .in_file(&root.join("series.yaml"))
                .hint(format!(
                    "{} has the same newsletter name; build them into different --out folders",
                    other.display()
                )),
            );
            continue;
        }
        slugs.insert(slug.clone(), root.clone());
        all.push(Series {
            name,
            slug,
            site_url: info.site_url,
            issues,
        });
    }
    all
}

/// A manifest's folder, canonical.
fn manifest_dir(manifest: &Path) -> Option<PathBuf> {
    manifest.canonicalize().ok()?.parent().map(Path::to_owned)
}

/// The series root of a (canonical) manifest folder.
fn root_of(dir: &Path) -> PathBuf {
    manifest::series_file(dir)
        .and_then(|f| f.parent().map(Path::to_owned))
        .unwrap_or_else(|| dir.to_owned())
}

/// The output folder's files (top level, `covers/` and each folder's
/// `index.html`: the web editions), with the bytes of those a series
/// edition reads back.
fn scan(dir: &Path) -> Folder {
    let mut folder = Folder::default();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.starts_with('.')
                && entry.file_type().is_ok_and(|t| t.is_dir())
                && entry.path().join("index.html").is_file()
            {
                folder.files.insert(format!("{name}/index.html"));
            }
        }
    }
    for sub in ["", "covers"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || !entry.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            let rel = slashed(&Path::new(sub).join(&name));
            if series_level::reads(&rel)
                && let Ok(bytes) = std::fs::read(entry.path())
            {
                folder.read.insert(rel.clone(), bytes);
            }
            folder.files.insert(rel);
        }
    }
    folder
}
