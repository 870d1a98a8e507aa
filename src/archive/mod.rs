//! The web archive and the Atom feed: series-level pages for readers on
//! the web, made from the catalog's entries (so ids, titles and the files
//! each issue has agree with the OPDS feeds).
//!
//! # Layout of the output folder
//! - `SERIES.index.html`: one series' issues, newest first, each with its
//!   cover thumbnail (the catalog's `covers/SLUG-thumb.*`), date, lead
//!   title and links to its web page (`SLUG/index.html`) and edition files.
//! - `SERIES.feed.xml`: an Atom feed (RFC 4287) of the newest
//!   [`FEED_ENTRIES`] issues, entry ids the EPUB identifiers.
//! - `index.html` / `feed.xml`: with one series in the folder, that
//!   series' page and feed again; with several, every series with its
//!   issues, and one feed of all their issues.
//!
//! # Steps
//! - [`items`]: catalog entries → [`Item`]s with what the page shows, from
//!   the entry alone (the lead's title is the catalog's `subtitle`), so an
//!   issue not loaded in this run looks the same.
//! - [`html`], [`atom`]: the page and the feed → bytes.

pub mod atom;
pub mod html;

use crate::catalog::Entry;
use crate::model::{Issue, IssueNumber, Words};

/// The root archive page.
pub const ROOT_PAGE: &str = "index.html";
/// The root feed.
pub const ROOT_FEED: &str = "feed.xml";
/// Entries in a feed: the newest issues (the archive page lists all).
pub const FEED_ENTRIES: usize = crate::catalog::PER_PAGE;

/// `SERIES.index.html`.
pub fn series_page(series_slug: &str) -> String {
    format!("{series_slug}.index.html")
}

/// `SERIES.feed.xml`.
pub fn series_feed(series_slug: &str) -> String {
    format!("{series_slug}.feed.xml")
}

/// One issue as the archive shows it.
#[derive(Debug, Clone)]
pub struct Item {
    pub entry: Entry,
    /// The lead's title (the entry's title when the catalog has none).
    pub heading: String,
    /// "Issue 34".
    pub label: Option<String>,
    /// "March 1, 2000", in the issue's language.
    pub date: String,
    /// `SLUG/index.html` when the web edition is in the folder.
    pub web: Option<String>,
}

impl Item {
    /// Where a feed reader should send the reader: the web page, else the
    /// EPUB, else the first file. `(href, media type)`.
    pub fn alternate(&self) -> Option<(&str, &str)> {
        if let Some(w) = &self.web {
            return Some((w, "text/html"));
        }
        let a = self
            .entry
            .acquisitions
            .iter()
            .find(|a| a.media_type == "application/epub+zip")
            .or_else(|| self.entry.acquisitions.first())?;
        Some((&a.href, &a.media_type))
    }

    /// The summary when it says more than the heading.
    pub fn summary(&self) -> Option<&str> {
        self.entry
            .summary
            .as_deref()
            .filter(|s| !s.is_empty() && *s != self.heading)
    }
}

/// The entries as items, newest first. `issues` are the loaded issues
/// (matched by id); `has` says whether the folder holds a file.
pub fn items(entries: &[Entry], issues: &[&Issue], has: impl Fn(&str) -> bool) -> Vec<Item> {
    let mut sorted = entries.to_vec();
    sorted.sort_by(Entry::newest_first);
    let ids: Vec<(String, &Issue)> = issues
        .iter()
        .map(|i| (format!("urn:uuid:{}", crate::epub::identifier(i)), *i))
        .collect();
    sorted
        .into_iter()
        .map(|entry| {
            let issue = ids.iter().find(|(id, _)| *id == entry.id).map(|(_, i)| *i);
            let lang = entry.language.as_deref().unwrap_or("en");
            let words = Words::for_language(lang);
            let slug = issue.map(|i| i.slug.clone()).or_else(|| slug_of(&entry));
            let web = slug.map(|s| format!("{s}/index.html")).filter(|p| has(p));
            // From the entry alone, so an issue whose manifest no longer
            // loads is shown as before.
            let label = entry.position.map(|p| words.issue(&IssueNumber::Number(p)));
            let date =
                parse_date(&entry.issued).map_or_else(|| entry.issued.clone(), |d| words.date(d));
            Item {
                heading: entry.lead.clone().unwrap_or_else(|| entry.title.clone()),
                label,
                date,
                web,
                entry,
            }
        })
        .collect()
}

/// The slug of an entry read back from a feed: its edition files are
/// `SLUG.epub`, `SLUG.kepub.epub`, `SLUG.pdf`.
fn slug_of(entry: &Entry) -> Option<String> {
    entry.acquisitions.iter().find_map(|a| {
        [".kepub.epub", ".epub", ".pdf"]
            .iter()
            .find_map(|ext| a.href.strip_suffix(ext))
            .filter(|s| !s.is_empty() && !s.contains('/'))
            .map(str::to_owned)
    })
}

/// `2000-03-01` → a date.
fn parse_date(iso: &str) -> Option<time::Date> {
    let mut parts = iso.splitn(3, '-').map(str::parse::<i32>);
    let (y, m, d) = (
        parts.next()?.ok()?,
        parts.next()?.ok()?,
        parts.next()?.ok()?,
    );
    let month = time::Month::try_from(u8::try_from(m).ok()?).ok()?;
    time::Date::from_calendar_date(y, month, u8::try_from(d).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_slugs() {
        let d = parse_date("2000-03-01").expect("a date");
        assert_eq!(Words::En.date(d), "March 1, 2000");
        assert!(parse_date("2000-02-30").is_none());
        let mut e = crate::catalog::Entry {
            id: String::new(),
            title: String::new(),
            lead: None,
            authors: Vec::new(),
            updated: String::new(),
            issued: String::new(),
            language: None,
            publisher: None,
            summary: None,
            categories: Vec::new(),
            series: String::new(),
            position: None,
            acquisitions: Vec::new(),
            cover: None,
            thumbnail: None,
        };
        assert_eq!(slug_of(&e), None);
        e.acquisitions.push(crate::catalog::Acquisition {
            href: "brief-2.kepub.epub".into(),
            media_type: "application/kepub+zip".into(),
        });
        assert_eq!(slug_of(&e).as_deref(), Some("brief-2"));
    }
}
