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
    fn languages() {
        assert!(lang_for("en-US").is_some());
        assert!(lang_for("de").is_some());
        assert!(lang_for("ko").is_none());
        assert!(lang_for("").is_none());
    }
}
