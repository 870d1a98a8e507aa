//! The text engine on the sample issue: every word survives line breaking
//! in order, lines stay within the measure, justified lines are flush, and
//! the justification quality is printed so changes show.

use std::time::Instant;

use pressrun::frame::{FrameItem, LinkTarget, Rgb};
use pressrun::layout::font::{Family, FontBook, Weight};
use pressrun::layout::inline::{
    Align, Line, Paragraph, ParagraphSpec, Piece, Quality, TextStyle, layout_paragraph, measure,
    single_line,
};
use pressrun::model::{Block, FontFiles, Inline};

use crate::support;

/// Model inlines → pieces, the way a page builder would.
fn pieces(inlines: &[Inline], style: &TextStyle, out: &mut Vec<Piece>) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => out.push(Piece::Text {
                text: t.clone(),
                style: style.clone(),
            }),
            Inline::Code(t) => {
                let mut s = style.clone();
                s.family = Family::Mono;
                s.size *= 0.9;
                out.push(Piece::Text {
                    text: t.clone(),
                    style: s,
                });
            }
            Inline::Emph(c) => {
                let mut s = style.clone();
                s.italic = true;
                pieces(c, &s, out);
            }
            Inline::Strong(c) => {
                let mut s = style.clone();
                s.weight = Weight::Bold;
                pieces(c, &s, out);
            }
            Inline::Strike(c) => {
                let mut s = style.clone();
                s.strike = true;
                pieces(c, &s, out);
            }
            Inline::Link { url, content, .. } => {
                let mut s = style.clone();
                s.link = Some(LinkTarget::Url(url.clone()));
                s.color = Rgb(0.6, 0.1, 0.1);
                pieces(content, &s, out);
            }
            Inline::FootnoteRef(n) => {
                let mut s = style.clone();
                s.superscript = true;
                out.push(Piece::Text {
                    text: n.to_string(),
                    style: s,
                });
            }
            Inline::SoftBreak => out.push(Piece::Text {
                text: " ".into(),
                style: style.clone(),
            }),
            Inline::LineBreak => out.push(Piece::LineBreak),
            Inline::Image { alt, .. } => out.push(Piece::Text {
                text: alt.clone(),
                style: style.clone(),
            }),
            Inline::Html(_) => {}
        }
    }
}

fn paragraphs_in(blocks: &[Block], out: &mut Vec<Vec<Inline>>) {
    for block in blocks {
        match block {
            Block::Paragraph(inlines) => out.push(inlines.clone()),
            Block::Quote(inner) => paragraphs_in(inner, out),
            Block::List { items, .. } => {
                for item in items {
                    paragraphs_in(&item.blocks, out);
                }
            }
            _ => {}
        }
    }
}

/// Paragraphs of every article in the sample issue, as pieces.
fn sample() -> Vec<Vec<Piece>> {
    let dir = support::root().join("issues/2026-11-24");
    let mut files = vec![dir.join("lead.md")];
    if let Ok(entries) = std::fs::read_dir(dir.join("reports")) {
        let mut more: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        more.sort();
        files.extend(more);
    }
    let body = TextStyle::new(Family::Serif, 10.5);
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("sample article is readable");
        let (md, _) = pressrun::markdown::convert(&text, &mut |_, _| None);
        let mut paras = Vec::new();
        paragraphs_in(&md.blocks, &mut paras);
        for fnote in &md.footnotes {
            paragraphs_in(&fnote.blocks, &mut paras);
        }
        for inlines in paras {
            let mut p = Vec::new();
            pieces(&inlines, &body, &mut p);
            out.push(p);
        }
    }
    out
}

fn source_words(pieces: &[Piece]) -> Vec<String> {
    let text: String = pieces
        .iter()
        .map(|p| match p {
            Piece::Text { text, .. } => text.replace('\u{ad}', ""),
            Piece::LineBreak => " ".into(),
        })
        .collect();
    text.split_whitespace().map(str::to_string).collect()
}

/// Words as a reader (or pdftotext) gets them back: hyphenated line ends
/// joined, everything else split at spaces.
fn set_words(para: &Paragraph) -> Vec<String> {
    let mut joined = String::new();
    for line in &para.lines {
        let mut t = String::new();
        for (_, item) in &line.items {
            if let FrameItem::Text(run) = item {
                for g in &run.glyphs {
                    t.push_str(&g.text);
                }
            }
        }
        if line.hyphenated {
            joined.push_str(t.strip_suffix('-').expect("hyphenated lines end in '-'"));
        } else if let Some(stem) = t.strip_suffix('\u{2010}') {
            // A genuine hyphen at the line end (drawn and mapped as U+2010
            // so pdftotext keeps it): the word continues.
            joined.push_str(stem);
            joined.push('-');
        } else {
            joined.push_str(&t);
            joined.push(' ');
        }
    }
    joined.split_whitespace().map(str::to_string).collect()
}

