//! Document metadata: what viewers show as title and author, and what
//! screen readers use as the document's language.

/// Decided by layout from the issue; the PDF writer copies it into the
/// info dictionary, the catalog's /Lang and the dates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocInfo {
    pub title: String,
    /// Authors joined for display ("Mina Cho, Daniel Reyes").
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    /// BCP 47 tag of the document's main language.
    pub lang: String,
    /// Seconds since the epoch, for the creation and modification dates.
    pub timestamp: i64,
}
