//! The editions pressrun can render, and the registry `--format` reads.
//! Adding an edition is a new module here and one line in `REGISTRY`.

mod email;
mod epub;
mod html;
mod kepub;
mod pdf;

use std::any::Any;

use super::{Context, Output};
use crate::diag::StageResult;
use crate::model::Issue;

/// What an edition works out before the layout is done, handed back to
/// its `render` in [`Context::prepared`].
pub type Prepared = Option<Box<dyn Any + Send + Sync>>;

/// One edition of an issue: a renderer over the model (and, when it
/// needs printed pages, over the layout).
pub trait Edition: Sync {
    /// What `--format` calls it.
    fn name(&self) -> &'static str;
    /// The main file it writes for `issue`, relative to the output folder.
    fn file_name(&self, issue: &Issue) -> String;
    /// Whether [`Context::laid`] must be there (the driver lays the issue
    /// out once for every edition that says so).
    fn needs_layout(&self) -> bool {
        false
    }
    /// Whether, of the layout, it reads only [`Context::page_map`]: it is
    /// then rendered as soon as the pages are settled, beside the rest of
    /// the layout, when its [`Edition::prepare`] is done by then.
    fn needs_page_map_only(&self) -> bool {
        false
    }
    /// Work that needs no layout, run while the issue is laid out (for
    /// editions that need the layout; the others do everything in
    /// `render`, which already runs beside it).
    fn prepare(&self, _issue: &Issue) -> Prepared {
        None
    }
    fn render(&self, issue: &Issue, ctx: &Context<'_>) -> StageResult<Vec<Output>>;
}

/// Every edition, in the order their files are listed and written.
static REGISTRY: &[&dyn Edition] = &[
    &epub::Epub,
    &pdf::Pdf,
    &html::Html,
    &email::Email,
    &kepub::Kepub,
];

/// Every edition pressrun has.
pub fn registry() -> &'static [&'static dyn Edition] {
    REGISTRY
}

/// The edition `--format NAME` means.
pub fn by_name(name: &str) -> Option<&'static dyn Edition> {
    REGISTRY.iter().copied().find(|e| e.name() == name)
}

/// What is built when neither `--format` nor series.yaml's `formats:`
/// names the editions.
pub const DEFAULT_FORMATS: &[&str] = &["epub", "pdf"];

/// The names `--format` accepts.
pub fn names() -> impl Iterator<Item = &'static str> {
    REGISTRY.iter().map(|e| e.name())
}
