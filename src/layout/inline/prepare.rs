//! Text → atoms: segments of one kind, style, font, script and direction
//! that never cross a break opportunity, each shaped once.
//!
//! Break opportunities come from UAX #14, minus those between two Hangul
//! letters (Korean breaks between words, not syllables), plus those between
//! dictionary words in Thai, Lao, Khmer and Burmese, which put no spaces
//! between words (ICU4X's segmenter with its compiled dictionaries). Word
//! atoms also
//! get hyphenation points, and — when a run of text between opportunities
//! is wider than the line — emergency points at every grapheme, so an
//! overlong word or URL is broken instead of running off the page.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use unicode_linebreak::BreakOpportunity;
use unicode_script::{Script, UnicodeScript};
use unicode_segmentation::UnicodeSegmentation;

use super::collect::{Collected, HARD_BREAK};
use super::shaping::{Features, Shaped, shape};
use super::{MissingChar, TextStyle};
use crate::layout::FontId;
use crate::layout::font::{FontBook, is_hangul};

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

pub(crate) struct Options {
    pub hyphenate: Option<hypher::Lang>,
    /// Narrowest line: runs wider than this get emergency breaks.
    pub min_width: f64,
    /// The paragraph's base direction (None: from its first strong letter).
    pub base: Option<unicode_bidi::Level>,
}

