//! GFM tables: column widths from content, wrapping cells, one chunk per
//! row (rows never split), the header row repeated on each new page.
//!
//! A table wider than the column is never set past the margin. In turn:
//! a long token (a URL, a hash) no longer widens its column — the cell
//! breaks it anywhere, as the text engine does an overlong word; the
//! table's type shrinks, down to [`MIN_SIZE`]; then the columns are split
//! into successive table parts, each repeating the first column. A
//! degraded table is a warning naming it.

use super::blocks::{Builder, Ctx, tag_items};
use super::flow::Chunk;
use super::font::{Family, Weight};
use super::inline::{self, Align, ParagraphSpec, Piece};
use super::pieces::take_note_refs;
use super::{FrameItem, Point, Role, Size};
use crate::model::{Align as CellAlign, Inline};

const PAD_X: f64 = 5.0;
const PAD_Y: f64 = 3.5;
/// Smallest type a table shrinks to before its columns are split.
const MIN_SIZE: f64 = 6.5;
/// A word wider than this share of the measure sets no column's minimum:
/// it is broken inside its cell instead.
const LONG_WORD_SHARE: f64 = 0.25;

pub(crate) fn table(
    b: &mut Builder<'_>,
    align: &[CellAlign],
    head: &[Vec<Inline>],
    rows: &[Vec<Vec<Inline>>],
    ctx: &Ctx,
) {
    let t = b.theme;
    let ncols = rows
        .iter()
        .map(Vec::len)
        .chain([head.len()])
        .max()
        .unwrap_or(0);
    if ncols == 0 {
        return;
    }
    b.tables_seen += 1;
    let avail = b.width - ctx.indent;
    let base = t.size * 0.86;
    let mut set = Setting::new(b, head, rows, ncols, base, avail);
    let pad = 2.0 * PAD_X;
    let room = avail - pad * ncols as f64;
    let words: f64 = set.minimum.iter().sum();
    if words > room {
        // Widths grow with the type: the size at which the minimums fit.
        let fit = if room > 0.0 && words > 0.0 {
            base * room / words
        } else {
            MIN_SIZE
        };
        set = Setting::new(b, head, rows, ncols, fit.clamp(MIN_SIZE, base), avail);
    }
    let parts = split_columns(&set.minimum, pad, avail);
    if set.size < base - 1e-9 || parts.len() > 1 {
        let mut message = format!(
            "table {} in “{}” is too wide for the column: set at {:.1} pt instead of {:.1}",
            b.tables_seen, b.article, set.size, base
        );
        if parts.len() > 1 {
            message.push_str(&format!(
                ", in {} parts of its columns, the first column repeated in each",
                parts.len()
            ));
        }
        b.warnings.push(
            crate::diag::Diagnostic::warning(message)
                .hint("fewer or narrower columns print better (or put the data in a list)"),
        );
    }
    for cols in &parts {
        let pick = |cells: &[Vec<Piece>]| -> Vec<Vec<Piece>> {
            cols.iter().map(|&c| cells[c].clone()).collect()
        };
        let natural: Vec<f64> = cols.iter().map(|&c| set.natural[c]).collect();
        let minimum: Vec<f64> = cols.iter().map(|&c| set.minimum[c]).collect();
        let widths = column_widths(&natural, &minimum, avail);
        let part_align: Vec<CellAlign> = cols
            .iter()
            .map(|&c| align.get(c).copied().unwrap_or(CellAlign::None))
            .collect();
        let head_part = pick(&set.head);
        let rows_part: Vec<Vec<Vec<Piece>>> = set.rows.iter().map(|r| pick(r)).collect();
        let has_head = head.iter().any(|c| !c.is_empty());
        set_part(
            b,
            &Part {
                align: &part_align,
                head: has_head.then_some(head_part.as_slice()),
                rows: &rows_part,
                widths: &widths,
                size: set.size,
            },
            ctx,
        );
    }
}

/// A table's cells as pieces at one type size, and what its columns need.
struct Setting {
    size: f64,
    head: Vec<Vec<Piece>>,
    rows: Vec<Vec<Vec<Piece>>>,
    /// Widest cell set on one line, per column.
    natural: Vec<f64>,
    /// Widest word per column, long tokens capped (they break in the cell).
    minimum: Vec<f64>,
}

