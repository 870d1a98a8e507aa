//! Page 1: the masthead (newsletter name, issue, date, publisher,
//! editors) and the "In this issue" contents with dot leaders, page
//! numbers from the previous pass and a link to each article.

use super::blocks::Builder;
use super::flow::{Chunk, Mark};
use super::font::{Family, Weight};
use super::inline::{self, Piece, TextStyle};
use super::{FrameItem, LinkTarget, Point, Role, Size};
use crate::model::Issue;

fn piece(text: impl Into<String>, style: &TextStyle) -> Piece {
    Piece::Text {
        text: text.into(),
        style: style.clone(),
    }
}

/// Where each article starts: page index (0-based) and y.
pub(crate) type Starts = Vec<(usize, f64)>;

pub(crate) fn masthead(b: &mut Builder<'_>, issue: &Issue, starts: &Starts) {
    let t = b.theme;
    let width = b.width;
    let sect = b.open(Role::Sect);

    if let Some(publisher) = &issue.publisher {
        let label = t.label(t.size * 0.85);
        let e = b.open(Role::P);
        b.left_lines(
            &[piece(publisher.clone(), &label)],
            width,
            t.size * 1.4,
            0.0,
        );
        b.close(e);
    }
    // The name on one line across the measure, at most 3.1 × the body
    // size; a name too long even at 2.2 × breaks into even lines.
    let mut name = t.style(Family::SerifDisplay, Weight::Semibold, false, t.size * 3.1);
    let natural = inline::measure(b.book, &issue.newsletter, &name);
    if natural > width {
        name.size = (name.size * width / natural * 0.995).max(t.size * 2.2);
    }
    let name_pieces = [piece(issue.newsletter.clone(), &name)];
    let name_width = b.balanced_width(&name_pieces, width);
    let e = b.open(Role::H(1));
    let first = b.left_lines(&name_pieces, name_width, name.size * 1.08, 0.0);
    b.close(e);
    if let Some(first) = first {
        b.chunks[first].marks.push(Mark::Outline {
            title: format!("{} — contents", issue.title()),
            level: 0,
        });
    }
    // Heavy accent rule, then the issue line with the editors on the right.
    b.push(Chunk::new(
        10.0,
        vec![(
            Point::new(0.0, 5.0),
            FrameItem::Rect {
                size: Size::new(width, 2.2),
                color: t.accent,
            },
        )],
    ));
    let meta = {
        let mut s = t.style(Family::Sans, Weight::Semibold, false, t.size * 0.95);
        s.color = t.ink;
        s
    };
    let left = inline::single_line(
        b.book,
        &[piece(
            format!(
                "{}  ·  {}",
                b.words.issue(&issue.number),
                b.words.date(issue.date.0)
            ),
            &meta,
        )],
    );
    let mut items: Vec<(Point, FrameItem)> = Vec::new();
    let base = t.leading * 0.8;
    items.extend(
        left.items
            .into_iter()
            .map(|(at, it)| (Point::new(at.x, base + at.y), it)),
    );
    if !issue.editors.is_empty() {
        let mut s = meta.clone();
        s.weight = Weight::Regular;
        s.color = t.grey;
        let editors = b.words.editors(&issue.editors);
        let right = inline::single_line(b.book, &[piece(editors, &s)]);
        let x = width - right.width;
        items.extend(
            right
                .items
                .into_iter()
                .map(|(at, it)| (Point::new(x + at.x, base + at.y), it)),
        );
    }
    let e = b.open(Role::P);
    b.push(Chunk::new(t.leading * 1.2, items));
    b.close(e);
    b.push(Chunk::new(
        2.0,
        vec![(
            Point::new(0.0, 0.0),
            FrameItem::Rect {
                size: Size::new(width, 0.5),
                color: t.grey,
            },
        )],
    ));

    if let Some(desc) = &issue.description {
        let mut s = t.style(Family::Serif, Weight::Regular, true, t.size * 1.12);
        s.color = t.grey;
        let e = b.open(Role::P);
        b.left_lines(&[piece(desc.clone(), &s)], width, s.size * 1.4, t.leading);
        b.close(e);
    }

    let heading = t.label(t.size * 0.95);
    b.after_space(t.leading * 1.3);
    let e = b.open(Role::H(2));
    b.left_lines(
        &[piece(b.words.in_this_issue(), &heading)],
        width,
        t.leading * 1.2,
        0.0,
    );
    b.close(e);
    b.keep_with_next(1);
    let toc = b.open(Role::Toc);
    // Entries with a one-sentence blurb each, unless that would run the
    // contents past page 1; then without.
    let entries_from = b.chunks.len();
    let elems_from = b.elems.len();
    for blurbs in [true, false] {
        b.chunks.truncate(entries_from);
        b.elems.truncate(elems_from);
        for (n, article) in issue.articles().enumerate() {
            let start = starts.get(n).copied();
            let entry = b.open(Role::Toci);
            contents_entry(b, n, article, start, blurbs);
            b.close(entry);
        }
        let height: f64 = b.chunks.iter().map(|c| c.height + c.space_before).sum();
        if height <= t.bottom - t.top {
            break;
        }
    }
    b.close(toc);
    b.close(sect);
}

