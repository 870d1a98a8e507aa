//! `issue.yaml` (+ `series.yaml`) → validated [`model::Issue`](crate::model::Issue).

use std::path::Path;

use crate::diag::{Diagnostic, StageResult};
use crate::model::Issue;

/// Loads and validates one issue manifest.
pub fn load(path: &Path) -> StageResult<Issue> {
    Err(vec![
        Diagnostic::error("manifest loading not built yet").in_file(path),
    ])
}
