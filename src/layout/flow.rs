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
    /// Left out when it would start a column (separator rules).
    pub droppable: bool,
    /// May move past the text that follows to the top of the next column
    /// (figures), rather than leave a hole at the foot of this one.
    pub floating: bool,
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
}

/// Where a page's items come from.
#[derive(Debug, Clone, Copy)]
enum Source {
    /// Chunk `index` of the sequence, its top-left at `at`.
    Chunk {
        index: usize,
        at: Point,
    },
    /// The footnote separator rule.
    Rule(Point),
    NoteLine {
        note: usize,
        line: usize,
        at: Point,
    },
}

/// Moves the chunks' items onto the pages [`paginate`] placed them on
/// (a chunk set twice, a repeated table header, is copied). Moving, not
/// copying, every glyph of the packet was a sixth of the layout time.
pub(crate) fn materialize(
    pages: &mut [PageOut],
    chunks: Vec<Chunk>,
    mut notes: Vec<Note>,
    geo: &Geometry,
) {
    let mut items: Vec<Vec<(Point, FrameItem)>> = chunks.into_iter().map(|c| c.items).collect();
    let mut uses = vec![0u32; items.len()];
    for page in pages.iter() {
        for source in &page.sources {
            if let Source::Chunk { index, .. } = source
                && let Some(n) = uses.get_mut(*index)
            {
                *n += 1;
            }
        }
    }
    for page in pages.iter_mut() {
        for source in std::mem::take(&mut page.sources) {
            let (from, origin) = match source {
                Source::Chunk { index, at } => {
                    let (Some(n), Some(list)) = (uses.get_mut(index), items.get_mut(index)) else {
                        continue;
                    };
                    *n -= 1;
                    let list = if *n == 0 {
                        std::mem::take(list)
                    } else {
                        list.clone()
                    };
                    (list, at)
                }
                Source::Rule(at) => {
                    page.items.push((
                        at,
                        FrameItem::Rect {
                            size: super::Size::new(geo.note_rule, 0.5),
                            color: geo.rule_color,
                        },
                    ));
                    continue;
                }
                Source::NoteLine { note, line, at } => {
                    let Some(chunk) = notes.get_mut(note).and_then(|n| n.lines.get_mut(line))
                    else {
                        continue;
                    };
                    (std::mem::take(&mut chunk.items), at)
                }
            };
            page.items.extend(
                from.into_iter()
                    .map(|(at, item)| (Point::new(origin.x + at.x, origin.y + at.y), item)),
            );
        }
    }
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

/// The state of the page after `pages`' last one.
fn next_state(pages: &[PageState], chunks: &Seq<'_>, carry: Vec<(usize, usize)>) -> PageState {
    let prev = pages.last().expect("page");
    let mut printed = prev.printed.clone();
    printed.extend(page_notes(prev, chunks, None));
    PageState {
        placed: Vec::new(),
        carry,
        printed,
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

/// Lays `chunks` out on pages: where each chunk and footnote line goes,
/// with marks and line tags. [`materialize`] then moves the items there.
pub(crate) fn paginate(chunks: &Seq<'_>, notes: &[Note], geo: &Geometry) -> Vec<PageOut> {
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
    // Figures waiting for the top of the next column.
    let mut deferred: Vec<usize> = Vec::new();
    while i < chunks.len() || !deferred.is_empty() {
        guard += 1;
        if guard > chunks.len() * 8 + 1000 {
            break; // defensive: never loop forever on impossible input
        }
        let page = pages.last_mut().expect("there is always a page");
        let region_fresh = !page.placed.iter().any(|p| p.region == cur.region);
        if !deferred.is_empty() && (region_fresh || i >= chunks.len()) {
            if !region_fresh {
                next_region(&mut pages, &mut outs, &mut cur, chunks, notes, geo);
                continue;
            }
            // Deferred figures open the column, as many as fit.
            let x = col_x(geo, &cur);
            let mut placed_any = false;
            deferred.retain(|&f| {
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
            continue;
        }
        let chunk = &chunks[i];
        if chunk.page_break_before && !page.placed.is_empty() {
            balance(page, chunks, geo, &mut cur);
            new_page(&mut pages, &mut outs, &mut cur, chunks, notes, geo);
            continue;
        }
        let cols = chunk.cols.max(1);
        if cols != cur.cols {
            balance(pages.last_mut().expect("page"), chunks, geo, &mut cur);
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
            .filter(|p| p.region == cur.region && !p.repeated && !p.floated)
            .map(|p| p.chunk)
            .collect();
        // Table rows starting a column get their header repeated first.
        if in_region.is_empty()
            && let Some(h) = chunks.repeat(i)
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
                floated: false,
            });
            cur.y += chunks[h].height;
        }
        let at_top = in_region.is_empty();
        // Separators vanish at the top of a page or column, but not where a
        // new column set starts mid-page (there they still separate).
        let column_top = cur.col > 0 || cur.col_top <= geo.top + 0.01;
        if at_top && column_top && chunk.droppable {
            i += 1;
            continue;
        }
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
                floated: false,
            });
            cur.y += space + chunk.height;
            i += 1;
            continue;
        }
        // A figure that does not fit waits for the next column while the
        // text after it fills this one.
        if chunk.floating && !at_top && deferred.len() < 3 {
            deferred.push(i);
            i += 1;
            continue;
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
            page.placed
                .retain(|p| p.region != cur.region || p.chunk < j || p.repeated || p.floated);
            // Figures deferred from what is taken back come again in order.
            deferred.retain(|&d| d < j);
            i = j;
        }
        next_region(&mut pages, &mut outs, &mut cur, chunks, notes, geo);
    }
    balance(pages.last_mut().expect("page"), chunks, geo, &mut cur);
    // Flush remaining pages (including footnote carry-over).
    loop {
        let carry_left = finish_page(&mut pages, &mut outs, chunks, notes, geo);
        if carry_left.is_empty() {
            break;
        }
        let next = next_state(&pages, chunks, carry_left);
        pages.push(next);
    }
    outs
}

