//! The email edition: `SLUG.eml`, a complete message (text and HTML
//! alternatives) addressed to the sender, ready to forward or send; with
//! a `site_url`, also the images it links to, under `SLUG-email/`.

use super::{Context, Edition, Output};
use crate::diag::{StageResult, Warned};
use crate::model::Issue;

pub(super) struct Email;

impl Edition for Email {
    fn name(&self) -> &'static str {
        "email"
    }

    fn file_name(&self, issue: &Issue) -> String {
        format!("{}.eml", issue.slug)
    }

    fn render(&self, issue: &Issue, _ctx: &Context<'_>) -> StageResult<Vec<Output>> {
        let w = crate::email::write(issue)?;
        Ok(Warned {
            output: w
                .output
                .into_iter()
                .map(|(path, bytes)| Output {
                    path: path.into(),
                    bytes,
                })
                .collect(),
            warnings: w.warnings,
        })
    }
}
