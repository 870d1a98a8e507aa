//! Shaping with rustybuzz, cached per (text, font, features, direction).
//!
//! Results are kept in font units, so one entry serves every size. Words
//! repeat a lot in an issue ("the", "of", names), so most segments hit.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rustybuzz::{Direction, Feature, UnicodeBuffer};

use crate::layout::FontId;
use crate::layout::font::FontBook;

/// One shaped glyph in font units; `cluster` is a byte offset into the
/// shaped text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawGlyph {
    pub id: u16,
    pub advance: i32,
    pub x_offset: i32,
    pub y_offset: i32,
    pub cluster: u32,
}

/// Glyphs of one shaped segment, in visual order, and its advance sum.
#[derive(Debug)]
pub(crate) struct Shaped {
    pub glyphs: Vec<RawGlyph>,
    pub advance: i32,
    pub upem: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    text: String,
    font: FontId,
    plain: bool,
    rtl: bool,
}

/// Shared shaping cache of a font book (ids are per book).
#[derive(Default)]
pub(crate) struct ShapeCache {
    map: Mutex<HashMap<Key, Arc<Shaped>>>,
}

impl std::fmt::Debug for ShapeCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ShapeCache")
    }
}

/// Shapes `text` in one face. `plain` turns kerning and ligatures off (code).
pub(crate) fn shape(
    book: &FontBook,
    text: &str,
    font: FontId,
    plain: bool,
    rtl: bool,
) -> Arc<Shaped> {
    let key = Key {
        text: text.to_string(),
        font,
        plain,
        rtl,
    };
    {
        let map = book.shapes.map.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(hit) = map.get(&key) {
            return Arc::clone(hit);
        }
    }
    let shaped = Arc::new(shape_uncached(book, text, font, plain, rtl));
    let mut map = book.shapes.map.lock().unwrap_or_else(|e| e.into_inner());
    // Keep the cache bounded for very long runs of distinct text.
    if map.len() > 200_000 {
        map.clear();
    }
    map.insert(key, Arc::clone(&shaped));
    shaped
}

fn shape_uncached(book: &FontBook, text: &str, font: FontId, plain: bool, rtl: bool) -> Shaped {
    let Some(face) = book.face(font) else {
        return Shaped {
            glyphs: Vec::new(),
            advance: 0,
            upem: 1000.0,
        };
    };
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    buffer.set_direction(if rtl {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    });
    let features: &[Feature] = if plain { &PLAIN } else { &[] };
    let out = rustybuzz::shape(&face.rb, features, buffer);
    let mut advance = 0;
    let glyphs = out
        .glyph_infos()
        .iter()
        .zip(out.glyph_positions())
        .map(|(info, pos)| {
            advance += pos.x_advance;
            RawGlyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                advance: pos.x_advance,
                x_offset: pos.x_offset,
                y_offset: pos.y_offset,
                cluster: info.cluster,
            }
        })
        .collect();
    Shaped {
        glyphs,
        advance,
        upem: face.upem,
    }
}

/// Features switched off for code: no kerning, no ligatures.
static PLAIN: [Feature; 4] = [
    Feature {
        tag: rustybuzz::ttf_parser::Tag::from_bytes(b"kern"),
        value: 0,
        start: 0,
        end: u32::MAX,
    },
    Feature {
        tag: rustybuzz::ttf_parser::Tag::from_bytes(b"liga"),
        value: 0,
        start: 0,
        end: u32::MAX,
    },
    Feature {
        tag: rustybuzz::ttf_parser::Tag::from_bytes(b"clig"),
        value: 0,
        start: 0,
        end: u32::MAX,
    },
    Feature {
        tag: rustybuzz::ttf_parser::Tag::from_bytes(b"calt"),
        value: 0,
        start: 0,
        end: u32::MAX,
    },
];
