//! Fonts, glyph runs and the source text each glyph stands for.

use std::sync::Arc;

use super::Rgb;

/// Index into [`Document::fonts`](super::Document::fonts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FontId(pub u32);

/// A font face as the PDF writer needs it: the whole file and face index.
#[derive(Debug, Clone)]
pub struct FontData {
    pub data: FontBytes,
    pub index: u32,
    /// PostScript-style name, e.g. `SourceSerif4-Regular` (no subset tag).
    pub name: String,
}

/// A font file's bytes: bundled fonts are borrowed from the binary (never
/// copied), other files shared.
#[derive(Debug, Clone)]
pub enum FontBytes {
    Static(&'static [u8]),
    Shared(Arc<Vec<u8>>),
}

impl FontBytes {
    /// The same bytes in memory (not merely equal).
    pub fn same(&self, other: &Self) -> bool {
        std::ptr::eq(self.as_ref(), other.as_ref())
    }
}

impl std::ops::Deref for FontBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Self::Static(b) => b,
            Self::Shared(a) => a,
        }
    }
}

impl AsRef<[u8]> for FontBytes {
    fn as_ref(&self) -> &[u8] {
        self
    }
}

/// A run of shaped glyphs in one font, size and colour.
#[derive(Debug, Clone)]
pub struct TextRun {
    pub font: FontId,
    /// Font size in points.
    pub size: f64,
    pub color: Rgb,
    pub glyphs: Vec<Glyph>,
    /// Horizontal scale of the glyphs' outlines (1.0 as designed; font
    /// expansion draws a justified line's letters up to a few percent
    /// wider or narrower). Advances and offsets already include it.
    pub scale: f64,
    /// The structure element the text belongs to (`None`: an artifact).
    pub tag: Option<u32>,
    /// BCP 47 tag when the run's language differs from the document's
    /// (Hangul in an English issue), for screen readers.
    pub lang: Option<Arc<str>>,
}

impl TextRun {
    /// Sum of advances, in points.
    pub fn width(&self) -> f64 {
        self.glyphs.iter().map(|g| g.x_advance).sum()
    }
}

/// One positioned glyph. Advances and offsets are in points (already scaled).
#[derive(Debug, Clone)]
pub struct Glyph {
    /// Glyph id in the font (not the subset).
    pub id: u16,
    pub x_advance: f64,
    pub x_offset: f64,
    /// Positive moves the glyph up.
    pub y_offset: f64,
    /// The source text this glyph stands for: a ligature glyph carries "fi";
    /// later glyphs of a multi-glyph cluster carry "".
    pub text: GlyphText,
}

/// A glyph's source text: almost always a few bytes, so it is kept
/// inline (no allocation per glyph, copying a page's glyphs is a memcpy,
/// and reading it back is not a UTF-8 check: `compact_str` keeps it).
#[derive(Clone)]
pub struct GlyphText(compact_str::CompactString);

impl GlyphText {
    pub fn new(text: &str) -> Self {
        Self(compact_str::CompactString::new(text))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl Default for GlyphText {
    fn default() -> Self {
        Self::new("")
    }
}

impl std::ops::Deref for GlyphText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for GlyphText {
    fn from(s: &str) -> Self {
        Self::new(s)
    }
}

impl From<String> for GlyphText {
    fn from(s: String) -> Self {
        Self::new(&s)
    }
}

impl PartialEq for GlyphText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<str> for GlyphText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for GlyphText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Debug for GlyphText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for GlyphText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
