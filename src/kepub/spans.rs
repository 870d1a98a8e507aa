//! Where Kobo cuts text into spans: sentences, as kepubify (and Kobo's
//! own store conversion) cut them.
//!
//! A sentence ends after a run of `.`, `!`, `?` or `;`, then at most one
//! closing quote or ellipsis, then the whitespace that follows; the
//! punctuation and that whitespace stay in the sentence, so the pieces put
//! back together are the text itself. The text is raw XML character data
//! (still escaped): an entity or character reference (`&amp;`, `&#8221;`)
//! counts as the character it stands for, and its own `;` ends nothing.

/// The sentences of raw (escaped) XML text, in order; together they are
/// exactly `text`. Empty text gives one empty sentence.
pub(crate) fn sentences(text: &str) -> Sentences<'_> {
    Sentences {
        rest: text,
        done: false,
    }
}

pub(crate) struct Sentences<'a> {
    rest: &'a str,
    done: bool,
}

impl<'a> Iterator for Sentences<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.done {
            return None;
        }
        let end = sentence_end(self.rest);
        let (sentence, rest) = self.rest.split_at(end);
        self.rest = rest;
        self.done = rest.is_empty();
        Some(sentence)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Input {
    /// Ends a sentence: `. ! ? ;`.
    Punct,
    /// May follow the punctuation: closing quotes, ellipsis.
    Extra,
    Space,
    Other,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    InSentence,
    AfterPunct,
    AfterExtra,
    AfterSpace,
}

/// Byte length of the first sentence of `text` (all of it when no
/// sentence ends before its end).
fn sentence_end(text: &str) -> usize {
    let mut state = State::InSentence;
    let mut at = 0;
    while at < text.len() {
        let (input, len) = next_input(&text[at..]);
        state = match (state, input) {
            (State::AfterSpace, Input::Space) => State::AfterSpace,
            // The next sentence starts here.
            (State::AfterSpace, _) => return at,
            (_, Input::Punct) => State::AfterPunct,
            (State::AfterPunct, Input::Extra) => State::AfterExtra,
            (State::AfterPunct | State::AfterExtra, Input::Space) => State::AfterSpace,
            _ => State::InSentence,
        };
        at += len;
    }
    text.len()
}

/// The class of the character at the start of `s`, and its length in
/// bytes (a whole reference for `&…;`).
fn next_input(s: &str) -> (Input, usize) {
    if s.starts_with('&')
        && let Some(semi) = s.bytes().take(12).position(|b| b == b';')
    {
        let c = match &s[1..semi] {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            r => r.strip_prefix('#').and_then(|n| {
                let code = match n.strip_prefix('x') {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => n.parse().ok(),
                };
                code.and_then(char::from_u32)
            }),
        };
        return (c.map_or(Input::Other, class), semi + 1);
    }
    let c = s
        .chars()
        .next()
        .expect("next_input is called on non-empty text");
    (class(c), c.len_utf8())
}

fn class(c: char) -> Input {
    match c {
        '.' | '!' | '?' | ';' => Input::Punct,
        '\'' | '"' | '\u{201d}' | '\u{2019}' | '\u{201c}' | '\u{2026}' => Input::Extra,
        '\t' | '\n' | '\u{c}' | '\r' | ' ' => Input::Space,
        _ => Input::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::sentences;

    fn split(s: &str) -> Vec<&str> {
        sentences(s).collect()
    }

    #[test]
    fn cuts_after_punctuation_and_the_space_that_follows() {
        assert_eq!(
            split("One. Two! Three? Four; five"),
            ["One. ", "Two! ", "Three? ", "Four; ", "five"]
        );
        assert_eq!(split("Ends here.  "), ["Ends here.  "]);
        assert_eq!(
            split("Wait... what?!  Yes."),
            ["Wait... ", "what?!  ", "Yes."]
        );
    }

    #[test]
    fn keeps_one_closing_quote_with_its_sentence() {
        assert_eq!(
            split("He said \u{201c}no.\u{201d} Then left."),
            ["He said \u{201c}no.\u{201d} ", "Then left."]
        );
        assert_eq!(split("Odd.'' Next"), ["Odd.'' Next"]);
    }

    #[test]
    fn no_cut_without_following_space() {
        assert_eq!(split("3.14 and e.g.x"), ["3.14 and e.g.x"]);
        assert_eq!(split("example.org/a?b=c;d"), ["example.org/a?b=c;d"]);
    }

    #[test]
    fn references_are_one_character() {
        // The `;` of a reference ends nothing; a referenced `.` or quote does.
        assert_eq!(split("Tom &amp; Jerry"), ["Tom &amp; Jerry"]);
        assert_eq!(split("A&#46; B"), ["A&#46; ", "B"]);
        assert_eq!(split("Ok.&quot; Next"), ["Ok.&quot; ", "Next"]);
        assert_eq!(split("x &#x3b; y"), ["x &#x3b; ", "y"]);
    }

    #[test]
    fn pieces_give_back_the_text() {
        for s in [
            "",
            " ",
            "\n  ",
            "a. b. ",
            "&amp;; ; ;",
            "end.",
            "한국어. 문장! 끝",
        ] {
            assert_eq!(split(s).concat(), s);
        }
        assert_eq!(split(""), [""]);
    }
}
