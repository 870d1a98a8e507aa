//! Font expansion (pdfTeX's "hz"): a justified line may draw its letters
//! up to [`STRETCH`] wider or [`SHRINK`] narrower, so it absorbs part of
//! its slack in the letters instead of all in the spaces. Spread over a
//! whole line, one or two percent is not seen as distortion (Hàn Thế
//! Thành, "Micro-typographic extensions to the TeX typesetting system",
//! 2000; microtype's defaults are 2 %), yet it gives a line about half as
//! much flexibility again as its spaces, so the breaker needs fewer
//! hyphens and fewer loose lines.
//!
//! The breaker counts an expandable box's width times the limit as
//! stretch and shrink, beside the glue's; a set line shares its slack
//! between letters and spaces in that proportion (one adjustment ratio
//! for both, as pdfTeX does) until the letters reach their limit, and the
//! spaces take the rest.

use super::TextStyle;
use crate::layout::font::Family;

/// Most a line's letters widen (a factor over 1).
pub(crate) const STRETCH: f64 = 0.02;
/// Most a line's letters narrow: a quarter of the stretch. At 2 %, with
/// the spaces shrinking at the same ratio, the breaker packed lines
/// visibly dark (median word gap 0.233 em against 0.276 before, one line
/// in twenty at 0.165 em or less; bench/typography.py); at 0.5 % the gaps
/// stay as wide as before and the hyphens still fall by a third.
pub(crate) const SHRINK: f64 = 0.005;
/// Factors are multiples of this (0.1 %): the PDF's `Tz` operand then
/// needs one decimal, and nearly equal lines get equal letters.
const STEP: f64 = 0.001;

/// Whether text in `style` may be expanded: left-to-right text in a text
/// face, in alphabetic scripts (Latin, Greek, Cyrillic and their
/// punctuation). Monospaced code keeps its grid; joining scripts and CJK
/// are justified by their own means.
pub(crate) fn expandable(style: &TextStyle, text: &str, rtl: bool) -> bool {
    !rtl && style.family != Family::Mono
        && text
            .chars()
            .all(|c| c < '\u{0590}' || ('\u{1E00}'..='\u{206F}').contains(&c))
}

/// The expansion for adjustment ratio `ratio` (slack over the line's
/// whole stretch or shrink): the same share of the letters' limit, capped
/// at it, in steps of [`STEP`]. Widening rounds down and narrowing up, so
/// the spaces take the remainder without ever shrinking past their own
/// limit (a line the breaker found to fit never ends up overfull).
pub(crate) fn factor(ratio: f64) -> f64 {
    // Steps counted with a little slack, so 0.005 / 0.001 is 5, not 4.999….
    if ratio >= 0.0 {
        let steps = (ratio.min(1.0) * STRETCH / STEP + 1e-6).floor();
        steps * STEP
    } else {
        let steps = (-ratio.max(-1.0) * SHRINK / STEP - 1e-6).ceil();
        -steps * STEP
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factors_are_capped_steps() {
        assert_eq!(factor(0.0), 0.0);
        assert!((factor(0.5) - 0.01).abs() < 1e-12);
        assert!((factor(3.0) - STRETCH).abs() < 1e-12);
        assert!((factor(-3.0) + SHRINK).abs() < 1e-12);
        // Wider rounds down (0.37 × 2 % = 0.74 % → 0.7 %), narrower up
        // (0.5 × 0.5 % = 0.25 % → 0.3 %), exact steps stay.
        assert!((factor(0.37) - 0.007).abs() < 1e-12);
        assert!((factor(-0.5) + 0.003).abs() < 1e-12);
        assert!((factor(-1.0) + SHRINK).abs() < 1e-12);
        assert!((factor(0.05) - 0.001).abs() < 1e-12);
    }

    #[test]
    fn code_and_right_to_left_text_keep_their_letters() {
        let serif = TextStyle::new(Family::Serif, 10.0);
        let mono = TextStyle::new(Family::Mono, 10.0);
        assert!(expandable(&serif, "Übergrößen—“quoted”", false));
        assert!(!expandable(&mono, "let x", false));
        assert!(!expandable(&serif, "שלום", true));
        assert!(!expandable(&serif, "漢字", false));
    }
}
