//! The frame contract: what layout hands to the PDF writer (and what the
//! driver hands to any edition that needs printed pages).
//!
//! Layout decides everything a reader or a screen reader sees (fonts,
//! glyph positions, page breaks, link areas, the language of each run,
//! the document's title and dates); the PDF writer only draws what is
//! here and imports nothing else of the crate. Coordinates are points
//! (1/72 in), origin at the top-left of the page, y growing downwards.
//! A text run's position is the left end of its baseline.

use std::sync::Arc;

mod geom;
mod info;
mod page_map;
mod structure;
mod text;

pub use geom::{Point, Rgb, Size};
pub use info::DocInfo;
pub use page_map::{Anchor, BlockPages, PageMap};
pub use structure::{Role, StructElem};
pub use text::{FontBytes, FontData, FontId, Glyph, GlyphText, TextRun};

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
    /// Title, authors, language and dates, for the document's metadata.
    pub info: DocInfo,
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

#[derive(Debug, Clone)]
pub struct ImageItem {
    pub size: Size,
    pub format: ImageFormat,
    pub data: Arc<Vec<u8>>,
    /// Pixel dimensions of the source image (as stored).
    pub pixels: (u32, u32),
    /// EXIF orientation of the stored pixels (1–8): the writer turns or
    /// flips them so they fill `size` upright.
    pub orientation: u8,
    /// The structure element (a figure) it belongs to.
    pub tag: Option<u32>,
}

/// How an image's bytes are encoded (both are embedded as they are).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Jpeg,
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
