//! Finding `series.yaml`: walk up from the manifest's folder; the nearest
//! one wins and its folder is the series root.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::raw::RawSeries;
use super::{files, invisible, keys, parse_document, tree};
use crate::diag::{Diagnostic, Diagnostics, SourceFile};

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

/// `formats:` (the editions built when the command line names none):
/// each a registered edition, located and with a did-you-mean when not.
/// Repeats are dropped.
pub fn formats(series: &Series, diags: &mut Diagnostics) -> Option<Vec<String>> {
    let raw = series.raw.formats.as_ref()?;
    let node = series.tree.get("formats");
    let known: Vec<&'static str> = crate::build::names().collect();
    if raw.is_empty() {
        let span = node.map_or(0..0, |n| n.span.clone());
        diags.push(
            Diagnostic::error("`formats` lists no edition")
                .at(&series.file, span)
                .hint(format!("list one or more of: {}", known.join(", "))),
        );
        return None;
    }
    let items: &[tree::Node] = node.map_or(&[], |n| n.items());
    let mut out: Vec<String> = Vec::new();
    for (i, name) in raw.iter().enumerate() {
        if known.contains(&name.as_str()) {
            if !out.contains(name) {
                out.push(name.clone());
            }
            continue;
        }
        let span = items.get(i).map_or(0..0, |n| n.span.clone());
        let d = Diagnostic::error(format!("`{name}` is not an edition pressrun writes"))
            .at(&series.file, span);
        diags.push(match keys::did_you_mean(name, &known) {
            Some(best) => d.hint(format!("did you mean `{best}`?")),
            None => d.hint(format!("use one or more of: {}", known.join(", "))),
        });
    }
    Some(out)
}

/// The series-level settings the catalog needs, read from `series.yaml`.
#[derive(Debug, Clone, Default)]
pub struct SeriesInfo {
    /// The series root (canonical): the folder of `series.yaml`, else the
    /// manifest's own folder.
    pub root: PathBuf,
    /// `newsletter:` in series.yaml, when given.
    pub newsletter: Option<String>,
    /// `site_url:`, validated, always ending in `/`.
    pub site_url: Option<String>,
}

/// The series a manifest folder (canonical) belongs to. A series without
/// `series.yaml` is the manifest's own folder with nothing set.
pub fn info(dir: &Path) -> Result<SeriesInfo, Diagnostics> {
    let Some(series) = find(dir)? else {
        return Ok(SeriesInfo {
            root: dir.to_owned(),
            ..SeriesInfo::default()
        });
    };
    let mut diags = Vec::new();
    let site_url = site_url(&series, &mut diags);
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(SeriesInfo {
        newsletter: series
            .raw
            .newsletter
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned),
        root: series.root,
        site_url,
    })
}

/// `site_url:` as an absolute http(s) URL ending in `/` (the catalog's
/// links are made absolute against it), or a located error.
pub fn site_url(series: &Series, diags: &mut Diagnostics) -> Option<String> {
    let url = series.raw.site_url.as_deref()?.trim();
    match base_url(url) {
        Ok(u) => Some(u),
        Err(hint) => {
            let span = series.tree.get("site_url").map_or(0..0, |n| n.span.clone());
            diags.push(
                crate::diag::Diagnostic::error(format!(
                    "`{url}` is not an absolute http(s) URL for site_url"
                ))
                .at(&series.file, span)
                .hint(hint),
            );
            None
        }
    }
}

/// A base URL for the catalog (`site_url:` or `--base-url`): absolute
/// http(s) with a host, no query or fragment; `/` appended when missing.
/// Err holds a hint.
pub fn base_url(url: &str) -> Result<String, String> {
    let lower = url.to_ascii_lowercase();
    let ok = (lower.starts_with("http://") || lower.starts_with("https://"))
        && super::is_absolute_url(url)
        && !url.contains(['?', '#']);
    if !ok {
        return Err(
            "write the address the output folder is served at, e.g. https://example.org/briefing/"
                .to_owned(),
        );
    }
    Ok(if url.ends_with('/') {
        url.to_owned()
    } else {
        format!("{url}/")
    })
}
