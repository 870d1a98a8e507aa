//! Unit tests for inline layout.

use std::sync::Arc;

use super::*;
use crate::layout::TextRun;
use crate::model::FontFiles;

pub(crate) fn book() -> Arc<FontBook> {
    FontBook::shared(&FontFiles::default())
}

fn serif(size: f64) -> TextStyle {
    TextStyle::new(Family::Serif, size)
}

fn text(t: &str, style: &TextStyle) -> Piece {
    Piece::Text {
        text: t.to_string(),
        style: style.clone(),
    }
}

fn spec(width: f64, align: Align) -> ParagraphSpec {
    ParagraphSpec {
        width,
        align,
        first_indent: 0.0,
        leading: 13.0,
        hyphenate: true,
        lang: "en".to_string(),
    }
}

fn runs(line: &Line) -> Vec<&TextRun> {
    line.items
        .iter()
        .filter_map(|(_, item)| match item {
            FrameItem::Text(run) => Some(run),
            _ => None,
        })
        .collect()
}

/// The text a line extracts to (glyph texts in visual order).
fn line_text(line: &Line) -> String {
    runs(line)
        .iter()
        .flat_map(|r| r.glyphs.iter().map(|g| g.text.as_str()))
        .collect()
}

const LOREM: &str = "In olden times when wishing still helped one, there lived a king whose \
daughters were all beautiful, but the youngest was so beautiful that the sun itself, which \
has seen so much, was astonished whenever it shone in her face. Close by the king's castle \
lay a great dark forest, and under an old lime-tree in the forest was a well, and when the \
day was very warm, the king's child went out into the forest and sat down by the side of the \
cool fountain.";

#[test]
fn lines_keep_every_word_in_order() {
    let b = book();
    let style = serif(10.0);
    let para = layout_paragraph(&b, &[text(LOREM, &style)], &spec(200.0, Align::Justify));
    assert!(para.lines.len() > 5);
    let mut joined = String::new();
    for line in &para.lines {
        let t = line_text(line);
        if line.hyphenated {
            joined.push_str(t.strip_suffix('-').expect("hyphenated lines end in '-'"));
        } else {
            joined.push_str(&t);
            joined.push(' ');
        }
    }
    let words: Vec<&str> = joined.split_whitespace().collect();
    let source: Vec<&str> = LOREM.split_whitespace().collect();
    assert_eq!(words, source);
}

#[test]
fn justified_lines_are_flush() {
    let b = book();
    let style = serif(10.0);
    let para = layout_paragraph(&b, &[text(LOREM, &style)], &spec(200.0, Align::Justify));
    for line in &para.lines[..para.lines.len() - 1] {
        assert!(
            (line.width - 200.0).abs() < 0.01,
            "line width {}",
            line.width
        );
        assert!(line.ratio >= -1.0);
    }
    let last = para.lines.last().expect("has lines");
    assert!(last.last && last.width < 200.0);
}
