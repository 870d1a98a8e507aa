//! Diagnostics as data: a severity, a located message and hints.
//! Only the CLI renders them (see `crate::cli::report`).

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A file whose text diagnostics point into.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Arc<Self> {
        Arc::new(Self {
            path: path.into(),
            text: text.into(),
        })
    }

    /// 1-based (line, column) of a byte offset, column counted in characters.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = self.text.get(..offset).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        (line, col)
    }

    /// Byte offset of a 1-based (line, column-in-chars).
    pub fn offset(&self, line: usize, col: usize) -> usize {
        let mut start = 0;
        for _ in 1..line {
            match self.text.get(start..).and_then(|s| s.find('\n')) {
                Some(i) => start += i + 1,
                None => return self.text.len(),
            }
        }
        let rest = self.text.get(start..).unwrap_or("");
        start
            + rest
                .char_indices()
                .nth(col.saturating_sub(1))
                .map_or(rest.len(), |(i, _)| i)
    }
}

/// Where a diagnostic points: a byte range in a source file, or a file alone.
#[derive(Debug, Clone)]
pub enum Location {
    Span(Arc<SourceFile>, Range<usize>),
    File(PathBuf),
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Option<Location>,
    pub message: String,
    pub hints: Vec<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            location: None,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message)
        }
    }

    pub fn at(mut self, file: &Arc<SourceFile>, range: Range<usize>) -> Self {
        self.location = Some(Location::Span(file.clone(), range));
        self
    }

    pub fn in_file(mut self, path: &Path) -> Self {
        self.location = Some(Location::File(path.to_owned()));
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column` of the diagnostic, when it has a location.
    pub fn position(&self) -> Option<String> {
        match &self.location {
            Some(Location::Span(file, range)) => {
                let (line, col) = file.line_col(range.start);
                Some(format!("{}:{line}:{col}", file.path.display()))
            }
            Some(Location::File(path)) => Some(path.display().to_string()),
            None => None,
        }
    }
}

/// A list of diagnostics, at least one of them an error.
pub type Diagnostics = Vec<Diagnostic>;

/// Result of a stage: the value plus warnings, or every problem found.
pub type StageResult<T> = Result<Warned<T>, Diagnostics>;

/// A value with the warnings produced while making it.
#[derive(Debug, Clone)]
pub struct Warned<T> {
    pub output: T,
    pub warnings: Vec<Diagnostic>,
}

impl<T> Warned<T> {
    pub fn new(output: T) -> Self {
        Self {
            output,
            warnings: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars() {
        let f = SourceFile::new("a.yaml", "ab\n한글x: 1\n");
        let off = f.text.find('x').unwrap_or(0);
        assert_eq!(f.line_col(off), (2, 3));
        assert_eq!(f.offset(2, 3), off);
        assert_eq!(f.line_col(0), (1, 1));
    }
}
