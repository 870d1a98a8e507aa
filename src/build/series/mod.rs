//! Series-level outputs: editions one level up. A series edition renders
//! over every issue of a series (and over the output folder as the issue
//! builds left it) rather than over one issue; the catalog feeds are the
//! first. The CLI calls [`super::series`] after building the issues.

mod archive;
mod catalog;

use std::collections::{BTreeMap, BTreeSet};

use super::{Edition, Output};
use crate::diag::{StageResult, Warned};
use crate::model::Issue;

/// One newsletter: the issues under one series root.
#[derive(Debug, Clone)]
pub struct Series {
    /// The newsletter's name (series.yaml's `newsletter`, else the newest
    /// issue's).
    pub name: String,
    /// `asia-pacific-security-briefing`: the newsletter's part of every slug.
    pub slug: String,
    /// `site_url:` from series.yaml, ending in `/`.
    pub site_url: Option<String>,
    /// Every issue of the series whose manifest loads.
    pub issues: Vec<Issue>,
}

/// What the output folder holds: every file's path (relative, `/`
/// separated) and the bytes of those a series edition reads back
/// ([`SeriesEdition::reads`]).
#[derive(Debug, Clone, Default)]
pub struct Folder {
    pub files: BTreeSet<String>,
    pub read: BTreeMap<String, Vec<u8>>,
}

impl Folder {
    /// The folder once `outputs` are written into it.
    pub fn with(&self, outputs: &[Output], reads: impl Fn(&str) -> bool) -> Folder {
        let mut next = self.clone();
        for o in outputs {
            let path = slashed(&o.path);
            if reads(&path) {
                next.read.insert(path.clone(), o.bytes.clone());
            }
            next.files.insert(path);
        }
        next
    }

    pub fn has(&self, path: &str) -> bool {
        self.files.contains(path)
    }

    pub fn bytes(&self, path: &str) -> Option<&[u8]> {
        self.read.get(path).map(Vec::as_slice)
    }
}

/// A relative path with `/` separators.
pub fn slashed(path: &std::path::Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What a series edition may use besides the series.
#[non_exhaustive]
pub struct SeriesContext<'a> {
    /// The output folder after the issue builds of this run.
    pub folder: &'a Folder,
    /// Slugs of the issues built (and written) in this run.
    pub built: &'a BTreeSet<String>,
    /// Every issue edition, to find the files each wrote.
    pub editions: &'a [&'static dyn Edition],
    /// `--base-url`: overrides each series' `site_url`.
    pub base_url: Option<&'a str>,
    /// Seconds since the epoch (SOURCE_DATE_EPOCH or now).
    pub timestamp: i64,
}

impl<'a> SeriesContext<'a> {
    pub fn new(
        folder: &'a Folder,
        built: &'a BTreeSet<String>,
        editions: &'a [&'static dyn Edition],
        base_url: Option<&'a str>,
        timestamp: i64,
    ) -> Self {
        Self {
            folder,
            built,
            editions,
            base_url,
            timestamp,
        }
    }
}

/// An output over a whole series, in the manner of [`Edition`].
pub trait SeriesEdition: Sync {
    fn name(&self) -> &'static str;
    /// Whether the edition reads back `path` of the output folder (its
    /// own earlier outputs); the CLI loads those into [`Folder::read`].
    fn reads(&self, _path: &str) -> bool {
        false
    }
    fn render(&self, series: &Series, ctx: &SeriesContext<'_>) -> StageResult<Vec<Output>>;
    /// Outputs over every series the folder holds, once the series of this
    /// run are rendered into it (`ctx.folder` has their outputs).
    fn render_folder(
        &self,
        _series: &[Series],
        _ctx: &SeriesContext<'_>,
    ) -> StageResult<Vec<Output>> {
        Ok(Warned {
            output: Vec::new(),
            warnings: Vec::new(),
        })
    }
}

/// Every series edition, in the order they render (each sees the folder
/// as the ones before it leave it) and their files are written.
static REGISTRY: &[&dyn SeriesEdition] = &[&catalog::Catalog, &archive::Archive];

pub fn registry() -> &'static [&'static dyn SeriesEdition] {
    REGISTRY
}

/// Whether any series edition reads back `path`.
pub fn reads(path: &str) -> bool {
    REGISTRY.iter().any(|e| e.reads(path))
}
