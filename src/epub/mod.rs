//! `&Issue` → EPUB 3 bytes (issue 3 builds this out).

use crate::diag::{Diagnostic, StageResult};
use crate::model::Issue;

/// Writes the EPUB edition of an issue. Does no I/O.
pub fn write(issue: &Issue) -> StageResult<Vec<u8>> {
    Err(vec![Diagnostic::error(format!(
        "EPUB writer not built yet for {}",
        issue.slug
    ))])
}
