//! Markdown text → [`model::Markdown`](crate::model::Markdown).
//!
//! One parser set-up for the whole tool; the converter walks pulldown-cmark
//! events with their byte offsets so problems point at the source.

mod convert;

pub use convert::{Problem, convert};

use pulldown_cmark::{Options, Parser};

/// The markdown dialect pressrun accepts: CommonMark + GFM tables,
/// strikethrough, task lists, footnotes, smart punctuation, heading ids.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

pub(crate) fn parser(text: &str) -> Parser<'_> {
    Parser::new_ext(text, options())
}
