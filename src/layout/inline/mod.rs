//! Inline layout: styled text → lines of positioned glyph runs.
//!
//! # Steps
//! - `collect`: pieces → one string with style spans.
//! - `prepare`: break opportunities (UAX #14), bidi levels, per-cluster
//!   font fallback, atoms shaped once (`shaping`), hyphenation points
//!   (`hyphenate`).
//! - `linebreak`: atoms → boxes/glue/penalties → Knuth–Plass breaks.
//! - `finalize`: breaks → [`Line`]s, justified, reordered for RTL.

mod bidi;
mod collect;
mod expansion;
mod finalize;
mod hyphenate;
mod linebreak;
mod prepare;
mod protrusion;
mod quality;
mod shaping;
mod urls;

pub use quality::Quality;

pub(crate) use hyphenate::HyphenCache;
pub(crate) use shaping::ShapeCache;

use crate::layout::font::{Family, FontBook, Weight};
use crate::layout::{FrameItem, LinkTarget, Point, Rgb};

use finalize::{LineEnd, Setting, finalize_line};
use linebreak::{Kind, Measure};
use prepare::{AtomKind, Options, Prepared};

/// How a piece of text looks.
#[derive(Clone, Debug, PartialEq)]
pub struct TextStyle {
    pub family: Family,
    pub weight: Weight,
    pub italic: bool,
    /// Font size in points.
    pub size: f64,
    pub color: Rgb,
    pub underline: bool,
    pub strike: bool,
    pub link: Option<LinkTarget>,
    /// Set smaller and raised (footnote markers).
    pub superscript: bool,
    /// Extra letter space in em (small-caps-like labels).
    pub tracking: f64,
    /// Tabular figures (tables, page numbers).
    pub tabular: bool,
}

impl TextStyle {
    /// Regular upright black text in a family, no decoration.
    pub fn new(family: Family, size: f64) -> TextStyle {
        TextStyle {
            family,
            weight: Weight::Regular,
            italic: false,
            size,
            color: Rgb::BLACK,
            underline: false,
            strike: false,
            link: None,
            superscript: false,
            tracking: 0.0,
            tabular: false,
        }
    }
}

/// Input to paragraph layout.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    Text {
        text: String,
        style: TextStyle,
    },
    /// An explicit line break.
    LineBreak,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Justify,
    Left,
    Center,
    Right,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ParagraphSpec {
    /// Measure (line width) in points.
    pub width: f64,
    pub align: Align,
    /// Indent of the first line in points.
    pub first_indent: f64,
    /// Baseline-to-baseline distance in points (for the page builder).
    pub leading: f64,
    /// Hyphenate where patterns exist for `lang`.
    pub hyphenate: bool,
    /// BCP 47 language tag of the text, e.g. `en` or `ko`.
    pub lang: String,
}

/// One set line.
#[derive(Clone, Debug)]
pub struct Line {
    /// x from the line's left edge, y relative to the baseline (0 =
    /// baseline, negative = up): text runs (position = left end of their
    /// baseline), underline/strike rects and link areas (position = top-left).
    pub items: Vec<(Point, FrameItem)>,
    /// x where the set content ends: the measure for a justified line
    /// (plus what its last punctuation hangs into the margin), less for
    /// ragged and last lines. Content may start left of 0 by a hanging
    /// opening quote or bracket.
    pub width: f64,
    /// Height above and depth below the baseline of the tallest glyphs'
    /// fonts (positive).
    pub ascent: f64,
    pub descent: f64,
    /// Ends with a discretionary hyphen.
    pub hyphenated: bool,
    /// Ends in any hyphen: a discretionary one, or an explicit hyphen or
    /// dash the line breaks after. A page or column should not end here.
    pub hyphen_end: bool,
    /// The paragraph's last line.
    pub last: bool,
    /// Adjustment ratio of the interword glue (+1 = stretched by the full
    /// stretch, -1 = fully shrunk); 0 for unjustified lines.
    pub ratio: f64,
    /// Extra space between letters in em (0 unless a justified line was so
    /// loose that part of its slack went between letters).
    pub letter_space: f64,
    /// Horizontal scale of the line's letters less one (font expansion:
    /// 0.01 = drawn 1 % wider); 0 unless justified. `ratio` is the
    /// spaces' share of the slack after it.
    pub expansion: f64,
    /// How far the last glyph hangs past the measure (hanging punctuation
    /// on a justified line; 0 otherwise): the optical edge is
    /// `width - hang`.
    pub hang: f64,
    /// Characters of the paragraph's text before this line, spaces and
    /// footnote markers not counted: where the line starts in the source
    /// whatever spaces were collapsed (the page map's offsets).
    pub chars_before: usize,
}

