//! The PDF briefing packet: `SLUG.pdf`, drawn from the laid-out pages.

use super::{Context, Edition, Output};
use crate::diag::{Diagnostic, StageResult, Warned};
use crate::model::Issue;

pub(super) struct Pdf;

impl Edition for Pdf {
    fn name(&self) -> &'static str {
        "pdf"
    }

    fn file_name(&self, issue: &Issue) -> String {
        format!("{}.pdf", issue.slug)
    }

    fn needs_layout(&self) -> bool {
        true
    }

    fn render(&self, issue: &Issue, ctx: &Context<'_>) -> StageResult<Vec<Output>> {
        let laid = ctx.laid.ok_or_else(|| {
            vec![Diagnostic::error(
                "the PDF edition needs the laid-out pages",
            )]
        })?;
        let bytes = crate::pdf::write(&laid.document)?;
        Ok(Warned {
            output: vec![Output {
                path: self.file_name(issue).into(),
                bytes,
            }],
            warnings: Vec::new(),
        })
    }
}
