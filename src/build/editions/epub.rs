//! The EPUB 3 edition: `SLUG.epub`.

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

    fn render(&self, issue: &Issue, _: &Context<'_>) -> StageResult<Vec<Output>> {
        let w = crate::epub::write(issue)?;
        Ok(Warned {
            output: vec![Output {
                path: self.file_name(issue).into(),
                bytes: w.output,
            }],
            warnings: w.warnings,
        })
    }
}
