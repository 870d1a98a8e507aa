//! The 652 examples of the CommonMark 0.31.2 spec (`tests/spec/`), each
//! run through pressrun's markdown converter and the web edition's HTML
//! writer, compared with the spec's HTML by structure: the element tree
//! and its text, with whitespace collapsed (kept inside `<pre>`), entities
//! decoded, attributes sorted (our own `class`, `id`, `role`, `scope` and
//! `aria-*` left out), URLs percent-decoded, heading levels merged (pages
//! shift them under the title) and smart punctuation folded back
//! (pressrun's dialect turns `"` into “ ”).
//!
//! Examples that pressrun's model legitimately changes are listed in
//! [`EXPECTED_DIFFERENCES`] with the reason; the test fails when one of
//! them starts to pass (so the list stays honest) or any other fails.
//! `PRESSRUN_SPEC_VERBOSE=1` prints every difference.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use crate::support::root;

/// Examples whose structure differs on purpose, by reason.
const EXPECTED_DIFFERENCES: &[(&str, &[usize])] = &[
    (
        "raw HTML goes through the EPUB's allowlist: unknown and dangerous elements \
         (script, style, textarea, custom tags) are dropped or unwrapped, comments, \
         processing instructions and declarations removed, attributes and URLs \
         checked (relative hrefs dropped), tags balanced",
        &[
            21, 31, 148, 150, 151, 152, 155, 159, 162, 163, 165, 167, 169, 170, 171, 172, 173, 174,
            175, 176, 177, 178, 179, 180, 182, 183, 184, 187, 188, 190, 191, 201, 308, 309, 344,
            475, 476, 477, 491, 494, 524, 536, 613, 614, 615, 616, 617, 623, 625, 626, 627, 628,
            629, 630, 631, 642, 643,
        ],
    ),
    (
        "an image alone in a paragraph is a figure, its alt text the caption",
        &[
            520, 572, 573, 574, 575, 576, 577, 578, 580, 581, 582, 583, 584, 585, 586, 588, 589,
            591,
        ],
    ),
    (
        "a link whose scheme is not http(s) or mailto, or whose host has characters \
         no host name has, is kept as text",
        &[346, 596, 598, 599, 601],
    ),
    (
        "a `#fragment` link to no heading of the article is kept as text (with a warning)",
        &[501],
    ),
];

fn expected_difference(n: usize) -> Option<&'static str> {
    EXPECTED_DIFFERENCES
        .iter()
        .find(|(_, ns)| ns.contains(&n))
        .map(|(reason, _)| *reason)
}

