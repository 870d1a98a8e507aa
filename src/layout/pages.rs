//! Finishing pages: running head (the current article's title) and
//! running foot (newsletter · issue · date, folio "N of M") on every page
//! but the first, page labels, the outline from the marks.

use super::flow::{Mark, PageOut};
use super::font::{Family, FontBook, Weight};
use super::inline::{self, Piece};
use super::theme::Theme;
use super::{FrameItem, OutlineEntry, Page, Point, Size};
use crate::model::Issue;
use rayon::prelude::*;

/// Article index in effect at the top of each page.
fn current_articles(pages: &[PageOut], top: f64) -> Vec<Option<usize>> {
    let mut current = None;
    pages
        .iter()
        .map(|p| {
            let mut at_top = current;
            for (mark, at) in &p.marks {
                if let Mark::Article(n) = mark {
                    if at.y <= top + 24.0 {
                        at_top = Some(*n);
                    }
                    current = Some(*n);
                }
            }
            at_top
        })
        .collect()
}

/// The label of the page at `index`: its number, from 1 (the page map
/// is made from it before the pages are finished).
pub(crate) fn label(index: usize) -> String {
    (index + 1).to_string()
}

pub(crate) fn finish(
    book: &FontBook,
    theme: &Theme,
    issue: &Issue,
    pages: Vec<PageOut>,
) -> (Vec<Page>, Vec<OutlineEntry>) {
    let titles: Vec<&str> = issue.articles().map(|a| a.title.as_str()).collect();
    let continued = issue.words().contents_continued();
    let current = current_articles(&pages, theme.top);
    let total = pages.len();
    let mut outline = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        for (mark, at) in &page.marks {
            if let Mark::Outline { title, level } = mark {
                outline.push(OutlineEntry {
                    title: title.clone(),
                    level: *level,
                    page: index,
                    y: at.y,
                });
            }
        }
    }
    // Heads and folios are set page by page, in parallel (a long issue has
    // dozens of pages, each a few lines to shape and set).
    let out = pages
        .into_par_iter()
        .enumerate()
        .map(|(index, page)| {
            let mut items = Vec::with_capacity(page.items.len() + 8);
            if index == 0 {
                colophon(book, theme, issue, total, &mut items);
            } else {
                // Pages before the lead starts continue the contents.
                let title = current[index]
                    .and_then(|n| titles.get(n).copied())
                    .unwrap_or(&continued);
                running_head(book, theme, title, &mut items);
                folio(book, theme, issue, index + 1, total, &mut items);
            }
            items.extend(page.items);
            Page {
                size: Size::new(theme.page_w, theme.page_h),
                items,
                label: label(index),
            }
        })
        .collect();
    (out, outline)
}

/// The running head: the current article's title over a hairline. The
/// 28-pica measure has no room for the publication line beside a title, so
/// that line goes to the foot, beside the folio.
fn running_head(book: &FontBook, theme: &Theme, title: &str, items: &mut Vec<(Point, FrameItem)>) {
    let mut style = theme.style(Family::Sans, Weight::Regular, true, theme.size * 0.76);
    style.color = theme.grey;
    let base = theme.top - 26.0;
    let title = fit(book, title, &style, theme.width);
    let head = inline::single_line(book, &[Piece::Text { text: title, style }]);
    items.extend(
        head.items
            .into_iter()
            .map(|(at, it)| (Point::new(theme.left + at.x, base + at.y), it)),
    );
    items.push((
        Point::new(theme.left, base + 6.0),
        FrameItem::Rect {
            size: Size::new(theme.width, 0.4),
            color: theme.grey,
        },
    ));
}

/// `text`, shortened at a word with an ellipsis to fit `room`.
fn fit(book: &FontBook, text: &str, style: &inline::TextStyle, room: f64) -> String {
    if inline::measure(book, text, style) <= room {
        return text.to_owned();
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    for n in (1..words.len()).rev() {
        let candidate = format!("{}\u{2026}", words[..n].join(" "));
        if inline::measure(book, &candidate, style) <= room {
            return candidate;
        }
    }
    String::new()
}

/// The running foot: newsletter · issue · date on the left, the folio
/// "N of M" flush right, both on the text block's edges.
fn folio(
    book: &FontBook,
    theme: &Theme,
    issue: &Issue,
    n: usize,
    total: usize,
    items: &mut Vec<(Point, FrameItem)>,
) {
    let size = theme.size * 0.76;
    let mut pub_style = theme.style(Family::Sans, Weight::Semibold, false, size);
    pub_style.color = theme.grey;
    let mut folio_style = theme.style(Family::Sans, Weight::Regular, false, size);
    folio_style.color = theme.grey;
    // "9 of 12" and "10 of 12" keep their width as the count grows.
    folio_style.tabular = true;
    let base = theme.page_h - 36.0;
    let left = inline::single_line(
        book,
        &[Piece::Text {
            text: format!(
                "{}  ·  {}  ·  {}",
                issue.newsletter,
                issue.words().issue(&issue.number),
                issue.words().date(issue.date.0)
            ),
            style: pub_style,
        }],
    );
    let right = inline::single_line(
        book,
        &[Piece::Text {
            text: issue.words().page_of(n, total),
            style: folio_style,
        }],
    );
    let rx = theme.left + theme.width - right.width;
    items.extend(
        left.items
            .into_iter()
            .map(|(at, it)| (Point::new(theme.left + at.x, base + at.y), it)),
    );
    items.extend(
        right
            .items
            .into_iter()
            .map(|(at, it)| (Point::new(rx + at.x, base + at.y), it)),
    );
}

/// The foot of page 1: who prepared the packet and how long it is.
fn colophon(
    book: &FontBook,
    theme: &Theme,
    issue: &Issue,
    total: usize,
    items: &mut Vec<(Point, FrameItem)>,
) {
    let mut style = theme.style(Family::Sans, Weight::Regular, false, theme.size * 0.78);
    style.color = theme.grey;
    let mut parts = Vec::new();
    if let Some(p) = &issue.publisher {
        parts.push(p.clone());
    }
    parts.push(issue.words().pages(total));
    parts.push(issue.words().links_live().to_owned());
    let line = inline::single_line(
        book,
        &[Piece::Text {
            text: parts.join("  ·  "),
            style,
        }],
    );
    let base = theme.page_h - 36.0;
    items.push((
        Point::new(theme.left, base - 14.0),
        FrameItem::Rect {
            size: Size::new(theme.width, 0.4),
            color: theme.grey,
        },
    ));
    items.extend(
        line.items
            .into_iter()
            .map(|(at, it)| (Point::new(theme.left + at.x, base + at.y), it)),
    );
}