impl Setting {
    fn new(
        b: &Builder<'_>,
        head: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        ncols: usize,
        size: f64,
        avail: f64,
    ) -> Self {
        let t = b.theme;
        let body = {
            let mut s = t.style(Family::Sans, Weight::Regular, false, size);
            s.color = t.ink;
            // Figures of one width, so numbers line up down a column.
            s.tabular = true;
            s
        };
        let bold = {
            let mut s = body.clone();
            s.weight = Weight::Semibold;
            s
        };
        let inl = b.inlines();
        let cell_pieces = |cells: &[Vec<Inline>], style| -> Vec<Vec<Piece>> {
            (0..ncols)
                .map(|c| {
                    cells
                        .get(c)
                        .map_or_else(Vec::new, |cell| inl.pieces(cell, style))
                })
                .collect()
        };
        let head = cell_pieces(head, &bold);
        let rows: Vec<Vec<Vec<Piece>>> = rows.iter().map(|r| cell_pieces(r, &body)).collect();
        let cap = avail * LONG_WORD_SHARE;
        let mut natural = vec![0.0f64; ncols];
        let mut minimum = vec![0.0f64; ncols];
        for row in std::iter::once(&head).chain(&rows) {
            for (c, pieces) in row.iter().enumerate() {
                if pieces.is_empty() {
                    continue;
                }
                let line = inline::single_line(b.book, pieces);
                natural[c] = natural[c].max(line.width);
                for p in pieces {
                    if let Piece::Text { text, style } = p {
                        for word in text.split_whitespace() {
                            let w = inline::measure(b.book, word, style).min(cap);
                            minimum[c] = minimum[c].max(w);
                        }
                    }
                }
            }
        }
        Self {
            size,
            head,
            rows,
            natural,
            minimum,
        }
    }
}

/// Groups columns into parts that fit `avail` at their minimum widths;
/// every part after the first starts with column 0 again.
fn split_columns(minimum: &[f64], pad: f64, avail: f64) -> Vec<Vec<usize>> {
    let need = |c: usize| minimum[c] + pad;
    let mut parts = vec![vec![0]];
    let mut used = need(0);
    for c in 1..minimum.len() {
        let part = parts.last_mut().expect("parts start with one");
        if used + need(c) > avail + 1e-9 && part.len() > 1 {
            parts.push(vec![0, c]);
            used = need(0) + need(c);
        } else {
            part.push(c);
            used += need(c);
        }
    }
    parts
}

/// One part of a table: its columns' cells, widths and type size.
struct Part<'p> {
    align: &'p [CellAlign],
    head: Option<&'p [Vec<Piece>]>,
    rows: &'p [Vec<Vec<Piece>>],
    widths: &'p [f64],
    size: f64,
}