/// Balances the columns of the column set the cursor is in, where a
/// multi-column run ends on this page: its chunks are split, at an allowed
/// break, so that the taller column is as short as possible (the left one
/// taking the extra line). Sets with repeated table headers or floated
/// figures are left as they are.
fn balance(page: &mut PageState, chunks: &Seq<'_>, geo: &Geometry, cur: &mut Cursor) {
    if cur.cols != 2 {
        return;
    }
    let first_region = cur.region - usize::from(cur.col);
    let in_set = |p: &Placed| p.region >= first_region && p.region <= cur.region;
    if page
        .placed
        .iter()
        .any(|p| in_set(p) && (p.repeated || p.floated))
    {
        return;
    }
    let set = page.placed.iter().filter(|p| in_set(p)).map(|p| p.chunk);
    let (Some(lo), Some(hi)) = (set.clone().min(), set.max()) else {
        return;
    };
    // Where the set starts mid-page its first separator stays.
    let mid_page = cur.col_top > geo.top + 0.01;
    // The whole run, with the separators dropped at column tops.
    let ids: Vec<usize> = (lo..=hi).collect();
    if ids.len() < 2 {
        return;
    }
    // Height of ids[from..to] set as one column (space and separators
    // dropped at its top).
    let column = |from: usize, to: usize| -> (f64, Vec<(usize, f64)>) {
        let mut y = 0.0;
        let mut at = Vec::new();
        for &c in &ids[from..to] {
            let top = at.is_empty();
            if top && chunks[c].droppable && (from > 0 || !mid_page) {
                continue;
            }
            let space = if top { 0.0 } else { chunks[c].space_before };
            at.push((c, y + space));
            y += space + chunks[c].height;
        }
        (y, at)
    };
    let mut best: Option<(f64, usize)> = None;
    for j in 1..ids.len() {
        if chunks[ids[j]].keep_with_prev {
            continue;
        }
        let (h1, _) = column(0, j);
        let (h2, _) = column(j, ids.len());
        // The left column may be longer, never shorter.
        let mut cost = h1.max(h2) + if h2 > h1 + 0.01 { 0.5 } else { 0.0 };
        // Starting the right column with a new article (its separator
        // dropped) is worth a few lines of imbalance.
        if chunks[ids[j]].droppable {
            cost -= chunks[ids[j]].height * 2.0;
        }
        if best.is_none_or(|(c, _)| cost < c - 0.01) {
            best = Some((cost, j));
        }
    }
    let Some((_, j)) = best else { return };
    let (_, left) = column(0, j);
    let (h2, right) = column(j, ids.len());
    page.placed.retain(|p| !in_set(p));
    let w = col_width(geo, 2) + geo.gutter;
    for (k, col) in [left, right].into_iter().enumerate() {
        for (chunk, y) in col {
            page.placed.push(Placed {
                chunk,
                x: geo.left + w * k as f64,
                y: cur.col_top + y,
                region: first_region + k,
                repeated: false,
                floated: false,
            });
        }
    }
    cur.col = 1;
    cur.region = first_region + 1;
    cur.y = cur.col_top + h2;
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

fn next_region(
    pages: &mut Vec<PageState>,
    outs: &mut Vec<PageOut>,
    cur: &mut Cursor,
    chunks: &Seq<'_>,
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
    chunks: &Seq<'_>,
    notes: &[Note],
    geo: &Geometry,
) {
    let carry = finish_page(pages, outs, chunks, notes, geo);
    let next = next_state(pages, chunks, carry);
    pages.push(next);
    cur.col = 0;
    cur.col_top = geo.top;
    cur.y = geo.top;
    cur.region = 0;
}

/// Notes referenced by the chunks on a page (plus `extra`), in order.
fn page_notes(page: &PageState, chunks: &Seq<'_>, extra: Option<usize>) -> Vec<usize> {
    let mut ids: Vec<usize> = Vec::new();
    let placed = page.placed.iter().filter(|p| !p.repeated).map(|p| p.chunk);
    for c in placed.chain(extra) {
        for &n in &chunks[c].notes {
            if !ids.contains(&n)
                && !page.carry.iter().any(|&(cn, _)| cn == n)
                && !page.printed.contains(&n)
            {
                ids.push(n);
            }
        }
    }
    ids
}

/// Height the footnote area must have: carried lines (at most a third of
/// the page), every note in full except a long last one, which needs two
/// lines.
fn notes_needed(
    page: &PageState,
    chunks: &Seq<'_>,
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
        // The newest note may run on to the next page, but a short one
        // (three lines or fewer) is not split, and a long one leaves two.
        let count = notes.get(n).map_or(0, |x| x.lines.len());
        h += if k + 1 == ids.len() && count > 3 {
            line_h(n, 0) + line_h(n, 1)
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
    chunks: &Seq<'_>,
    notes: &[Note],
    geo: &Geometry,
) -> Vec<(usize, usize)> {
    let page = pages.last().expect("page");
    let mut out = PageOut::default();
    for p in &page.placed {
        let chunk = &chunks[p.chunk];
        out.sources.push(Source::Chunk {
            index: p.chunk,
            at: Point::new(p.x, p.y),
        });
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
        out.sources
            .push(Source::Rule(Point::new(geo.left, y - geo.note_gap / 2.0)));
        for &(n, l) in &lines[..fit] {
            if l == 0 {
                out.marks.push((Mark::Note(n), Point::new(geo.left, y)));
            }
            out.sources.push(Source::NoteLine {
                note: n,
                line: l,
                at: Point::new(geo.left, y),
            });
            y += notes[n].lines[l].height;
        }
        carry = lines[fit..].to_vec();
    }
    outs.push(out);
    carry
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Paginates and materializes copies (the tests reuse their chunks).
    fn paginate(chunks: &Seq<'_>, notes: &[Note], geo: &Geometry, _items: bool) -> Vec<PageOut> {
        let mut pages = super::paginate(chunks, notes, geo);
        let all = chunks.head.iter().chain(chunks.body).cloned().collect();
        materialize(&mut pages, all, notes.to_vec(), geo);
        pages
    }

    fn geo() -> Geometry {
        Geometry {
            left: 50.0,
            width: 400.0,
            top: 50.0,
            bottom: 250.0,
            gutter: 10.0,
            note_gap: 10.0,
            note_rule: 50.0,
            rule_color: super::super::Rgb::BLACK,
        }
    }

    /// A paragraph of `n` 10-point lines with the usual keeps.
    fn para(id: usize, n: usize) -> Vec<Chunk> {
        (0..n)
            .map(|k| {
                let mut c = Chunk::new(10.0, Vec::new());
                c.keep_with_prev = k > 0 && (k == 1 || k + 1 >= n);
                c.line = Some(LineTag {
                    para: id,
                    line: k,
                    count: n,
                });
                c
            })
            .collect()
    }

    fn lines_per_page(pages: &[PageOut]) -> Vec<usize> {
        pages.iter().map(|p| p.lines.len()).collect()
    }

    #[test]
    fn no_orphan_or_widow_at_a_break() {
        // 19 lines fit (20 minus the rounding); a 21-line paragraph would
        // leave one line over: the break moves up so two lines go over.
        let chunks = para(0, 21);
        let pages = paginate(
            &Seq {
                head: &[],
                body: &chunks,
            },
            &[],
            &geo(),
            true,
        );
        assert_eq!(lines_per_page(&pages), vec![19, 2]);
        // A paragraph starting with one line of room moves whole.
        let mut chunks = para(0, 19);
        chunks.extend(para(1, 5));
        let pages = paginate(
            &Seq {
                head: &[],
                body: &chunks,
            },
            &[],
            &geo(),
            true,
        );
        assert_eq!(lines_per_page(&pages), vec![19, 5]);
    }

    #[test]
    fn footnotes_go_to_the_foot_and_continue_when_too_long() {
        let mut chunks = para(0, 4);
        chunks[1].notes = vec![0];
        // A 25-line note cannot fit on one page with the text.
        let note = Note {
            lines: (0..25)
                .map(|_| {
                    Chunk::new(
                        10.0,
                        vec![(
                            Point::new(0.0, 8.0),
                            FrameItem::Rect {
                                size: super::super::Size::new(5.0, 1.0),
                                color: super::super::Rgb::BLACK,
                            },
                        )],
                    )
                })
                .collect(),
        };
        let pages = paginate(
            &Seq {
                head: &[],
                body: &chunks,
            },
            &[note],
            &geo(),
            true,
        );
        assert!(pages.len() >= 2, "note continues on a next page");
        assert_eq!(pages[0].lines.len(), 4, "text stays on page 1");
        // Rule + note lines on page 1 sit below the text, inside the area.
        let note_items = pages[0].items.len();
        assert!(note_items > 5, "{note_items}");
        let total: usize = pages.iter().map(|p| p.items.len()).sum();
        assert_eq!(
            total,
            25 + pages.len(),
            "every note line once, one rule per page"
        );
        for page in &pages {
            for (at, _) in &page.items {
                assert!(at.y <= 250.0 + 0.01 && at.y >= 50.0 - 10.0, "{at:?}");
            }
        }
    }

    #[test]
    fn table_header_repeats_on_a_new_page() {
        let mut header = Chunk::new(20.0, Vec::new());
        header.marks.push(Mark::Article(0));
        let mut chunks = vec![header];
        for _ in 0..15 {
            let mut row = Chunk::new(
                20.0,
                vec![(
                    Point::new(0.0, 0.0),
                    FrameItem::Rect {
                        size: super::super::Size::new(1.0, 1.0),
                        color: super::super::Rgb::BLACK,
                    },
                )],
            );
            row.repeat = Some(0);
            chunks.push(row);
        }
        let pages = paginate(
            &Seq {
                head: &[],
                body: &chunks,
            },
            &[],
            &geo(),
            true,
        );
        assert_eq!(pages.len(), 2);
        // The header's mark is not repeated, but its place is: page 2
        // starts with the header height before the first row.
        assert_eq!(pages[1].marks.len(), 0);
        let first_row_y = pages[1]
            .items
            .iter()
            .map(|(at, _)| at.y)
            .fold(f64::MAX, f64::min);
        assert!((first_row_y - 70.0).abs() < 1e-6, "{first_row_y}");
    }

    #[test]
    fn separator_rules_are_dropped_at_the_top_of_a_page() {
        let rule = || {
            let mut c = Chunk::new(
                10.0,
                vec![(
                    Point::new(0.0, 5.0),
                    FrameItem::Rect {
                        size: super::super::Size::new(50.0, 1.0),
                        color: super::super::Rgb::BLACK,
                    },
                )],
            );
            c.droppable = true;
            c
        };
        let mut chunks = para(0, 20);
        chunks.push(rule());
        chunks.extend(para(1, 4));
        let pages = paginate(
            &Seq {
                head: &[],
                body: &chunks,
            },
            &[],
            &geo(),
            true,
        );
        assert_eq!(pages.len(), 2);
        assert!(pages[1].items.is_empty(), "no rule on top of page 2");
        assert_eq!(pages[1].lines.len(), 4);
    }

    #[test]
    fn a_figure_that_does_not_fit_floats_to_the_next_page() {
        let mut chunks = para(0, 15);
        let mut figure = Chunk::new(
            80.0,
            vec![(
                Point::new(0.0, 0.0),
                FrameItem::Rect {
                    size: super::super::Size::new(5.0, 80.0),
                    color: super::super::Rgb::BLACK,
                },
            )],
        );
        figure.floating = true;
        chunks.push(figure);
        chunks.extend(para(1, 6));
        let pages = paginate(
            &Seq {
                head: &[],
                body: &chunks,
            },
            &[],
            &geo(),
            true,
        );
        assert_eq!(pages.len(), 2);
        // Page 1: 15 lines + 4 lines of the next paragraph fill the hole;
        // page 2 opens with the figure, then the last 2 lines.
        assert_eq!(lines_per_page(&pages), vec![19, 2]);
        let fig_y = pages[1]
            .items
            .iter()
            .map(|(at, _)| at.y)
            .fold(f64::MAX, f64::min);
        assert!((fig_y - 50.0).abs() < 1e-6, "{fig_y}");
    }

    #[test]
    fn a_kept_group_starting_mid_page_moves_whole() {
        // 15 lines, then a label kept with a 6-line paragraph: 21 lines in
        // a 20-line page. The group moves; the label is not left behind.
        let mut chunks = para(0, 30);
        let mut label = Chunk::new(10.0, Vec::new());
        label.cols = 1;
        chunks.push(label);
        let mut rest = para(1, 6);
        for c in &mut rest {
            c.keep_with_prev = true;
        }
        chunks.extend(rest);
        // Two columns first (balanced: 15 rows), so the label's column
        // set starts mid-page.
        for c in &mut chunks[..30] {
            c.cols = 2;
        }
        let pages = paginate(
            &Seq {
                head: &[],
                body: &chunks,
            },
            &[],
            &geo(),
            true,
        );
        assert_eq!(lines_per_page(&pages), vec![30, 6]);
    }

    #[test]
    fn a_two_column_run_ends_balanced() {
        // 11 lines in two columns, then one-column text: 6 + 5, and the
        // text after starts under the longer column, not under 11 lines.
        let mut chunks = para(0, 11);
        for c in &mut chunks {
            c.cols = 2;
        }
        let mut after = para(1, 3);
        after[0].items.push((
            Point::new(0.0, 0.0),
            FrameItem::Rect {
                size: crate::layout::Size::new(1.0, 1.0),
                color: super::super::Rgb::BLACK,
            },
        ));
        chunks.extend(after);
        let pages = paginate(
            &Seq {
                head: &[],
                body: &chunks,
            },
            &[],
            &geo(),
            true,
        );
        assert_eq!(pages.len(), 1);
        let count = |region: usize| {
            pages[0]
                .lines
                .iter()
                .filter(|(r, t)| *r == region && t.para == 0)
                .count()
        };
        // Region 0 is the empty one-column start of the page.
        assert_eq!((count(1), count(2)), (6, 5));
        let (at, _) = &pages[0].items[0];
        assert!((at.y - (50.0 + 60.0)).abs() < 1e-6, "{}", at.y);
    }

    #[test]
    fn a_note_referenced_on_two_pages_is_printed_once() {
        let mut chunks = para(0, 2);
        chunks[0].notes = vec![0];
        let mut later = para(1, 2);
        later[0].page_break_before = true;
        later[0].notes = vec![0];
        chunks.extend(later);
        let notes = vec![Note {
            lines: vec![Chunk::new(8.0, Vec::new())],
        }];
        let pages = paginate(
            &Seq {
                head: &[],
                body: &chunks,
            },
            &notes,
            &geo(),
            true,
        );
        assert_eq!(pages.len(), 2);
        let set_on: Vec<usize> = (0..2)
            .filter(|&p| pages[p].marks.iter().any(|(m, _)| *m == Mark::Note(0)))
            .collect();
        assert_eq!(
            set_on,
            vec![0],
            "printed on its first reference's page only"
        );
    }
}
