//! One catalog entry per issue: what both feed formats say about it, with
//! every href relative to the output folder. Built from a loaded issue, or
//! read back from the series' earlier OPDS 2.0 feed (see [`super::read`]).

use std::cmp::Ordering;

use crate::model::{Issue, IssueNumber};

/// An acquisition link: a file an edition wrote for the issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acquisition {
    /// Relative to the output folder (`asia-pacific-security-briefing-34.epub`).
    pub href: String,
    pub media_type: String,
}

/// A cover or thumbnail written beside the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// Relative to the output folder (`covers/SLUG.png`).
    pub href: String,
    pub media_type: String,
    pub width: u32,
    pub height: u32,
}

/// What the feeds say about one issue.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// `urn:uuid:…`, the EPUB's identifier.
    pub id: String,
    /// "NEWSLETTER — Issue N, DATE": differs per issue, so downloaded
    /// files are named apart.
    pub title: String,
    /// The lead's title (OPDS 2.0 `subtitle`; the archive shows it).
    pub lead: Option<String>,
    pub authors: Vec<String>,
    /// RFC 3339, from the issue's timestamp (SOURCE_DATE_EPOCH).
    pub updated: String,
    /// `YYYY-MM-DD`, the issue date.
    pub issued: String,
    pub language: Option<String>,
    pub publisher: Option<String>,
    /// The issue's description, else the lead's dek, else its title.
    pub summary: Option<String>,
    /// One per kind of item, in order of first appearance.
    pub categories: Vec<String>,
    /// The series name and the issue's position in it.
    pub series: String,
    pub position: Option<u64>,
    pub acquisitions: Vec<Acquisition>,
    pub cover: Option<Image>,
    pub thumbnail: Option<Image>,
}

impl Entry {
    /// Newest first: by issue date, then position, then title; the id
    /// breaks any tie so the order is total.
    pub fn newest_first(a: &Entry, b: &Entry) -> Ordering {
        b.issued
            .cmp(&a.issued)
            .then_with(|| b.position.cmp(&a.position))
            .then_with(|| b.title.cmp(&a.title))
            .then_with(|| a.id.cmp(&b.id))
    }

    /// Every file the entry links to.
    pub fn hrefs(&self) -> impl Iterator<Item = &str> {
        self.acquisitions
            .iter()
            .map(|a| a.href.as_str())
            .chain(self.cover.iter().map(|i| i.href.as_str()))
            .chain(self.thumbnail.iter().map(|i| i.href.as_str()))
    }
}

/// The issue's entry. `acquisitions` are the edition files present for it;
/// the images are set by the caller once it knows they exist.
pub fn from_issue(issue: &Issue, series: &str, acquisitions: Vec<Acquisition>) -> Entry {
    let words = issue.words();
    let mut authors: Vec<String> = Vec::new();
    for a in issue.articles().flat_map(|a| a.authors.iter()) {
        if !authors.contains(a) {
            authors.push(a.clone());
        }
    }
    let mut categories: Vec<String> = Vec::new();
    for k in issue.articles().map(|a| a.kind.trim()) {
        if !k.is_empty() && !categories.iter().any(|c| c == k) {
            categories.push(k.to_owned());
        }
    }
    let summary = issue
        .description
        .clone()
        .or_else(|| issue.lead.dek.clone())
        .unwrap_or_else(|| issue.lead.title.clone());
    Entry {
        id: format!("urn:uuid:{}", crate::epub::identifier(issue)),
        title: format!("{}, {}", issue.title(), words.date(issue.date.0)),
        lead: Some(issue.lead.title.clone()),
        authors,
        updated: rfc3339(issue.timestamp),
        issued: issue.date.iso(),
        language: Some(issue.language.clone()),
        publisher: issue.publisher.clone(),
        summary: Some(summary),
        categories,
        series: series.to_owned(),
        position: position(&issue.number),
        acquisitions,
        cover: None,
        thumbnail: None,
    }
}

/// The issue's place in the series: its number, or a label's leading digits.
fn position(number: &IssueNumber) -> Option<u64> {
    match number {
        IssueNumber::Number(n) => Some(*n),
        IssueNumber::Label(l) => {
            let digits: String = l.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        }
    }
}

/// `2023-11-14T22:13:20Z`.
pub fn rfc3339(timestamp: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(timestamp)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_and_positions() {
        assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(position(&IssueNumber::Label("34b".into())), Some(34));
        assert_eq!(position(&IssueNumber::Label("special".into())), None);
    }
}