pub(crate) fn prepare<'a>(
    book: &FontBook,
    collected: Collected<'a>,
    opts: &Options,
) -> Prepared<'a> {
    let Collected { text, spans } = collected;
    let styles: Vec<&TextStyle> = spans.iter().map(|(_, s)| *s).collect();
    let has_rtl = text.chars().any(is_rtl_char);
    let levels: Option<Vec<unicode_bidi::Level>> =
        has_rtl.then(|| unicode_bidi::ParagraphBidiInfo::new(&text, opts.base).levels);

    let urls = super::urls::spans(&text);
    let opportunities = opportunities(&text, &urls);
    let mut missing = Vec::new();
    // About two atoms (a word, a space) per opportunity.
    let mut atoms: Vec<Atom> = Vec::with_capacity(2 * opportunities.len() + 1);
    let mut opp = opportunities.iter().peekable();
    let mut span_idx = 0;
    // The bidi level rides along: an atom never spans two levels, else a
    // part (a number and the comma after it, at levels 2 and 0) lands
    // whole in one visual run.
    let mut cur: Option<(usize, AtomKind, usize, FontId, Script, u8)> = None;
    let mut cjk_run: Option<(usize, FontId)> = None;

    let flush = |atoms: &mut Vec<Atom>,
                 cur: &Option<(usize, AtomKind, usize, FontId, Script, u8)>,
                 end: usize| {
        if let Some((start, kind, style, font, _, level)) = *cur
            && end > start
        {
            atoms.push(Atom {
                range: start..end,
                kind,
                style,
                font,
                rtl: level % 2 == 1,
                shaped: None,
                width: 0.0,
                hyphens: Vec::new(),
                emergency: Vec::new(),
                after: After::None,
            });
        }
    };

    for (i, cluster) in (Clusters { text: &text, at: 0 }) {
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
        let level = levels
            .as_ref()
            .and_then(|l| l.get(i))
            .map_or(0, |l| l.number());
        // A run of Han and kana takes one face when one face covers all of
        // it, so a Japanese phrase is not set half in the bundled Korean
        // face (which has kana) and half in a system face (for kanji).
        if cjk_run.is_none_or(|(end, _)| i >= end) {
            cjk_run = None;
            if is_cjk(first) {
                let span_end = spans.get(style_idx).map_or(text.len(), |(r, _)| r.end);
                let end = text[i..span_end]
                    .char_indices()
                    .find(|(_, c)| !is_cjk(*c))
                    .map_or(span_end, |(k, _)| i + k);
                cjk_run = book
                    .select(&text[i..end], style.family, style.weight, style.italic)
                    .map(|f| (end, f));
            }
        }
        let font = match (kind, cjk_run) {
            (AtomKind::Word, Some((_, f))) => f,
            (AtomKind::Word | AtomKind::Nbsp | AtomKind::Space, _) => {
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
            .map(script_of)
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
                    && *r == level;
                if same && *sc == Script::Common {
                    *sc = script;
                }
                same
            }
            None => false,
        };
        if !same {
            flush(&mut atoms, &cur, i);
            cur = Some((i, kind, style_idx, font, script, level));
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

    // A spaced dash stays with the word before it: no line starts with
    // "—" or "–" (the space before it does not break).
    for n in 1..atoms.len() {
        let (before, after) = atoms.split_at_mut(n);
        let space = &mut before[n - 1];
        if space.kind == AtomKind::Space
            && space.after == After::Allowed
            && text[after[0].range.clone()].starts_with(['—', '–'])
        {
            space.after = After::None;
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
            Features::of(style),
            atom.rtl,
        );
        let (k, track) = scale(style, &shaped);
        atom.width = f64::from(shaped.advance) * k + track * shaped.glyphs.len() as f64;
        atom.shaped = Some(shaped);
        if atom.kind == AtomKind::Word
            && let Some(lang) = opts.hyphenate
            && !urls
                .iter()
                .any(|u| u.start <= atom.range.start && atom.range.end <= u.end)
        {
            book.hyphens
                .points(&text[atom.range.clone()], lang, &mut atom.hyphens);
            for h in &mut atom.hyphens {
                *h += atom.range.start;
            }
        }
    }

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
    // Marking a run changes only atoms inside it, so the runs can be
    // found first.
    for (i, j, width) in unbreakable_runs(atoms) {
        if width > min_width {
            for (n, atom) in atoms[i..j].iter_mut().enumerate() {
                let r = atom.range.clone();
                if atom.kind == AtomKind::Word {
                    atom.emergency = text[r.clone()]
                        .grapheme_indices(true)
                        .map(|(k, _)| r.start + k)
                        .filter(|&k| k > r.start)
                        .collect();
                    if n + 1 < j - i && atom.after == After::None {
                        atom.after = After::Emergency;
                    }
                } else {
                    // A no-break space inside an overlong run may break.
                    atom.after = After::Emergency;
                }
            }
        }
    }
}

/// Width of the widest run of atoms with no break between them.
pub(crate) fn longest_run(atoms: &[Atom]) -> f64 {
    unbreakable_runs(atoms)
        .into_iter()
        .map(|(_, _, w)| w)
        .fold(0.0, f64::max)
}

/// Runs of visible atoms with no break between them (words joined by
/// no-break spaces count as one; breakable spaces ending a run are not
/// part of it): atom range and width.
fn unbreakable_runs(atoms: &[Atom]) -> Vec<(usize, usize, f64)> {
    let visible = |a: &Atom| matches!(a.kind, AtomKind::Word | AtomKind::Space | AtomKind::Nbsp);
    let mut runs = Vec::new();
    let mut i = 0;
    while i < atoms.len() {
        if !visible(&atoms[i])
            || (atoms[i].kind == AtomKind::Space && atoms[i].after == After::Allowed)
        {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut width = 0.0;
        while j < atoms.len() && visible(&atoms[j]) {
            let a = &atoms[j];
            if a.kind == AtomKind::Space && a.after == After::Allowed {
                break;
            }
            width += a.width;
            j += 1;
            if a.kind == AtomKind::Word && a.after != After::None {
                break;
            }
        }
        runs.push((i, j, width));
        i = j.max(i + 1);
    }
    runs
}

/// UAX #14 opportunities (byte offset, mandatory), minus Hangul–Hangul,
/// plus dictionary word boundaries in Thai and its neighbours; inside URLs,
/// the URL rules of [`super::urls`] instead.
pub(crate) fn opportunities(text: &str, urls: &[std::ops::Range<usize>]) -> Vec<(usize, bool)> {
    let inside = |pos: usize| urls.iter().any(|u| u.start < pos && pos < u.end);
    let mut out: Vec<(usize, bool)> = unicode_linebreak::linebreaks(text)
        .filter(|&(pos, op)| {
            if op == BreakOpportunity::Mandatory || pos >= text.len() {
                return true;
            }
            if inside(pos) {
                return false;
            }
            let before = text[..pos].chars().next_back();
            let after = text[pos..].chars().next();
            !matches!((before, after), (Some(a), Some(b)) if is_hangul(a) && is_hangul(b))
        })
        .map(|(pos, op)| (pos, op == BreakOpportunity::Mandatory))
        .collect();
    let dictionary = !text.is_ascii() && text.chars().any(is_dictionary_script);
    if dictionary {
        dictionary_breaks(text, &mut out);
    }
    if !urls.is_empty() || dictionary {
        out.extend(
            urls.iter()
                .flat_map(|u| super::urls::breaks(text, u))
                .map(|p| (p, false)),
        );
        // A mandatory break wins over another at the same place.
        out.sort_unstable_by_key(|&(p, mandatory)| (p, !mandatory));
        out.dedup_by_key(|(p, _)| *p);
    }
    out
}

/// Thai, Lao, Myanmar and Khmer: scripts written without spaces between
/// words (UAX #14 class SA), broken by a dictionary.
fn is_dictionary_script(c: char) -> bool {
    matches!(c, '\u{0E00}'..='\u{0EFF}' | '\u{1000}'..='\u{109F}' | '\u{1780}'..='\u{17FF}' | '\u{19E0}'..='\u{19FF}' | '\u{AA60}'..='\u{AA7F}' | '\u{A9E0}'..='\u{A9FF}')
}

/// Word boundaries inside each run of [`is_dictionary_script`] text, from
/// ICU4X's dictionary line segmenter (compiled into the binary).
fn dictionary_breaks(text: &str, out: &mut Vec<(usize, bool)>) {
    use icu_segmenter::LineSegmenter;
    use icu_segmenter::options::LineBreakOptions;
    static SEGMENTER: OnceLock<icu_segmenter::LineSegmenterBorrowed<'static>> = OnceLock::new();
    let segmenter =
        SEGMENTER.get_or_init(|| LineSegmenter::new_dictionary(LineBreakOptions::default()));
    let mut at = 0;
    while let Some(start) = text[at..].find(is_dictionary_script).map(|k| at + k) {
        let end = text[start..]
            .find(|c: char| !is_dictionary_script(c))
            .map_or(text.len(), |k| start + k);
        let run = &text[start..end];
        out.extend(
            segmenter
                .segment_str(run)
                .filter(|&b| b > 0 && b < run.len())
                .map(|b| (start + b, false)),
        );
        at = end;
    }
}

/// Extended grapheme clusters with their byte offsets, the same as
/// `grapheme_indices(true)`, but an ASCII character followed by ASCII (or
/// the end) is taken as its own cluster without running the segmenter:
/// no grapheme rule joins two ASCII characters except CR LF.
struct Clusters<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for Clusters<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let rest = self.text.get(self.at..)?;
        let bytes = rest.as_bytes();
        let first = *bytes.first()?;
        let len = if first.is_ascii() && first != b'\r' && bytes.get(1).is_none_or(u8::is_ascii) {
            1
        } else {
            // Segmenting from a cluster boundary gives the same clusters.
            rest.graphemes(true).next().map_or(rest.len(), str::len)
        };
        let start = self.at;
        self.at += len;
        Some((start, &rest[..len]))
    }
}

