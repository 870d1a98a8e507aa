//! The EPUB 3 edition: `SLUG.epub`, with the print edition's page
//! numbers (so it waits for the layout, even when no PDF is written).

use super::{Context, Edition, Output};
use crate::diag::{StageResult, Warned};
use crate::model::Issue;

pub(super) struct Epub;

impl Edition for Epub {
    fn name(&self) -> &'static str {
        "epub"
    }

    fn file_name(&self, issue: &Issue) -> String {
        format!("{}.epub", issue.slug)
    }

    fn needs_layout(&self) -> bool {
        true
    }

    fn render(&self, issue: &Issue, ctx: &Context<'_>) -> StageResult<Vec<Output>> {
        let w = crate::epub::write(issue, ctx.laid.map(|l| &l.page_map))?;
        Ok(Warned {
            output: vec![Output {
                path: self.file_name(issue).into(),
                bytes: w.output,
            }],
            warnings: w.warnings,
        })
    }
}
