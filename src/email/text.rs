//! The `text/plain` part: every title, summary and URL, the lead in full,
//! wrapped at 72 columns. Links read `words <https://…>`; a URL is never
//! broken (a longer one gets a line of its own).

use super::html::{excerpt, safe};
use crate::model::{Article, Block, Inline, Issue, Markdown};

pub(crate) const WIDTH: usize = 72;

/// The plain-text alternative of the issue.
pub(crate) fn render(issue: &Issue, unsubscribe: Option<&str>) -> String {
    let words = issue.words();
    let mut t = Text::default();
    if let Some(p) = &issue.publisher {
        t.line(&p.to_uppercase());
    }
    t.line(&issue.newsletter);
    t.line(&format!(
        "{} · {}",
        words.issue(&issue.number),
        words.date(issue.date.0)
    ));
    t.blank();
    if let Some(d) = &issue.description {
        t.para(d, "", "");
        t.blank();
    }
    t.rule('=');
    article_head(&mut t, &issue.lead, issue);
    if let Some(body) = &issue.lead.body {
        t.markdown(body);
    }
    if let Some(url) = issue.lead.url.as_deref().and_then(safe) {
        t.para(
            &format!(
                "{}: <{url}>",
                words.read_original(issue.lead.outlet.as_deref())
            ),
            "",
            "",
        );
        t.blank();
    }
    if !issue.related.is_empty() {
        t.rule('=');
        t.line(&words.further_reading().to_uppercase());
        t.blank();
        for item in &issue.related {
            article_head(&mut t, item, issue);
            match (&item.summary, &item.body) {
                (Some(s), _) => t.markdown(s),
                (None, Some(b)) => {
                    if let Some(e) = excerpt(b, 220) {
                        t.para(&e, "", "");
                        t.blank();
                    }
                }
                (None, None) => {}
            }
            if let Some(url) = item.url.as_deref().and_then(safe) {
                t.para(&format!("<{url}>"), "", "");
                t.blank();
            }
            t.rule('-');
        }
    }
    if !issue.links.is_empty() {
        for l in &issue.links {
            if let Some(url) = safe(&l.url) {
                t.para(&format!("{}: <{url}>", l.label), "", "    ");
            }
        }
        t.blank();
    }
    // The signature separator keeps its trailing space.
    t.out.push_str("-- \n");
    let mut who = issue.newsletter.clone();
    if let Some(p) = &issue.publisher {
        who.push_str(" · ");
        who.push_str(p);
    }
    t.para(&who, "", "");
    if !issue.editors.is_empty() {
        t.para(&words.edited_by(&issue.editors), "", "");
    }
    if let Some(u) = unsubscribe {
        t.para(&format!("{}: <{u}>", words.unsubscribe()), "", "");
    }
    t.out
}

/// Kind line, title, dek and byline.
fn article_head(t: &mut Text, a: &Article, issue: &Issue) {
    let words = issue.words();
    let mut kind = vec![a.kind.to_uppercase()];
    if let Some(o) = &a.outlet {
        kind.push(o.clone());
    }
    if let Some(d) = &a.date {
        kind.push(words.date(d.0));
    }
    t.para(&kind.join(" · "), "", "");
    t.para(&a.title, "", "");
    if let Some(d) = &a.dek {
        t.para(d, "", "");
    }
    if let Some(by) = words.byline(&a.authors) {
        t.para(&by, "", "");
    }
    t.blank();
}

#[derive(Default)]
struct Text {
    out: String,
}

impl Text {
    fn line(&mut self, s: &str) {
        self.out.push_str(s.trim_end());
        self.out.push('\n');
    }

