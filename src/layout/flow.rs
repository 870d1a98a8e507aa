//! Distributing chunks (lines, rows, figures) into columns and pages.
//!
//! Everything the article layout produces is a vertical sequence of
//! [`Chunk`]s. A chunk is never split; `keep_with_prev` forbids a break
//! before it (that is how paragraphs avoid widows and orphans, headings
//! keep two lines after them, table rows stay whole). When a chunk does not
//! fit, the paginator backs up to the latest allowed break in the current
//! column. Footnotes referenced by a chunk go to the foot of its page; what
//! does not fit continues on the next page.

use super::{FrameItem, Point};

/// One unbreakable piece of the flow. Item positions are relative to the
/// chunk's top-left corner at the column's left edge.
#[derive(Debug, Clone, Default)]
pub(crate) struct Chunk {
    pub height: f64,
    pub items: Vec<(Point, FrameItem)>,
    /// Space above, dropped at the top of a column.
    pub space_before: f64,
    /// No break allowed between the previous chunk and this one.
    pub keep_with_prev: bool,
    /// Start a new page (unless the page is still empty).
    pub page_break_before: bool,
    /// Footnotes referenced here (indices into the note list).
    pub notes: Vec<usize>,
    pub marks: Vec<Mark>,
    /// For paragraph lines: which paragraph and line, to check widows.
    pub line: Option<LineTag>,
    /// Number of columns this chunk was laid out for.
    pub cols: u8,
    /// A table header chunk to repeat when this row starts a column.
    pub repeat: Option<usize>,
    /// Baseline of the first line, from the chunk top (list markers).
    pub baseline: f64,
}

impl Chunk {
    pub fn new(height: f64, items: Vec<(Point, FrameItem)>) -> Self {
        Self {
            height,
            items,
            cols: 1,
            ..Self::default()
        }
    }
}

/// Something to remember the position of.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Mark {
    Outline {
        title: String,
        level: u8,
    },
    /// Article `n` (0 = lead) starts here.
    Article(usize),
}

/// Paragraph `para`, line `line` of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineTag {
    pub para: usize,
    pub line: usize,
    pub count: usize,
}

/// A footnote as lines (chunks of one line each).
#[derive(Debug, Clone, Default)]
pub(crate) struct Note {
    pub lines: Vec<Chunk>,
}

/// Where text goes on every page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Geometry {
    pub left: f64,
    pub width: f64,
    pub top: f64,
    pub bottom: f64,
    pub gutter: f64,
    /// Space between text and the footnote rule, and the rule's width.
    pub note_gap: f64,
    pub note_rule: f64,
    pub rule_color: super::Rgb,
}

/// One page as the paginator left it.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageOut {
    pub items: Vec<(Point, FrameItem)>,
    /// Marks with their position (y from the page top).
    pub marks: Vec<(Mark, Point)>,
    /// Paragraph lines per column, in order: `(column index, tag)`.
    pub lines: Vec<(usize, LineTag)>,
}

#[derive(Debug, Clone, Copy)]
struct Placed {
    chunk: usize,
    x: f64,
    y: f64,
    /// Column index on the page (counted over column sets).
    region: usize,
    repeated: bool,
}

#[derive(Default)]
struct PageState {
    placed: Vec<Placed>,
    /// Footnote lines carried over from the previous page: (note, line).
    carry: Vec<(usize, usize)>,
}

struct Cursor {
    cols: u8,
    col: u8,
    col_top: f64,
    y: f64,
    region: usize,
}

