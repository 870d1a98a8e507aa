//! One content document → its kepub form: every sentence of the body in a
//! `koboSpan`, every image in its own, and the body's content wrapped in
//! `div#book-columns > div#book-inner`.
//!
//! quick-xml reads the document as tokens with their byte positions; each
//! token is copied through byte for byte and only spans and the two
//! wrappers are added, so taking them out again gives back the document
//! exactly. Spans never cross an element boundary: a sentence that runs
//! through an `<em>` becomes one span per text node, as in kepubify.

use std::fmt::Write as _;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::spans::sentences;

/// Elements whose content stays as it is (kepubify's list).
const VERBATIM: &[&str] = &["script", "style", "pre", "svg", "math", "audio", "video"];

/// Elements that start a new paragraph number (kepubify's list).
const PARAGRAPHS: &[&str] = &["p", "ol", "ul", "table", "h1", "h2", "h3", "h4", "h5", "h6"];

pub(crate) const WRAP_OPEN: &str = "<div id=\"book-columns\"><div id=\"book-inner\">";
pub(crate) const WRAP_CLOSE: &str = "</div></div>";

/// The span counters of one document: `kobo.PARA.SEG`, both from 1.
struct Counter {
    para: u32,
    seg: u32,
    /// A paragraph element opened: the next span starts a new number.
    new_para: bool,
}

impl Counter {
    fn open(&mut self, out: &mut String) {
        if self.new_para {
            self.para += 1;
            self.seg = 0;
            self.new_para = false;
        }
        self.seg += 1;
        let _ = write!(
            out,
            "<span class=\"koboSpan\" id=\"kobo.{}.{}\">",
            self.para, self.seg
        );
    }

    /// An image is a paragraph of its own.
    fn open_image(&mut self, out: &mut String) {
        self.new_para = true;
        self.open(out);
    }
}

/// What an open element means for the text inside it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    /// A `p`: even whitespace directly inside gets a span (as Kobo does).
    Paragraph,
    /// An `<img>…</img>` written with an end tag: its span closes with it.
    Image,
    Other,
}

/// Transforms one XHTML content document (well-formed XML).
pub(crate) fn content(xhtml: &str) -> Result<String, String> {
    let mut reader = Reader::from_str(xhtml);
    let mut out = String::with_capacity(xhtml.len() + xhtml.len() / 2);
    let mut counter = Counter {
        para: 0,
        seg: 0,
        new_para: true,
    };
    let mut open: Vec<Open> = Vec::new();
    let mut in_body = false;
    // Depth inside a verbatim element (0: not inside one).
    let mut verbatim = 0usize;
    // Where the text being gathered started (quick-xml reports text and
    // each reference in it as separate events).
    let mut text_from: Option<usize> = None;
    loop {
        let from = position(&reader);
        let event = reader
            .read_event()
            .map_err(|e| format!("at byte {}: {e}", reader.error_position()))?;
        let to = position(&reader);
        if let Event::Text(_) | Event::GeneralRef(_) = event {
            text_from.get_or_insert(from);
            continue;
        }
        if let Some(start) = text_from.take() {
            let text = &xhtml[start..from];
            if in_body && verbatim == 0 {
                let in_p = open.last() == Some(&Open::Paragraph);
                wrap_text(text, in_p, &mut counter, &mut out);
            } else {
                out.push_str(text);
            }
        }
        let raw = &xhtml[from..to];
        match event {
            Event::Start(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if verbatim > 0 || (in_body && VERBATIM.contains(&name)) {
                    verbatim += 1;
                    out.push_str(raw);
                    continue;
                }
                let kind = if !in_body {
                    Open::Other
                } else if name == "img" {
                    counter.open_image(&mut out);
                    Open::Image
                } else {
                    if PARAGRAPHS.contains(&name) {
                        counter.new_para = true;
                    }
                    if name == "p" {
                        Open::Paragraph
                    } else {
                        Open::Other
                    }
                };
                out.push_str(raw);
                if name == "body" && !in_body {
                    in_body = true;
                    out.push_str(WRAP_OPEN);
                }
                open.push(kind);
            }
            Event::End(e) => {
                if verbatim > 0 {
                    verbatim -= 1;
                    out.push_str(raw);
                    continue;
                }
                let kind = open.pop();
                if in_body && e.local_name().as_ref() == "body" {
                    in_body = false;
                    out.push_str(WRAP_CLOSE);
                }
                out.push_str(raw);
                if kind == Some(Open::Image) {
                    out.push_str("</span>");
                }
            }
            Event::Empty(e) if in_body && verbatim == 0 => {
                let name = e.local_name();
                let name = name.as_ref();
                if name == "img" {
                    counter.open_image(&mut out);
                    out.push_str(raw);
                    out.push_str("</span>");
                } else {
                    if PARAGRAPHS.contains(&name) {
                        counter.new_para = true;
                    }
                    out.push_str(raw);
                }
            }
            Event::Eof => break,
            _ => out.push_str(raw),
        }
    }
    Ok(out)
}

fn position(reader: &Reader<&[u8]>) -> usize {
    usize::try_from(reader.buffer_position()).expect("a position inside a string fits usize")
}

