//! `issue.yaml` (+ `series.yaml`) → validated [`model::Issue`](crate::model::Issue).
//!
//! Two steps, as ripgrep turns low-level args into high-level ones: the
//! YAML is read into strict raw structs ([`raw`]), with a positioned tree
//! ([`tree`]) beside it so every later problem can be located; then
//! [`validate`] checks and resolves everything into the owned model.

mod delivery;
mod files;
mod keys;
mod language;
mod raw;
mod series;
mod style;
mod tree;
mod validate;

pub use files::{MAX_IMAGE_BYTES, MAX_TEXT_BYTES};
pub use series::{SeriesInfo, base_url, info as series_info, locate as series_file};
pub use validate::{is_absolute_url, parse_date, series_slug, slug};

use std::path::Path;
use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics, SourceFile, StageResult};
use crate::model::Issue;

/// What loading needs besides the path (no clock, no environment inside).
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    /// Seconds since the epoch, stored as `Issue::timestamp`.
    pub timestamp: i64,
}

/// Loads and validates one issue manifest, reporting every problem found.
pub fn load(path: &Path, opts: &LoadOptions) -> StageResult<Issue> {
    let manifest = path
        .canonicalize()
        .map_err(|e| vec![Diagnostic::error(format!("cannot open manifest: {e}")).in_file(path)])?;
    let dir = manifest.parent().unwrap_or(Path::new("/")).to_owned();
    let series = series::find(&dir)?;
    let text = files::read_text(&manifest, None).map_err(|d| vec![d])?;
    load_text(display_path(path), text, &dir, series, opts)
}

/// Loads a manifest whose text is already in memory, as if it were a file
/// named `name` in the canonical folder `dir` (used by the fuzzer).
pub fn load_str(name: &Path, text: &str, dir: &Path, opts: &LoadOptions) -> StageResult<Issue> {
    let series = series::find(dir)?;
    load_text(name.to_owned(), text.to_owned(), dir, series, opts)
}

fn load_text(
    name: std::path::PathBuf,
    text: String,
    dir: &Path,
    series: Option<series::Series>,
    opts: &LoadOptions,
) -> StageResult<Issue> {
    let file = SourceFile::new(name, text);
    let doc = parse_document::<raw::RawIssue>(&file, keys::check_issue)?;
    validate::issue(validate::Input {
        file,
        tree: doc.tree,
        raw: doc.raw,
        dir: dir.to_owned(),
        series,
        timestamp: opts.timestamp,
    })
}

/// A parsed YAML file: positioned tree plus the strict serde value.
pub(crate) struct Parsed<T> {
    pub tree: tree::Node,
    pub raw: T,
}

/// Parses YAML into a positioned tree, checks keys everywhere (so every
/// unknown key is reported at once), then deserializes with serde.
pub(crate) fn parse_document<T: serde::de::DeserializeOwned>(
    file: &Arc<SourceFile>,
    check_keys: fn(&tree::Node, &Arc<SourceFile>, &mut Diagnostics),
) -> Result<Parsed<T>, Diagnostics> {
    let tree = tree::parse(file).map_err(|d| vec![d])?;
    if !matches!(tree.kind, tree::NodeKind::Map(_)) && !file.text.trim().is_empty() {
        return Err(vec![
            Diagnostic::error("expected a mapping of `key: value` lines")
                .at(file, tree.span.clone())
                .hint("start with `newsletter:`, `issue:`, `date:` …"),
        ]);
    }
    let mut diags = Vec::new();
    check_keys(&tree, file, &mut diags);
    if !diags.is_empty() {
        return Err(diags);
    }
    let text = if file.text.trim().is_empty() {
        "{}"
    } else {
        file.text.as_str()
    };
    let raw = serde_yaml::from_str::<T>(text).map_err(|e| vec![serde_error(file, &e)])?;
    Ok(Parsed { tree, raw })
}

fn serde_error(file: &Arc<SourceFile>, e: &serde_yaml::Error) -> Diagnostic {
    let message = e.to_string();
    // The position is shown by the renderer; drop serde's copy of it.
    let message = match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message,
    };
    let hint = if message.contains("repetition limit") || message.contains("recursion limit") {
        "YAML aliases here expand enormously; write the values out instead"
    } else if message.contains("invalid type") {
        "check the value's form in docs/manifest.md (a list needs `[a, b]` or `- a` lines)"
    } else {
        "see docs/manifest.md for the manifest format"
    };
    let d = Diagnostic::error(message).hint(hint);
    match e.location() {
        Some(loc) => {
            let at = file.offset(loc.line(), loc.column());
            d.at(file, at..at + 1)
        }
        None => d.in_file(&file.path),
    }
}

/// Paths in messages: as the user gave them, relative where possible.
fn display_path(path: &Path) -> std::path::PathBuf {
    let cwd = std::env::current_dir().ok();
    match cwd.and_then(|c| path.strip_prefix(&c).ok().map(Path::to_owned)) {
        Some(p) => p,
        None => path.to_owned(),
    }
}
