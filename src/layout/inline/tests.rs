//! Unit tests for inline layout.

use std::sync::Arc;

use super::*;
use crate::layout::{Glyph, TextRun};
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
        } else if let Some(stem) = t.strip_suffix('\u{2010}') {
            joined.push_str(stem);
            joined.push('-');
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
        // Flush with the measure; light punctuation at the end hangs out
        // by part of its width (a full stop at 10 pt is about 2.5 pt).
        let t = line_text(line);
        let hangs = t.ends_with(['.', ',', ';', ':', '-', '’']);
        let over = line.width - 200.0;
        assert!(
            if hangs {
                over > 0.5 && over < 2.5
            } else {
                over.abs() < 0.01
            },
            "line width {} for {t:?}",
            line.width
        );
        assert!(line.ratio >= -1.0);
    }
    let last = para.lines.last().expect("has lines");
    assert!(last.last && last.width < 200.0);
}

#[test]
fn opening_quotes_hang_into_the_left_margin() {
    let b = book();
    let style = serif(10.0);
    let src = "“Anchor drag,” they said, and nobody asked which ship would mend it.";
    for align in [Align::Justify, Align::Left] {
        let para = layout_paragraph(&b, &[text(src, &style)], &spec(120.0, align));
        let first = para.lines[0].items.first().map(|(at, _)| at.x);
        assert!(
            first.is_some_and(|x| x < -1.0 && x > -3.0),
            "{align:?}: {first:?}"
        );
        // Later lines start at a letter: flush.
        let second = para.lines[1].items.first().map(|(at, _)| at.x);
        assert_eq!(second, Some(0.0), "{align:?}");
    }
}

#[test]
#[ignore = "prints lines for a look"]
fn show_lines() {
    let b = book();
    let style = serif(10.0);
    for width in [150.0, 200.0, 300.0] {
        let para = layout_paragraph(&b, &[text(LOREM, &style)], &spec(width, Align::Justify));
        println!("--- width {width}");
        for line in &para.lines {
            println!("{:7.2} {:6.3} {}", line.width, line.ratio, line_text(line));
        }
    }
}

/// Plain paragraphs of the sample lead article (markup stripped).
pub(crate) fn sample_paragraphs() -> Vec<String> {
    let md = include_str!("../../../issues/2026-11-24/lead.md");
    md.split("\n\n")
        .map(|p| p.trim())
        .filter(|p| {
            !p.is_empty() && !p.starts_with(['#', '|', '-', '>', '1', '2', '3', '!', '[', '<'])
        })
        .map(|p| {
            let mut s = p.replace(['*', '\n'], " ").replace("  ", " ");
            while let Some(i) = s.find("[^") {
                let j = s[i..].find(']').map_or(s.len(), |j| i + j + 1);
                s.replace_range(i..j, "");
            }
            s
        })
        .collect()
}

#[test]
#[ignore = "prints justification quality"]
fn show_quality() {
    let b = book();
    let style = serif(10.5);
    let paras = sample_paragraphs();
    for width in [160.0, 220.0, 300.0, 468.0] {
        let set: Vec<Paragraph> = paras
            .iter()
            .map(|p| layout_paragraph(&b, &[text(p, &style)], &spec(width, Align::Justify)))
            .collect();
        let q = Quality::of(set.iter().map(|p| p.lines.as_slice()), width);
        println!("width {width}: {q}");
        if width == 220.0 {
            for line in set.iter().flat_map(|p| &p.lines).take(40) {
                println!("  {:6.3} {}", line.ratio, line_text(line));
            }
        }
    }
}

fn font_name(b: &FontBook, line: &Line, needle: &str) -> Vec<String> {
    let data = b.font_data();
    runs(line)
        .iter()
        .filter(|r| r.glyphs.iter().any(|g| g.text.contains(needle)))
        .map(|r| data[r.font.0 as usize].name.clone())
        .collect()
}

#[test]
fn total_fit_beats_first_fit_on_a_known_paragraph() {
    use linebreak::{Item, first_fit, knuth_plass};
    // Words 5 3 3 5 4, spaces 1 (stretch 1, shrink 0.5), measure 12.
    // First fit ends line 1 after "5 3" (9 wide: ratio 3, badness 2700).
    // Total fit shrinks "5 3 3" (13 wide, ratio -1, badness 100) and sets
    // "5 4" as the last line: far fewer demerits.
    let words = [5.0, 3.0, 3.0, 5.0, 4.0];
    let mut items = Vec::new();
    for (i, w) in words.iter().enumerate() {
        items.push(Item::boxed(*w, i * 2, i * 2 + 1));
        if i + 1 < words.len() {
            items.push(Item::glue(1.0, 1.0, 0.5, i * 2 + 1, i * 2 + 2));
        }
    }
    let mut fill = Item::glue(0.0, 0.0, 0.0, 9, 9);
    fill.fil = true;
    items.push(fill);
    items.push(Item::penalty(0.0, -10_000.0, false, 9));
    let m = Measure {
        first: 12.0,
        rest: 12.0,
        line_stretch: 0.0,
        em: 1.0,
    };
    let kp: Vec<usize> = knuth_plass(&items, &m).iter().map(|b| b.item).collect();
    assert_eq!(
        kp,
        [5, 10],
        "break at the glue after the third word, then the end"
    );
    assert_eq!(first_fit(&items, &m), [3, 7, 10]);
}

