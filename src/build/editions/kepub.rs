//! The Kobo edition: `SLUG.kepub.epub`, the EPUB edition (print page
//! numbers included) made into a kepub by [`crate::kepub::convert`].

use super::epub::Epub;
use super::{Context, Edition, Output, Prepared};
use crate::diag::{Diagnostic, StageResult, Warned};
use crate::model::Issue;

pub(super) struct Kepub;

impl Edition for Kepub {
    fn name(&self) -> &'static str {
        "kepub"
    }

    fn file_name(&self, issue: &Issue) -> String {
        format!("{}.kepub.epub", issue.slug)
    }

    /// What the EPUB edition needs: its page numbers come from the layout.
    fn needs_layout(&self) -> bool {
        Epub.needs_layout()
    }

    fn needs_page_map_only(&self) -> bool {
        Epub.needs_page_map_only()
    }

    fn prepare(&self, issue: &Issue) -> Prepared {
        Epub.prepare(issue)
    }

    fn render(&self, issue: &Issue, ctx: &Context<'_>) -> StageResult<Vec<Output>> {
        // The EPUB's warnings come along; the driver reports a warning the
        // EPUB edition gives too only once.
        let Warned { output, warnings } = Epub.render(issue, ctx)?;
        let failed = |e: String| {
            vec![Diagnostic::error(format!(
                "could not make the kepub of {}: {e}",
                issue.slug
            ))]
        };
        let epub = output
            .into_iter()
            .next()
            .ok_or_else(|| failed("the EPUB edition wrote nothing".into()))?;
        let bytes = crate::kepub::convert(&epub.bytes).map_err(failed)?;
        Ok(Warned {
            output: vec![Output {
                path: self.file_name(issue).into(),
                bytes,
            }],
            warnings,
        })
    }
}
