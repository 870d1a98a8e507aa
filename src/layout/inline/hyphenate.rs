//! Hyphenation points from hypher's patterns (TeX patterns compiled in).

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Mutex;

use hypher::Lang;

use super::shaping::{FxHasher, fx_hash};

/// Hyphenation points per (language, word): words repeat, patterns are
/// the slowest part of preparing a paragraph otherwise.
#[derive(Default)]
pub(crate) struct HyphenCache {
    map: Mutex<HashMap<u64, Vec<Entry>, BuildHasherDefault<FxHasher>>>,
}

/// Language, word, and its hyphenation points (byte offsets).
type Entry = (Lang, Box<str>, Box<[u16]>);

impl std::fmt::Debug for HyphenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HyphenCache")
    }
}

impl HyphenCache {
    /// Like [`points`], cached.
    pub(crate) fn points(&self, word: &str, lang: Lang, out: &mut Vec<usize>) {
        let hash = fx_hash((word, lang as u8));
        {
            let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((_, _, pts)) = map
                .get(&hash)
                .and_then(|v| v.iter().find(|(l, w, _)| *l == lang && &**w == word))
            {
                out.extend(pts.iter().map(|&p| usize::from(p)));
                return;
            }
        }
        let start = out.len();
        points(word, lang, out);
        if word.len() > usize::from(u16::MAX) {
            return;
        }
        let pts: Box<[u16]> = out[start..].iter().map(|&p| p as u16).collect();
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > 200_000 {
            map.clear();
        }
        map.entry(hash).or_default().push((lang, word.into(), pts));
    }
}

/// Patterns for a BCP 47 tag like `en`, `en-US`, `de-CH`; `None` for
/// languages without patterns (Korean, Japanese, …): no hyphenation.
pub(crate) fn lang_for(tag: &str) -> Option<Lang> {
    let code = tag.split(['-', '_']).next()?.to_ascii_lowercase();
    let bytes: [u8; 2] = code.as_bytes().try_into().ok()?;
    Lang::from_iso(bytes)
}

/// Byte offsets (relative to `word`) where `word` may be hyphenated.
/// Only the alphabetic core of the word is considered ("(extraordinary)," →
/// its letters); words with digits, all-capital words (acronyms) and words
/// shorter than five letters are left whole.
pub(crate) fn points(word: &str, lang: Lang, out: &mut Vec<usize>) {
    let start = word
        .char_indices()
        .find(|(_, c)| c.is_alphabetic())
        .map(|(i, _)| i);
    let Some(start) = start else { return };
    let end = word
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_alphabetic())
        .map_or(word.len(), |(i, c)| i + c.len_utf8());
    let core = &word[start..end];
    if core.chars().count() < 5
        || !core.chars().all(char::is_alphabetic)
        || core.chars().all(char::is_uppercase)
    {
        return;
    }
    let mut offset = start;
    let mut syllables = hypher::hyphenate(core, lang).peekable();
    while let Some(s) = syllables.next() {
        offset += s.len();
        if syllables.peek().is_some() {
            out.push(offset);
        }
    }
}

/// Fewest letters a word may have to be hyphenated at all (but for a
/// paragraph that has no other way).
const MIN_WORD: usize = 6;
/// Fewest letters a word may have to be hyphenated at the ordinary cost:
/// splitting a six-letter word ("can-did") saves little space for a break
/// the eye notices.
const GOOD_WORD: usize = 7;
/// Fewest letters left before and carried after a hyphen at the ordinary
/// cost: two-letter fragments ("al-", "re-") catch the eye in a justified
/// column (hypher's English patterns allow two before).
const MIN_FRAGMENT: usize = 3;

/// How good a hyphenation point is by the house rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Grade {
    /// A word of [`GOOD_WORD`] letters or more, [`MIN_FRAGMENT`] on each
    /// side, not a name.
    Good,
    /// A six-letter word, or two letters before the hyphen ("as-sumed"):
    /// taken at a higher cost, where the alternative is a hole.
    Fair,
    /// A word shorter than [`MIN_WORD`], a fragment of one letter, or of
    /// two carried over, or a capitalised word inside a sentence (most
    /// likely a name: "Washing-ton" reads as an error): only for a
    /// paragraph that has no other way.
    Poor,
}

