//! Catalog feeds for the output folder: OPDS 1.2 (Atom) and OPDS 2.0
//! (JSON), so e-readers (KOReader, Thorium, Moon+ Reader, PocketBook …)
//! can browse the archive and download each issue.
//!
//! # Layout of the output folder
//! - `SERIES.catalog.xml` / `.json`: one series' acquisition feed, newest
//!   issue first, [`PER_PAGE`] entries a page; further pages are
//!   `SERIES.catalog-2.xml` … linked `next`/`previous`/`first`/`last`
//!   (RFC 5005). `SERIES` is the newsletter's slug.
//! - `catalog.xml` / `.json`: the URL to give a reader. With one series in
//!   the folder, that series' feed again (paged as `catalog-2.xml` …); with
//!   several, a navigation feed with one entry per series.
//! - `covers/SLUG.png` (or `.jpg`) and `covers/SLUG-thumb.png`: each
//!   issue's cover and a thumbnail 200 px wide.
//!
//! # Steps
//! - [`entries`]: an issue → an [`Entry`] (hrefs relative to the folder).
//! - [`covers`]: the EPUB's cover and its thumbnail.
//! - [`opds1`], [`opds2`]: a [`Page`] → bytes; [`opds2::read`] reads a
//!   page back, which is how a later build knows the issues it does not
//!   rebuild, and which series the folder holds.

pub mod covers;
pub mod entries;
pub mod opds1;
pub mod opds2;

pub use entries::{Acquisition, Entry, Image};

/// Entries on one page of a feed.
pub const PER_PAGE: usize = 50;
/// The root feed's file stem: `catalog.xml`.
pub const ROOT: &str = "catalog";

pub const REL_ACQUISITION: &str = "http://opds-spec.org/acquisition/open-access";
pub const REL_IMAGE: &str = "http://opds-spec.org/image";
pub const REL_THUMBNAIL: &str = "http://opds-spec.org/image/thumbnail";

/// `STEM.xml` for page 1, `STEM-N.xml` after it.
pub fn page_file(stem: &str, page: usize, ext: &str) -> String {
    if page <= 1 {
        format!("{stem}.{ext}")
    } else {
        format!("{stem}-{page}.{ext}")
    }
}

/// `SERIES.catalog`: a series feed's file stem.
pub fn series_stem(series_slug: &str) -> String {
    format!("{series_slug}.catalog")
}

/// The series slug when `path` is the first page of a series' OPDS 2.0 feed.
pub fn series_feed(path: &str) -> Option<&str> {
    let slug = path.strip_suffix(".catalog.json")?;
    (!slug.is_empty() && !slug.contains(['/', '.'])).then_some(slug)
}

/// Whether `path` is a page of a series' OPDS 2.0 feed (read back by the
/// next build).
pub fn is_series_page(path: &str) -> bool {
    if series_feed(path).is_some() {
        return true;
    }
    let Some(stem) = path.strip_suffix(".json") else {
        return false;
    };
    let Some((rest, n)) = stem.rsplit_once('-') else {
        return false;
    };
    n.parse::<usize>().is_ok() && rest.ends_with(".catalog") && !rest.contains('/')
}

/// A series as the root navigation feed lists it.
#[derive(Debug, Clone)]
pub struct Shelved {
    /// Its feed's file stem.
    pub stem: String,
    pub id: String,
    pub title: String,
    pub updated: String,
    pub issues: usize,
    pub newest: Option<String>,
}

impl Shelved {
    /// "12 issues, newest: …".
    fn description(&self) -> String {
        let n = match self.issues {
            1 => "1 issue".to_owned(),
            n => format!("{n} issues"),
        };
        match &self.newest {
            Some(t) => format!("{n}; newest: {t}"),
            None => n,
        }
    }
}

/// What one page lists.
pub enum Content<'a> {
    Publications(&'a [Entry]),
    Navigation(&'a [Shelved]),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Atom,
    Json,
}

impl Format {
    fn ext(self) -> &'static str {
        match self {
            Self::Atom => "xml",
            Self::Json => "json",
        }
    }

    fn media_type(self, acquisition: bool) -> &'static str {
        match self {
            Self::Atom => opds1::media_type(acquisition),
            Self::Json => opds2::MEDIA_TYPE,
        }
    }
}

/// A feed link, href already absolute when there is a base URL.
pub struct FeedLink {
    pub rel: String,
    pub href: String,
    pub media_type: String,
}

/// One page of a feed, in either format.
pub struct Page<'a> {
    pub id: String,
    pub title: String,
    pub updated: String,
    /// The feed's author (Atom requires one): the publisher or the series.
    pub author: String,
    pub language: Option<String>,
    /// `""` (relative links) or an absolute URL ending in `/`.
    pub base: &'a str,
    /// The feed's file stem (`catalog`, `SERIES.catalog`).
    pub stem: &'a str,
    /// 1-based page number and the number of pages.
    pub number: usize,
    pub pages: usize,
    /// Entries over all pages.
    pub total_items: usize,
    /// Whether the root feed lists issues (one series) or series.
    pub root_is_acquisition: bool,
    pub content: Content<'a>,
}