fn set_part(b: &mut Builder<'_>, part: &Part<'_>, ctx: &Ctx) {
    let t = b.theme;
    let (align, widths, size) = (part.align, part.widths, part.size);
    let leading = size * 1.3;

    let header_fill = t.table_head_fill;
    let aligns: Vec<Align> = (0..widths.len())
        .map(|c| match align.get(c) {
            Some(CellAlign::Center) => Align::Center,
            Some(CellAlign::Right) => Align::Right,
            _ => Align::Left,
        })
        .collect();
    let make_row = |b: &mut Builder<'_>, cells: &[Vec<Piece>], header: bool| -> Chunk {
        let mut items = Vec::new();
        let mut notes = Vec::new();
        let mut height: f64 = leading;
        let mut x = ctx.indent;
        let mut cell_items = Vec::new();
        let row = b.open(Role::TR);
        for (c, pieces) in cells.iter().enumerate() {
            let cell = b.open(if header { Role::TH } else { Role::TD });
            let from = cell_items.len();
            let w = widths[c];
            let spec = ParagraphSpec {
                width: (w - 2.0 * PAD_X).max(8.0),
                align: aligns[c],
                first_indent: 0.0,
                leading,
                hyphenate: false,
                lang: b.lang.clone(),
            };
            let para = inline::layout_paragraph(b.book, pieces, &spec);
            let mut y = PAD_Y;
            for line in para.lines {
                let base = y + leading * 0.74;
                let mut line_items: Vec<(Point, FrameItem)> = line
                    .items
                    .into_iter()
                    .map(|(at, it)| (Point::new(x + PAD_X + at.x, base + at.y), it))
                    .collect();
                notes.extend(take_note_refs(&mut line_items));
                cell_items.extend(line_items);
                y += leading;
            }
            tag_items(&mut cell_items[from..], b.current());
            b.close(cell);
            height = height.max(y + PAD_Y);
            x += w;
        }
        b.close(row);
        let total: f64 = widths.iter().sum();
        if header {
            items.push((
                Point::new(ctx.indent, 0.0),
                FrameItem::Rect {
                    size: Size::new(total, height),
                    color: header_fill,
                },
            ));
            items.push((
                Point::new(ctx.indent, height - 0.8),
                FrameItem::Rect {
                    size: Size::new(total, 0.8),
                    color: t.ink,
                },
            ));
        } else {
            items.push((
                Point::new(ctx.indent, height - 0.3),
                FrameItem::Rect {
                    size: Size::new(total, 0.3),
                    color: t.table_rule,
                },
            ));
        }
        items.extend(cell_items);
        let mut chunk = Chunk::new(height, items);
        notes.dedup();
        chunk.notes = notes;
        chunk
    };
    b.after_space(t.leading * 0.6);
    let table = b.open(Role::Table);
    let header_index = if let Some(head) = part.head {
        let mut chunk = make_row(b, head, true);
        chunk.items.insert(
            0,
            (
                Point::new(ctx.indent, 0.0),
                FrameItem::Rect {
                    size: Size::new(widths.iter().sum(), 1.0),
                    color: t.ink,
                },
            ),
        );
        b.push(chunk);
        Some(b.chunks.len() - 1)
    } else {
        None
    };
    // A row taller than most of a page is cut into bands (else it would
    // run off the page); every other row stays whole.
    let max = (t.bottom - t.top) * 0.8;
    let row_pieces = part.rows;
    for (r, cells) in row_pieces.iter().enumerate() {
        let mut chunk = make_row(b, cells, false);
        chunk.repeat = header_index;
        // The header never stands alone; neither does a last lone row.
        chunk.keep_with_prev = (r == 0 && header_index.is_some())
            || (r + 1 == row_pieces.len() && r > 0 && row_pieces.len() <= 3);
        for band in chunk.split_tall(max) {
            b.push(band);
        }
    }
    b.close(table);
    b.after_space(t.leading * 0.6);
}

/// Widths that fill `avail`: natural widths when they fit (spread out),
/// else minimum widths plus the rest shared by how much each column wants.
fn column_widths(natural: &[f64], minimum: &[f64], avail: f64) -> Vec<f64> {
    let pad = 2.0 * PAD_X;
    let nat: Vec<f64> = natural.iter().map(|w| w + pad).collect();
    let min: Vec<f64> = minimum.iter().map(|w| w + pad).collect();
    let nat_sum: f64 = nat.iter().sum();
    if nat_sum <= avail {
        let extra = (avail - nat_sum) / nat.len() as f64;
        return nat.iter().map(|w| w + extra).collect();
    }
    let min_sum: f64 = min.iter().sum();
    if min_sum >= avail {
        return min.iter().map(|w| w * avail / min_sum).collect();
    }
    let want: f64 = nat.iter().zip(&min).map(|(n, m)| n - m).sum();
    let rest = avail - min_sum;
    nat.iter()
        .zip(&min)
        .map(|(n, m)| {
            m + if want > 0.0 {
                (n - m) * rest / want
            } else {
                0.0
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{column_widths, split_columns};

    #[test]
    fn wide_tables_split_into_parts_repeating_the_first_column() {
        assert_eq!(
            split_columns(&[10.0, 10.0, 10.0], 0.0, 100.0),
            vec![vec![0, 1, 2]]
        );
        let parts = split_columns(&[20.0; 6], 0.0, 70.0);
        assert_eq!(parts, vec![vec![0, 1, 2], vec![0, 3, 4], vec![0, 5]]);
        // A first column too wide to share still gets one column per part.
        assert_eq!(
            split_columns(&[90.0, 20.0, 20.0], 0.0, 100.0),
            vec![vec![0, 1], vec![0, 2]]
        );
    }

    #[test]
    fn widths_fill_the_column() {
        let w = column_widths(&[50.0, 300.0], &[40.0, 60.0], 200.0);
        assert!((w.iter().sum::<f64>() - 200.0).abs() < 1e-6);
        assert!(w[0] >= 50.0 && w[1] > w[0]);
        let w = column_widths(&[20.0, 30.0], &[20.0, 30.0], 200.0);
        assert!((w.iter().sum::<f64>() - 200.0).abs() < 1e-6);
    }
}
