//! Pieces → one string with style spans.
//!
//! Explicit line breaks become U+2028 LINE SEPARATOR: UAX #14 makes it a
//! mandatory break, and unlike `\n` it does not split the text into
//! separate bidi paragraphs.

use std::ops::Range;

use super::{Piece, TextStyle};

pub(crate) const HARD_BREAK: char = '\u{2028}';

/// The paragraph's text and which style covers which bytes.
pub(crate) struct Collected<'a> {
    pub text: String,
    /// Style spans in text order; every byte is covered by one span.
    pub spans: Vec<(Range<usize>, &'a TextStyle)>,
}

pub(crate) fn collect(pieces: &[Piece]) -> Collected<'_> {
    let mut text = String::new();
    let mut spans: Vec<(Range<usize>, &TextStyle)> = Vec::new();
    let mut last_style: Option<&TextStyle> = None;
    for piece in pieces {
        match piece {
            Piece::Text { text: t, style } => {
                if t.is_empty() {
                    continue;
                }
                let start = text.len();
                // Newlines and tabs inside text are spaces (markdown soft breaks).
                text.extend(t.chars().map(|c| match c {
                    '\n' | '\r' | '\t' => ' ',
                    c => c,
                }));
                match spans.last_mut() {
                    Some((range, s)) if *s == style => range.end = text.len(),
                    _ => spans.push((start..text.len(), style)),
                }
                last_style = Some(style);
            }
            Piece::LineBreak => {
                let Some(style) = last_style.or_else(|| first_style(pieces)) else {
                    continue;
                };
                let start = text.len();
                text.push(HARD_BREAK);
                match spans.last_mut() {
                    Some((range, s)) if *s == style => range.end = text.len(),
                    _ => spans.push((start..text.len(), style)),
                }
            }
        }
    }
    // A break at the very end would only add an empty line.
    while text.ends_with(HARD_BREAK) {
        text.pop();
        if let Some((range, _)) = spans.last_mut() {
            range.end = text.len();
            if range.start == range.end {
                spans.pop();
            }
        }
    }
    Collected { text, spans }
}

fn first_style(pieces: &[Piece]) -> Option<&TextStyle> {
    pieces.iter().find_map(|p| match p {
        Piece::Text { style, .. } => Some(style),
        Piece::LineBreak => None,
    })
}
