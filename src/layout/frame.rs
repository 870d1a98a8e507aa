//! The frame contract between layout and the PDF writer.
//!
//! Layout decides everything (fonts, glyph positions, page breaks, link
//! areas); the PDF writer only draws what is here. Coordinates are points
//! (1/72 in), origin at the top-left of the page, y growing downwards.
//! A text run's position is the left end of its baseline.

use std::sync::Arc;

use crate::model::MediaType;

/// A point on a page, in points from the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    pub const fn new(x: f64, y: f64) -> Self {
        Self { x, y }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Size {
    pub width: f64,
    pub height: f64,
}

impl Size {
    pub const fn new(width: f64, height: f64) -> Self {
        Self { width, height }
    }
}

/// RGB colour, components 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f64, pub f64, pub f64);

impl Rgb {
    pub const BLACK: Rgb = Rgb(0.0, 0.0, 0.0);
}

/// Index into [`Document::fonts`].
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

/// One laid-out document: pages plus navigation.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub pages: Vec<Page>,
    /// Nested outline in reading order (`level` 0 = top).
    pub outline: Vec<OutlineEntry>,
    pub fonts: Vec<FontData>,
    /// The logical structure (for a tagged PDF), in reading order; element
    /// 0 is the document. Text runs and images name their element; items
    /// without one (running heads, folios, rules) are artifacts.
    pub structure: Vec<StructElem>,
}

/// One element of the logical structure.
#[derive(Debug, Clone, PartialEq)]
pub struct StructElem {
    pub role: Role,
    /// Index of the enclosing element (`None` only for the document).
    pub parent: Option<u32>,
    /// Alternate text (figures).
    pub alt: Option<String>,
}

/// Standard structure types of PDF 1.7 (14.8.4) that pressrun uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Document,
    /// An article, the masthead, the closing links.
    Sect,
    /// Heading, level 1–6.
    H(u8),
    P,
    BlockQuote,
    /// A list, its items, an item's label (bullet or number) and body.
    L,
    LI,
    Lbl,
    LBody,
    Table,
    TR,
    TH,
    TD,
    Figure,
    Caption,
    Code,
    Note,
    /// The contents and its entries.
    Toc,
    Toci,
}

impl Role {
    /// The structure type's name in the PDF.
    pub fn name(self) -> &'static str {
        match self {
            Self::Document => "Document",
            Self::Sect => "Sect",
            Self::H(1) => "H1",
            Self::H(2) => "H2",
            Self::H(3) => "H3",
            Self::H(4) => "H4",
            Self::H(5) => "H5",
            Self::H(_) => "H6",
            Self::P => "P",
            Self::BlockQuote => "BlockQuote",
            Self::L => "L",
            Self::LI => "LI",
            Self::Lbl => "Lbl",
            Self::LBody => "LBody",
            Self::Table => "Table",
            Self::TR => "TR",
            Self::TH => "TH",
            Self::TD => "TD",
            Self::Figure => "Figure",
            Self::Caption => "Caption",
            Self::Code => "Code",
            Self::Note => "Note",
            Self::Toc => "TOC",
            Self::Toci => "TOCI",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Page {
    pub size: Size,
    pub items: Vec<(Point, FrameItem)>,
    /// Page label shown by viewers; matches the printed folio ("1", "2" …).
    pub label: String,
}

#[derive(Debug, Clone)]
pub enum FrameItem {
    Text(TextRun),
    /// A filled rectangle (rules are thin rectangles); position is its top-left.
    Rect {
        size: Size,
        color: Rgb,
    },
    /// An image scaled into `size`; position is its top-left.
    Image(ImageItem),
    /// A clickable area; position is its top-left. `tag`: the structure
    /// element of the text it covers.
    Link {
        size: Size,
        target: LinkTarget,
        tag: Option<u32>,
    },
}

/// A run of shaped glyphs in one font, size and colour.
#[derive(Debug, Clone)]
pub struct TextRun {
    pub font: FontId,
    /// Font size in points.
    pub size: f64,
    pub color: Rgb,
    pub glyphs: Vec<Glyph>,
    /// The structure element the text belongs to (`None`: an artifact).
    pub tag: Option<u32>,
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

/// A glyph's source text: almost always a few bytes, so it is kept inline
/// (no allocation per glyph, and copying a page's glyphs is a memcpy);
/// longer texts are shared.
#[derive(Clone)]
pub enum GlyphText {
    Inline { len: u8, bytes: [u8; 14] },
    Shared(Arc<str>),
}

impl GlyphText {
    pub fn new(text: &str) -> Self {
        let mut bytes = [0u8; 14];
        match bytes.get_mut(..text.len()) {
            Some(slot) => {
                slot.copy_from_slice(text.as_bytes());
                Self::Inline {
                    len: text.len() as u8,
                    bytes,
                }
            }
            None => Self::Shared(Arc::from(text)),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Inline { len, bytes } => std::str::from_utf8(&bytes[..usize::from(*len)])
                .expect("inline glyph text was copied from a str"),
            Self::Shared(s) => s,
        }
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

#[derive(Debug, Clone)]
pub struct ImageItem {
    pub size: Size,
    pub media_type: MediaType,
    pub data: Arc<Vec<u8>>,
    /// Pixel dimensions of the source image.
    pub pixels: (u32, u32),
    /// The structure element (a figure) it belongs to.
    pub tag: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LinkTarget {
    Url(String),
    /// A place in this document: page index (0-based) and y from the top.
    Internal {
        page: usize,
        y: f64,
    },
}

#[derive(Debug, Clone)]
pub struct OutlineEntry {
    pub title: String,
    pub level: u8,
    pub page: usize,
    pub y: f64,
}
