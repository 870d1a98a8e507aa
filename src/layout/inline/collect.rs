//! Pieces → one string with style spans.
//!
//! Explicit line breaks become U+2028 LINE SEPARATOR: UAX #14 makes it a
//! mandatory break, and unlike `\n` it does not split the text into
//! separate bidi paragraphs.

use std::ops::Range;

use super::{Piece, TextStyle};
use crate::layout::font::Family;

pub(crate) const HARD_BREAK: char = '\u{2028}';

/// The paragraph's text and which style covers which bytes.
pub(crate) struct Collected<'a> {
    pub text: String,
    /// Style spans in text order; every byte is covered by one span.
    pub spans: Vec<(Range<usize>, &'a TextStyle)>,
}

/// `collapse`: paragraph mode (collapse and trim spaces outside code);
/// off for [`super::measure`] and [`super::single_line`], which set text as given.
pub(crate) fn collect(pieces: &[Piece], collapse: bool) -> Collected<'_> {
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
                // Newlines and tabs inside text are spaces (markdown soft
                // breaks); outside code, runs of spaces collapse to one and
                // spaces at the start of a line go, as in HTML.
                let collapse = collapse && style.family != Family::Mono;
                for c in t.chars() {
                    let c = match c {
                        '\n' | '\r' | '\t' => ' ',
                        c => c,
                    };
                    if c == ' '
                        && collapse
                        && matches!(text.chars().next_back(), None | Some(' ' | HARD_BREAK))
                    {
                        continue;
                    }
                    text.push(c);
                }
                if text.len() == start {
                    continue;
                }
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
                if collapse {
                    pop_spaces(&mut text, &mut spans);
                }
                let start = text.len();
                text.push(HARD_BREAK);
                match spans.last_mut() {
                    Some((range, s)) if *s == style => range.end = text.len(),
                    _ => spans.push((start..text.len(), style)),
                }
            }
        }
    }
    // A break at the very end would only add an empty line; spaces at the
    // end would only widen the last line.
    while text.ends_with(HARD_BREAK) || (collapse && text.ends_with(' ')) {
        if text.ends_with(' ') && !pop_spaces(&mut text, &mut spans) {
            break;
        }
        if text.ends_with(HARD_BREAK) {
            text.pop();
            fix_last_span(&text, &mut spans);
        }
    }
    Collected { text, spans }
}

/// Removes trailing spaces set in a non-code style; false if none went.
fn pop_spaces(text: &mut String, spans: &mut Vec<(Range<usize>, &TextStyle)>) -> bool {
    let mut popped = false;
    while text.ends_with(' ') && spans.last().is_some_and(|(_, s)| s.family != Family::Mono) {
        text.pop();
        fix_last_span(text, spans);
        popped = true;
    }
    popped
}

fn fix_last_span(text: &str, spans: &mut Vec<(Range<usize>, &TextStyle)>) {
    if let Some((range, _)) = spans.last_mut() {
        range.end = text.len();
        if range.start >= range.end {
            spans.pop();
        }
    }
}

fn first_style(pieces: &[Piece]) -> Option<&TextStyle> {
    pieces.iter().find_map(|p| match p {
        Piece::Text { style, .. } => Some(style),
        Piece::LineBreak => None,
    })
}
