//! Article headers (kind label, title, dek, byline, source line) and the
//! article endings (link to the original, closing links).

use super::blocks::Builder;
use super::flow::{Chunk, Mark};
use super::font::{Family, Weight};
use super::inline::{Piece, TextStyle};
use super::{FrameItem, LinkTarget, Point, Role, Size};
use crate::model::{Article, Link};

/// Ragged lines of even length (titles, deks): no lone last word.
fn balanced(b: &mut Builder<'_>, pieces: &[Piece], width: f64, leading: f64, space_before: f64) {
    let measure = b.balanced_width(pieces, width);
    b.left_lines(pieces, measure, leading, space_before);
}

fn piece(text: impl Into<String>, style: &TextStyle) -> Piece {
    Piece::Text {
        text: text.into(),
        style: style.clone(),
    }
}

/// Sets the header of article `n` (0 = lead). The whole header stays
/// together and with the first two lines of what follows.
pub(crate) fn article_header(b: &mut Builder<'_>, n: usize, article: &Article) {
    let t = b.theme;
    let lead = article.is_lead;
    let first = b.chunks.len();
    let width = b.width;
    let two_col = b.cols > 1;

    let label = t.label(t.size * 0.8);
    let e = b.open(Role::P);
    b.left_lines(
        &[piece(article.kind.clone(), &label)],
        width,
        t.size * 1.2,
        0.0,
    );
    b.close(e);

    let title_size = if lead {
        t.size * 2.3
    } else if two_col {
        t.size * 1.3
    } else {
        t.size * 1.55
    };
    let family = if lead {
        Family::SerifDisplay
    } else {
        Family::Serif
    };
    let title = t.style(family, Weight::Semibold, false, title_size);
    let e = b.open(Role::H(1));
    balanced(
        b,
        &[piece(article.title.clone(), &title)],
        width,
        title_size * 1.15,
        2.0,
    );
    b.close(e);

    if let Some(dek) = &article.dek {
        let mut s = t.style(Family::Serif, Weight::Regular, true, t.size * 1.2);
        s.color = t.grey;
        let e = b.open(Role::P);
        balanced(b, &[piece(dek.clone(), &s)], width, s.size * 1.3, 4.0);
        b.close(e);
    }

    let meta = {
        let mut s = t.style(Family::Sans, Weight::Regular, false, t.size * 0.86);
        s.color = t.grey;
        s
    };
    let mut meta_pieces = Vec::new();
    if let Some(byline) = b.words.byline(&article.authors) {
        let mut s = meta.clone();
        s.weight = Weight::Semibold;
        s.color = t.ink;
        meta_pieces.push(piece(byline, &s));
    }
    let mut rest = Vec::new();
    if !lead && let Some(outlet) = &article.outlet {
        rest.push(outlet.clone());
    }
    if let Some(date) = article.date {
        rest.push(b.words.date(date.0));
    }
    if !rest.is_empty() {
        let sep = if meta_pieces.is_empty() { "" } else { "  ·  " };
        meta_pieces.push(piece(format!("{sep}{}", rest.join("  ·  ")), &meta));
    }
    if !meta_pieces.is_empty() {
        let e = b.open(Role::P);
        b.left_lines(&meta_pieces, width, meta.size * 1.4, 5.0);
        b.close(e);
    }
    if lead && let Some(outlet) = &article.outlet {
        let mut pieces = vec![piece(b.words.first_published_in(), &meta)];
        let mut s = meta.clone();
        s.italic = true;
        match &article.url {
            Some(url) => pieces.push(piece(
                outlet.clone(),
                &t.linked(s, LinkTarget::Url(url.clone())),
            )),
            None => pieces.push(piece(outlet.clone(), &s)),
        }
        let e = b.open(Role::P);
        b.left_lines(&pieces, width, meta.size * 1.4, 0.0);
        b.close(e);
    }
    // A rule under the lead's header; space under every header.
    let gap = t.leading * if lead { 1.2 } else { 0.6 };
    let mut items = Vec::new();
    if lead {
        items.push((
            Point::new(0.0, gap * 0.45),
            FrameItem::Rect {
                size: Size::new(width, 0.6),
                color: t.grey,
            },
        ));
    }
    b.push(Chunk::new(gap, items));

    for c in b.chunks.iter_mut().skip(first + 1) {
        c.keep_with_prev = true;
    }
    if let Some(c) = b.chunks.get_mut(first) {
        c.marks.push(Mark::Article(n));
        c.marks.push(Mark::Outline {
            title: article.title.clone(),
            level: 0,
        });
    }
    b.keep_with_next(2);
    b.reset_indent();
}

/// A thin accent rule between flowing articles; kept with the header after it.
pub(crate) fn separator(b: &mut Builder<'_>) {
    let t = b.theme;
    let items = vec![(
        Point::new(0.0, t.leading * 0.6),
        FrameItem::Rect {
            size: Size::new(b.width.min(90.0), 1.6),
            color: t.accent,
        },
    )];
    let mut c = Chunk::new(t.leading * 1.5, items);
    c.space_before = t.leading * 0.8;
    c.droppable = true;
    b.push(c);
    b.keep_with_next(1);
}

/// "Read the original at OUTLET" with the URL as a link.
pub(crate) fn original_link(b: &mut Builder<'_>, article: &Article) {
    let t = b.theme;
    let Some(url) = &article.url else { return };
    let mut s = t.style(Family::Sans, Weight::Regular, false, t.size * 0.86);
    s.color = t.grey;
    let lead_in = format!(
        "{}{}",
        b.words.read_original(article.outlet.as_deref()),
        b.words.colon()
    );
    let link = t.linked(s.clone(), LinkTarget::Url(url.clone()));
    let pieces = vec![piece(lead_in, &s), piece(url.clone(), &link)];
    b.after_space(t.leading * 0.5);
    let e = b.open(Role::P);
    b.left_lines(&pieces, b.width, s.size * 1.4, 0.0);
    b.close(e);
    b.reset_indent();
}

/// The closing links, as a short list.
pub(crate) fn closing_links(b: &mut Builder<'_>, links: &[Link]) {
    let t = b.theme;
    if links.is_empty() {
        return;
    }
    let label = t.label(t.size * 0.8);
    let first = b.chunks.len();
    b.after_space(t.leading);
    let sect = b.open(Role::Sect);
    let e = b.open(Role::H(1));
    b.left_lines(
        &[piece(b.words.further_reading(), &label)],
        b.width,
        t.leading,
        0.0,
    );
    b.close(e);
    if let Some(c) = b.chunks.get_mut(first) {
        c.marks.push(Mark::Outline {
            title: b.words.further_reading().to_owned(),
            level: 0,
        });
    }
    b.keep_with_next(1);
    let list = b.open(Role::L);
    let body = t.body();
    let mut small = t.style(Family::Sans, Weight::Regular, false, t.size * 0.82);
    small.color = t.grey;
    for link in links {
        let target = LinkTarget::Url(link.url.clone());
        let pieces = vec![
            piece(link.label.clone(), &t.linked(body.clone(), target.clone())),
            Piece::LineBreak,
            piece(link.url.clone(), &t.linked(small.clone(), target)),
        ];
        let item = b.open(Role::LI);
        let para = b.open(Role::P);
        b.left_lines(&pieces, b.width, t.leading, t.leading * 0.35);
        b.close(para);
        b.close(item);
    }
    b.close(list);
    b.close(sect);
}
