//! Glyph runs → text operators. Glyphs are drawn by subset glyph id with
//! their source text attached, so ToUnicode maps them back (a "fi"
//! ligature extracts as "fi"). Positions come from the frame; the TJ
//! offsets only correct printpdf's `/W` advances to the shaped advances.

use printpdf::{Codepoint, Op, PdfFontHandle, Pt, TextItem, TextMatrix};

use super::color;
use super::fonts::Embedded;
use crate::layout::{Point, TextRun};

/// Appends the operators drawing `run` with its baseline start at `at`
/// (top-left page coordinates) on a page `page_height` points tall.
/// Must be called between `StartTextSection` and `EndTextSection`.
pub(super) fn draw_run(
    ops: &mut Vec<Op>,
    run: &TextRun,
    at: Point,
    page_height: f64,
    font: &Embedded,
) {
    if run.glyphs.is_empty() || run.size <= 0.0 {
        return;
    }
    ops.push(Op::SetFont {
        font: PdfFontHandle::External(font.id.clone()),
        size: Pt(run.size as f32),
    });
    ops.push(Op::SetFillColor {
        col: color(run.color),
    });
    let baseline = page_height - at.y;
    let mut pen = at.x;
    let mut pending: Vec<Codepoint> = Vec::new();
    let mut start_pending = true;
    for glyph in &run.glyphs {
        let gid = font.subset.gid(glyph.id);
        let shifted = glyph.x_offset != 0.0 || glyph.y_offset != 0.0;
        if shifted || start_pending {
            flush(ops, &mut pending);
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(
                    Pt((pen + glyph.x_offset) as f32),
                    Pt((baseline + glyph.y_offset) as f32),
                ),
            });
        }
        // TJ numbers move the pen left by n/1000 em after the glyph.
        let natural = font.subset.width_milli(gid);
        let wanted = glyph.x_advance * 1000.0 / run.size;
        let offset = round3(natural - wanted);
        pending.push(Codepoint::with_cid(gid, offset as f32, glyph.text.clone()));
        pen += glyph.x_advance;
        // After a shifted glyph, re-anchor the next one on the baseline.
        start_pending = shifted;
    }
    flush(ops, &mut pending);
}

fn flush(ops: &mut Vec<Op>, pending: &mut Vec<Codepoint>) {
    if !pending.is_empty() {
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(std::mem::take(pending))],
        });
    }
}

/// Rounds to 1/1000 so tiny float noise does not reach the file.
fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}
