//! Raw HTML from markdown → safe, well-formed XHTML through an allowlist.
//!
//! html5ever tokenizes each fragment (entities, attribute quoting, raw-text
//! elements such as `<script>` are handled as a browser would); an
//! [`HtmlScope`] then keeps a stack of open elements so the output is
//! balanced and respects the content model the EPUB validator checks:
//! block elements never open inside phrasing content, list items only
//! inside lists, table parts only inside tables. A scope spans one
//! container (a paragraph's inlines, or one HTML block), so tags opened in
//! one raw fragment and closed in a later one still pair up, and anything
//! left open is closed when the container ends. Text is never dropped,
//! except the content of elements that are dropped whole (script, style,
//! iframe, object, …).

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::xhtml::{escape_attr, escape_text};

/// Whether a scope sits where blocks may appear, or only phrasing content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    Flow,
    Phrasing,
}

/// Elements dropped together with everything inside them; these warn.
const DANGEROUS: &[&str] = &[
    "script", "iframe", "object", "embed", "applet", "frame", "frameset", "base", "link", "meta",
    "form", "input", "button", "select", "textarea", "option", "style", "svg", "math", "template",
    "noembed", "noframes", "xmp", "title", "head", "audio", "video", "canvas", "portal",
];

/// Void elements among the dangerous ones (no content to skip).
const DANGEROUS_VOID: &[&str] = &["embed", "base", "link", "meta", "input", "frame"];

/// Phrasing elements kept. Left out on purpose, because their content
/// rules would let a validator reject the book: `time` (its text must then
/// be a machine-readable date), `bdo` (requires `dir`).
const PHRASING: &[&str] = &[
    "a", "abbr", "b", "bdi", "br", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strong", "sub", "sup", "u", "var", "wbr",
];

const BLOCK: &[&str] = &[
    "p",
    "div",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "dl",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "section",
];

/// Elements that must sit directly inside one of the given parents.
const NEEDS_PARENT: &[(&str, &[&str])] = &[
    ("li", &["ul", "ol"]),
    ("dt", &["dl"]),
    ("dd", &["dl"]),
    ("thead", &["table"]),
    ("tbody", &["table"]),
    ("tr", &["table", "thead", "tbody"]),
    ("td", &["tr"]),
    ("th", &["tr"]),
];

/// Containers whose children are elements only (no text directly inside).
const NO_TEXT: &[&str] = &["ul", "ol", "dl", "table", "thead", "tbody", "tr"];

/// Containers that hold phrasing content only.
const PHRASING_ONLY: &[&str] = &["p", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "dt"];

const VOID: &[&str] = &["br", "hr", "wbr", "img"];

