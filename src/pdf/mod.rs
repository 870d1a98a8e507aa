//! [`Document`] → PDF bytes through printpdf (+ lopdf for outline, labels).
//! Draws frames only; makes no layout decisions.

use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::Document;
use crate::model::Issue;

/// Document-level metadata, taken from the issue.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    /// BCP 47 tag for /Lang.
    pub lang: String,
    /// Seconds since the epoch for CreationDate/ModDate.
    pub timestamp: i64,
}

impl PdfOptions {
    pub fn from_issue(issue: &Issue) -> Self {
        let mut keywords: Vec<String> = Vec::new();
        for a in issue.articles() {
            if !keywords.contains(&a.kind) {
                keywords.push(a.kind.clone());
            }
        }
        Self {
            title: issue.title(),
            author: issue.lead.authors.join(", "),
            subject: issue
                .description
                .clone()
                .unwrap_or_else(|| issue.lead.title.clone()),
            keywords,
            lang: issue.language.clone(),
            timestamp: issue.timestamp,
        }
    }
}

/// Writes a laid-out document as PDF bytes. Does no I/O.
pub fn write(doc: &Document, opts: &PdfOptions) -> Result<Vec<u8>, Diagnostics> {
    let _ = opts;
    Err(vec![Diagnostic::error(format!(
        "PDF writer not built yet ({} pages)",
        doc.pages.len()
    ))])
}