impl Page<'_> {
    fn is_acquisition(&self) -> bool {
        matches!(self.content, Content::Publications(_))
    }

    /// self, start, up, the RFC 5005 paging links and the other format.
    pub fn links(&self, format: Format) -> Vec<FeedLink> {
        let ext = format.ext();
        let own = format.media_type(self.is_acquisition());
        let link = |rel: &str, stem: &str, page: usize, media_type: &str| FeedLink {
            rel: rel.to_owned(),
            href: format!("{}{}", self.base, page_file(stem, page, ext)),
            media_type: media_type.to_owned(),
        };
        // Only the root's own pages know what the root lists; other feeds
        // link to it without the `kind` parameter.
        let root_type = match (format, self.stem == ROOT) {
            (_, true) | (Format::Json, _) => format.media_type(self.root_is_acquisition),
            (Format::Atom, false) => "application/atom+xml;profile=opds-catalog",
        };
        let mut links = vec![
            link("self", self.stem, self.number, own),
            link("start", ROOT, 1, root_type),
        ];
        if self.stem != ROOT {
            links.push(link("up", ROOT, 1, root_type));
        }
        if self.pages > 1 {
            links.push(link("first", self.stem, 1, own));
            if self.number > 1 {
                links.push(link("previous", self.stem, self.number - 1, own));
            }
            if self.number < self.pages {
                links.push(link("next", self.stem, self.number + 1, own));
            }
            links.push(link("last", self.stem, self.pages, own));
        }
        let (other, other_ext) = match format {
            Format::Atom => (Format::Json, "json"),
            Format::Json => (Format::Atom, "xml"),
        };
        links.push(FeedLink {
            rel: "alternate".to_owned(),
            href: format!(
                "{}{}",
                self.base,
                page_file(self.stem, self.number, other_ext)
            ),
            media_type: other.media_type(self.is_acquisition()).to_owned(),
        });
        links
    }
}

/// What a feed is about, beside its items.
pub struct FeedInfo<'a> {
    pub stem: &'a str,
    pub id: String,
    pub title: String,
    pub author: String,
    pub language: Option<String>,
    pub base: &'a str,
    pub root_is_acquisition: bool,
    /// Used when there is nothing newer to date the feed by.
    pub fallback_updated: String,
}

/// Every page of an acquisition feed over `entries` (sorted newest first
/// here), both formats: `(path, bytes)`.
pub fn acquisition_feed(info: &FeedInfo<'_>, entries: &[Entry]) -> Vec<(String, Vec<u8>)> {
    let mut sorted = entries.to_vec();
    sorted.sort_by(Entry::newest_first);
    let updated = sorted
        .iter()
        .map(|e| e.updated.as_str())
        .max()
        .unwrap_or(&info.fallback_updated)
        .to_owned();
    let chunks: Vec<&[Entry]> = sorted.chunks(PER_PAGE).collect();
    paged(info, &updated, sorted.len(), chunks.len(), |n| {
        Content::Publications(chunks[n - 1])
    })
}

/// Every page of a navigation feed over `shelf`, both formats.
pub fn navigation_feed(info: &FeedInfo<'_>, shelf: &[Shelved]) -> Vec<(String, Vec<u8>)> {
    let updated = shelf
        .iter()
        .map(|s| s.updated.as_str())
        .max()
        .unwrap_or(&info.fallback_updated)
        .to_owned();
    let chunks: Vec<&[Shelved]> = shelf.chunks(PER_PAGE).collect();
    paged(info, &updated, shelf.len(), chunks.len(), |n| {
        Content::Navigation(chunks[n - 1])
    })
}

fn paged<'a>(
    info: &FeedInfo<'_>,
    updated: &str,
    total_items: usize,
    pages: usize,
    content: impl Fn(usize) -> Content<'a>,
) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for number in 1..=pages {
        let page = Page {
            id: info.id.clone(),
            title: info.title.clone(),
            updated: updated.to_owned(),
            author: info.author.clone(),
            language: info.language.clone(),
            base: info.base,
            stem: info.stem,
            number,
            pages,
            total_items,
            root_is_acquisition: info.root_is_acquisition,
            content: content(number),
        };
        out.push((page_file(info.stem, number, "xml"), opds1::write(&page)));
        out.push((page_file(info.stem, number, "json"), opds2::write(&page)));
    }
    out
}

/// A feed read back from the folder: its title and every entry over its
/// pages (following `next`, so pages left over from a longer feed are
/// not read).
pub fn read_feed<'a>(
    stem: &str,
    file: impl Fn(&str) -> Option<&'a [u8]>,
) -> Option<(Option<String>, Vec<Entry>)> {
    let mut path = page_file(stem, 1, "json");
    let first = opds2::read(file(&path)?)?;
    let title = first.title.clone();
    let mut entries = first.entries;
    let mut next = first.next;
    let mut seen = vec![path];
    while let Some(p) = next.take() {
        if seen.contains(&p) {
            break;
        }
        path = p;
        let Some(page) = file(&path).and_then(opds2::read) else {
            break;
        };
        entries.extend(page.entries);
        next = page.next;
        seen.push(path.clone());
    }
    Some((title, entries))
}

/// A stable `urn:uuid:` for a feed or a series, from a name.
pub fn feed_id(name: &str) -> String {
    let name = format!("pressrun:catalog:{name}");
    format!(
        "urn:uuid:{}",
        uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        assert_eq!(page_file("catalog", 1, "xml"), "catalog.xml");
        assert_eq!(page_file("b.catalog", 3, "json"), "b.catalog-3.json");
        assert_eq!(series_feed("brief-2.catalog.json"), Some("brief-2"));
        assert_eq!(series_feed("catalog.json"), None);
        assert_eq!(series_feed("brief.catalog-2.json"), None);
        assert!(is_series_page("brief.catalog-2.json"));
        assert!(is_series_page("brief.catalog.json"));
        assert!(!is_series_page("catalog-2.json"));
        assert!(!is_series_page("brief-2.epub"));
    }
}