/// The grade of hyphenating the word at byte range `word` of `text` at
/// byte `at`.
pub(crate) fn grade(text: &str, word: std::ops::Range<usize>, at: usize) -> Grade {
    let w = &text[word.clone()];
    let rel = at - word.start;
    let letters = |s: &str| s.chars().filter(|c| c.is_alphabetic()).count();
    let (before, after) = (letters(&w[..rel]), letters(&w[rel..]));
    if before + after < MIN_WORD || before < 2 || after < MIN_FRAGMENT {
        return Grade::Poor;
    }
    let Some((first, c)) = w.char_indices().find(|(_, c)| c.is_alphabetic()) else {
        return Grade::Poor;
    };
    if c.is_uppercase() && !sentence_start(&text[..word.start + first]) {
        return Grade::Poor;
    }
    if before < MIN_FRAGMENT || before + after < GOOD_WORD {
        return Grade::Fair;
    }
    Grade::Good
}

/// Whether a word after `before` starts a sentence: nothing but opening
/// quotes and brackets since the paragraph's start or since a full stop,
/// question or exclamation mark (closing quotes and brackets after it
/// allowed).
fn sentence_start(before: &str) -> bool {
    let opening =
        |c: char| c.is_whitespace() || matches!(c, '“' | '‘' | '"' | '\'' | '(' | '[' | '¿' | '¡');
    let closing = |c: char| matches!(c, '”' | '’' | '"' | '\'' | ')' | ']');
    let rest = before.trim_end_matches(opening).trim_end_matches(closing);
    rest.is_empty() || rest.ends_with(['.', '!', '?', '…'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(word: &str) -> Vec<&str> {
        let mut pts = Vec::new();
        points(word, Lang::English, &mut pts);
        let mut out = Vec::new();
        let mut last = 0;
        for p in pts {
            out.push(&word[last..p]);
            last = p;
        }
        out.push(&word[last..]);
        out
    }

    #[test]
    fn english_words() {
        assert_eq!(split("extraordinary"), ["ex", "tra", "or", "di", "nary"]);
        assert_eq!(split("hyphenation"), ["hy", "phen", "ation"]);
        assert_eq!(split("(typesetting),"), ["(type", "set", "ting),"]);
    }

    #[test]
    fn short_acronyms_and_numbers_stay_whole() {
        assert_eq!(split("word"), ["word"]);
        assert_eq!(split("UNESCO"), ["UNESCO"]);
        assert_eq!(split("2026abc"), ["2026abc"]);
    }

    #[test]
    fn grades_keep_three_letters_a_side_and_spare_names() {
        let grade_of = |text: &str, word: &str, at: &str| {
            let start = text.find(word).expect("word in text");
            let at = start + word.find(at).expect("point in word");
            grade(text, start..start + word.len(), at)
        };
        let good = |text: &str, word: &str, at: &str| grade_of(text, word, at) == Grade::Good;
        assert!(good("the alliances", "alliances", "ances"));
        assert_eq!(
            grade_of("the alliances", "alliances", "liances"),
            Grade::Fair
        );
        assert_eq!(grade_of("an anchor", "anchor", "chor"), Grade::Fair);
        assert_eq!(grade_of("and candid", "candid", "did"), Grade::Fair);
        assert_eq!(grade_of("the water", "water", "ter"), Grade::Poor);
        assert_eq!(grade_of("the hotels", "hotels", "tels"), Grade::Fair);
        assert_eq!(
            grade_of("as Washington said", "Washington", "ington"),
            Grade::Poor
        );
        assert!(good("said. Washington said", "Washington", "ington"));
        assert!(good("Washington said", "Washington", "ington"));
        assert!(good("offline.\u{201d} Washington", "Washington", "ington"));
        assert!(good("(\u{201c}Washington", "Washington", "ington"));
        assert!(!good("in (Washington", "Washington", "ington"));
        assert!(good("the (measured),", "(measured),", "sured"));
    }

    #[test]
    fn languages() {
        assert!(lang_for("en-US").is_some());
        assert!(lang_for("de").is_some());
        assert!(lang_for("ko").is_none());
        assert!(lang_for("").is_none());
    }
}