/// The script of a character, with a fast path for ASCII.
fn script_of(c: char) -> Script {
    if c.is_ascii() {
        if c.is_ascii_alphabetic() {
            Script::Latin
        } else {
            Script::Common
        }
    } else {
        c.script()
    }
}

/// Han ideographs, kana and CJK punctuation (not Hangul: Korean has its
/// own bundled faces and spaces between words).
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{2FA1F}')
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

#[cfg(test)]
mod cluster_tests {
    use unicode_segmentation::UnicodeSegmentation;

    use super::Clusters;

    #[test]
    fn clusters_match_the_grapheme_segmenter() {
        for text in [
            "",
            "plain ASCII, with punctuation.",
            "e\u{301}te\u{301} cafe\u{301}s",
            "line\r\nbreak\r\r\n",
            "flags \u{1F1F0}\u{1F1F7}\u{1F1EF}\u{1F1F5}\u{1F1FA} done",
            "family \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} x",
            "한국어 텍스트 and 日本語",
            "a\u{0308}\u{0301}b",
            "\u{0301}leading mark",
        ] {
            let ours: Vec<(usize, &str)> = Clusters { text, at: 0 }.collect();
            let theirs: Vec<(usize, &str)> = text.grapheme_indices(true).collect();
            assert_eq!(ours, theirs, "{text:?}");
        }
    }
}
