//! Markdown inlines → styled text pieces for the text engine.

use super::font::{Family, Weight};
use super::inline::{Piece, TextStyle};
use super::theme::Theme;
use super::{FrameItem, LinkTarget, Point};
use crate::model::Inline;

/// A link target that stands for footnote `n` (global note index) until
/// the line holding the reference is known; see [`take_note_refs`].
const NOTE_PAGE: usize = usize::MAX;

/// Context for one article's inlines.
pub(crate) struct Inlines<'a> {
    pub theme: &'a Theme,
    /// Global index of the article's footnote 1.
    pub note_base: usize,
}

impl Inlines<'_> {
    pub fn pieces(&self, inlines: &[Inline], style: &TextStyle) -> Vec<Piece> {
        let mut out = Vec::new();
        self.push(inlines, style, &mut out);
        out
    }

    fn push(&self, inlines: &[Inline], style: &TextStyle, out: &mut Vec<Piece>) {
        for inline in inlines {
            match inline {
                Inline::Text(t) => text(out, t, style),
                Inline::Code(t) => {
                    let mut s = style.clone();
                    s.family = Family::Mono;
                    s.weight = Weight::Regular;
                    s.italic = false;
                    s.size = style.size * 0.88;
                    text(out, t, &s);
                }
                Inline::Emph(c) => {
                    let mut s = style.clone();
                    s.italic = !s.italic;
                    self.push(c, &s, out);
                }
                Inline::Strong(c) => {
                    let mut s = style.clone();
                    s.weight = Weight::Semibold;
                    self.push(c, &s, out);
                }
                Inline::Strike(c) => {
                    let mut s = style.clone();
                    s.strike = true;
                    self.push(c, &s, out);
                }
                Inline::Link { url, content, .. } => {
                    let s = self
                        .theme
                        .linked(style.clone(), LinkTarget::Url(url.clone()));
                    self.push(content, &s, out);
                }
                Inline::Image { alt, .. } => {
                    let mut s = style.clone();
                    s.italic = !s.italic;
                    text(out, &format!("[{alt}]"), &s);
                }
                Inline::FootnoteRef(n) => {
                    let mut s = style.clone();
                    s.superscript = true;
                    s.link = Some(LinkTarget::Internal {
                        page: NOTE_PAGE,
                        y: (self.note_base + n.saturating_sub(1)) as f64,
                    });
                    text(out, &n.to_string(), &s);
                }
                Inline::SoftBreak => text(out, " ", style),
                Inline::LineBreak => out.push(Piece::LineBreak),
                Inline::Html(h) => text(out, &strip_tags(h), style),
            }
        }
    }
}

fn text(out: &mut Vec<Piece>, t: &str, style: &TextStyle) {
    if t.is_empty() {
        return;
    }
    out.push(Piece::Text {
        text: t.to_owned(),
        style: style.clone(),
    });
}

/// Removes the footnote placeholders from a line's items and returns the
/// global note indices referenced on it.
pub(crate) fn take_note_refs(items: &mut Vec<(Point, FrameItem)>) -> Vec<usize> {
    let mut notes = Vec::new();
    items.retain(|(_, item)| match item {
        FrameItem::Link {
            target: LinkTarget::Internal { page, y },
            ..
        } if *page == NOTE_PAGE => {
            let n = *y as usize;
            if !notes.contains(&n) {
                notes.push(n);
            }
            false
        }
        _ => true,
    });
    notes
}

/// Raw HTML → its text: tags dropped, common entities decoded.
pub(crate) fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
}

#[cfg(test)]
mod tests {
    use super::strip_tags;

    #[test]
    fn html_keeps_text() {
        assert_eq!(strip_tags("<b>Bold</b> &amp; <br/>plain"), "Bold & plain");
    }
}
