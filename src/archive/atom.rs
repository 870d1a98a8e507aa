//! The Atom feed (RFC 4287) of a series' issues for feed readers: the
//! catalog's ids and titles, a `text/html` alternate link to each issue's
//! web page (else its EPUB). Text goes through the EPUB writer's escaping.

use super::Item;
use crate::epub::{escape_attr, escape_text};

pub const ATOM: &str = "http://www.w3.org/2005/Atom";

/// One feed.
pub struct Feed<'a> {
    /// `urn:uuid:…`, stable per file name.
    pub id: String,
    pub title: &'a str,
    /// The newest entry's `updated`, else the build's timestamp.
    pub updated: String,
    /// The publisher, else the series.
    pub author: &'a str,
    pub language: Option<&'a str>,
    /// `""` (relative links) or an absolute URL ending in `/`.
    pub base: &'a str,
    /// The feed's own file.
    pub file: &'a str,
    /// The archive page the feed belongs to, when written.
    pub page: Option<&'a str>,
    /// Newest first; at most [`super::FEED_ENTRIES`] are written.
    pub items: &'a [Item],
}

/// The feed as XML.
pub fn write(feed: &Feed<'_>) -> Vec<u8> {
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"");
    x.push_str(ATOM);
    x.push('"');
    if let Some(lang) = feed.language {
        x.push_str(" xml:lang=\"");
        escape_attr(lang, &mut x);
        x.push('"');
    }
    x.push_str(">\n");
    element(&mut x, 1, "id", &feed.id);
    element(&mut x, 1, "title", feed.title);
    element(&mut x, 1, "updated", &feed.updated);
    x.push_str("  <author>\n");
    element(&mut x, 2, "name", feed.author);
    x.push_str("  </author>\n");
    x.push_str("  <generator>pressrun</generator>\n");
    let href = |f: &str| format!("{}{f}", feed.base);
    link(&mut x, 1, "self", &href(feed.file), "application/atom+xml");
    if let Some(page) = feed.page {
        link(&mut x, 1, "alternate", &href(page), "text/html");
    }
    for item in feed.items.iter().take(super::FEED_ENTRIES) {
        let e = &item.entry;
        x.push_str("  <entry>\n");
        element(&mut x, 2, "id", &e.id);
        element(&mut x, 2, "title", &e.title);
        element(&mut x, 2, "updated", &e.updated);
        if e.issued.len() == 10 {
            element(&mut x, 2, "published", &format!("{}T00:00:00Z", e.issued));
        }
        for a in &e.authors {
            x.push_str("    <author>\n");
            element(&mut x, 3, "name", a);
            x.push_str("    </author>\n");
        }
        for c in &e.categories {
            x.push_str("    <category term=\"");
            escape_attr(c, &mut x);
            x.push_str("\"/>\n");
        }
        if let Some((h, media_type)) = item.alternate() {
            link(&mut x, 2, "alternate", &href(h), media_type);
        }
        if let Some(s) = &e.summary {
            x.push_str("    <summary type=\"text\">");
            escape_text(s, &mut x);
            x.push_str("</summary>\n");
        }
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x.into_bytes()
}

/// `<name>text</name>` on its own line at `depth`.
fn element(x: &mut String, depth: usize, name: &str, text: &str) {
    x.push_str(&"  ".repeat(depth));
    x.push_str(&format!("<{name}>"));
    escape_text(text, x);
    x.push_str(&format!("</{name}>\n"));
}

fn link(x: &mut String, depth: usize, rel: &str, href: &str, media_type: &str) {
    x.push_str(&"  ".repeat(depth));
    x.push_str("<link rel=\"");
    escape_attr(rel, x);
    x.push_str("\" href=\"");
    escape_attr(href, x);
    x.push_str("\" type=\"");
    escape_attr(media_type, x);
    x.push_str("\"/>\n");
}