fn spec(width: f64, align: Align) -> ParagraphSpec {
    ParagraphSpec {
        width,
        align,
        first_indent: 12.0,
        leading: 13.5,
        hyphenate: true,
        lang: "en".into(),
    }
}

#[test]
fn sample_issue_sets_every_word_in_order() {
    let book = FontBook::shared(&FontFiles::default());
    let sample = sample();
    assert!(sample.len() > 10, "the sample has paragraphs");
    for width in [468.0, 300.0, 220.0] {
        for align in [Align::Justify, Align::Left] {
            for pieces in &sample {
                let para = layout_paragraph(&book, pieces, &spec(width, align));
                assert!(para.missing.is_empty(), "{:?}", para.missing);
                assert_eq!(set_words(&para), source_words(pieces));
                for line in &para.lines {
                    assert!(
                        line.width - line.hang <= width + 0.01 && line.hang < 4.0,
                        "overfull line: {} {align:?} {:?}",
                        line.width,
                        set_words(&Paragraph {
                            lines: vec![line.clone()],
                            missing: vec![]
                        })
                    );
                    if align == Align::Justify && !line.last {
                        assert!(
                            (line.width - line.hang - width).abs() < 0.05,
                            "not flush: {}",
                            line.width
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn justification_quality_on_the_sample() {
    let book = FontBook::shared(&FontFiles::default());
    let sample = sample();
    for width in [468.0, 300.0, 220.0] {
        let set: Vec<Paragraph> = sample
            .iter()
            .map(|p| layout_paragraph(&book, p, &spec(width, Align::Justify)))
            .collect();
        let q = Quality::of(set.iter().map(|p| p.lines.as_slice()), width);
        println!("justification at {width} pt: {q}");
        assert!((q.flush_share - 1.0).abs() < 1e-9);
        if width >= 468.0 {
            // The body measure: spaces never more than 1.6× natural.
            assert!(q.worst_space < 1.6, "{q}");
            assert!(q.hyphenated_share < 0.25, "{q}");
        }
    }
}

#[test]
fn sample_sets_and_prints_its_timing() {
    let book = FontBook::shared(&FontFiles::default());
    let sample = sample();
    let lines = |w: f64| -> usize {
        sample
            .iter()
            .map(|p| {
                layout_paragraph(&book, p, &spec(w, Align::Justify))
                    .lines
                    .len()
            })
            .sum()
    };
    let t = Instant::now();
    let n = lines(468.0);
    let cold = t.elapsed();
    let t = Instant::now();
    let n2 = lines(430.0);
    let warm = t.elapsed();
    println!("sample: {n} lines cold in {cold:?}, {n2} lines warm in {warm:?} (debug build)");
    assert!(n > 20);
}

#[test]
fn running_heads_and_folios() {
    let book = FontBook::shared(&FontFiles::default());
    let mut style = TextStyle::new(Family::Sans, 8.0);
    style.tracking = 0.08;
    let head = "ASIA-PACIFIC SECURITY BRIEFING · 24 NOVEMBER 2026";
    let line: Line = single_line(
        &book,
        &[Piece::Text {
            text: head.into(),
            style: style.clone(),
        }],
    );
    assert!((line.width - measure(&book, head, &style)).abs() < 1e-6);
    let m = book.metrics(Family::Sans, Weight::Regular, false);
    assert!(line.ascent >= m.ascender * 8.0 - 1e-9);
}

#[test]
fn few_runts() {
    let book = FontBook::shared(&FontFiles::default());
    let sample = sample();
    let mut paras = 0;
    let mut runts = 0;
    for width in [468.0, 300.0, 220.0] {
        for pieces in &sample {
            let para = layout_paragraph(&book, pieces, &spec(width, Align::Justify));
            if para.lines.len() > 1 {
                paras += 1;
                let last = para.lines.last().expect("lines");
                if last.width < width * 0.1 {
                    runts += 1;
                }
            }
        }
    }
    println!("{runts} runts in {paras} multi-line paragraphs");
    assert!(runts * 10 <= paras, "{runts} of {paras}");
}
