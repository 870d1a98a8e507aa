//! One page of an OPDS 1.2 catalog: an Atom feed (RFC 4287) of issue
//! entries (acquisition) or of series (navigation). Every namespace prefix
//! is declared on the root element; text goes through the EPUB writer's
//! XML escaping.

use super::entries::Entry;
use super::{Content, Format, Page, Shelved};
use crate::epub::{escape_attr, escape_text};

pub const ATOM: &str = "http://www.w3.org/2005/Atom";
pub const DC: &str = "http://purl.org/dc/terms/";
pub const OPDS: &str = "http://opds-spec.org/2010/catalog";

/// The media type of an OPDS 1 feed of this kind.
pub fn media_type(acquisition: bool) -> &'static str {
    if acquisition {
        "application/atom+xml;profile=opds-catalog;kind=acquisition"
    } else {
        "application/atom+xml;profile=opds-catalog;kind=navigation"
    }
}

/// The page as Atom XML.
pub fn write(page: &Page<'_>) -> Vec<u8> {
    let mut x = Xml::default();
    x.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.raw(&format!(
        "<feed xmlns=\"{ATOM}\" xmlns:dc=\"{DC}\" xmlns:opds=\"{OPDS}\""
    ));
    if let Some(lang) = &page.language {
        x.attr("xml:lang", lang);
    }
    x.raw(">\n");
    x.element(1, "id", &page.id);
    x.element(1, "title", &page.title);
    x.element(1, "updated", &page.updated);
    x.raw("  <author>\n");
    x.element(2, "name", &page.author);
    x.raw("  </author>\n");
    for link in page.links(Format::Atom) {
        x.link(1, &link.rel, &link.href, &link.media_type, None);
    }
    match page.content {
        Content::Publications(entries) => {
            for e in entries {
                entry(&mut x, e, page.base);
            }
        }
        Content::Navigation(shelf) => {
            for s in shelf {
                series(&mut x, s, page.base);
            }
        }
    }
    x.raw("</feed>\n");
    x.out.into_bytes()
}

fn entry(x: &mut Xml, e: &Entry, base: &str) {
    x.raw("  <entry>\n");
    x.element(2, "title", &e.title);
    x.element(2, "id", &e.id);
    x.element(2, "updated", &e.updated);
    for a in &e.authors {
        x.raw("    <author>\n");
        x.element(3, "name", a);
        x.raw("    </author>\n");
    }
    if let Some(lang) = &e.language {
        x.element(2, "dc:language", lang);
    }
    if let Some(p) = &e.publisher {
        x.element(2, "dc:publisher", p);
    }
    x.element(2, "dc:issued", &e.issued);
    for c in &e.categories {
        x.raw("    <category");
        x.attr("term", c);
        x.attr("label", c);
        x.raw("/>\n");
    }
    if let Some(s) = &e.summary {
        x.raw("    <summary type=\"text\">");
        x.text(s);
        x.raw("</summary>\n");
    }
    if let Some(i) = &e.cover {
        let href = format!("{base}{}", i.href);
        x.link(2, super::REL_IMAGE, &href, &i.media_type, None);
    }
    if let Some(i) = &e.thumbnail {
        let href = format!("{base}{}", i.href);
        x.link(2, super::REL_THUMBNAIL, &href, &i.media_type, None);
    }
    for a in &e.acquisitions {
        let href = format!("{base}{}", a.href);
        x.link(2, super::REL_ACQUISITION, &href, &a.media_type, None);
    }
    x.raw("  </entry>\n");
}

fn series(x: &mut Xml, s: &Shelved, base: &str) {
    x.raw("  <entry>\n");
    x.element(2, "title", &s.title);
    x.element(2, "id", &s.id);
    x.element(2, "updated", &s.updated);
    x.raw("    <content type=\"text\">");
    x.text(&s.description());
    x.raw("</content>\n");
    let href = format!("{base}{}", super::page_file(&s.stem, 1, "xml"));
    x.link(
        2,
        "subsection",
        &href,
        media_type(true),
        Some(s.title.as_str()),
    );
    x.raw("  </entry>\n");
}

/// A small XML writer over the shared escaping.
#[derive(Default)]
struct Xml {
    out: String,
}

impl Xml {
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn text(&mut self, s: &str) {
        escape_text(s, &mut self.out);
    }

    /// ` name="value"`.
    fn attr(&mut self, name: &str, value: &str) {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        escape_attr(value, &mut self.out);
        self.out.push('"');
    }

    /// `<name>text</name>` on its own line at `depth`.
    fn element(&mut self, depth: usize, name: &str, text: &str) {
        self.indent(depth);
        self.out.push('<');
        self.out.push_str(name);
        self.out.push('>');
        self.text(text);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    fn link(&mut self, depth: usize, rel: &str, href: &str, media_type: &str, title: Option<&str>) {
        self.indent(depth);
        self.raw("<link");
        self.attr("rel", rel);
        self.attr("href", href);
        self.attr("type", media_type);
        if let Some(t) = title {
            self.attr("title", t);
        }
        self.raw("/>\n");
    }

    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
    }
}
