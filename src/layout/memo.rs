//! Paragraphs set once per layout and reused: the masthead is set again
//! when the articles' page numbers are known, and only the numbers
//! change, so its titles, blurbs and bylines are set once (in a 60-item
//! issue the second setting was 2–3 ms on the path to the outputs).

use std::collections::HashMap;
use std::sync::Mutex;

use super::font::FontBook;
use super::inline::{self, Paragraph, ParagraphSpec, Piece};

/// Results by the text of their pieces, then by the pieces whole and the
/// rest of what they were made from (`K`).
type ByText<K, V> = Mutex<HashMap<String, Vec<(Vec<Piece>, K, V)>>>;

/// What was set: paragraphs by spec, balanced widths by measure (bits).
#[derive(Default)]
pub(crate) struct Memo {
    paragraphs: ByText<ParagraphSpec, Paragraph>,
    widths: ByText<u64, f64>,
}

/// The result for `pieces` and `key` in `table`, made by `make` the first
/// time. (A cache: a poisoned lock is taken over.)
fn recall<K: PartialEq, V: Clone>(
    table: &ByText<K, V>,
    pieces: &[Piece],
    key: K,
    make: impl FnOnce() -> V,
) -> V {
    let mut text = String::new();
    for p in pieces {
        match p {
            Piece::Text { text: t, .. } => text.push_str(t),
            Piece::LineBreak => text.push('\n'),
        }
        text.push('\u{0}');
    }
    let lock = || table.lock().unwrap_or_else(|e| e.into_inner());
    let found = lock().get(&text).and_then(|v| {
        v.iter()
            .find(|(p, k, _)| p.as_slice() == pieces && *k == key)
            .map(|(_, _, value)| value.clone())
    });
    if let Some(value) = found {
        return value;
    }
    let value = make();
    lock()
        .entry(text)
        .or_default()
        .push((pieces.to_vec(), key, value.clone()));
    value
}

impl Memo {
    /// `inline::layout_paragraph`, once per pieces and spec.
    pub fn paragraph(&self, book: &FontBook, pieces: &[Piece], spec: &ParagraphSpec) -> Paragraph {
        recall(&self.paragraphs, pieces, spec.clone(), || {
            inline::layout_paragraph(book, pieces, spec)
        })
    }

    /// `compute()`, the balanced width of `pieces` in `width`, once per
    /// pieces and width.
    pub fn width(&self, pieces: &[Piece], width: f64, compute: impl FnOnce() -> f64) -> f64 {
        recall(&self.widths, pieces, width.to_bits(), compute)
    }
}
