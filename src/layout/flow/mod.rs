//! Distributing chunks (lines, rows, figures) into columns and pages.
//!
//! Everything the article layout produces is a vertical sequence of
//! [`Chunk`]s. A chunk is never split; `keep_with_prev` forbids a break
//! before it (that is how paragraphs avoid widows and orphans, headings
//! keep two lines after them, table rows stay whole). When a chunk does not
//! fit, the paginator backs up to the latest allowed break in the current
//! column. Footnotes referenced by a chunk go to the foot of its page; what
//! does not fit continues on the next page.

//!
//! Steps: `paginate` (here) places chunks; `balance` evens out the columns
//! where a multi-column run ends; `notes` sets the footnotes at each page's
//! foot and finishes the page; `materialize` moves the items into place.

mod balance;
mod materialize;
mod notes;
#[cfg(test)]
mod tests;

pub(crate) use materialize::materialize;

use super::{Anchor, FrameItem, Point};
use balance::balance;
use materialize::Source;
use notes::{finish_page, notes_needed, page_notes};

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
    /// The previous chunk is a line ending in a hyphen: footnote lines,
    /// which ignore keeps, still do not carry over after it.
    pub after_hyphen: bool,
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
    /// Left out when it would start a column (separator rules).
    pub droppable: bool,
    /// May move past the text that follows to the top of the next column
    /// (figures), rather than leave a hole at the foot of this one.
    pub floating: bool,
    /// Where in the text this is (the page map).
    pub anchor: Option<Anchor>,
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

impl Chunk {
    /// Cuts a chunk taller than `max` into bands (a table row longer than
    /// a page must break after all); items go to the band holding their
    /// position. Returns the chunk itself when it fits.
    pub fn split_tall(self, max: f64) -> Vec<Chunk> {
        if self.height <= max || max <= 0.0 {
            return vec![self];
        }
        let bands = (self.height / max).ceil() as usize;
        let mut out: Vec<Chunk> = (0..bands)
            .map(|k| {
                let h = if k + 1 == bands {
                    self.height - max * k as f64
                } else {
                    max
                };
                let mut c = Chunk::new(h, Vec::new());
                c.cols = self.cols;
                c.repeat = self.repeat;
                c.anchor = self.anchor;
                c
            })
            .collect();
        for (at, item) in self.items {
            let k = ((at.y / max).floor().max(0.0) as usize).min(bands - 1);
            out[k]
                .items
                .push((Point::new(at.x, at.y - max * k as f64), item));
        }
        out[0].space_before = self.space_before;
        out[0].keep_with_prev = self.keep_with_prev;
        out[0].page_break_before = self.page_break_before;
        out[0].notes = self.notes;
        out[0].marks = self.marks;
        out[0].baseline = self.baseline;
        out
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
    /// Footnote `n` (global index) is set here.
    Note(usize),
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
    /// What goes on the page, in drawing order ([`materialize`] turns
    /// these into `items`).
    sources: Vec<Source>,
    pub items: Vec<(Point, FrameItem)>,
    /// Marks with their position (y from the page top).
    pub marks: Vec<(Mark, Point)>,
    /// Paragraph lines per column, in order: `(column index, tag)`.
    pub lines: Vec<(usize, LineTag)>,
    /// Where in the text each chunk set here is, in reading order.
    pub anchors: Vec<Anchor>,
}

#[derive(Debug, Clone, Copy)]
struct Placed {
    chunk: usize,
    x: f64,
    y: f64,
    /// Column index on the page (counted over column sets).
    region: usize,
    repeated: bool,
    /// A figure placed out of order (see [`Chunk::floating`]).
    floated: bool,
}

#[derive(Default)]
struct PageState {
    placed: Vec<Placed>,
    /// Footnote lines carried over from the previous page: (note, line).
    carry: Vec<(usize, usize)>,
    /// Notes set on earlier pages: a note referenced again later is not
    /// printed twice (it stays on its first reference's page).
    printed: Vec<usize>,
}

impl PageState {
    /// The page after this one, starting with the footnote lines `carry`.
    fn next(&self, chunks: &Seq<'_>, carry: Vec<(usize, usize)>) -> PageState {
        let mut printed = self.printed.clone();
        printed.extend(page_notes(self, chunks, None));
        PageState {
            placed: Vec::new(),
            carry,
            printed,
        }
    }
}

struct Cursor {
    cols: u8,
    col: u8,
    col_top: f64,
    y: f64,
    region: usize,
}

/// The chunks to paginate: the masthead then the body, borrowed (the body
/// is built once and paginated in several passes).
pub(crate) struct Seq<'a> {
    pub head: &'a [Chunk],
    pub body: &'a [Chunk],
}

