//! `&Issue` → [`Document`]: fonts, shaping, line breaking, pages.
//! Knows nothing of PDF; the result is the frame contract in [`frame`].

pub mod font;
pub mod frame;
pub mod inline;

pub use frame::{
    Document, FontData, FontId, FrameItem, Glyph, ImageItem, LinkTarget, OutlineEntry, Page, Point,
    Rgb, Size, TextRun,
};

use crate::diag::{Diagnostic, StageResult};
use crate::model::Issue;

/// Lays out the PDF edition of an issue.
pub fn layout_issue(issue: &Issue) -> StageResult<Document> {
    Err(vec![Diagnostic::error(format!(
        "layout not built yet for {}",
        issue.slug
    ))])
}
