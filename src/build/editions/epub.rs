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

    fn needs_page_map_only(&self) -> bool {
        true
    }

    fn prepare(&self, issue: &Issue) -> super::Prepared {
        Some(Box::new(crate::epub::prepare(issue)))
    }

    fn render(&self, issue: &Issue, ctx: &Context<'_>) -> StageResult<Vec<Output>> {
        let pages = ctx.page_map;
        let w = match ctx
            .prepared
            .and_then(|p| p.downcast_ref::<crate::epub::Prepared>())
        {
            Some(prepared) => crate::epub::write_prepared(issue, prepared, pages)?,
            None => crate::epub::write(issue, pages)?,
        };
        Ok(Warned {
            output: vec![Output {
                path: self.file_name(issue).into(),
                bytes: w.output,
            }],
            warnings: w.warnings,
        })
    }
}
