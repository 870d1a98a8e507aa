//! The archive page: HTML5, no JavaScript, the stylesheet inline (one
//! self-contained file per page), text through the EPUB writer's escaping.

use super::Item;
use crate::epub::{escape_attr, escape_text};

const STYLE: &str = include_str!("archive.css");

/// One archive page.
pub struct Page<'a> {
    /// The `lang` of the page: the newest issue's language.
    pub lang: &'a str,
    /// The `<h1>` and `<title>`: the series name(s).
    pub title: &'a str,
    /// The page's Atom feed, when written.
    pub feed: Option<&'a str>,
    pub sections: Vec<Section<'a>>,
}

/// A series' issues on the page.
pub struct Section<'a> {
    /// The series' name, when the page lists several.
    pub title: Option<&'a str>,
    /// The series' own archive page, when the page lists several.
    pub href: Option<&'a str>,
    pub items: &'a [Item],
}

/// The page as HTML.
pub fn write(page: &Page<'_>) -> Vec<u8> {
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"");
    escape_attr(page.lang, &mut h);
    h.push_str(
        "\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n<title>",
    );
    escape_text(page.title, &mut h);
    h.push_str("</title>\n<meta name=\"generator\" content=\"pressrun\">\n");
    if let Some(feed) = page.feed {
        h.push_str("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"");
        escape_attr(page.title, &mut h);
        h.push_str("\" href=\"");
        escape_attr(feed, &mut h);
        h.push_str("\">\n");
    }
    h.push_str("<style>\n");
    h.push_str(STYLE);
    h.push_str(
        "</style>\n</head>\n<body>\n<header class=\"masthead\">\n<div class=\"wrap\">\n<h1>",
    );
    escape_text(page.title, &mut h);
    h.push_str("</h1>\n<p class=\"count\">");
    let total: usize = page.sections.iter().map(|s| s.items.len()).sum();
    h.push_str(&issues(total));
    if let Some(feed) = page.feed {
        h.push_str(" · <a href=\"");
        escape_attr(feed, &mut h);
        h.push_str("\">Atom feed</a>");
    }
    h.push_str("</p>\n</div>\n</header>\n<main class=\"wrap\">\n");
    let several = page.sections.iter().any(|s| s.title.is_some());
    for s in &page.sections {
        section(&mut h, s, several);
    }
    h.push_str("</main>\n<footer class=\"footer\">\n<div class=\"wrap\">\n<p>Made with pressrun.</p>\n</div>\n</footer>\n</body>\n</html>\n");
    h.into_bytes()
}

fn section(h: &mut String, s: &Section<'_>, several: bool) {
    let level = if several { 3 } else { 2 };
    if let Some(title) = s.title {
        h.push_str("<section class=\"series\">\n<h2>");
        match s.href {
            Some(href) => {
                h.push_str("<a href=\"");
                escape_attr(href, h);
                h.push_str("\">");
                escape_text(title, h);
                h.push_str("</a>");
            }
            None => escape_text(title, h),
        }
        h.push_str(" <span class=\"count\">");
        h.push_str(&issues(s.items.len()));
        h.push_str("</span></h2>\n");
    }
    h.push_str("<ol class=\"issues\">\n");
    for item in s.items {
        issue(h, item, level);
    }
    h.push_str("</ol>\n");
    if s.title.is_some() {
        h.push_str("</section>\n");
    }
}

fn issue(h: &mut String, item: &Item, level: u8) {
    let e = &item.entry;
    h.push_str(if e.thumbnail.is_some() {
        "<li>\n<article class=\"issue\">\n"
    } else {
        "<li>\n<article class=\"issue bare\">\n"
    });
    if let Some(t) = &e.thumbnail {
        let img = |h: &mut String| {
            h.push_str("<img src=\"");
            escape_attr(&t.href, h);
            h.push_str(&format!(
                "\" width=\"{}\" height=\"{}\" alt=\"\" loading=\"lazy\" decoding=\"async\">",
                t.width, t.height
            ));
        };
        match &item.web {
            Some(web) => {
                h.push_str("<a class=\"cover\" href=\"");
                escape_attr(web, h);
                h.push_str("\" tabindex=\"-1\" aria-hidden=\"true\">");
                img(h);
                h.push_str("</a>\n");
            }
            None => {
                h.push_str("<div class=\"cover\">");
                img(h);
                h.push_str("</div>\n");
            }
        }
    }
    h.push_str("<div class=\"about\">\n<p class=\"meta\">");
    if let Some(label) = &item.label {
        escape_text(label, h);
        h.push_str(" · ");
    }
    h.push_str("<time datetime=\"");
    escape_attr(&e.issued, h);
    h.push_str("\">");
    escape_text(&item.date, h);
    h.push_str("</time></p>\n");
    h.push_str(&format!("<h{level}>"));
    match &item.web {
        Some(web) => {
            h.push_str("<a href=\"");
            escape_attr(web, h);
            h.push_str("\">");
            escape_text(&item.heading, h);
            h.push_str("</a>");
        }
        None => escape_text(&item.heading, h),
    }
    h.push_str(&format!("</h{level}>\n"));
    if let Some(s) = item.summary() {
        h.push_str("<p class=\"summary\">");
        escape_text(s, h);
        h.push_str("</p>\n");
    }
    h.push_str("<ul class=\"files\">\n");
    if let Some(web) = &item.web {
        file(h, web, "text/html", "Read online");
    }
    for a in &e.acquisitions {
        file(h, &a.href, &a.media_type, label(&a.media_type, &a.href));
    }
    h.push_str("</ul>\n</div>\n</article>\n</li>\n");
}

fn file(h: &mut String, href: &str, media_type: &str, label: &str) {
    h.push_str("<li><a href=\"");
    escape_attr(href, h);
    h.push_str("\" type=\"");
    escape_attr(media_type, h);
    h.push_str("\">");
    escape_text(label, h);
    h.push_str("</a></li>\n");
}

/// What a file is called on the page.
fn label<'a>(media_type: &str, href: &'a str) -> &'a str {
    match media_type {
        "application/epub+zip" => "EPUB",
        "application/kepub+zip" => "Kobo EPUB",
        "application/pdf" => "PDF",
        _ => href.rsplit('.').next().unwrap_or(href),
    }
}

/// "1 issue", "12 issues".
fn issues(n: usize) -> String {
    match n {
        1 => "1 issue".to_owned(),
        n => format!("{n} issues"),
    }
}
