//! Finding `series.yaml`: walk up from the manifest's folder; the nearest
//! one wins and its folder is the series root.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::raw::RawSeries;
use super::{files, invisible, keys, parse_document, tree};
use crate::diag::{Diagnostics, SourceFile};

pub struct Series {
    pub file: Arc<SourceFile>,
    pub tree: tree::Node,
    pub raw: RawSeries,
    /// The series root (canonical).
    pub root: PathBuf,
    /// Invisible characters found and replaced in the file.
    pub warnings: Diagnostics,
}

/// The nearest `series.yaml` in `dir` or a folder above it.
pub fn locate(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|folder| folder.join("series.yaml"))
        .find(|candidate| candidate.is_file())
}

/// The series for a manifest folder (canonical), or None without one.
pub fn find(dir: &Path) -> Result<Option<Series>, Diagnostics> {
    let Some(candidate) = locate(dir) else {
        return Ok(None);
    };
    let text = files::read_text(&candidate, None).map_err(|d| vec![d])?;
    let name = super::display_path(&candidate);
    let cleaned = invisible::clean(&name, text, invisible::Kind::Yaml);
    let file = SourceFile::new(name, cleaned.text);
    let parsed = parse_document::<RawSeries>(&file, keys::check_series)?;
    let root = candidate.parent().unwrap_or(dir).to_owned();
    Ok(Some(Series {
        file,
        tree: parsed.tree,
        raw: parsed.raw,
        root,
        warnings: cleaned.warnings,
    }))
}
