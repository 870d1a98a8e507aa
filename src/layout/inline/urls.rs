//! Where a URL set in running text may break. UAX #14 breaks after a
//! hyphen and never at a slash, so "…/harbor-" / "sessions-112" looked
//! like a hyphenated word. URLs instead follow the Chicago Manual of Style
//! (14.18): break after a colon or a double slash; before a single slash,
//! a tilde, a period, a comma, a hyphen, an underline, a question mark, a
//! number sign or a percent sign; before or after an equals sign or an
//! ampersand. Nothing inside a URL is hyphenated.

use std::ops::Range;

const SCHEMES: [&str; 4] = ["https://", "http://", "mailto:", "www."];

/// Byte ranges of the URLs in `text`: whitespace-delimited tokens that
/// start with a scheme, without trailing sentence punctuation.
pub(super) fn spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for raw in text.split_whitespace() {
        let token = raw.trim_start_matches(['(', '[', '<', '"', '“', '‘', '\'']);
        if !SCHEMES.iter().any(|s| token.starts_with(s)) {
            continue;
        }
        // `token` is a slice of `text`: its offset is the pointer distance.
        let start = token.as_ptr() as usize - text.as_ptr() as usize;
        let kept = token.trim_end_matches([
            '.', ',', ';', ':', '!', '?', ')', ']', '>', '"', '”', '’', '\'',
        ]);
        out.push(start..start + kept.len());
    }
    out
}

/// Break positions (byte offsets, "break before") inside the URL `span`
/// of `text`.
pub(super) fn breaks(text: &str, span: &Range<usize>) -> Vec<usize> {
    let url = &text[span.clone()];
    // Never inside the scheme ("https://", "mailto:").
    let scheme = url
        .find("://")
        .map(|k| k + 3)
        .or_else(|| url.strip_prefix("mailto:").map(|_| 7))
        .unwrap_or(0);
    let mut out = Vec::new();
    if scheme > 0 && scheme < url.len() {
        out.push(span.start + scheme);
    }
    let mut prev = '\0';
    for (k, c) in url.char_indices() {
        let at = span.start + k;
        if k > scheme {
            match c {
                '/' if prev != '/' => out.push(at),
                '~' | '.' | ',' | '-' | '_' | '?' | '#' | '%' => out.push(at),
                '=' | '&' => {
                    out.push(at);
                    if k + 1 < url.len() {
                        out.push(at + 1);
                    }
                }
                _ => {}
            }
        }
        prev = c;
    }
    out.sort_unstable();
    out.dedup();
    out.retain(|&p| p > span.start && p < span.end);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<String> {
        let spans = spans(text);
        assert_eq!(spans.len(), 1, "{text}");
        let span = &spans[0];
        let mut cuts = vec![span.start];
        cuts.extend(breaks(text, span));
        cuts.push(span.end);
        cuts.windows(2)
            .map(|w| text[w[0]..w[1]].to_owned())
            .collect()
    }

    #[test]
    fn urls_break_before_slashes_and_hyphens_never_after() {
        assert_eq!(
            pieces("see https://example.org/podcast/harbor-sessions-112."),
            [
                "https://",
                "example",
                ".org",
                "/podcast",
                "/harbor",
                "-sessions",
                "-112"
            ]
        );
    }

    #[test]
    fn query_signs_break_on_both_sides_and_schemes_stay_whole() {
        assert_eq!(
            pieces("(mailto:editors@example.org)"),
            ["mailto:", "editors@example", ".org"]
        );
        assert_eq!(
            pieces("http://a.b/c?x=1&y=2"),
            [
                "http://", "a", ".b", "/c", "?x", "=", "1", "&", "y", "=", "2"
            ]
        );
    }

    #[test]
    fn plain_text_has_no_urls() {
        assert!(spans("a well-known, hyphen-rich sentence.").is_empty());
    }
}
