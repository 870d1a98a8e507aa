//! Footnotes as lines for the foot of the page: "n  text", smaller, set
//! to the full measure; `flow` decides where they go.

use super::blocks::{self, Builder};
use super::flow::{Chunk, Note};
use super::{font, inline, pieces};

/// One footnote as lines: "n  text", smaller, full measure.
pub(crate) fn note_lines(
    b: &mut Builder<'_>,
    number: usize,
    blocks: &[crate::model::Block],
) -> Note {
    use inline::Piece;
    let t = b.theme;
    let mut style = t.body();
    style.size = t.size * t.note_scale;
    let mut num = style.clone();
    num.family = font::Family::Sans;
    num.weight = font::Weight::Semibold;
    num.color = t.accent;
    // The en space is set in the serif (the sans lacks it), so it never
    // stretches like a word space nor pulls in a fallback face.
    let mut pieces = vec![
        Piece::Text {
            text: number.to_string(),
            style: num,
        },
        Piece::Text {
            text: "\u{2002}".to_owned(),
            style: style.clone(),
        },
    ];
    let inl = b.inlines();
    for (k, block) in blocks.iter().enumerate() {
        if k > 0 {
            pieces.push(Piece::LineBreak);
        }
        match block {
            crate::model::Block::Paragraph(inlines) => pieces.extend(inl.pieces(inlines, &style)),
            other => {
                let text = block_text(other);
                if !text.is_empty() {
                    pieces.push(Piece::Text {
                        text,
                        style: style.clone(),
                    });
                }
            }
        }
    }
    let leading = style.size * 1.3;
    // Notes are set apart from the main flow, then taken back out.
    let start = b.chunks.len();
    let saved = (b.cols, b.width);
    b.width = t.width;
    let note = b.open(super::Role::Note);
    b.lines(
        &pieces,
        &blocks::LineSet {
            align: inline::Align::Justify,
            ..blocks::LineSet::left(t.width, leading, 0.0)
        },
    );
    b.close(note);
    b.cols = saved.0;
    b.width = saved.1;
    let mut lines: Vec<Chunk> = b.chunks.drain(start..).collect();
    for l in &mut lines {
        l.keep_with_prev = false;
        l.space_before = 0.0;
        l.notes.clear();
    }
    Note { lines }
}

fn block_text(block: &crate::model::Block) -> String {
    use crate::model::{Block, Inline};
    match block {
        Block::Paragraph(i) | Block::Heading { content: i, .. } => Inline::plain_text(i),
        Block::Quote(b) => b.iter().map(block_text).collect::<Vec<_>>().join(" "),
        Block::List { items, .. } => items
            .iter()
            .flat_map(|i| i.blocks.iter().map(block_text))
            .collect::<Vec<_>>()
            .join(" "),
        Block::Code { text, .. } => text.clone(),
        Block::Html(h) => pieces::strip_tags(h),
        _ => String::new(),
    }
}