fn lookup(list: &[&'static str], name: &str) -> Option<&'static str> {
    list.iter().copied().find(|n| *n == name)
}

/// One token as the sanitizer needs it.
#[derive(Debug)]
enum Tok {
    Start {
        name: String,
        attrs: Vec<(String, String)>,
    },
    End(String),
    Text(String),
}

/// Collects tokens and switches the tokenizer into raw-text states where a
/// browser's tree builder would, so `<script>a<b</script>` stays one unit.
struct Sink(RefCell<Vec<Tok>>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut toks = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                match tag.kind {
                    TagKind::StartTag => {
                        let attrs = tag
                            .attrs
                            .iter()
                            .map(|a| (a.name.local.to_string(), a.value.to_string()))
                            .collect();
                        let raw = match name.as_str() {
                            "script" => Some(RawKind::ScriptData),
                            "style" | "iframe" | "xmp" | "noembed" | "noframes" => {
                                Some(RawKind::Rawtext)
                            }
                            "textarea" | "title" => Some(RawKind::Rcdata),
                            _ => None,
                        };
                        let self_closing = tag.self_closing;
                        toks.push(Tok::Start {
                            name: name.clone(),
                            attrs,
                        });
                        // `<span/>` in XHTML-minded input means an empty element.
                        if self_closing && !VOID.contains(&name.as_str()) {
                            toks.push(Tok::End(name));
                        } else if let Some(kind) = raw {
                            return TokenSinkResult::RawData(kind);
                        }
                    }
                    TagKind::EndTag => toks.push(Tok::End(name)),
                }
            }
            Token::CharacterTokens(t) => match toks.last_mut() {
                Some(Tok::Text(s)) => s.push_str(&t),
                _ => toks.push(Tok::Text(t.to_string())),
            },
            // Comments, doctypes, NULs and parse errors carry no content.
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

fn tokenize(html: &str) -> Vec<Tok> {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tok = Tokenizer::new(Sink(RefCell::new(Vec::new())), TokenizerOpts::default());
    let _ = tok.feed(&input);
    tok.end();
    tok.sink.0.take()
}

/// The open-element state for one container of raw HTML fragments.
#[derive(Debug)]
pub(crate) struct HtmlScope {
    context: Context,
    /// Inside a markdown link: no nested `<a>`.
    in_link: bool,
    open: Vec<&'static str>,
    /// Dropping everything until this element closes (name, nesting depth).
    skip: Option<(String, usize)>,
}

impl HtmlScope {
    pub(crate) fn new(context: Context, in_link: bool) -> Self {
        Self {
            context,
            in_link,
            open: Vec::new(),
            skip: None,
        }
    }

    /// True while inside a dropped element: markdown text there is dropped too.
    pub(crate) fn skipping(&self) -> bool {
        self.skip.is_some()
    }

    /// True while a raw `<a>` is open (markdown links inside become text).
    pub(crate) fn in_anchor(&self) -> bool {
        self.open.contains(&"a")
    }

    /// Sanitizes one raw fragment into `out`; `warn` receives a message per
    /// dangerous construct removed.
    pub(crate) fn feed(&mut self, html: &str, out: &mut String, warn: &mut dyn FnMut(String)) {
        for tok in tokenize(html) {
            match tok {
                Tok::Start { name, attrs } => self.start(&name, &attrs, out, warn),
                Tok::End(name) => self.end(&name, out),
                Tok::Text(text) => self.text(&text, out),
            }
        }
    }

    /// Closes whatever is still open (call when the container ends).
    pub(crate) fn finish(&mut self, out: &mut String) {
        self.skip = None;
        while let Some(name) = self.open.pop() {
            close(name, out);
        }
    }

    fn start(
        &mut self,
        name: &str,
        attrs: &[(String, String)],
        out: &mut String,
        warn: &mut dyn FnMut(String),
    ) {
        if let Some((skip_name, depth)) = &mut self.skip {
            if skip_name == name {
                *depth += 1;
            }
            return;
        }
        if DANGEROUS.contains(&name) {
            warn(format!("removed raw HTML <{name}> element"));
            if !DANGEROUS_VOID.contains(&name) {
                self.skip = Some((name.to_owned(), 1));
            }
            return;
        }
        if name == "img" {
            // Raw <img> sources are not resolved into the book: keep the alt text.
            let alt = attrs
                .iter()
                .find(|(k, _)| k == "alt")
                .map(|(_, v)| v.as_str())
                .filter(|a| !a.trim().is_empty());
            if let Some(alt) = alt {
                warn(
                    "raw HTML <img> is not embedded (use markdown image syntax); kept its alt text"
                        .into(),
                );
                self.text(alt, out);
            } else {
                warn("raw HTML <img> without alt text removed (use markdown image syntax)".into());
            }
            return;
        }
        let Some(name) = lookup(PHRASING, name)
            .or_else(|| lookup(BLOCK, name))
            .or_else(|| NEEDS_PARENT.iter().map(|(n, _)| *n).find(|n| *n == name))
        else {
            // Unknown or presentational element (font, center, …): unwrap it.
            return;
        };
        if !self.place(name, out) {
            return;
        }
        out.push('<');
        out.push_str(name);
        write_attrs(name, attrs, out, warn);
        if VOID.contains(&name) {
            out.push_str("/>");
        } else {
            out.push('>');
            self.open.push(name);
        }
    }

    /// Makes room for `name` by closing elements that cannot contain it;
    /// false when it cannot be placed here at all (the tag is unwrapped).
    fn place(&mut self, name: &'static str, out: &mut String) -> bool {
        if let Some((_, parents)) = NEEDS_PARENT.iter().find(|(n, _)| *n == name) {
            let Some(pos) = self.open.iter().rposition(|o| parents.contains(o)) else {
                return false;
            };
            // Implicitly close what sits between (e.g. the previous <li>).
            self.pop_to_len(pos + 1, out);
            return true;
        }
        let top = self.open.last().copied();
        if top.is_some_and(|t| NO_TEXT.contains(&t)) {
            return false;
        }
        if name == "a" && (self.in_link || self.open.contains(&"a")) {
            return false;
        }
        if lookup(BLOCK, name).is_some() {
            if self.context == Context::Phrasing {
                return false;
            }
            // A block may not sit inside phrasing-only content. As in HTML, a
            // block start closes an open <p> (and the inline elements in it).
            let Some(first) = self
                .open
                .iter()
                .position(|o| PHRASING_ONLY.contains(o) || PHRASING.contains(o))
            else {
                return true;
            };
            if self.open[first] == "p"
                && self.open[first..]
                    .iter()
                    .all(|o| *o == "p" || PHRASING.contains(o))
            {
                self.pop_to_len(first, out);
                return true;
            }
            return false;
        }
        true
    }

    fn pop_to_len(&mut self, len: usize, out: &mut String) {
        while self.open.len() > len {
            if let Some(name) = self.open.pop() {
                close(name, out);
            }
        }
    }

    fn end(&mut self, name: &str, out: &mut String) {
        if let Some((skip_name, depth)) = &mut self.skip {
            if skip_name == name {
                *depth -= 1;
                if *depth == 0 {
                    self.skip = None;
                }
            }
            return;
        }
        // A stray end tag (never opened here) is dropped.
        if let Some(pos) = self.open.iter().rposition(|o| *o == name) {
            self.pop_to_len(pos, out);
        }
    }

    fn text(&mut self, text: &str, out: &mut String) {
        if self.skip.is_some() {
            return;
        }
        if self.open.last().is_some_and(|t| NO_TEXT.contains(t)) {
            if text.trim().is_empty() {
                return;
            }
            // Text directly in a list or table: close up to where text is allowed.
            let len = self
                .open
                .iter()
                .position(|o| NO_TEXT.contains(o))
                .unwrap_or(self.open.len());
            self.pop_to_len(len, out);
        }
        escape_text(text, out);
    }
}

fn close(name: &str, out: &mut String) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

fn write_attrs(
    element: &str,
    attrs: &[(String, String)],
    out: &mut String,
    warn: &mut dyn FnMut(String),
) {
    for (key, value) in attrs {
        let keep = match key.as_str() {
            k if k.starts_with("on") => {
                warn(format!("removed event handler attribute {k} from raw HTML"));
                false
            }
            "title" | "class" => true,
            "dir" => matches!(value.as_str(), "ltr" | "rtl" | "auto"),
            "lang" if !is_language_tag(value) => false,
            "lang" => {
                // XHTML wants xml:lang alongside lang.
                out.push_str(" xml:lang=\"");
                escape_attr(value, out);
                out.push('"');
                true
            }
            "href" if element == "a" => match safe_url(value) {
                Some(_) => true,
                None => {
                    if value
                        .trim_start()
                        .to_ascii_lowercase()
                        .starts_with("javascript:")
                    {
                        warn("removed a javascript: URL from raw HTML".into());
                    }
                    false
                }
            },
            "cite" if element == "q" || element == "blockquote" => safe_url(value).is_some(),
            "start" if element == "ol" => value.trim().parse::<i32>().is_ok(),
            "reversed" if element == "ol" => true,
            "colspan" | "rowspan" if element == "td" || element == "th" => value
                .trim()
                .parse::<u16>()
                .is_ok_and(|n| (1..=1000).contains(&n)),
            "scope" if element == "th" => {
                matches!(value.as_str(), "row" | "col" | "rowgroup" | "colgroup")
            }
            _ => false,
        };
        if keep {
            out.push(' ');
            out.push_str(key);
            out.push_str("=\"");
            match key.as_str() {
                "href" | "cite" => escape_attr(&safe_url(value).unwrap_or_default(), out),
                "reversed" => out.push_str("reversed"),
                "start" | "colspan" | "rowspan" => escape_attr(value.trim(), out),
                _ => escape_attr(value, out),
            }
            out.push('"');
        }
    }
}

/// A well-formed BCP 47 shape: 2–8 letters, then 1–8 alphanumeric subtags.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=8).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// An absolute http(s)/mailto URL with characters invalid in URLs
/// percent-encoded, or None for anything else (javascript:, data:,
/// relative paths that would point outside the book).
pub(crate) fn safe_url(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let ok = if let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':' | '_' | '[' | ']'))
    } else if let Some(rest) = lower.strip_prefix("mailto:") {
        rest.contains('@')
    } else {
        false
    };
    if !ok {
        return None;
    }
    Some(encode_url(url))
}