impl Seq<'_> {
    pub fn len(&self) -> usize {
        self.head.len() + self.body.len()
    }

    /// The header chunk row `i` repeats, as a global index.
    fn repeat(&self, i: usize) -> Option<usize> {
        let r = self[i].repeat?;
        Some(if i >= self.head.len() {
            r + self.head.len()
        } else {
            r
        })
    }
}

impl std::ops::Index<usize> for Seq<'_> {
    type Output = Chunk;

    fn index(&self, i: usize) -> &Chunk {
        match i.checked_sub(self.head.len()) {
            Some(b) => &self.body[b],
            None => &self.head[i],
        }
    }
}

/// Pagination stopped making progress: what could not be placed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stuck {
    /// Chunks never placed (of the sequence's `total`).
    pub left: usize,
    pub total: usize,
}

/// Lays `chunks` out on pages: where each chunk and footnote line goes,
/// with marks and line tags. [`materialize`] then moves the items there.
pub(crate) fn paginate(
    chunks: &Seq<'_>,
    notes: &[Note],
    geo: &Geometry,
) -> Result<Vec<PageOut>, Stuck> {
    let mut p = Paginator {
        chunks,
        notes,
        geo,
        page: PageState::default(),
        cur: Cursor {
            cols: 1,
            col: 0,
            col_top: geo.top,
            y: geo.top,
            region: 0,
        },
        outs: Vec::new(),
        next: 0,
        deferred: Vec::new(),
    };
    // Every step places a chunk, moves to a fresh column or page, or drops
    // a separator; a fresh region always takes a chunk. So this many steps
    // mean a bug, reported rather than looping forever.
    let limit = chunks.len() * 8 + 1000;
    let mut steps = 0usize;
    while p.next < chunks.len() || !p.deferred.is_empty() {
        steps += 1;
        if steps > limit {
            return Err(Stuck {
                left: chunks.len().saturating_sub(p.next) + p.deferred.len(),
                total: chunks.len(),
            });
        }
        p.step();
    }
    Ok(p.finish())
}

/// The pagination state: the page in hand, where the next chunk goes,
/// the figures waiting for a column top, and the pages finished so far
/// (typst's flow `Work`, with the page as a value rather than the tail of
/// a list).
struct Paginator<'a> {
    chunks: &'a Seq<'a>,
    notes: &'a [Note],
    geo: &'a Geometry,
    page: PageState,
    cur: Cursor,
    outs: Vec<PageOut>,
    /// The next chunk to place.
    next: usize,
    /// Figures waiting for the top of the next column.
    deferred: Vec<usize>,
}

