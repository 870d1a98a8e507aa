//! The owned issue model every renderer reads.
//!
//! Built once by [`crate::manifest::load`]; holds parsed markdown, resolved
//! assets and the house style, so renderers do no I/O and parse nothing.

mod content;
mod delivery;
mod style;
pub mod url;
mod words;

pub use content::{
    Align, Block, Footnote, Inline, ListItem, Markdown, contains, offset_of_nth_inked, visit_links,
};
pub use delivery::{Delivery, Security, Smtp};
pub use style::{ArticleBreak, FontFile, FontFiles, LinkStyle, Paper, ParagraphStyle, Style};
pub use words::Words;

use std::path::PathBuf;
use std::sync::Arc;

/// One newsletter issue, validated and resolved.
#[derive(Debug, Clone)]
pub struct Issue {
    pub newsletter: String,
    pub number: IssueNumber,
    pub date: Date,
    /// BCP 47 tag, e.g. `en`, `en-US`, `ko`.
    pub language: String,
    pub publisher: Option<String>,
    /// Plain text (one paragraph).
    pub description: Option<String>,
    pub editors: Vec<String>,
    /// The manifest's cover image, when given (else renderers generate one).
    pub cover: Option<usize>,
    pub lead: Article,
    pub related: Vec<Article>,
    pub links: Vec<Link>,
    pub style: Style,
    /// series.yaml `site_url:` (absolute http(s), ending in `/`): where the
    /// output folder is published, so other editions can link to its files.
    pub site_url: Option<String>,
    /// series.yaml `delivery:` (the email edition and `pressrun send`).
    pub delivery: Option<Delivery>,
    /// The editions series.yaml's `formats:` asks for (registered names),
    /// built when the command line names none.
    pub formats: Option<Vec<String>>,
    /// Every image the issue uses; `Inline::Image::asset` and `cover` index it.
    pub assets: Vec<Asset>,
    /// `asia-pacific-security-briefing-34`: output file stem.
    pub slug: String,
    /// Seconds since the epoch for every timestamp written (SOURCE_DATE_EPOCH or now).
    pub timestamp: i64,
}

impl Issue {
    /// The lead followed by the related items, in reading order.
    pub fn articles(&self) -> impl Iterator<Item = &Article> {
        std::iter::once(&self.lead).chain(self.related.iter())
    }

    /// "Asia-Pacific Security Briefing — Issue 34".
    pub fn title(&self) -> String {
        format!("{} — {}", self.newsletter, self.words().issue(&self.number))
    }

    /// The words pressrun sets itself, in the issue's language.
    pub fn words(&self) -> Words {
        Words::for_language(&self.language)
    }
}

/// An issue number: positive integer or a short label such as "34b".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssueNumber {
    Number(u64),
    Label(String),
}

impl std::fmt::Display for IssueNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Number(n) => write!(f, "{n}"),
            Self::Label(s) => f.write_str(s),
        }
    }
}

/// A real calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub time::Date);

impl Date {
    /// `2018-08-28`.
    pub fn iso(&self) -> String {
        let d = self.0;
        format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
    }
}

/// The lead article or one related item.
#[derive(Debug, Clone)]
pub struct Article {
    /// Kind label: "Commentary", "Report", "Video" … as the user wrote it.
    pub kind: String,
    pub title: String,
    /// Subtitle line (lead only in the contract).
    pub dek: Option<String>,
    pub authors: Vec<String>,
    pub date: Option<Date>,
    /// Outside outlet: the related item's `outlet`, or the lead's `source.outlet`.
    pub outlet: Option<String>,
    /// Link to the original: related `url`, or lead `source.url`.
    pub url: Option<String>,
    /// Teaser, inline markdown (blocks of paragraphs).
    pub summary: Option<Markdown>,
    /// Full text.
    pub body: Option<Markdown>,
    /// True for the lead article.
    pub is_lead: bool,
}

/// A closing link.
#[derive(Debug, Clone)]
pub struct Link {
    pub label: String,
    pub url: String,
}

/// An image the issue uses, already read and checked to decode.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Resolved path on disk (for messages only; renderers use `data`).
    pub path: PathBuf,
    /// Path relative to the series root with `/` separators; unique per issue.
    pub name: String,
    pub media_type: MediaType,
    pub data: Arc<Vec<u8>>,
    /// Pixel size as stored (before `orientation`).
    pub width: u32,
    pub height: u32,
    /// EXIF orientation (1–8; 1 when absent): how the stored pixels are
    /// turned for display. Cameras store portraits as turned landscapes.
    pub orientation: u8,
}

impl Asset {
    /// Pixel size as shown, after the EXIF orientation (5–8 turn it).
    pub fn displayed(&self) -> (u32, u32) {
        if self.orientation >= 5 {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    Png,
    Jpeg,
}

impl MediaType {
    pub fn mime(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Jpeg => "jpg",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_numbers_display() {
        let d = Date(time::macros::date!(2018 - 08 - 28));
        assert_eq!(d.iso(), "2018-08-28");
        assert_eq!(IssueNumber::Number(34).to_string(), "34");
        assert_eq!(IssueNumber::Label("34b".into()).to_string(), "34b");
    }

    #[test]
    fn plain_text_flattens_markup() {
        let inl = vec![
            Inline::Text("A ".into()),
            Inline::Emph(vec![Inline::Text("b".into())]),
            Inline::SoftBreak,
            Inline::Link {
                url: "https://x.org".into(),
                title: None,
                content: vec![Inline::Code("c".into())],
            },
            Inline::FootnoteRef(1),
        ];
        assert_eq!(Inline::plain_text(&inl), "A b c");
    }
}
