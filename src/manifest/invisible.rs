//! Invisible characters in text inputs (issue.yaml, series.yaml, markdown).
//!
//! A UTF-8 byte order mark is dropped silently: editors on Windows write
//! one, and left in place it becomes part of the first YAML key or hides
//! the first markdown heading. Other invisible characters usually come from
//! pasting out of a word processor; each kind is replaced by what the
//! author meant and reported once per file, at its first occurrence:
//!
//! - vertical tab (U+000B, Word's manual line break): a line break in
//!   markdown (the converter makes it one), a space in YAML, where values
//!   are single lines;
//! - a zero-width space or stray byte order mark splitting a word: removed,
//!   so the word is found, hyphenated and copied whole (between letters of
//!   Thai, Lao, Khmer, Myanmar and CJK it is a word-break hint and stays);
//! - any other C0 or C1 control character: removed.

use std::path::Path;

use crate::diag::{Diagnostic, SourceFile};

/// What kind of file the text is: decides what a vertical tab becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Yaml,
    Markdown,
}

/// The cleaned text and one warning per kind of character found.
pub struct Cleaned {
    pub text: String,
    pub warnings: Vec<Diagnostic>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    VerticalTab,
    ZeroWidth,
    Control,
}

const CLASSES: [Class; 3] = [Class::VerticalTab, Class::ZeroWidth, Class::Control];

/// Strips a leading BOM and replaces invisible characters; `path` is the
/// name warnings show.
pub fn clean(path: &Path, text: String, kind: Kind) -> Cleaned {
    let text = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    if !text.chars().any(suspect) {
        return Cleaned {
            text,
            warnings: Vec::new(),
        };
    }
    let mut out = String::with_capacity(text.len());
    // (first byte offset, count) per class, in the original text.
    let mut found: [(usize, usize); 3] = [(0, 0); 3];
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let class = match c {
            '\u{B}' => Some(Class::VerticalTab),
            '\u{FEFF}' => Some(Class::ZeroWidth),
            '\u{200B}' if splits_word(prev, next) => Some(Class::ZeroWidth),
            '\t' | '\n' | '\r' => None,
            c if c.is_control() => Some(Class::Control),
            _ => None,
        };
        match class {
            Some(class) => {
                let slot = &mut found[class as usize];
                if slot.1 == 0 {
                    slot.0 = at;
                }
                slot.1 += 1;
                match (class, kind) {
                    (Class::VerticalTab, Kind::Markdown) => out.push(c),
                    (Class::VerticalTab, Kind::Yaml) => out.push(' '),
                    _ => {}
                }
            }
            None => out.push(c),
        }
        prev = Some(c);
    }
    let original = SourceFile::new(path, text);
    let warnings = CLASSES
        .iter()
        .filter_map(|&class| {
            let (at, count) = found[class as usize];
            (count > 0).then(|| warning(class, kind, count, &original, at))
        })
        .collect();
    Cleaned {
        text: out,
        warnings,
    }
}

fn suspect(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{200B}' | '\u{FEFF}')
}

/// A zero-width space between two letters or digits of a script written
/// with spaces splits a word; in scripts without spaces it marks a break.
fn splits_word(prev: Option<char>, next: Option<char>) -> bool {
    let wordy = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() && !unspaced(c));
    wordy(prev) && wordy(next)
}

fn unspaced(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}'   // Thai, Lao
        | '\u{1000}'..='\u{109F}' // Myanmar
        | '\u{1780}'..='\u{17FF}' // Khmer
        | '\u{2E80}'..='\u{9FFF}' // CJK, kana
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}')
}

fn warning(
    class: Class,
    kind: Kind,
    count: usize,
    file: &std::sync::Arc<SourceFile>,
    at: usize,
) -> Diagnostic {
    let len = file.text[at..].chars().next().map_or(1, char::len_utf8);
    let times = |one: &str, many: &str| {
        if count == 1 {
            format!("a {one}")
        } else {
            format!("{count} {many}")
        }
    };
    let (message, hint) = match class {
        Class::VerticalTab => (
            format!(
                "{} (U+000B, a word processor's line break); read as {}",
                times("vertical tab", "vertical tabs"),
                if kind == Kind::Markdown {
                    "line breaks"
                } else {
                    "spaces"
                }
            ),
            "end the line with a backslash for a line break, or start a new paragraph",
        ),
        Class::ZeroWidth => (
            format!(
                "{} inside words; removed",
                times(
                    "zero-width space or byte order mark",
                    "zero-width spaces or byte order marks"
                )
            ),
            "pasted text often carries these; delete them so search and copy see whole words",
        ),
        Class::Control => (
            format!(
                "{}; removed",
                times("control character", "control characters")
            ),
            "pasted text often carries these; delete them in your editor",
        ),
    };
    Diagnostic::warning(message)
        .at(file, at..at + len)
        .hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, kind: Kind) -> Cleaned {
        clean(Path::new("a.md"), text.to_owned(), kind)
    }

    #[test]
    fn bom_is_dropped_silently() {
        let c = run("\u{FEFF}# Title\n", Kind::Markdown);
        assert_eq!(c.text, "# Title\n");
        assert!(c.warnings.is_empty());
    }

    #[test]
    fn invisible_characters_are_replaced_and_located() {
        let c = run(
            "one\ntwo\u{B}three wo\u{200B}rd \u{7}bell\nx\u{85}y\n",
            Kind::Yaml,
        );
        assert_eq!(c.text, "one\ntwo three word bell\nxy\n");
        let at: Vec<_> = c.warnings.iter().filter_map(|d| d.position()).collect();
        assert_eq!(at, ["a.md:2:4", "a.md:2:13", "a.md:2:17"]);
        assert!(c.warnings[2].message.starts_with("2 control characters"));
        let md = run("two\u{B}three\n", Kind::Markdown);
        assert_eq!(md.text, "two\u{B}three\n");
    }

    #[test]
    fn zero_width_space_stays_where_it_marks_a_break() {
        let thai = "\u{0E20}\u{0E32}\u{200B}\u{0E29}\u{0E32}";
        assert_eq!(run(thai, Kind::Markdown).text, thai);
        assert_eq!(run("a/\u{200B}b", Kind::Markdown).text, "a/\u{200B}b");
    }
}
