//! Paragraphs set once per layout and reused: the masthead is set again
//! when the articles' page numbers are known, and only the numbers
//! change, so its titles, blurbs and bylines are set once (in a 60-item
//! issue the second setting was 2–3 ms on the path to the outputs).

use std::collections::HashMap;
use std::sync::Mutex;

use super::font::FontBook;
use super::inline::{self, Paragraph, ParagraphSpec, Piece};

/// Entries by the text of their pieces (then compared whole).
type ByText<T> = Mutex<HashMap<String, Vec<(Vec<Piece>, T)>>>;

/// What was set: paragraphs by spec, balanced widths by measure (bits).
#[derive(Default)]
pub(crate) struct Memo {
    paragraphs: ByText<(ParagraphSpec, Paragraph)>,
    widths: ByText<(u64, f64)>,
}

/// The guard of `m`, also after a panic elsewhere (the data is a cache).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The pieces' text, as the memo's first key.
fn key(pieces: &[Piece]) -> String {
    let mut k = String::new();
    for p in pieces {
        match p {
            Piece::Text { text, .. } => k.push_str(text),
            Piece::LineBreak => k.push('\n'),
        }
        k.push('\u{0}');
    }
    k
}

impl Memo {
    /// `inline::layout_paragraph`, once per pieces and spec.
    pub fn paragraph(&self, book: &FontBook, pieces: &[Piece], spec: &ParagraphSpec) -> Paragraph {
        let k = key(pieces);
        let found = lock(&self.paragraphs).get(&k).and_then(|v| {
            v.iter()
                .find(|(p, (s, _))| p.as_slice() == pieces && s == spec)
                .map(|(_, (_, para))| para.clone())
        });
        if let Some(para) = found {
            return para;
        }
        let para = inline::layout_paragraph(book, pieces, spec);
        lock(&self.paragraphs)
            .entry(k)
            .or_default()
            .push((pieces.to_vec(), (spec.clone(), para.clone())));
        para
    }

    /// `compute(width)`, once per pieces and width.
    pub fn width(&self, pieces: &[Piece], width: f64, compute: impl FnOnce() -> f64) -> f64 {
        let k = key(pieces);
        let found = lock(&self.widths).get(&k).and_then(|v| {
            v.iter()
                .find(|(p, (w, _))| p.as_slice() == pieces && *w == width.to_bits())
                .map(|(_, (_, out))| *out)
        });
        if let Some(out) = found {
            return out;
        }
        let out = compute();
        lock(&self.widths)
            .entry(k)
            .or_default()
            .push((pieces.to_vec(), (width.to_bits(), out)));
        out
    }
}
