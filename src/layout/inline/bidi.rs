//! A paragraph's base direction for the bidi algorithm (UAX #9).
//!
//! The direction comes from the paragraph's language, not from its first
//! strong letter (rules P2–P3): an English sentence that opens with a
//! Hebrew name is still a left-to-right paragraph, and its numbers and
//! punctuation are ordered as such.

use unicode_bidi::Level;

/// Languages written right to left (primary subtag).
const RTL: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku-arab", "ps", "sd", "syr", "ug", "ur",
    "yi",
];

/// The base level for text in `lang` (BCP 47); None for `""` (unknown:
/// the first strong letter decides).
pub(crate) fn base_level(lang: &str) -> Option<Level> {
    if lang.is_empty() {
        return None;
    }
    let lower = lang.to_ascii_lowercase();
    let primary = lower.split(['-', '_']).next().unwrap_or("");
    let rtl = RTL.contains(&primary)
        || lower.contains("-arab")
        || lower.contains("-hebr")
        || lower.contains("-thaa");
    Some(if rtl { Level::rtl() } else { Level::ltr() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_from_language() {
        assert_eq!(base_level("en-GB"), Some(Level::ltr()));
        assert_eq!(base_level("he"), Some(Level::rtl()));
        assert_eq!(base_level("ar-EG"), Some(Level::rtl()));
        assert_eq!(base_level("pa-Arab"), Some(Level::rtl()));
        assert_eq!(base_level("ko"), Some(Level::ltr()));
        assert_eq!(base_level(""), None);
    }
}
