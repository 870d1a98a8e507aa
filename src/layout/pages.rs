//! Finishing pages: running head (newsletter · issue · date, and the
//! current article's title) and folio "N of M" on every page but the
//! first, page labels, the outline from the marks.

use super::flow::{Mark, PageOut};
use super::font::{Family, FontBook, Weight};
use super::inline::{self, Piece};
use super::theme::Theme;
use super::{FrameItem, OutlineEntry, Page, Point, Size};
use crate::model::Issue;

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

pub(crate) fn finish(
    book: &FontBook,
    theme: &Theme,
    issue: &Issue,
    pages: Vec<PageOut>,
) -> (Vec<Page>, Vec<OutlineEntry>) {
    let titles: Vec<&str> = issue.articles().map(|a| a.title.as_str()).collect();
    let current = current_articles(&pages, theme.top);
    let total = pages.len();
    let mut outline = Vec::new();
    let mut out = Vec::with_capacity(total);
    for (index, page) in pages.into_iter().enumerate() {
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
        let mut items = Vec::new();
        if index == 0 {
            colophon(book, theme, issue, total, &mut items);
        } else {
            let title = current[index]
                .and_then(|n| titles.get(n).copied())
                .unwrap_or("");
            running_head(book, theme, issue, title, &mut items);
            folio(book, theme, index + 1, total, &mut items);
        }
        items.extend(page.items);
        out.push(Page {
            size: Size::new(theme.page_w, theme.page_h),
            items,
            label: (index + 1).to_string(),
        });
    }
    (out, outline)
}

fn running_head(
    book: &FontBook,
    theme: &Theme,
    issue: &Issue,
    title: &str,
    items: &mut Vec<(Point, FrameItem)>,
) {
    let size = theme.size * 0.76;
    let mut left_style = theme.style(Family::Sans, Weight::Semibold, false, size);
    left_style.color = theme.grey;
    let mut right_style = theme.style(Family::Sans, Weight::Regular, true, size);
    right_style.color = theme.grey;
    let base = theme.top - 26.0;
    let left_text = format!(
        "{}  ·  Issue {}  ·  {}",
        issue.newsletter,
        issue.number,
        issue.date.long()
    );
    let left = inline::single_line(
        book,
        &[Piece::Text {
            text: left_text,
            style: left_style,
        }],
    );
    let room = theme.width - left.width - 24.0;
    let title = fit(book, title, &right_style, room);
    let right = inline::single_line(
        book,
        &[Piece::Text {
            text: title,
            style: right_style,
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

fn folio(
    book: &FontBook,
    theme: &Theme,
    n: usize,
    total: usize,
    items: &mut Vec<(Point, FrameItem)>,
) {
    let mut style = theme.style(Family::Sans, Weight::Regular, false, theme.size * 0.8);
    style.color = theme.grey;
    let line = inline::single_line(
        book,
        &[Piece::Text {
            text: format!("{n} of {total}"),
            style,
        }],
    );
    let x = theme.left + (theme.width - line.width) / 2.0;
    let base = theme.page_h - 36.0;
    items.extend(
        line.items
            .into_iter()
            .map(|(at, it)| (Point::new(x + at.x, base + at.y), it)),
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
    parts.push(format!("{} pages", total));
    parts.push("links in this PDF are live".to_owned());
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