/// A character no font covers, with some text around it for the warning.
#[derive(Clone, Debug, PartialEq)]
pub struct MissingChar {
    pub ch: char,
    pub context: String,
}

#[derive(Clone, Debug)]
pub struct Paragraph {
    pub lines: Vec<Line>,
    pub missing: Vec<MissingChar>,
}

/// Breaks styled text into lines of `spec.width`.
pub fn layout_paragraph(book: &FontBook, pieces: &[Piece], spec: &ParagraphSpec) -> Paragraph {
    let collected = collect::collect(pieces, true);
    if collected.text.is_empty() {
        return Paragraph {
            lines: Vec::new(),
            missing: Vec::new(),
        };
    }
    let em = collected.spans.first().map_or(10.0, |(_, s)| s.size);
    let lang = if spec.hyphenate {
        hyphenate::lang_for(&spec.lang)
    } else {
        None
    };
    let opts = Options {
        hyphenate: lang,
        min_width: (spec.width - spec.first_indent.max(0.0)).max(1.0),
        base: bidi::base_level(&spec.lang),
    };
    // Footnote markers are set text but not the article's words.
    let markers: Vec<std::ops::Range<usize>> = collected
        .spans
        .iter()
        .filter(|(_, s)| s.superscript)
        .map(|(r, _)| r.clone())
        .collect();
    let prepared = prepare::prepare(book, collected, &opts);
    let justify = spec.align == Align::Justify;
    let items = linebreak::items(&prepared, book, justify);
    let measure = Measure::new(spec, em);
    let breaks = linebreak::knuth_plass(&items, &measure);

    let bidi = prepared.has_rtl.then(|| {
        unicode_bidi::ParagraphBidiInfo::new(&prepared.text, bidi::base_level(&spec.lang))
    });
    let mut lines = Vec::with_capacity(breaks.len());
    let mut start = 0;
    let (mut counted, mut chars_before) = (0, 0);
    for (n, brk) in breaks.iter().enumerate() {
        let it = &items[brk.item];
        let last = n + 1 == breaks.len();
        let end = LineEnd {
            range: start..it.start,
            hyphen: it.kind == Kind::Penalty && it.flagged && it.width > 0.0,
            forced: it.kind == Kind::Penalty && it.penalty <= -10_000.0,
            last,
        };
        let set = Setting {
            width: spec.width,
            indent: if n == 0 { spec.first_indent } else { 0.0 },
            align: spec.align,
        };
        let mut line = finalize_line(book, &prepared, bidi.as_ref(), &end, &set);
        if !justify {
            line.ratio = 0.0;
        }
        line.hyphen_end = it.kind == Kind::Penalty && it.flagged && !last;
        chars_before += source_chars(&prepared.text, counted..start, &markers);
        counted = start;
        line.chars_before = chars_before;
        lines.push(line);
        start = next_start(&prepared, &items, brk.item);
    }
    Paragraph {
        lines,
        missing: prepared.missing,
    }
}

/// Characters in `text[range]` that are the source's words: not spaces,
/// not inside `markers`.
fn source_chars(
    text: &str,
    range: std::ops::Range<usize>,
    markers: &[std::ops::Range<usize>],
) -> usize {
    text.get(range.clone()).map_or(0, |t| {
        t.char_indices()
            .filter(|&(i, c)| {
                let at = range.start + i;
                !c.is_whitespace() && !markers.iter().any(|m| m.contains(&at))
            })
            .count()
    })
}