/// Lays `chunks` out on pages.
pub(crate) fn paginate(chunks: &[Chunk], notes: &[Note], geo: &Geometry) -> Vec<PageOut> {
    let mut pages: Vec<PageState> = vec![PageState::default()];
    let mut cur = Cursor {
        cols: 1,
        col: 0,
        col_top: geo.top,
        y: geo.top,
        region: 0,
    };
    let mut outs = Vec::new();
    let mut i = 0;
    let mut guard = 0usize;
    while i < chunks.len() {
        guard += 1;
        if guard > chunks.len() * 8 + 1000 {
            break; // defensive: never loop forever on impossible input
        }
        let chunk = &chunks[i];
        let page = pages.last_mut().expect("there is always a page");
        if chunk.page_break_before && !page.placed.is_empty() {
            new_page(&mut pages, &mut outs, &mut cur, chunks, notes, geo);
            continue;
        }
        let cols = chunk.cols.max(1);
        if cols != cur.cols {
            let page = pages.last().expect("page");
            let bottom = content_bottom(page, chunks, geo.top);
            cur.cols = cols;
            cur.col = 0;
            cur.col_top = if page.placed.is_empty() {
                geo.top
            } else {
                bottom + chunk.space_before
            };
            cur.y = cur.col_top;
            cur.region += 1;
        }
        let page = pages.last_mut().expect("page");
        let in_region: Vec<usize> = page
            .placed
            .iter()
            .filter(|p| p.region == cur.region && !p.repeated)
            .map(|p| p.chunk)
            .collect();
        // Table rows starting a column get their header repeated first.
        if in_region.is_empty()
            && let Some(h) = chunk.repeat
            && h != i
            && !page.placed.iter().any(|p| p.region == cur.region)
        {
            let x = col_x(geo, &cur);
            page.placed.push(Placed {
                chunk: h,
                x,
                y: cur.y,
                region: cur.region,
                repeated: true,
            });
            cur.y += chunks[h].height;
        }
        let at_top = in_region.is_empty();
        let space = if at_top { 0.0 } else { chunk.space_before };
        let limit = geo.bottom - notes_needed(page, chunks, notes, geo, Some(i));
        if cur.y + space + chunk.height <= limit + 0.01 || (at_top && region_empty(page, &cur)) {
            let x = col_x(geo, &cur);
            page.placed.push(Placed {
                chunk: i,
                x,
                y: cur.y + space,
                region: cur.region,
                repeated: false,
            });
            cur.y += space + chunk.height;
            i += 1;
            continue;
        }
        // Back up to the latest allowed break in this column.
        let first = in_region.first().copied().unwrap_or(i);

        let mut j = i;
        while j > first && chunks[j].keep_with_prev {
            j -= 1;
        }
        if j > first && j < i {
            page.placed
                .retain(|p| !(p.region == cur.region && p.chunk >= j && !p.repeated));
            i = j;
        }
        next_region(&mut pages, &mut outs, &mut cur, chunks, notes, geo);
    }
    // Flush remaining pages (including footnote carry-over).
    loop {
        let carry_left = finish_page(&mut pages, &mut outs, chunks, notes, geo);
        if carry_left.is_empty() {
            break;
        }
        pages.push(PageState {
            placed: Vec::new(),
            carry: carry_left,
        });
    }
    outs
}

fn region_empty(page: &PageState, cur: &Cursor) -> bool {
    !page
        .placed
        .iter()
        .any(|p| p.region == cur.region && !p.repeated)
}

fn col_width(geo: &Geometry, cols: u8) -> f64 {
    let n = f64::from(cols.max(1));
    (geo.width - geo.gutter * (n - 1.0)) / n
}

fn col_x(geo: &Geometry, cur: &Cursor) -> f64 {
    geo.left + f64::from(cur.col) * (col_width(geo, cur.cols) + geo.gutter)
}

fn content_bottom(page: &PageState, chunks: &[Chunk], top: f64) -> f64 {
    page.placed
        .iter()
        .map(|p| p.y + chunks[p.chunk].height)
        .fold(top, f64::max)
}

fn next_region(
    pages: &mut Vec<PageState>,
    outs: &mut Vec<PageOut>,
    cur: &mut Cursor,
    chunks: &[Chunk],
    notes: &[Note],
    geo: &Geometry,
) {
    if cur.col + 1 < cur.cols {
        cur.col += 1;
        cur.y = cur.col_top;
        cur.region += 1;
    } else {
        new_page(pages, outs, cur, chunks, notes, geo);
    }
}

fn new_page(
    pages: &mut Vec<PageState>,
    outs: &mut Vec<PageOut>,
    cur: &mut Cursor,
    chunks: &[Chunk],
    notes: &[Note],
    geo: &Geometry,
) {
    let carry = finish_page(pages, outs, chunks, notes, geo);
    pages.push(PageState {
        placed: Vec::new(),
        carry,
    });
    cur.col = 0;
    cur.col_top = geo.top;
    cur.y = geo.top;
    cur.region = 0;
}