/// One text node of the body, raw: each sentence in a span, except
/// whitespace outside a `p` (between blocks), which stays as it is.
fn wrap_text(text: &str, in_p: bool, counter: &mut Counter, out: &mut String) {
    for sentence in sentences(text) {
        if sentence.is_empty() || (!in_p && sentence.trim().is_empty()) {
            out.push_str(sentence);
        } else {
            counter.open(out);
            out.push_str(sentence);
            out.push_str("</span>");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>T. Two.</title><style>p.a {{ x: y }}</style></head>\n<body class=\"b\">\n{body}</body>\n</html>\n"
        )
    }

    fn body_of(xhtml: &str) -> &str {
        let start = xhtml.find(WRAP_OPEN).expect("wrapper") + WRAP_OPEN.len();
        let end = xhtml.rfind(WRAP_CLOSE).expect("wrapper");
        &xhtml[start..end]
    }

    /// Takes every span and the wrappers out again.
    fn strip(xhtml: &str) -> String {
        let mut s = xhtml.replacen(WRAP_OPEN, "", 1);
        if let Some(at) = s.rfind(WRAP_CLOSE) {
            s.replace_range(at..at + WRAP_CLOSE.len(), "");
        }
        let mut out = String::new();
        let mut rest = s.as_str();
        while let Some(at) = rest.find("<span class=\"koboSpan\"") {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            rest = &rest[rest.find('>').expect("tag end") + 1..];
            let close = rest.find("</span>").expect("span closes");
            out.push_str(&rest[..close]);
            rest = &rest[close + "</span>".len()..];
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn sentences_and_paragraphs_are_numbered() {
        let xhtml = page("<p>One. Two? Three</p>\n<p>Four.</p>\n");
        let out = content(&xhtml).expect("transforms");
        assert_eq!(
            body_of(&out),
            "\n<p><span class=\"koboSpan\" id=\"kobo.1.1\">One. </span>\
<span class=\"koboSpan\" id=\"kobo.1.2\">Two? </span>\
<span class=\"koboSpan\" id=\"kobo.1.3\">Three</span></p>\n\
<p><span class=\"koboSpan\" id=\"kobo.2.1\">Four.</span></p>\n"
        );
        // The head is left alone, the body wrapped once.
        assert!(out.contains("<title>T. Two.</title><style>p.a { x: y }</style>"));
        assert!(
            out.contains("<body class=\"b\"><div id=\"book-columns\"><div id=\"book-inner\">\n")
        );
        assert!(out.ends_with("</div></div></body>\n</html>\n"));
        assert_eq!(strip(&out), xhtml);
    }

    #[test]
    fn spans_stay_inside_elements() {
        let xhtml = page("<p>He said <em>this. And</em> that &amp; more.</p>");
        let out = content(&xhtml).expect("transforms");
        assert_eq!(
            body_of(&out),
            "\n<p><span class=\"koboSpan\" id=\"kobo.1.1\">He said </span>\
<em><span class=\"koboSpan\" id=\"kobo.1.2\">this. </span>\
<span class=\"koboSpan\" id=\"kobo.1.3\">And</span></em>\
<span class=\"koboSpan\" id=\"kobo.1.4\"> that &amp; more.</span></p>"
        );
        assert_eq!(strip(&out), xhtml);
    }

    #[test]
    fn images_get_their_own_span_and_verbatim_elements_none() {
        let xhtml = page(
            "<figure><img src=\"a.png\" alt=\"A\"/><figcaption>Cap. Tion</figcaption></figure>\n\
<pre><code>let x = 1; y. z</code></pre>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><text>S. T</text></svg>\n\
<ul>\n<li>Item. <img src=\"b.png\" alt=\"\"></img></li>\n</ul>\n",
        );
        let out = content(&xhtml).expect("transforms");
        let body = body_of(&out);
        assert!(body.starts_with(
            "\n<figure><span class=\"koboSpan\" id=\"kobo.1.1\"><img src=\"a.png\" alt=\"A\"/></span>\
<figcaption><span class=\"koboSpan\" id=\"kobo.1.2\">Cap. </span>"
        ));
        assert!(body.contains("<pre><code>let x = 1; y. z</code></pre>"));
        assert!(body.contains("<text>S. T</text>"));
        assert!(body.contains(
            "<li><span class=\"koboSpan\" id=\"kobo.2.1\">Item. </span>\
<span class=\"koboSpan\" id=\"kobo.3.1\"><img src=\"b.png\" alt=\"\"></img></span></li>"
        ));
        // Whitespace between blocks is not wrapped; inside a p it is.
        assert!(body.contains("</pre>\n<svg"));
        assert_eq!(strip(&out), xhtml);
        let spaced = content(&page("<p><a href=\"#x\">a</a> <b>b</b></p>")).expect("transforms");
        assert!(spaced.contains("</a><span class=\"koboSpan\" id=\"kobo.1.2\"> </span><b>"));
    }

    #[test]
    fn malformed_input_is_an_error_not_a_panic() {
        assert!(content("<html><body><p>open</body></html>").is_err());
    }
}