#[test]
fn frog_king_breaks_are_stable() {
    // Expected breaks for Knuth and Plass's own example paragraph at 300 pt
    // (a regression check: the first lines of the set paragraph). With
    // font expansion it needs no hyphen (it had "beau-tiful" without).
    let b = book();
    let para = layout_paragraph(
        &b,
        &[text(LOREM, &serif(10.0))],
        &spec(300.0, Align::Justify),
    );
    let texts: Vec<String> = para.lines.iter().map(line_text).collect();
    assert_eq!(
        texts[0],
        "In olden times when wishing still helped one, there lived a king"
    );
    assert_eq!(
        texts[1],
        "whose daughters were all beautiful, but the youngest was so beautiful"
    );
    assert!(para.lines.iter().all(|l| !l.hyphenated), "{texts:?}");
    assert_eq!(para.lines.len(), 7);
}

#[test]
fn hyphenated_line_ends_in_a_hyphen_minus_glyph() {
    let b = book();
    let style = serif(10.0);
    let paras: Vec<Paragraph> = [150.0, 180.0, 200.0, 300.0]
        .iter()
        .map(|w| layout_paragraph(&b, &[text(LOREM, &style)], &spec(*w, Align::Justify)))
        .collect();
    let hyph: Vec<&Line> = paras
        .iter()
        .flat_map(|p| &p.lines)
        .filter(|l| l.hyphenated)
        .collect();
    assert!(!hyph.is_empty(), "a narrow column hyphenates");
    let face = b
        .face(b.primary(Family::Serif, Weight::Regular, false))
        .expect("primary face");
    for line in hyph {
        let run = runs(line).pop().expect("text");
        let last = run.glyphs.last().expect("glyphs");
        assert_eq!(last.text, "-");
        assert_eq!(Some(last.id), face.glyph('-'));
    }
}

#[test]
fn hyphenation_off_means_no_discretionary_breaks() {
    let b = book();
    let mut s = spec(180.0, Align::Justify);
    s.hyphenate = false;
    let para = layout_paragraph(&b, &[text(LOREM, &serif(10.0))], &s);
    assert!(para.lines.iter().all(|l| !l.hyphenated));
    s.hyphenate = true;
    s.lang = "ko".to_string();
    let para = layout_paragraph(&b, &[text(LOREM, &serif(10.0))], &s);
    assert!(
        para.lines.iter().all(|l| !l.hyphenated),
        "no patterns for ko"
    );
}

#[test]
fn genuine_hyphen_at_line_end_maps_to_u2010_in_an_alias_font() {
    let b = book();
    let style = serif(10.0);
    let w = measure(&b, "Minister Kyung-", &style) + 1.0;
    let para = layout_paragraph(
        &b,
        &[text("Minister Kyung-wha met them", &style)],
        &spec(w, Align::Left),
    );
    let first = &para.lines[0];
    assert_eq!(line_text(first), "Minister Kyung\u{2010}");
    assert!(!first.hyphenated);
    let face = b
        .face(b.primary(Family::Serif, Weight::Regular, false))
        .expect("primary face");
    let last_run = runs(first).pop().expect("runs");
    let last = last_run.glyphs.last().cloned().expect("glyph");
    assert_eq!(last.text, "\u{2010}");
    assert_eq!(Some(last.id), face.glyph('\u{2010}'));
    // Source Serif draws U+2010 with its U+002D glyph, so the line-end
    // hyphen goes to the face's alias font (its own ToUnicode entry),
    // while a hyphen-minus elsewhere stays in the face itself.
    assert_eq!(face.glyph('\u{2010}'), face.glyph('-'));
    let serif_id = b.primary(Family::Serif, Weight::Regular, false);
    assert_eq!(Some(last_run.font), b.alias(serif_id));
    assert_eq!(last_run.glyphs.len(), 1);
    let data = b.font_data();
    assert_eq!(data[last_run.font.0 as usize].name, "SourceSerif4-Regular");
    assert!(
        data[last_run.font.0 as usize]
            .data
            .same(&data[serif_id.0 as usize].data)
    );
}

#[test]
fn hangul_falls_back_to_myeongjo_beside_serif_and_gothic_beside_sans() {
    let b = book();
    let para = layout_paragraph(
        &b,
        &[text(
            "Foreign Minister Kang Kyung-wha (강경화) spoke.",
            &serif(10.0),
        )],
        &spec(400.0, Align::Justify),
    );
    assert!(para.missing.is_empty());
    let line = &para.lines[0];
    assert_eq!(font_name(&b, line, "강"), ["NotoSerifCJKkr-Regular"]);
    assert_eq!(font_name(&b, line, "K"), ["SourceSerif4-Regular"]);
    let mut sans = TextStyle::new(Family::Sans, 10.0);
    sans.weight = Weight::Bold;
    let line = single_line(&b, &[text("서울 Seoul", &sans)]);
    assert_eq!(font_name(&b, &line, "서"), ["NotoSansCJKkr-Bold"]);
}

