//! The web edition: `SLUG/index.html`, a page per article with a body,
//! the stylesheet, the cover and the images (see [`crate::web`]).

use super::{Context, Edition, Output};
use crate::diag::{StageResult, Warned};
use crate::model::Issue;

pub(super) struct Html;

impl Edition for Html {
    fn name(&self) -> &'static str {
        "html"
    }

    fn file_name(&self, issue: &Issue) -> String {
        format!("{}/index.html", issue.slug)
    }

    fn render(&self, issue: &Issue, _ctx: &Context<'_>) -> StageResult<Vec<Output>> {
        let w = crate::web::write(issue)?;
        Ok(Warned {
            output: w
                .output
                .into_iter()
                .map(|f| Output {
                    path: f.path.into(),
                    bytes: f.bytes,
                })
                .collect(),
            warnings: w.warnings,
        })
    }
}
