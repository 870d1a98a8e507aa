//! Text → atoms: segments of one kind, style, font, script and direction
//! that never cross a break opportunity, each shaped once.
//!
//! Break opportunities come from UAX #14, minus those between two Hangul
//! letters (Korean breaks between words, not syllables). Word atoms also
//! get hyphenation points, and — when a run of text between opportunities
//! is wider than the line — emergency points at every grapheme, so an
//! overlong word or URL is broken instead of running off the page.

use std::ops::Range;
use std::sync::Arc;

use unicode_linebreak::BreakOpportunity;
use unicode_script::{Script, UnicodeScript};
use unicode_segmentation::UnicodeSegmentation;

use super::collect::{Collected, HARD_BREAK};
use super::hyphenate;
use super::shaping::{Shaped, shape};
use super::{MissingChar, TextStyle};
use crate::layout::FontId;
use crate::layout::font::{Family, FontBook};

/// Size factor and rise (in em of the base size) of superscripts.
pub(crate) const SUPERSCRIPT_SCALE: f64 = 0.68;
pub(crate) const SUPERSCRIPT_RISE: f64 = 0.36;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AtomKind {
    Word,
    /// Breaking white space: stretchable glue.
    Space,
    /// No-break space: glue a line cannot end at.
    Nbsp,
    /// Explicit line break.
    HardBreak,
    /// Soft hyphen: invisible, a hyphenation point chosen by the author.
    Shy,
}

/// What may happen at the end of an atom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum After {
    /// No break here.
    None,
    /// A UAX #14 opportunity.
    Allowed,
    /// Inside an overlong word: break only when nothing else fits.
    Emergency,
}

pub(crate) struct Atom {
    pub range: Range<usize>,
    pub kind: AtomKind,
    pub style: usize,
    pub font: FontId,
    pub rtl: bool,
    pub shaped: Option<Arc<Shaped>>,
    /// Natural width in points, tracking included.
    pub width: f64,
    /// Break points inside the atom (absolute byte offsets), ascending.
    pub hyphens: Vec<usize>,
    pub emergency: Vec<usize>,
    pub after: After,
}

pub(crate) struct Prepared<'a> {
    pub text: String,
    pub styles: Vec<&'a TextStyle>,
    pub atoms: Vec<Atom>,
    pub has_rtl: bool,
    pub missing: Vec<MissingChar>,
}

/// The size glyphs are set at (superscripts are smaller).
pub(crate) fn glyph_size(style: &TextStyle) -> f64 {
    if style.superscript {
        style.size * SUPERSCRIPT_SCALE
    } else {
        style.size
    }
}

/// Points per font unit for an atom, and extra advance per glyph.
pub(crate) fn scale(style: &TextStyle, shaped: &Shaped) -> (f64, f64) {
    let size = glyph_size(style);
    (size / shaped.upem, style.tracking * size)
}

pub(crate) struct Options<'s> {
    pub hyphenate: Option<hypher::Lang>,
    /// Narrowest line: runs wider than this get emergency breaks.
    pub min_width: f64,
    pub lang: &'s str,
}