/// Line counts of `pieces` set flush left without hyphenation at several
/// measures, the text prepared and shaped once (balancing a title tries
/// up to eight measures). Counts equal `layout_paragraph(..).lines.len()`
/// with such a spec.
pub struct LineCounter {
    items: Vec<linebreak::Item>,
    em: f64,
}

impl LineCounter {
    /// `None` when some unbreakable run is wider than `narrowest`: such a
    /// run gets emergency break points that depend on the measure, so each
    /// measure must then be prepared on its own.
    pub fn new(book: &FontBook, pieces: &[Piece], narrowest: f64) -> Option<LineCounter> {
        let collected = collect::collect(pieces, true);
        if collected.text.is_empty() {
            return Some(LineCounter {
                items: Vec::new(),
                em: 10.0,
            });
        }
        let em = collected.spans.first().map_or(10.0, |(_, s)| s.size);
        let opts = Options {
            hyphenate: None,
            min_width: f64::INFINITY,
            base: None,
        };
        let prepared = prepare::prepare(book, collected, &opts);
        if prepare::longest_run(&prepared.atoms) > narrowest {
            return None;
        }
        let items = linebreak::items(&prepared, book, false);
        Some(LineCounter { items, em })
    }

    /// Number of lines at measure `width`.
    pub fn count(&self, width: f64) -> usize {
        if self.items.is_empty() {
            return 0;
        }
        let spec = ParagraphSpec {
            width,
            align: Align::Left,
            first_indent: 0.0,
            leading: 0.0,
            hyphenate: false,
            lang: String::new(),
        };
        linebreak::knuth_plass(&self.items, &Measure::new(&spec, self.em)).len()
    }
}

/// Where the line after a break at item `b` starts: the next box.
fn next_start(p: &Prepared<'_>, items: &[linebreak::Item], b: usize) -> usize {
    let it = &items[b];
    let mut pos = it.end;
    for next in &items[b + 1..] {
        match next.kind {
            Kind::Box => return next.start,
            _ if next.penalty <= -10_000.0 && next.kind == Kind::Penalty => {
                return next.start.max(pos);
            }
            _ => pos = pos.max(next.end),
        }
    }
    pos.min(p.text.len())
}

/// Natural width of `text` on one line, in points.
pub fn measure(book: &FontBook, text: &str, style: &TextStyle) -> f64 {
    let pieces = [Piece::Text {
        text: text.to_string(),
        style: style.clone(),
    }];
    let prepared = prepare_unbroken(book, &pieces, "");
    prepared
        .atoms
        .iter()
        .filter(|a| matches!(a.kind, AtomKind::Word | AtomKind::Space | AtomKind::Nbsp))
        .map(|a| a.width)
        .sum()
}

/// Sets pieces on one line at their natural width (running heads, folios,
/// leaders). Explicit line breaks are ignored.
pub fn single_line(book: &FontBook, pieces: &[Piece]) -> Line {
    single_line_in(book, pieces, "")
}

/// [`single_line`] for text in language `lang` (BCP 47), whose direction
/// is the line's base direction; `""` takes it from the first strong letter.
pub fn single_line_in(book: &FontBook, pieces: &[Piece], lang: &str) -> Line {
    let prepared = prepare_unbroken(book, pieces, lang);
    let bidi = prepared
        .has_rtl
        .then(|| unicode_bidi::ParagraphBidiInfo::new(&prepared.text, bidi::base_level(lang)));
    let end = LineEnd {
        range: 0..prepared.text.len(),
        hyphen: false,
        forced: true,
        last: true,
    };
    let set = Setting {
        width: f64::INFINITY,
        indent: 0.0,
        align: Align::Left,
    };
    let mut line = finalize_line(book, &prepared, bidi.as_ref(), &end, &set);
    line.ratio = 0.0;
    line
}

fn prepare_unbroken<'a>(book: &FontBook, pieces: &'a [Piece], lang: &str) -> Prepared<'a> {
    let opts = Options {
        hyphenate: None,
        min_width: f64::INFINITY,
        base: bidi::base_level(lang),
    };
    prepare::prepare(book, collect::collect(pieces, false), &opts)
}

#[cfg(test)]
mod tests;