fn spec_examples() -> Vec<(usize, String, String, String)> {
    let text = std::fs::read_to_string(root().join("tests/spec/commonmark-0.31.2.txt"))
        .expect("tests/spec/commonmark-0.31.2.txt");
    let fence = "````````````````````````````````";
    let mut out = Vec::new();
    let mut section = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some(h) = line.strip_prefix("## ").or_else(|| line.strip_prefix("# ")) {
            section = h.to_owned();
        }
        if line.starts_with(fence) && line.ends_with(" example") {
            let mut md = String::new();
            let mut html = String::new();
            let mut in_html = false;
            for l in lines.by_ref() {
                if l.starts_with(fence) {
                    break;
                }
                if l == "." && !in_html {
                    in_html = true;
                    continue;
                }
                let l = l.replace('→', "\t");
                let buf = if in_html { &mut html } else { &mut md };
                buf.push_str(&l);
                buf.push('\n');
            }
            out.push((out.len() + 1, section.clone(), md, html));
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Start(String, Vec<(String, String)>),
    End(String),
    Text(String),
    Comment(String),
}

struct Sink(RefCell<Vec<Tok>>);

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut toks = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => {
                let mut name = tag.name.to_string();
                if matches!(name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                    name = "h".into();
                }
                match tag.kind {
                    TagKind::StartTag => {
                        let mut attrs: Vec<(String, String)> = tag
                            .attrs
                            .iter()
                            .map(|a| (a.name.local.to_string(), a.value.to_string()))
                            .filter(|(k, _)| {
                                !matches!(k.as_str(), "class" | "id" | "role" | "scope")
                                    && !k.starts_with("aria-")
                            })
                            .map(|(k, v)| {
                                let v = if k == "href" || k == "src" {
                                    percent_decode(&v)
                                } else {
                                    fold(&v)
                                };
                                let v = v.split_whitespace().collect::<Vec<_>>().join(" ");
                                (k, v)
                            })
                            .collect();
                        attrs.sort();
                        let void = VOID.contains(&name.as_str());
                        toks.push(Tok::Start(name.clone(), attrs));
                        if void {
                            toks.push(Tok::End(name));
                        }
                    }
                    TagKind::EndTag => {
                        if !VOID.contains(&name.as_str()) {
                            toks.push(Tok::End(name));
                        }
                    }
                }
            }
            Token::CharacterTokens(t) => match toks.last_mut() {
                Some(Tok::Text(s)) => s.push_str(&t),
                _ => toks.push(Tok::Text(t.to_string())),
            },
            Token::NullCharacterToken => toks.push(Tok::Text("\u{fffd}".into())),
            Token::CommentToken(c) => toks.push(Tok::Comment(c.to_string())),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Smart punctuation folded back to ASCII.
fn fold(s: &str) -> String {
    s.replace(['“', '”'], "\"")
        .replace(['‘', '’'], "'")
        .replace('—', "---")
        .replace('–', "--")
        .replace('…', "...")
}

/// The normalised token stream of an HTML fragment.
fn normalise(html: &str) -> Vec<Tok> {
    let tok = Tokenizer::new(Sink(RefCell::new(Vec::new())), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    let _ = tok.feed(&input);
    tok.end();
    let raw = tok.sink.0.take();
    let mut out = Vec::new();
    let mut pre = 0usize;
    for t in raw {
        match t {
            Tok::Start(ref n, _) if n == "pre" => {
                pre += 1;
                out.push(t);
            }
            Tok::End(ref n) if n == "pre" => {
                pre = pre.saturating_sub(1);
                out.push(t);
            }
            Tok::Text(s) if pre > 0 => out.push(Tok::Text(s)),
            Tok::Text(s) => {
                let s = fold(&s.split_whitespace().collect::<Vec<_>>().join(" "));
                if !s.is_empty() {
                    out.push(Tok::Text(s));
                }
            }
            t => out.push(t),
        }
    }
    out
}

fn render(md: &str) -> String {
    let mut images: Vec<String> = Vec::new();
    let (doc, _) = pressrun::markdown::convert(md, &mut |url, _| {
        images.push(url.to_owned());
        Some(images.len() - 1)
    });
    pressrun::web::markdown_html(&doc, &images).0
}

#[test]
fn commonmark_spec_examples_keep_their_structure() {
    let examples = spec_examples();
    assert_eq!(examples.len(), 652, "the 0.31.2 spec has 652 examples");
    let verbose = std::env::var_os("PRESSRUN_SPEC_VERBOSE").is_some();
    let mut passed = 0;
    let mut unexpected = Vec::new();
    let mut now_passing = Vec::new();
    for (n, section, md, expected) in &examples {
        let ours = render(md);
        let same = normalise(&ours) == normalise(expected);
        let listed = expected_difference(*n);
        if same {
            passed += 1;
            if listed.is_some() {
                now_passing.push(*n);
            }
        } else if listed.is_none() {
            unexpected.push(*n);
        }
        if !same && (verbose || listed.is_none()) {
            eprintln!(
                "--- example {n} ({section}){}\n{md}--- spec:\n{expected}--- pressrun:\n{ours}",
                listed
                    .map(|r| format!(": expected, {r}"))
                    .unwrap_or_default()
            );
        }
    }
    eprintln!(
        "CommonMark 0.31.2: {passed} of {} examples match; {} listed as expected differences",
        examples.len(),
        EXPECTED_DIFFERENCES
            .iter()
            .map(|(_, ns)| ns.len())
            .sum::<usize>()
    );
    assert!(
        unexpected.is_empty(),
        "examples that differ from the spec: {unexpected:?}"
    );
    assert!(
        now_passing.is_empty(),
        "listed as expected differences but now match (remove them): {now_passing:?}"
    );
}