fn contents_entry(
    b: &mut Builder<'_>,
    n: usize,
    article: &crate::model::Article,
    start: Option<(usize, f64)>,
    blurbs: bool,
) {
    let t = b.theme;
    let width = b.width;
    let lead = article.is_lead;
    let first = b.chunks.len();

    let kind = t.label(t.size * 0.75);
    b.left_lines(
        &[piece(article.kind.clone(), &kind)],
        width,
        t.size * 1.25,
        t.leading * if n == 0 { 0.3 } else { 0.6 },
    );

    let title = t.style(
        Family::Serif,
        if lead {
            Weight::Semibold
        } else {
            Weight::Regular
        },
        false,
        t.size * if lead { 1.25 } else { 1.1 },
    );
    let number = start.map_or_else(|| "00".to_owned(), |(p, _)| (p + 1).to_string());
    let num_style = {
        let mut s = t.style(Family::Sans, Weight::Semibold, false, title.size * 0.9);
        s.color = t.ink;
        // Page numbers flush right line up digit under digit.
        s.tabular = true;
        s
    };
    let num_w = inline::measure(b.book, &number, &num_style);
    let reserve = 36.0;
    let leading = title.size * 1.25;
    let title_first = b.chunks.len();
    let title_pieces = [piece(article.title.clone(), &title)];
    let title_width = b.balanced_width(&title_pieces, width - reserve);
    b.left_lines(&title_pieces, title_width, leading, 1.0);
    // Dot leaders from the end of the title's last line to the number.
    let has_title = b.chunks.len() > title_first;
    if has_title && let Some(last) = b.chunks.last_mut() {
        let end = last
            .items
            .iter()
            .filter_map(|(at, it)| match it {
                FrameItem::Text(run) => Some(at.x + run.width()),
                _ => None,
            })
            .fold(0.0, f64::max);
        let base = last.baseline;
        // Leaders in one size on a page-wide grid, so dots line up.
        let mut dot_style = num_style.clone();
        dot_style.size = t.size;
        let dot = inline::single_line(b.book, &[piece(".", &dot_style)]);
        let step = t.size * 0.6;
        let mut x = ((end + step) / step).ceil() * step;
        let stop = width - num_w - step;
        while x + step <= stop {
            for (at, it) in &dot.items {
                if let FrameItem::Text(run) = it {
                    let mut run = run.clone();
                    run.color = t.leader;
                    last.items
                        .push((Point::new(x + at.x, base + at.y), FrameItem::Text(run)));
                }
            }
            x += step;
        }
        let num = inline::single_line(b.book, &[piece(number, &num_style)]);
        for (at, it) in num.items {
            last.items
                .push((Point::new(width - num_w + at.x, base + at.y), it));
        }
    }

    // What the piece says, in a sentence: the lead's dek, or the first
    // paragraph of a related item's summary.
    let blurb = if !blurbs {
        None
    } else if lead {
        article.dek.clone()
    } else {
        article.summary.as_ref().and_then(|md| {
            md.blocks.iter().find_map(|bl| match bl {
                crate::model::Block::Paragraph(i) => Some(crate::model::Inline::plain_text(i)),
                _ => None,
            })
        })
    };
    if let Some(blurb) = blurb.filter(|s| !s.trim().is_empty()) {
        let mut s = t.style(Family::Serif, Weight::Regular, false, t.size * 0.88);
        s.color = t.grey;
        b.left_lines(&[piece(blurb, &s)], width - reserve, s.size * 1.3, 1.0);
    }

    let mut meta = t.style(Family::Sans, Weight::Regular, true, t.size * 0.82);
    meta.color = t.grey;
    let mut bits = Vec::new();
    if let Some(outlet) = &article.outlet {
        bits.push(outlet.clone());
    }
    if let Some(byline) = b.words.byline(&article.authors) {
        bits.push(byline);
    }
    if !bits.is_empty() {
        b.left_lines(
            &[piece(bits.join("  ·  "), &meta)],
            width - reserve,
            meta.size * 1.35,
            0.0,
        );
    }
    // The whole entry is one link area to the article's first page.
    let total: f64 = b.chunks[first..].iter().map(|c| c.height).sum::<f64>();
    for c in b.chunks.iter_mut().skip(first + 1) {
        c.keep_with_prev = true;
    }
    let entry = b.current();
    if let Some((page, y)) = start
        && let Some(c) = b.chunks.get_mut(first)
    {
        c.items.push((
            Point::new(0.0, 0.0),
            FrameItem::Link {
                size: Size::new(width, total),
                target: LinkTarget::Internal { page, y },
                tag: entry,
            },
        ));
    }
}