/// `url` with controls, spaces and characters invalid in URLs
/// percent-encoded.
fn encode_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_ascii_control()
            || matches!(
                c,
                ' ' | '"' | '<' | '>' | '`' | '{' | '}' | '|' | '\\' | '^'
            )
        {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A relative URL (a path, query or `#fragment`, no scheme) with
/// characters invalid in URLs percent-encoded, or None (a scheme such as
/// `javascript:` or `data:`, or nothing at all). The web edition keeps
/// these: on a web page they resolve against the page's address.
pub(crate) fn safe_relative_url(url: &str) -> Option<String> {
    let url = url.trim();
    // A scheme is a letter, then letters, digits, `+`, `-` or `.`, then
    // `:` (RFC 3986); `foo):` is a path. `//host/…` is another site;
    // backslashes are encoded below, so `\\` cannot stand in for it.
    let has_scheme = url.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if has_scheme || url.starts_with("//") {
        return None;
    }
    Some(encode_url(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls_keep_no_scheme() {
        assert_eq!(
            safe_relative_url("/a b?q=1#x").as_deref(),
            Some("/a%20b?q=1#x")
        );
        assert_eq!(safe_relative_url("").as_deref(), Some(""));
        assert_eq!(safe_relative_url("javascript:alert(1)"), None);
        assert_eq!(safe_relative_url("DATA:text/html,x"), None);
        assert_eq!(safe_relative_url("//evil.example/x"), None);
        assert_eq!(safe_relative_url("a/b:c").as_deref(), Some("a/b:c"));
        assert_eq!(safe_relative_url("foo):").as_deref(), Some("foo):"));
        assert_eq!(safe_relative_url("localhost:5001/foo"), None);
    }

    fn run(ctx: Context, frags: &[&str]) -> (String, Vec<String>) {
        let mut scope = HtmlScope::new(ctx, false);
        let mut out = String::new();
        let mut warnings = Vec::new();
        for f in frags {
            scope.feed(f, &mut out, &mut |w| warnings.push(w));
        }
        scope.finish(&mut out);
        (out, warnings)
    }

    #[test]
    fn drops_script_keeps_text() {
        let (out, w) = run(
            Context::Flow,
            &["<p>before<script>alert('<b>')</script>after</p>"],
        );
        assert_eq!(out, "<p>beforeafter</p>");
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn repairs_unbalanced_and_void() {
        let (out, _) = run(Context::Flow, &["<div><b>bold<br>text</div></i>"]);
        assert_eq!(out, "<div><b>bold<br/>text</b></div>");
    }

    #[test]
    fn handlers_and_js_urls_removed() {
        let (out, w) = run(
            Context::Phrasing,
            &[
                "<a href=\"javascript:alert(1)\" onclick=\"x()\">hi</a> &amp; <span title='a\"b'>s</span>",
            ],
        );
        assert_eq!(out, "<a>hi</a> &amp; <span title=\"a&quot;b\">s</span>");
        assert_eq!(w.len(), 2);
    }

    #[test]
    fn blocks_unwrapped_in_phrasing() {
        let (out, _) = run(Context::Phrasing, &["<div>x</div>", "<li>y"]);
        assert_eq!(out, "xy");
    }

    #[test]
    fn list_items_close_each_other() {
        let (out, _) = run(Context::Flow, &["<ul><li>a<li>b</ul>"]);
        assert_eq!(out, "<ul><li>a</li><li>b</li></ul>");
    }

    #[test]
    fn block_closes_paragraph() {
        let (out, _) = run(Context::Flow, &["<div><p>a <em>b<ul><li>c</ul></div>"]);
        assert_eq!(out, "<div><p>a <em>b</em></p><ul><li>c</li></ul></div>");
    }

    #[test]
    fn attributes_validated() {
        let (out, _) = run(
            Context::Flow,
            &[
                "<ol start=x dir=sideways lang=\"not a tag\"><li>a</ol><ol start=' 3' lang=ko><li>b</ol>",
            ],
        );
        assert_eq!(
            out,
            "<ol><li>a</li></ol><ol start=\"3\" xml:lang=\"ko\" lang=\"ko\"><li>b</li></ol>"
        );
    }

    #[test]
    fn spans_fragments() {
        let (out, _) = run(Context::Phrasing, &["<sup>", "</sup>"]);
        assert_eq!(out, "<sup></sup>");
    }

    /// Random tag soup: never panics, always balanced, nothing dangerous.
    #[test]
    fn tag_soup_stays_well_formed() {
        const PIECES: &[&str] = &[
            "<p>",
            "</p>",
            "<div>",
            "</div>",
            "<b>",
            "</b>",
            "<i>",
            "</i>",
            "<ul>",
            "</ul>",
            "<li>",
            "</li>",
            "<table>",
            "<tr>",
            "<td>",
            "</td>",
            "</table>",
            "<script>",
            "</script>",
            "<a href='javascript:x'>",
            "<a href=https://e.org>",
            "</a>",
            "text",
            " & ",
            "<",
            ">",
            "<br>",
            "<hr>",
            "<h2>",
            "</h2>",
            "<!--",
            "-->",
            "<svg>",
            "</svg>",
            "<span onclick=x>",
            "</span>",
            "<pre>",
            "</pre>",
            "<blockquote>",
            "&amp;",
            "<dl><dt>",
            "<img src=x alt=alt>",
            "<iframe>",
            "</iframe>",
            "\u{1}",
            "<p/>",
            "<ol start=2>",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for round in 0..400 {
            let mut frags = Vec::new();
            for _ in 0..(round % 7 + 1) {
                let mut frag = String::new();
                for _ in 0..12 {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    frag.push_str(PIECES[(seed >> 33) as usize % PIECES.len()]);
                }
                frags.push(frag);
            }
            let refs: Vec<&str> = frags.iter().map(String::as_str).collect();
            for ctx in [Context::Flow, Context::Phrasing] {
                let (out, _) = run(ctx, &refs);
                assert!(balanced(&out), "unbalanced for {refs:?}:\n{out}");
                let lower = out.to_ascii_lowercase();
                for bad in ["<script", "<iframe", "<svg", "javascript:", "onclick"] {
                    assert!(!lower.contains(bad), "{bad} survived {refs:?}:\n{out}");
                }
            }
        }
    }

    fn balanced(xml: &str) -> bool {
        let mut stack = Vec::new();
        let mut rest = xml;
        while let Some(lt) = rest.find('<') {
            let Some(gt) = rest[lt..].find('>') else {
                return false;
            };
            let tag = &rest[lt + 1..lt + gt];
            rest = &rest[lt + gt + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                if stack.pop() != Some(name.to_owned()) {
                    return false;
                }
            } else if !tag.ends_with('/') {
                stack.push(tag.split(' ').next().unwrap_or("").to_owned());
            }
        }
        stack.is_empty() && !rest.contains('>')
    }
}