impl Paginator<'_> {
    /// One move: place deferred figures or the next chunk, or start the
    /// next column or page.
    fn step(&mut self) {
        let (chunks, geo) = (self.chunks, self.geo);
        let region_fresh = !self.page.placed.iter().any(|p| p.region == self.cur.region);
        if !self.deferred.is_empty() && (region_fresh || self.next >= chunks.len()) {
            if region_fresh {
                self.place_deferred();
            } else {
                self.next_region();
            }
            return;
        }
        let i = self.next;
        let chunk = &chunks[i];
        if chunk.page_break_before && !self.page.placed.is_empty() {
            balance(&mut self.page, chunks, geo, &mut self.cur);
            self.new_page();
            return;
        }
        let cols = chunk.cols.max(1);
        if cols != self.cur.cols {
            self.start_columns(cols, chunk.space_before);
        }
        let (page, cur) = (&mut self.page, &mut self.cur);
        let in_region: Vec<usize> = page
            .placed
            .iter()
            .filter(|p| p.region == cur.region && !p.repeated && !p.floated)
            .map(|p| p.chunk)
            .collect();
        // Table rows starting a column get their header repeated first.
        if in_region.is_empty()
            && let Some(h) = chunks.repeat(i)
            && h != i
            && !page.placed.iter().any(|p| p.region == cur.region)
        {
            let x = col_x(geo, cur);
            page.placed.push(Placed {
                chunk: h,
                x,
                y: cur.y,
                region: cur.region,
                repeated: true,
                floated: false,
            });
            cur.y += chunks[h].height;
        }
        let at_top = in_region.is_empty();
        // Separators vanish at the top of a page or column, but not where a
        // new column set starts mid-page (there they still separate).
        let column_top = cur.col > 0 || cur.col_top <= geo.top + 0.01;
        if at_top && column_top && chunk.droppable {
            self.next += 1;
            return;
        }
        let space = if at_top { 0.0 } else { chunk.space_before };
        let limit = geo.bottom - notes_needed(page, chunks, self.notes, geo, Some(i));
        if cur.y + space + chunk.height <= limit + 0.01 || (at_top && region_empty(page, cur)) {
            let x = col_x(geo, cur);
            page.placed.push(Placed {
                chunk: i,
                x,
                y: cur.y + space,
                region: cur.region,
                repeated: false,
                floated: false,
            });
            cur.y += space + chunk.height;
            self.next += 1;
            return;
        }
        // A figure that does not fit waits for the next column while the
        // text after it fills this one.
        if chunk.floating && !at_top && self.deferred.len() < 3 {
            self.deferred.push(i);
            self.next += 1;
            return;
        }
        // Back up to the latest allowed break in this column.
        let first = in_region.first().copied().unwrap_or(i);
        let mut j = i;
        while j > first && chunks[j].keep_with_prev {
            j -= 1;
        }
        // Where a column set starts mid-page, the whole of it may move on
        // (the next column or page is fresh, so this always progresses).
        let mid_page = cur.col_top > geo.top + 0.01;
        if (j > first || mid_page) && j < i {
            let region = cur.region;
            page.placed
                .retain(|p| p.region != region || p.chunk < j || p.repeated || p.floated);
            // Figures deferred from what is taken back come again in order.
            self.deferred.retain(|&d| d < j);
            self.next = j;
        }
        self.next_region();
    }

    /// Deferred figures open the fresh column, as many as fit.
    fn place_deferred(&mut self) {
        let (chunks, geo) = (self.chunks, self.geo);
        let (page, cur) = (&mut self.page, &mut self.cur);
        let x = col_x(geo, cur);
        let mut placed_any = false;
        self.deferred.retain(|&f| {
            let h = chunks[f].height;
            if !placed_any || cur.y + h <= geo.bottom {
                page.placed.push(Placed {
                    chunk: f,
                    x,
                    y: cur.y,
                    region: cur.region,
                    repeated: false,
                    floated: true,
                });
                cur.y += h + chunks[f].space_before;
                placed_any = true;
                false
            } else {
                true
            }
        });
    }

    /// A run of `cols` columns starts: the one before is balanced, and
    /// the new set begins below what the page holds.
    fn start_columns(&mut self, cols: u8, space_before: f64) {
        balance(&mut self.page, self.chunks, self.geo, &mut self.cur);
        let bottom = content_bottom(&self.page, self.chunks, self.geo.top);
        let cur = &mut self.cur;
        cur.cols = cols;
        cur.col = 0;
        cur.col_top = if self.page.placed.is_empty() {
            self.geo.top
        } else {
            bottom + space_before
        };
        cur.y = cur.col_top;
        cur.region += 1;
    }

    fn next_region(&mut self) {
        let cur = &mut self.cur;
        if cur.col + 1 < cur.cols {
            cur.col += 1;
            cur.y = cur.col_top;
            cur.region += 1;
        } else {
            self.new_page();
        }
    }

    fn new_page(&mut self) {
        let carry = finish_page(
            &self.page,
            &mut self.outs,
            self.chunks,
            self.notes,
            self.geo,
        );
        self.page = self.page.next(self.chunks, carry);
        self.cur.col = 0;
        self.cur.col_top = self.geo.top;
        self.cur.y = self.geo.top;
        self.cur.region = 0;
    }

    /// Balances the last columns and flushes the last page and any
    /// footnote lines still carried over.
    fn finish(mut self) -> Vec<PageOut> {
        balance(&mut self.page, self.chunks, self.geo, &mut self.cur);
        loop {
            let carry = finish_page(
                &self.page,
                &mut self.outs,
                self.chunks,
                self.notes,
                self.geo,
            );
            if carry.is_empty() {
                break;
            }
            self.page = self.page.next(self.chunks, carry);
        }
        self.outs
    }
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

fn content_bottom(page: &PageState, chunks: &Seq<'_>, top: f64) -> f64 {
    page.placed
        .iter()
        .map(|p| p.y + chunks[p.chunk].height)
        .fold(top, f64::max)
}