    fn blank(&mut self) {
        if !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn rule(&mut self, c: char) {
        self.blank();
        self.line(&c.to_string().repeat(WIDTH));
        self.blank();
    }

    /// Wraps `s` with `first` before its first line and `rest` before the others.
    fn para(&mut self, s: &str, first: &str, rest: &str) {
        for line in wrap(s, WIDTH, first, rest) {
            self.line(&line);
        }
    }

    fn markdown(&mut self, md: &Markdown) {
        self.blocks(&md.blocks, "");
        if !md.footnotes.is_empty() {
            for (i, note) in md.footnotes.iter().enumerate() {
                let mark = format!("[{}] ", i + 1);
                let text: Vec<String> = note.blocks.iter().filter_map(block_text).collect();
                self.para(&text.join(" "), &mark, &" ".repeat(mark.len()));
            }
            self.blank();
        }
    }

    fn blocks(&mut self, blocks: &[Block], indent: &str) {
        for b in blocks {
            match b {
                Block::Heading { content, .. } => {
                    self.para(&inline_text(content).to_uppercase(), indent, indent);
                }
                Block::Paragraph(c) => self.para(&inline_text(c), indent, indent),
                Block::Figure { alt, .. } => self.para(&format!("[{alt}]"), indent, indent),
                Block::Quote(inner) => self.blocks(inner, &format!("{indent}> ")),
                Block::List { start, items, .. } => {
                    for (k, item) in items.iter().enumerate() {
                        let mark = match start {
                            Some(n) => format!("{}. ", n + k as u64),
                            None => "- ".to_owned(),
                        };
                        let hang = format!("{indent}{}", " ".repeat(mark.chars().count()));
                        let text: Vec<String> = item.blocks.iter().filter_map(block_text).collect();
                        let task = match item.task {
                            Some(true) => "[x] ",
                            Some(false) => "[ ] ",
                            None => "",
                        };
                        self.para(
                            &format!("{task}{}", text.join(" ")),
                            &format!("{indent}{mark}"),
                            &hang,
                        );
                    }
                }
                Block::Code { text, .. } => {
                    for l in text.lines() {
                        self.line(&format!("{indent}    {l}"));
                    }
                }
                Block::Table { head, rows, .. } => {
                    for row in std::iter::once(head).chain(rows) {
                        let cells: Vec<String> = row.iter().map(|c| inline_text(c)).collect();
                        if !cells.is_empty() {
                            self.para(&cells.join(" | "), indent, indent);
                        }
                    }
                }
                Block::Rule => self.line(&format!("{indent}* * *")),
                Block::Html(_) => continue,
            }
            self.blank();
        }
    }
}

fn block_text(b: &Block) -> Option<String> {
    match b {
        Block::Paragraph(c) | Block::Heading { content: c, .. } => Some(inline_text(c)),
        _ => {
            let t = b.plain_text();
            (!t.is_empty()).then_some(t)
        }
    }
}

/// Inline text with links as `words <url>` and note references as `[n]`.
fn inline_text(inlines: &[Inline]) -> String {
    fn walk(inlines: &[Inline], out: &mut String) {
        for i in inlines {
            match i {
                Inline::Text(t) | Inline::Code(t) => out.push_str(t),
                Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => walk(c, out),
                Inline::Link { url, content, .. } => {
                    let words = Inline::plain_text(content);
                    match safe(url) {
                        Some(u) if words.trim() == u || words.trim().is_empty() => {
                            out.push_str(&format!("<{u}>"))
                        }
                        Some(u) => {
                            walk(content, out);
                            out.push_str(&format!(" <{u}>"));
                        }
                        None => walk(content, out),
                    }
                }
                Inline::Image { alt, .. } => out.push_str(alt),
                Inline::FootnoteRef(n) => out.push_str(&format!("[{n}]")),
                Inline::SoftBreak | Inline::LineBreak => out.push(' '),
                Inline::Html(_) => {}
            }
        }
    }
    let mut out = String::new();
    walk(inlines, &mut out);
    out
}

/// Columns a character takes in a terminal or a fixed-width mail reader.
fn columns(c: char) -> usize {
    let wide = matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

fn width(s: &str) -> usize {
    s.chars().map(columns).sum()
}

/// Greedy wrap at `max` columns. Words longer than a line stay whole when
/// they are URLs and are cut between characters otherwise (CJK text has
/// no spaces to break at).
pub(crate) fn wrap(s: &str, max: usize, first: &str, rest: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_owned();
    let mut prefix_len = width(first);
    let mut empty = true;
    for word in s.split_whitespace() {
        let mut word = word.to_owned();
        loop {
            let used = width(&line);
            let need = width(&word) + usize::from(!empty);
            if used + need <= max || (empty && (is_url(&word) || width(&word) + prefix_len <= max))
            {
                if !empty {
                    line.push(' ');
                }
                line.push_str(&word);
                empty = false;
                break;
            }
            if !empty {
                lines.push(std::mem::replace(&mut line, rest.to_owned()));
                prefix_len = width(rest);
                empty = true;
                continue;
            }
            // A word too long for an empty line: cut it to fit.
            let room = max.saturating_sub(prefix_len).max(1);
            let mut taken = 0;
            let mut cut = 0;
            for (i, c) in word.char_indices() {
                if taken + columns(c) > room {
                    break;
                }
                taken += columns(c);
                cut = i + c.len_utf8();
            }
            let cut = cut.max(word.chars().next().map_or(1, char::len_utf8));
            line.push_str(&word[..cut]);
            lines.push(std::mem::replace(&mut line, rest.to_owned()));
            prefix_len = width(rest);
            word = word[cut..].to_owned();
            if word.is_empty() {
                break;
            }
        }
    }
    if !empty {
        lines.push(line);
    }
    lines
}

fn is_url(word: &str) -> bool {
    let w = word.trim_start_matches('<');
    w.starts_with("http://") || w.starts_with("https://") || w.starts_with("mailto:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_72_and_keeps_urls_whole() {
        let long = "word ".repeat(40);
        for l in wrap(&long, WIDTH, "", "") {
            assert!(l.chars().count() <= WIDTH, "{l}");
        }
        let url = format!("<https://example.org/{}>", "a".repeat(90));
        let lines = wrap(&format!("see {url} now"), WIDTH, "", "");
        assert_eq!(lines, vec!["see".to_owned(), url, "now".to_owned()]);
        let hangul = "가".repeat(50);
        for l in wrap(&hangul, WIDTH, "", "") {
            assert!(width(&l) <= WIDTH);
        }
        assert_eq!(wrap("a b", 72, "- ", "  "), vec!["- a b".to_owned()]);
    }
}
