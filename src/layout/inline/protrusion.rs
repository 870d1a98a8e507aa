//! Character protrusion (optical margin alignment): light punctuation at
//! the edge of a justified line hangs partly into the margin, so that the
//! edge looks straight to the eye — a full stop or a hyphen set flush
//! leaves a visible notch. Amounts are fractions of the glyph's advance,
//! after the defaults of LaTeX's microtype package.

/// How far `c` may hang past the left edge, as a fraction of its advance.
pub(super) fn left(c: char) -> f64 {
    match c {
        '‘' | '\'' | '-' | '\u{2010}' => 0.5,
        '“' | '"' | '«' | '„' => 0.3,
        '–' => 0.2,
        '—' => 0.15,
        '(' | '[' => 0.1,
        _ => 0.0,
    }
}

/// How far `c` may hang past the right edge, as a fraction of its advance.
pub(super) fn right(c: char) -> f64 {
    match c {
        '.' | '’' | '\'' => 0.7,
        ',' | ':' | ';' | '-' | '\u{2010}' | '”' | '"' | '»' => 0.5,
        ')' | ']' | '–' => 0.2,
        '—' => 0.15,
        '!' | '?' => 0.1,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_light_punctuation_hangs() {
        assert!(right('.') > right(',') && right(',') > right('?'));
        assert!(left('“') > 0.0 && left('(') > 0.0);
        for c in ['a', 'M', '1', '¹', ' '] {
            assert_eq!((left(c), right(c)), (0.0, 0.0), "{c}");
        }
    }
}
