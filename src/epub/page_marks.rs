//! The print edition's page breaks in the EPUB: where each page of the
//! PDF begins (from the layout's page map), as `pagebreak` markers, and
//! the page list that links to them.

use super::pages::{CONTENTS, LINKS, article_file};
use super::xhtml::attr;
use crate::frame::{Anchor, PageMap};

/// The markers of one article page.
#[derive(Debug, Default)]
pub(crate) struct ArticleMarks {
    /// Before the article's header.
    pub(crate) header: Vec<String>,
    /// `(block, offset, label)` in document order: inside block `block`
    /// of the body (or summary) at character `offset` of its plain text.
    pub(crate) blocks: Vec<(u32, u32, String)>,
    /// Before the line naming where the piece first appeared.
    pub(crate) source: Vec<String>,
}

/// Every marker, by page of the book.
#[derive(Debug, Default)]
pub(crate) struct PageMarks {
    pub(crate) contents: Vec<String>,
    pub(crate) articles: Vec<ArticleMarks>,
    pub(crate) closing: Vec<String>,
    /// `(label, href)` of every marker in page order, for the page list.
    pub(crate) list: Vec<(String, String)>,
}

impl PageMarks {
    /// Places a marker for every page of `map`. A page with no text of its
    /// own (footnotes carried over) is marked where the page before it is.
    pub(crate) fn new(map: &PageMap, articles: usize, has_links: bool) -> PageMarks {
        let mut marks = PageMarks {
            articles: (0..articles).map(|_| ArticleMarks::default()).collect(),
            ..PageMarks::default()
        };
        let mut last = Anchor::Masthead;
        for page in &map.pages {
            let anchor = page.first.unwrap_or(last);
            last = anchor;
            let label = page.label.clone();
            let file = match anchor {
                Anchor::Masthead => {
                    marks.contents.push(label.clone());
                    CONTENTS.to_owned()
                }
                Anchor::Closing if has_links => {
                    marks.closing.push(label.clone());
                    LINKS.to_owned()
                }
                Anchor::Header { article } | Anchor::Source { article }
                    if (article as usize) < articles =>
                {
                    let a = &mut marks.articles[article as usize];
                    if matches!(anchor, Anchor::Header { .. }) {
                        a.header.push(label.clone());
                    } else {
                        a.source.push(label.clone());
                    }
                    article_file(article as usize)
                }
                Anchor::Block {
                    article,
                    block,
                    offset,
                } if (article as usize) < articles => {
                    marks.articles[article as usize]
                        .blocks
                        .push((block, offset, label.clone()));
                    article_file(article as usize)
                }
                // Nothing in the book to mark: the contents page stands in.
                _ => {
                    marks.contents.push(label.clone());
                    CONTENTS.to_owned()
                }
            };
            marks
                .list
                .push((label.clone(), format!("{file}#{}", id(&label))));
        }
        for a in &mut marks.articles {
            a.blocks.sort_by_key(|(b, o, _)| (*b, *o));
        }
        marks
    }
}

/// The marker's id: `page-` and the label, with anything an XML id cannot
/// hold replaced.
pub(crate) fn id(label: &str) -> String {
    let safe: String = label
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect();
    format!("page-{safe}")
}

/// An empty `pagebreak` span for page `label`.
pub(crate) fn marker(label: &str) -> String {
    format!(
        "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"{}\" aria-label=\"{}\"/>",
        attr(&id(label)),
        attr(label)
    )
}

/// Markers for every label in `labels`.
pub(crate) fn markers(labels: &[String]) -> String {
    labels.iter().map(|l| marker(l)).collect()
}