#[test]
fn korean_breaks_between_words_only() {
    let b = book();
    let style = serif(10.0);
    let src = "대한민국 정부는 오늘 해저 케이블 보호를 위한 새로운 협정을 발표했다";
    let para = layout_paragraph(&b, &[text(src, &style)], &spec(80.0, Align::Justify));
    assert!(para.lines.len() > 2);
    let words: Vec<String> = para
        .lines
        .iter()
        .flat_map(|l| {
            line_text(l)
                .split(' ')
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let source: Vec<&str> = src.split(' ').collect();
    assert_eq!(words, source, "every line break falls at a space");
}

#[test]
fn ligatures_keep_their_source_text() {
    let b = book();
    let line = single_line(&b, &[text("official flag", &serif(10.0))]);
    let glyphs: Vec<&Glyph> = runs(&line).iter().flat_map(|r| &r.glyphs).collect();
    assert!(
        glyphs
            .iter()
            .any(|g| g.text.chars().count() > 1 && g.text.contains('f')),
        "Source Serif sets an f-ligature: {:?}",
        glyphs.iter().map(|g| &g.text).collect::<Vec<_>>()
    );
    let joined: String = glyphs.iter().map(|g| g.text.as_str()).collect();
    assert_eq!(joined, "official flag");
    // Code: no ligatures, one glyph per character.
    let mono = TextStyle::new(Family::Mono, 10.0);
    let line = single_line(&b, &[text("official", &mono)]);
    let glyphs: Vec<&Glyph> = runs(&line).iter().flat_map(|r| &r.glyphs).collect();
    assert_eq!(glyphs.len(), 8);
    assert!(glyphs.iter().all(|g| g.text.chars().count() == 1));
}

#[test]
fn kerning_is_on_for_text_and_off_for_code() {
    let b = book();
    let serif = serif(10.0);
    let kerned = measure(&b, "AVAVAV", &serif);
    let sum: f64 = "AVAVAV"
        .chars()
        .map(|c| measure(&b, &c.to_string(), &serif))
        .sum();
    assert!(kerned < sum - 1.0, "kerned {kerned} vs {sum}");
    let mono = TextStyle::new(Family::Mono, 10.0);
    let w = measure(&b, "AVAVAV", &mono);
    assert!((w - 6.0 * measure(&b, "A", &mono)).abs() < 1e-6);
}

#[test]
fn right_to_left_runs_are_reordered() {
    let b = book();
    let style = serif(10.0);
    let line = single_line(&b, &[text("abc שלום def", &style)]);
    let order: String = runs(&line)
        .iter()
        .flat_map(|r| r.glyphs.iter().map(|g| g.text.as_str()))
        .collect();
    assert_eq!(order, "abc םולש def");
    // Positions increase left to right across runs.
    let xs: Vec<f64> = line.items.iter().map(|(p, _)| p.x).collect();
    assert!(xs.windows(2).all(|w| w[0] <= w[1]), "{xs:?}");
}

#[test]
fn overlong_words_are_broken_within_the_measure() {
    let b = book();
    let style = serif(10.0);
    let url = "https://example.org/reports/2026/undersea-cable-repair-capacity-in-the-western-pacific.pdf";
    let src = format!("See {url} for details.");
    for align in [Align::Justify, Align::Left] {
        let para = layout_paragraph(&b, &[text(&src, &style)], &spec(90.0, align));
        for line in &para.lines {
            assert!(
                line.width <= 90.0 + 0.01,
                "{} > 90: {}",
                line.width,
                line_text(line)
            );
        }
        let joined: String = para
            .lines
            .iter()
            .map(|l| {
                let t = line_text(l);
                if l.hyphenated {
                    t.trim_end_matches('-').to_string()
                } else {
                    t
                }
            })
            .collect::<Vec<_>>()
            .join("");
        assert_eq!(joined.replace(' ', ""), src.replace(' ', ""));
    }
}

#[test]
fn no_break_space_holds_words_together() {
    let b = book();
    let style = serif(10.0);
    let src = "aaa bbb ccc Mr.\u{a0}Smith ddd eee fff ggg hhh iii Mr.\u{a0}Jones";
    for width in [40.0, 60.0, 80.0] {
        let para = layout_paragraph(&b, &[text(src, &style)], &spec(width, Align::Justify));
        for line in &para.lines {
            let t = line_text(line);
            assert!(!t.trim_end().ends_with("Mr."), "{t:?}");
        }
    }
}

#[test]
fn soft_hyphens_are_break_points_and_never_drawn() {
    let b = book();
    let style = serif(10.0);
    let mut s = spec(0.0, Align::Left);
    s.hyphenate = false;
    s.width = measure(&b, "The extra-", &style) + 2.0;
    let para = layout_paragraph(&b, &[text("The extra\u{ad}ordinary case", &style)], &s);
    assert_eq!(line_text(&para.lines[0]), "The extra-");
    assert!(para.lines[0].hyphenated);
    for line in &para.lines {
        assert!(!line_text(line).contains('\u{ad}'));
    }
    // Unbroken, the soft hyphen leaves no trace.
    let line = single_line(&b, &[text("extra\u{ad}ordinary", &style)]);
    assert_eq!(line_text(&line), "extraordinary");
}

#[test]
fn explicit_line_breaks_end_lines_without_stretching() {
    let b = book();
    let style = serif(10.0);
    let para = layout_paragraph(
        &b,
        &[
            text("Harbor Institute", &style),
            Piece::LineBreak,
            text("12 Quay Street", &style),
        ],
        &spec(300.0, Align::Justify),
    );
    assert_eq!(para.lines.len(), 2);
    assert_eq!(line_text(&para.lines[0]), "Harbor Institute");
    assert!(para.lines[0].width < 150.0, "not stretched to the measure");
    assert!(!para.lines[0].last && para.lines[1].last);
}

#[test]
fn ragged_right_keeps_natural_spaces() {
    let b = book();
    let style = serif(10.0);
    let para = layout_paragraph(&b, &[text(LOREM, &style)], &spec(200.0, Align::Left));
    let space = measure(&b, " ", &style);
    for line in &para.lines {
        assert!(line.width <= 200.0 + 0.01);
        assert!(line.ratio == 0.0);
        for run in runs(line) {
            for g in run.glyphs.iter().filter(|g| g.text == " ") {
                assert!((g.x_advance - space).abs() < 1e-6);
            }
        }
    }
    // Total fit keeps the rag even: no line much shorter than the others.
    let body = &para.lines[..para.lines.len() - 1];
    assert!(
        body.iter().all(|l| l.width > 150.0),
        "{:?}",
        body.iter().map(|l| l.width).collect::<Vec<_>>()
    );
}

#[test]
fn center_and_right_alignment_offset_the_line() {
    let b = book();
    let style = serif(10.0);
    let w = measure(&b, "Contents", &style);
    for (align, x) in [
        (Align::Center, (100.0 - w) / 2.0),
        (Align::Right, 100.0 - w),
    ] {
        let para = layout_paragraph(&b, &[text("Contents", &style)], &spec(100.0, align));
        let (pos, _) = &para.lines[0].items[0];
        assert!((pos.x - x).abs() < 1e-6, "{align:?}: {} vs {x}", pos.x);
        assert!(
            (para.lines[0].width - 100.0 + if align == Align::Center { x } else { 0.0 }).abs()
                < 1e-6
        );
    }
}

#[test]
fn single_line_width_is_the_measured_width() {
    let b = book();
    let style = serif(9.0);
    let line = single_line(&b, &[text("Asia-Pacific Security Briefing", &style)]);
    let w = measure(&b, "Asia-Pacific Security Briefing", &style);
    assert!((line.width - w).abs() < 1e-6);
    assert!(line.ascent > 6.0 && line.descent > 1.0);
}

#[test]
fn links_underlines_and_superscripts() {
    let b = book();
    let plain = serif(10.0);
    let mut link = plain.clone();
    link.link = Some(LinkTarget::Url("https://example.org".into()));
    link.underline = true;
    let mut sup = plain.clone();
    sup.superscript = true;
    let line = single_line(
        &b,
        &[
            text("see ", &plain),
            text("the review", &link),
            text("1", &sup),
        ],
    );
    let links: Vec<_> = line
        .items
        .iter()
        .filter_map(|(p, i)| match i {
            FrameItem::Link { size, target, .. } => Some((*p, *size, target.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(links.len(), 1, "one area for the whole linked phrase");
    let (p, size, _) = &links[0];
    let expect = measure(&b, "the review", &plain);
    assert!((size.width - expect).abs() < 1e-6 && p.y < 0.0 && size.height > 10.0);
    assert!(
        line.items
            .iter()
            .any(|(p, i)| matches!(i, FrameItem::Rect { .. }) && p.y > 0.0)
    );
    let sup_run = runs(&line)
        .into_iter()
        .find(|r| r.glyphs.iter().any(|g| g.text == "1"))
        .expect("sup");
    assert!(sup_run.size < 10.0);
    let sup_pos = line
        .items
        .iter()
        .find(|(_, i)| matches!(i, FrameItem::Text(r) if r.size < 10.0))
        .map(|(p, _)| *p)
        .expect("sup position");
    assert!(sup_pos.y < -2.0, "raised: {}", sup_pos.y);
}

#[test]
fn tracking_adds_letter_space() {
    let b = book();
    let plain = TextStyle::new(Family::Sans, 8.0);
    let mut tracked = plain.clone();
    tracked.tracking = 0.1;
    let a = measure(&b, "BRIEFING", &plain);
    let t = measure(&b, "BRIEFING", &tracked);
    assert!((t - a - 8.0 * 0.8).abs() < 1e-6);
}

#[test]
fn uncovered_characters_are_reported_with_context() {
    let b = book();
    let para = layout_paragraph(
        &b,
        &[text("a private \u{10FFFD} sign here", &serif(10.0))],
        &spec(300.0, Align::Justify),
    );
    assert_eq!(para.missing.len(), 1);
    assert_eq!(para.missing[0].ch, '\u{10FFFD}');
    assert!(para.missing[0].context.contains("private"));
}

#[test]
fn first_line_indent() {
    let b = book();
    let mut s = spec(200.0, Align::Justify);
    s.first_indent = 15.0;
    let para = layout_paragraph(&b, &[text(LOREM, &serif(10.0))], &s);
    let (p, _) = &para.lines[0].items[0];
    assert!((p.x - 15.0).abs() < 1e-9);
    assert!((para.lines[0].width - 200.0).abs() < 0.01);
}

#[test]
fn odd_input_never_panics_and_keeps_lines_within_reason() {
    let b = book();
    let pool: Vec<char> = "ab fi ffl- \u{a0}\u{ad}\u{2028}\t\n,.;:!?()/–—\"'́̈ é ß Ж λ 한국어 日本語 ひらがな שלום مرحبا 😀 \u{200b}\u{200d}\u{feff}\u{10FFFD}0123"
        .chars()
        .collect();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let styles = [serif(10.0), TextStyle::new(Family::Mono, 9.0), {
        let mut s = TextStyle::new(Family::Sans, 8.0);
        s.superscript = true;
        s.tracking = 0.1;
        s
    }];
    for round in 0..300 {
        let mut pieces = Vec::new();
        for _ in 0..(next() % 5) {
            if next() % 7 == 0 {
                pieces.push(Piece::LineBreak);
                continue;
            }
            let len = (next() % 40) as usize;
            let t: String = (0..len)
                .map(|_| pool[(next() as usize) % pool.len()])
                .collect();
            pieces.push(text(&t, &styles[(next() as usize) % styles.len()]));
        }
        let width = [0.0, 1.0, 7.5, 40.0, 120.0, 400.0][round % 6];
        let align = [Align::Justify, Align::Left, Align::Center, Align::Right][(round / 6) % 4];
        let para = layout_paragraph(&b, &pieces, &spec(width, align));
        for line in &para.lines {
            assert!(line.width.is_finite() && line.ascent.is_finite() && line.descent.is_finite());
            if width >= 40.0 {
                assert!(
                    line.width <= width + 0.01,
                    "{} > {width}: {:?} {align:?} {pieces:?}",
                    line.width,
                    line_text(line)
                );
            }
            for (p, _) in &line.items {
                assert!(p.x.is_finite() && p.y.is_finite());
            }
        }
        let one = single_line(&b, &pieces);
        assert!(one.width.is_finite());
    }
}

#[test]
fn lines_do_not_start_with_a_spaced_dash() {
    let b = book();
    let src = "officials in both capitals reached for the same words — “accident,” “anchor drag,” \
               “no evidence of intent” — and then discovered that neither government knew which \
               ship would fix the damage — or who would pay for it — and so on — and on.";
    for width in [150.0, 200.0, 250.0, 300.0, 350.0, 400.0] {
        let para = layout_paragraph(&b, &[text(src, &serif(10.5))], &spec(width, Align::Justify));
        for line in &para.lines {
            assert!(
                !line_text(line).starts_with('—'),
                "{width}: {}",
                line_text(line)
            );
        }
    }
}

#[test]
fn a_japanese_phrase_stays_in_one_face_when_one_covers_it() {
    let b = book();
    let line = single_line(&b, &[text("Tokyo (東京のテキスト) ok", &serif(10.0))]);
    let fonts: Vec<_> = runs(&line)
        .iter()
        .filter(|r| {
            r.glyphs
                .iter()
                .any(|g| g.text.chars().any(|c| c > '\u{3000}'))
        })
        .map(|r| r.font)
        .collect();
    // The bundled Japanese face covers the whole phrase.
    assert!(fonts.windows(2).all(|w| w[0] == w[1]), "{fonts:?}");
    assert_eq!(
        b.font_data()[fonts[0].0 as usize].name,
        "NotoSerifCJKjp-Regular"
    );
}

#[test]
fn spaces_collapse_outside_code() {
    let b = book();
    let style = serif(10.0);
    let para = layout_paragraph(
        &b,
        &[
            text("  two  spaces ", &style),
            Piece::LineBreak,
            text(" next ", &style),
        ],
        &spec(300.0, Align::Left),
    );
    let texts: Vec<String> = para.lines.iter().map(line_text).collect();
    assert_eq!(texts, ["two spaces", "next"]);
    let mono = TextStyle::new(Family::Mono, 9.0);
    let line = single_line(&b, &[text("a  b", &mono)]);
    assert_eq!(line_text(&line), "a  b");
}

#[test]
fn demerits_follow_tex_with_scaled_hyphen_costs() {
    use linebreak::{Hyphens, demerits};
    let plain = demerits(0.0, 0.0, Hyphens::default(), 0);
    assert_eq!(plain, 100.0, "(linepenalty 10 + badness 0)^2");
    assert_eq!(demerits(100.0, 0.0, Hyphens::default(), 0), 110.0 * 110.0);
    let hyph = Hyphens {
        this: true,
        ..Hyphens::default()
    };
    assert_eq!(demerits(0.0, 50.0, hyph, 0), 100.0 + 2500.0);
    let double = Hyphens {
        this: true,
        previous: true,
        paragraph_end: false,
    };
    assert_eq!(demerits(0.0, 50.0, double, 0), 100.0 + 2500.0 + 1_000_000.0);
    let final_line = Hyphens {
        this: false,
        previous: true,
        paragraph_end: true,
    };
    // A hyphen before the last line costs a line at the tolerance limit.
    assert_eq!(demerits(0.0, -10_000.0, final_line, 0), 100.0 + 40_000.0);
    assert_eq!(40_000.0, (10.0_f64 + 190.0).powi(2));
    assert_eq!(demerits(0.0, 0.0, Hyphens::default(), 2), 100.0 + 10_000.0);
    assert_eq!(demerits(0.0, 0.0, Hyphens::default(), 1), 100.0);
}

#[test]
fn hyphens_rarely_stack_or_end_the_penultimate_line() {
    // Over the sample at several measures: consecutive hyphenated lines and
    // hyphenated second-to-last lines are what the demerits push against.
    let b = book();
    let style = serif(10.5);
    let mut lines = 0;
    let mut stacked = 0;
    let mut penultimate = 0;
    for width in [240.0, 300.0, 360.0, 468.0] {
        for p in sample_paragraphs() {
            let para = layout_paragraph(&b, &[text(&p, &style)], &spec(width, Align::Justify));
            lines += para.lines.len();
            stacked += para
                .lines
                .windows(2)
                .filter(|w| w[0].hyphenated && w[1].hyphenated)
                .count();
            let n = para.lines.len();
            if n >= 2 && para.lines[n - 2].hyphenated {
                penultimate += 1;
            }
        }
    }
    println!("{lines} lines, {stacked} stacked hyphens, {penultimate} penultimate hyphens");
    assert!(stacked * 30 < lines, "{stacked} of {lines}");
    assert!(penultimate * 40 < lines, "{penultimate} of {lines}");
}

/// The paragraph's last word is never split: a hyphen at the end of the
/// second-to-last line may only break a word that has others after it.
#[test]
fn last_word_is_never_hyphenated() {
    let b = book();
    // The regression: at 10.5 pt on a 444 pt measure this paragraph used
    // to end "plumb-" / "ing.".
    let plumbing = "There is a harder question underneath. If a cut is deliberate, the \
response is no longer a repair problem but a security one, and the two allies have not \
agreed on what would count as evidence, or what would follow from it. That conversation \
will take longer. It should not hold up the plumbing.";
    let mut paras = sample_paragraphs();
    paras.push(plumbing.to_owned());
    paras.push(LOREM.to_owned());
    let mut checked = 0;
    for size in [10.0, 10.5, 11.0] {
        let style = serif(size);
        for width in (140..=460).step_by(9).chain([444]) {
            for src in &paras {
                let para = layout_paragraph(
                    &b,
                    &[text(src, &style)],
                    &spec(f64::from(width), Align::Justify),
                );
                let n = para.lines.len();
                if n < 2 {
                    continue;
                }
                checked += 1;
                let last = line_text(&para.lines[n - 1]);
                assert!(
                    !para.lines[n - 2].hyphenated || last.trim().contains(' '),
                    "last word split at {size} pt, {width} pt: …{} / {last}",
                    line_text(&para.lines[n - 2])
                );
            }
        }
    }
    assert!(checked > 500, "{checked} paragraphs checked");
}

#[test]
fn line_counter_counts_as_layout_does() {
    let b = book();
    let style = serif(24.0);
    let pieces = [text(
        "Why Two Allies Need One Plan for the Sea Floor, and What It Costs",
        &style,
    )];
    let counter = LineCounter::new(&b, &pieces, 120.0).expect("no run wider than 120 pt");
    for width in [120.0, 180.0, 233.5, 300.0, 468.0] {
        let mut s = spec(width, Align::Left);
        s.first_indent = 0.0;
        s.leading = 0.0;
        s.hyphenate = false;
        assert_eq!(
            counter.count(width),
            layout_paragraph(&b, &pieces, &s).lines.len(),
            "at {width} pt"
        );
    }
    // A run wider than the narrowest measure is refused.
    assert!(LineCounter::new(&b, &pieces, 20.0).is_none());
}

#[test]
fn urls_break_before_their_punctuation_and_are_not_hyphenated() {
    let book = book();
    let style = serif(10.0);
    let url = "https://example.org/the-hill/ports-alliance-infrastructure-and-shipping";
    let pieces = vec![text(
        &format!("Read the original at The Hill: {url}"),
        &style,
    )];
    for width in [90.0, 120.0, 160.0, 200.0] {
        let para = layout_paragraph(&book, &pieces, &spec(width, Align::Left));
        let lines: Vec<String> = para.lines.iter().map(line_text).collect();
        // The URL's characters all come back, in order, with nothing added.
        let joined: String = lines.concat();
        assert!(joined.contains(url), "{width}: {lines:?}");
        for pair in lines.windows(2) {
            let next = pair[1].chars().next().unwrap_or(' ');
            if pair[0].contains("https://") || pair[0].starts_with(['/', '-', '.']) {
                assert!(
                    !pair[0].ends_with('-') && matches!(next, '/' | '-' | '.' | 'e'),
                    "{width}: a URL line may only break before / - . (or after ://): {lines:?}"
                );
            }
        }
    }
}

#[test]
fn tabular_figures_share_one_width() {
    let b = book();
    for family in [Family::Sans, Family::Serif] {
        let mut style = TextStyle::new(family, 10.0);
        let widths = |s: &TextStyle| -> Vec<f64> {
            "0123456789"
                .chars()
                .map(|c| measure(&b, &c.to_string(), s))
                .collect()
        };
        let proportional = widths(&style);
        style.tabular = true;
        let tabular = widths(&style);
        assert!(
            tabular.iter().all(|w| (w - tabular[0]).abs() < 1e-9),
            "{family:?}: {tabular:?}"
        );
        // Running text uses proportional figures: a 1 is narrower than a 0.
        assert!(
            proportional[1] < proportional[0] - 0.3,
            "{family:?}: {proportional:?}"
        );
    }
}

/// A line's glyph texts in visual order, spaces dropped.
fn visual_text(line: &Line) -> String {
    let mut items: Vec<(f64, String)> = runs_with_x(line);
    items.sort_by(|a, b| a.0.total_cmp(&b.0));
    items
        .into_iter()
        .map(|(_, t)| t)
        .collect::<String>()
        .replace(' ', "")
}

fn runs_with_x(line: &Line) -> Vec<(f64, String)> {
    let mut out = Vec::new();
    for (at, item) in &line.items {
        if let FrameItem::Text(run) = item {
            let mut x = at.x;
            for g in &run.glyphs {
                out.push((x + g.x_offset, g.text.as_str().to_owned()));
                x += g.x_advance;
            }
        }
    }
    out
}

/// unicode-bidi's visual order of `text` as one line of a paragraph of
/// the given direction (the reference for UAX #9), spaces dropped.
fn reference_order(text: &str, level: unicode_bidi::Level) -> String {
    let info = unicode_bidi::BidiInfo::new(text, Some(level));
    let para = &info.paragraphs[0];
    info.reorder_line(para, para.range.clone()).replace(' ', "")
}

#[test]
fn mixed_direction_text_follows_the_paragraph_direction() {
    let b = book();
    let style = serif(10.0);
    let english = [
        "The minister דוד כהן, 42, spoke first.",
        "דוד כהן said 42 words.",
        "Call محمد علي (2024) today, or 15 minutes later.",
        "He wrote “שלום עולם!” in 3 languages.",
        "Price: 15 ש״ח, paid 2026-01-05 by מרים.",
    ];
    for sentence in english {
        for single in [true, false] {
            let line = if single {
                single_line_in(&b, &[text(sentence, &style)], "en")
            } else {
                let para =
                    layout_paragraph(&b, &[text(sentence, &style)], &spec(2000.0, Align::Left));
                assert_eq!(para.lines.len(), 1);
                para.lines[0].clone()
            };
            assert_eq!(
                visual_text(&line),
                reference_order(sentence, unicode_bidi::Level::ltr()),
                "{sentence:?} (single line: {single})"
            );
        }
    }
    // A Hebrew paragraph is right-to-left even where it starts with Latin.
    let hebrew = "PDF הוא פורמט, 42 עמודים.";
    let mut he = spec(2000.0, Align::Left);
    he.lang = "he".into();
    let para = layout_paragraph(&b, &[text(hebrew, &style)], &he);
    assert_eq!(
        visual_text(&para.lines[0]),
        reference_order(hebrew, unicode_bidi::Level::rtl())
    );
}

/// The Thai sentence of the multilingual fixture, as ICU4X's dictionary
/// segments it (compounds split into their words: เส้น|ทาง, รับ|ผิด|ชอบ).
pub(crate) const THAI_WORDS: &[&str] = &[
    "สาย",
    "เคเบิล",
    "ใต้",
    "ทะเล",
    "เป็น",
    "เส้น",
    "ทาง",
    "หลัก",
    "ของ",
    "ข้อมูล",
    "ระหว่าง",
    "ประเทศ",
    "ใน",
    "เอเชีย",
    "และ",
    "การ",
    "ปกป้อง",
    "สาย",
    "เคเบิล",
    "เหล่า",
    "นี้",
    "เป็น",
    "ความ",
    "รับ",
    "ผิด",
    "ชอบ",
    "ร่วม",
    "กัน",
    "ของ",
    "ทุก",
    "ประเทศ",
    "ใน",
    "ภูมิภาค",
    "ซึ่ง",
    "ต้องการ",
    "ความ",
    "ร่วม",
    "มือ",
    "อย่าง",
    "ใกล้",
    "ชิด",
    "จาก",
    "รัฐบาล",
    "และ",
    "บริษัท",
    "เอกชน",
];

fn thai_boundaries() -> Vec<usize> {
    THAI_WORDS
        .iter()
        .scan(0, |at, w| {
            *at += w.len();
            Some(*at)
        })
        .collect()
}

#[test]
fn thai_breaks_only_between_dictionary_words() {
    let sentence: String = THAI_WORDS.concat();
    let found: Vec<usize> = super::prepare::opportunities(&sentence, &[])
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert_eq!(found, thai_boundaries());
    // Set in a narrow column, every line ends at a word boundary.
    let b = book();
    let para = layout_paragraph(
        &b,
        &[text(&sentence, &serif(10.0))],
        &spec(150.0, Align::Justify),
    );
    assert!(para.lines.len() >= 4, "{}", para.lines.len());
    assert!(para.missing.is_empty(), "{:?}", para.missing);
    let mut at = 0;
    for line in &para.lines[..para.lines.len() - 1] {
        at += line_text(line).len();
        assert!(
            thai_boundaries().contains(&at),
            "a line ends inside a word at {at}"
        );
    }
}

#[test]
fn scripts_are_shaped_in_their_own_faces() {
    let b = book();
    let shaped = |t: &str| {
        let line = single_line(&b, &[text(t, &serif(10.0))]);
        let run = runs(&line)[0];
        let ids: Vec<u16> = run.glyphs.iter().map(|g| g.id).collect();
        (b.font_data()[run.font.0 as usize].name.clone(), ids)
    };
    // Arabic joins: three beh are initial, medial and final forms, none
    // the isolated glyph, and the word is set right to left.
    let (font, isolated) = shaped("ب");
    let (font3, ids) = shaped("ببب");
    assert_eq!(
        (font.as_str(), font3.as_str()),
        ("NotoNaskhArabic-Regular", "NotoNaskhArabic-Regular")
    );
    assert_eq!(ids.len(), 3);
    assert!(!ids.contains(&isolated[0]), "{ids:?} {isolated:?}");
    assert_ne!(
        ids[0], ids[2],
        "final (drawn first) and initial forms differ"
    );
    // Devanagari: क + ् + ष is one conjunct glyph (क्ष).
    let (font, ids) = shaped("क्ष");
    assert_eq!(
        (font.as_str(), ids.len()),
        ("NotoSerifDevanagari-Regular", 1)
    );
    assert_eq!(shaped("שלום").0, "NotoSerifHebrew-Regular");
    assert_eq!(shaped("ไทย").0, "NotoSerifThai-Regular");
    assert_eq!(shaped("🌊").0, "NotoEmoji-Regular");
}

#[test]
fn expanded_letters_stay_within_limits_and_runs_carry_their_scale() {
    let b = book();
    let style = serif(10.0);
    let mono = TextStyle::new(Family::Mono, 10.0);
    let mut expanded = 0;
    for p in sample_paragraphs() {
        let pieces = [
            text(&p, &style),
            text(" let x = 1 ", &mono),
            text("end.", &style),
        ];
        let para = layout_paragraph(&b, &pieces, &spec(220.0, Align::Justify));
        for line in &para.lines {
            let e = line.expansion;
            assert!((-expansion::SHRINK - 1e-9..=expansion::STRETCH + 1e-9).contains(&e));
            expanded += usize::from(e != 0.0);
            for run in runs(line) {
                // Code and Korean keep their letters; the serif's Latin scales.
                let latin = b.font_data()[run.font.0 as usize]
                    .name
                    .starts_with("SourceSerif");
                let want = if latin { 1.0 + e } else { 1.0 };
                assert!(
                    (run.scale - want).abs() < 1e-12,
                    "{} in {:?}",
                    run.scale,
                    line_text(line)
                );
            }
        }
    }
    assert!(expanded > 0, "justified text uses expansion");
    // Ragged text keeps its letters as designed.
    let para = layout_paragraph(&b, &[text(LOREM, &style)], &spec(200.0, Align::Left));
    assert!(para.lines.iter().all(|l| l.expansion == 0.0));
    assert!(para.lines.iter().flat_map(runs).all(|r| r.scale == 1.0));
}
