//! The Kobo edition: `SLUG.kepub.epub`, the EPUB edition made into a kepub
//! (see [`crate::kepub`]).

use super::{Context, Edition, Output};
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

    fn render(&self, issue: &Issue, _: &Context<'_>) -> StageResult<Vec<Output>> {
        // The EPUB writer's warnings come along; the driver reports a
        // warning the EPUB edition gives too only once.
        let epub = crate::epub::write(issue)?;
        let bytes = crate::kepub::convert(&epub.output).map_err(|e| {
            vec![Diagnostic::error(format!(
                "could not make the kepub of {}: {e}",
                issue.slug
            ))]
        })?;
        Ok(Warned {
            output: vec![Output {
                path: self.file_name(issue).into(),
                bytes,
            }],
            warnings: epub.warnings,
        })
    }
}
