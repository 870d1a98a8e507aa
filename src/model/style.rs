//! The house style from series.yaml `style:`.

use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Style {
    pub paper: Paper,
    /// Body text size in points (PDF).
    pub font_size: f64,
    /// Columns for related items in the PDF (1 or 2).
    pub related_columns: u8,
    pub paragraph: ParagraphStyle,
    pub article_break: ArticleBreak,
    pub link_style: LinkStyle,
    /// Hyphenate justified text where patterns exist for the language.
    pub hyphenate: bool,
    /// Embed font subsets in the EPUB.
    pub epub_embed_fonts: bool,
    /// Accent colour for kind labels and rules, `#rrggbb` components.
    pub accent: [u8; 3],
    pub fonts: FontFiles,
    /// Let the build machine's fonts fill characters no bundled face has
    /// (the PDF then depends on the machine). Off by default.
    pub system_fonts: bool,
}

impl Default for Style {
    fn default() -> Self {
        Self {
            paper: Paper::Letter,
            font_size: 10.5,
            related_columns: 1,
            paragraph: ParagraphStyle::Indent,
            article_break: ArticleBreak::LeadOnly,
            link_style: LinkStyle::Color,
            hyphenate: true,
            epub_embed_fonts: false,
            accent: [0x9b, 0x1c, 0x1c],
            fonts: FontFiles::default(),
            system_fonts: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    Letter,
    A4,
}

impl Paper {
    /// Width and height in PostScript points.
    pub fn size_pt(self) -> (f64, f64) {
        match self {
            Self::Letter => (612.0, 792.0),
            Self::A4 => (595.276, 841.89),
        }
    }
}

/// How paragraphs are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphStyle {
    /// First-line indent, no space between (book style).
    Indent,
    /// Space between, no indent.
    Space,
}

/// Where articles start in the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleBreak {
    /// The lead on its own pages; related items flow on after a rule.
    LeadOnly,
    /// Every article on a new page.
    Page,
    /// Everything flows after a rule.
    Flow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkStyle {
    Color,
    Underline,
    /// Neither: links look like text (still clickable).
    Plain,
}

/// Font files named by the house style (already read; paths for messages).
#[derive(Debug, Clone, Default)]
pub struct FontFiles {
    pub body: Option<FontFile>,
    pub heading: Option<FontFile>,
    pub mono: Option<FontFile>,
}

#[derive(Debug, Clone)]
pub struct FontFile {
    pub path: PathBuf,
    pub data: Arc<Vec<u8>>,
}