/// Notes referenced by the chunks on a page (plus `extra`), in order.
fn page_notes(page: &PageState, chunks: &[Chunk], extra: Option<usize>) -> Vec<usize> {
    let mut ids: Vec<usize> = Vec::new();
    let placed = page.placed.iter().filter(|p| !p.repeated).map(|p| p.chunk);
    for c in placed.chain(extra) {
        for &n in &chunks[c].notes {
            if !ids.contains(&n) && !page.carry.iter().any(|&(cn, _)| cn == n) {
                ids.push(n);
            }
        }
    }
    ids
}

/// Height the footnote area must have: carried lines (at most a third of
/// the page), every note in full except the last, which needs one line.
fn notes_needed(
    page: &PageState,
    chunks: &[Chunk],
    notes: &[Note],
    geo: &Geometry,
    extra: Option<usize>,
) -> f64 {
    let ids = page_notes(page, chunks, extra);
    if ids.is_empty() && page.carry.is_empty() {
        return 0.0;
    }
    let line_h = |n: usize, l: usize| {
        notes
            .get(n)
            .and_then(|x| x.lines.get(l))
            .map_or(0.0, |c| c.height)
    };
    let carry: f64 = page.carry.iter().map(|&(n, l)| line_h(n, l)).sum();
    let mut h = carry.min((geo.bottom - geo.top) / 3.0);
    for (k, &n) in ids.iter().enumerate() {
        let full: f64 = notes
            .get(n)
            .map_or(0.0, |x| x.lines.iter().map(|c| c.height).sum());
        h += if k + 1 == ids.len() {
            line_h(n, 0)
        } else {
            full
        };
    }
    h + geo.note_gap
}

/// Turns the last page state into a [`PageOut`]; returns footnote lines
/// that did not fit.
fn finish_page(
    pages: &mut [PageState],
    outs: &mut Vec<PageOut>,
    chunks: &[Chunk],
    notes: &[Note],
    geo: &Geometry,
) -> Vec<(usize, usize)> {
    let page = pages.last().expect("page");
    let mut out = PageOut::default();
    for p in &page.placed {
        let chunk = &chunks[p.chunk];
        for (at, item) in &chunk.items {
            out.items
                .push((Point::new(p.x + at.x, p.y + at.y), item.clone()));
        }
        if !p.repeated {
            for mark in &chunk.marks {
                out.marks.push((mark.clone(), Point::new(p.x, p.y)));
            }
            if let Some(tag) = chunk.line {
                out.lines.push((p.region, tag));
            }
        }
    }
    // Footnote lines: carried first, then this page's notes.
    let mut lines: Vec<(usize, usize)> = page.carry.clone();
    for n in page_notes(page, chunks, None) {
        let count = notes.get(n).map_or(0, |x| x.lines.len());
        lines.extend((0..count).map(|l| (n, l)));
    }
    let mut carry = Vec::new();
    if !lines.is_empty() {
        let bottom = content_bottom(page, chunks, geo.top);
        let room = geo.bottom - bottom - geo.note_gap;
        let mut used = 0.0;
        let mut fit = 0;
        for &(n, l) in &lines {
            let h = notes[n].lines[l].height;
            if used + h > room + 0.01 && fit > 0 {
                break;
            }
            used += h;
            fit += 1;
        }
        let mut y = geo.bottom - used;
        // The separator: a short rule above the notes.
        out.items.push((
            Point::new(geo.left, y - geo.note_gap / 2.0),
            FrameItem::Rect {
                size: super::Size::new(geo.note_rule, 0.5),
                color: geo.rule_color,
            },
        ));
        for &(n, l) in &lines[..fit] {
            let line = &notes[n].lines[l];
            for (at, item) in &line.items {
                out.items
                    .push((Point::new(geo.left + at.x, y + at.y), item.clone()));
            }
            y += line.height;
        }
        carry = lines[fit..].to_vec();
    }
    outs.push(out);
    carry
}