pub(crate) fn prepare<'a>(
    book: &FontBook,
    collected: Collected<'a>,
    opts: &Options<'_>,
) -> Prepared<'a> {
    let Collected { text, spans } = collected;
    let styles: Vec<&TextStyle> = spans.iter().map(|(_, s)| *s).collect();
    let has_rtl = text.chars().any(is_rtl_char);
    let levels: Option<Vec<unicode_bidi::Level>> =
        has_rtl.then(|| unicode_bidi::ParagraphBidiInfo::new(&text, None).levels);

    let opportunities = opportunities(&text);
    let mut missing = Vec::new();
    let mut atoms: Vec<Atom> = Vec::new();
    let mut opp = opportunities.iter().peekable();
    let mut span_idx = 0;
    let mut cur: Option<(usize, AtomKind, usize, FontId, Script, bool)> = None;

    let flush = |atoms: &mut Vec<Atom>,
                 cur: &Option<(usize, AtomKind, usize, FontId, Script, bool)>,
                 end: usize| {
        if let Some((start, kind, style, font, _, rtl)) = *cur
            && end > start
        {
            atoms.push(Atom {
                range: start..end,
                kind,
                style,
                font,
                rtl,
                shaped: None,
                width: 0.0,
                hyphens: Vec::new(),
                emergency: Vec::new(),
                after: After::None,
            });
        }
    };

    for (i, cluster) in text.grapheme_indices(true) {
        while spans.get(span_idx).is_some_and(|(r, _)| r.end <= i) {
            span_idx += 1;
        }
        let style_idx = span_idx.min(spans.len().saturating_sub(1));
        let style = styles[style_idx];
        let mut at_opportunity = false;
        while let Some(&&(pos, _)) = opp.peek() {
            if pos > i {
                break;
            }
            at_opportunity |= pos == i;
            opp.next();
        }
        let first = cluster.chars().next().unwrap_or(' ');
        let kind = match first {
            HARD_BREAK => AtomKind::HardBreak,
            '\u{00AD}' => AtomKind::Shy,
            '\u{00A0}' => AtomKind::Nbsp,
            c if c.is_whitespace() && !matches!(c, '\u{2007}' | '\u{202F}') => AtomKind::Space,
            _ => AtomKind::Word,
        };
        let rtl = levels
            .as_ref()
            .and_then(|l| l.get(i))
            .is_some_and(|l| l.is_rtl());
        let font = match kind {
            AtomKind::Word | AtomKind::Nbsp | AtomKind::Space => {
                match book.select(cluster, style.family, style.weight, style.italic) {
                    Some(f) => f,
                    None => {
                        for c in cluster
                            .chars()
                            .filter(|c| !crate::layout::font::is_ignorable(*c))
                        {
                            if !missing.iter().any(|m: &MissingChar| m.ch == c) {
                                missing.push(MissingChar {
                                    ch: c,
                                    context: snippet(&text, i),
                                });
                            }
                        }
                        book.primary(style.family, style.weight, style.italic)
                    }
                }
            }
            _ => book.primary(style.family, style.weight, style.italic),
        };
        let script = cluster
            .chars()
            .map(|c| c.script())
            .find(|s| !matches!(s, Script::Common | Script::Inherited | Script::Unknown))
            .unwrap_or(Script::Common);
        let same = match &mut cur {
            Some((_, k, s, f, sc, r)) => {
                let same_script =
                    script == Script::Common || *sc == Script::Common || *sc == script;
                let same = !at_opportunity
                    && *k == kind
                    && !matches!(kind, AtomKind::HardBreak | AtomKind::Shy)
                    && *s == style_idx
                    && *f == font
                    && same_script
                    && *r == rtl;
                if same && *sc == Script::Common {
                    *sc = script;
                }
                same
            }
            None => false,
        };
        if !same {
            flush(&mut atoms, &cur, i);
            cur = Some((i, kind, style_idx, font, script, rtl));
        }
    }
    flush(&mut atoms, &cur, text.len());

    // Opportunities at atom ends.
    let mut opp = opportunities.iter().peekable();
    for atom in &mut atoms {
        while opp.peek().is_some_and(|(p, _)| *p < atom.range.end) {
            opp.next();
        }
        if opp.peek().is_some_and(|(p, _)| *p == atom.range.end) {
            atom.after = After::Allowed;
        }
    }

    // Shape and measure.
    for atom in &mut atoms {
        if matches!(atom.kind, AtomKind::HardBreak | AtomKind::Shy) {
            continue;
        }
        let style = styles[atom.style];
        let shaped = shape(
            book,
            &text[atom.range.clone()],
            atom.font,
            style.family == Family::Mono,
            atom.rtl,
        );
        let (k, track) = scale(style, &shaped);
        atom.width = f64::from(shaped.advance) * k + track * shaped.glyphs.len() as f64;
        atom.shaped = Some(shaped);
        if atom.kind == AtomKind::Word
            && let Some(lang) = opts.hyphenate
        {
            let mut pts = Vec::new();
            hyphenate::points(&text[atom.range.clone()], lang, &mut pts);
            atom.hyphens = pts.into_iter().map(|p| p + atom.range.start).collect();
        }
    }
    let _ = opts.lang;

    mark_overlong(&text, &mut atoms, opts.min_width);

    Prepared {
        text,
        styles,
        atoms,
        has_rtl,
        missing,
    }
}

/// Gives runs of word atoms wider than `min_width` (with no opportunity
/// inside) a break point at every grapheme.
fn mark_overlong(text: &str, atoms: &mut [Atom], min_width: f64) {
    let mut i = 0;
    while i < atoms.len() {
        if atoms[i].kind != AtomKind::Word {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut width = 0.0;
        while j < atoms.len() && atoms[j].kind == AtomKind::Word {
            width += atoms[j].width;
            j += 1;
            if atoms[j - 1].after != After::None {
                break;
            }
        }
        if width > min_width {
            for (n, atom) in atoms[i..j].iter_mut().enumerate() {
                let r = atom.range.clone();
                atom.emergency = text[r.clone()]
                    .grapheme_indices(true)
                    .map(|(k, _)| r.start + k)
                    .filter(|&k| k > r.start)
                    .collect();
                if n + 1 < j - i && atom.after == After::None {
                    atom.after = After::Emergency;
                }
            }
        }
        i = j.max(i + 1);
    }
}

/// UAX #14 opportunities (byte offset, mandatory), minus Hangul–Hangul.
fn opportunities(text: &str) -> Vec<(usize, bool)> {
    unicode_linebreak::linebreaks(text)
        .filter(|&(pos, op)| {
            if op == BreakOpportunity::Mandatory || pos >= text.len() {
                return true;
            }
            let before = text[..pos].chars().next_back();
            let after = text[pos..].chars().next();
            !matches!((before, after), (Some(a), Some(b)) if is_hangul(a) && is_hangul(b))
        })
        .map(|(pos, op)| (pos, op == BreakOpportunity::Mandatory))
        .collect()
}

fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

/// Strong right-to-left characters and explicit RTL controls.
fn is_rtl_char(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{08FF}'
        | '\u{FB1D}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}'
        | '\u{10800}'..='\u{10FFF}'
        | '\u{1E800}'..='\u{1EFFF}'
        | '\u{200F}' | '\u{202B}' | '\u{202E}' | '\u{2067}')
}

/// About 20 characters of text around byte `at`, for a warning.
fn snippet(text: &str, at: usize) -> String {
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(20)
        .map_or(0, |(i, _)| i);
    let end = text[at..]
        .char_indices()
        .nth(20)
        .map_or(text.len(), |(i, _)| at + i);
    text[start..end].replace(HARD_BREAK, " ")
}
