//! The Kobo edition: EPUBCheck on the kepub of the sample and of every
//! fixture, then each content document read as XML: every sentence in a
//! `koboSpan` with an id unique in its file, Kobo's wrappers around the
//! body, footnotes intact, and — spans and wrappers taken out — exactly
//! the EPUB edition's document.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use pressrun::model::Issue;
use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use crate::epub::epubcheck;
use crate::support::{root, run, stderr, tempdir};

fn load(rel: &str) -> Issue {
    let opts = pressrun::manifest::LoadOptions {
        timestamp: 1_700_000_000,
    };
    match pressrun::manifest::load(&root().join(rel), &opts) {
        Ok(w) => w.output,
        Err(e) => panic!("{rel} loads: {e:?}"),
    }
}

/// The sample, the multilingual fixture (every script, fonts embedded)
/// and every fixture under tests/fixtures/epub/.
fn issues() -> Vec<(String, Issue)> {
    let mut out = vec![
        ("sample".to_owned(), load("issues/2026-11-24/issue.yaml")),
        (
            "multilingual".to_owned(),
            load("tests/fixtures/multilingual/2026-12-01/issue.yaml"),
        ),
    ];
    let mut names: Vec<String> = std::fs::read_dir(root().join("tests/fixtures/epub"))
        .expect("fixtures folder")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("issue.yaml").exists())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    for name in names {
        let issue = load(&format!("tests/fixtures/epub/{name}/issue.yaml"));
        out.push((name, issue));
    }
    out
}

/// The EPUB and the kepub of `issue`, built together through the driver.
fn build(issue: &Issue) -> (Vec<u8>, Vec<u8>) {
    let editions = ["epub", "kepub"].map(|n| pressrun::build::by_name(n).expect("registered"));
    let built = pressrun::build::issue(issue, &editions);
    assert!(!built.has_errors(), "{:?}", built.diagnostics);
    let epub = built
        .bytes(&format!("{}.epub", issue.slug))
        .expect("the EPUB");
    let kepub = built
        .bytes(&format!("{}.kepub.epub", issue.slug))
        .expect("the kepub");
    (epub.to_vec(), kepub.to_vec())
}

/// Entry names in archive order with their bytes, and whether the first
/// entry is stored.
fn unzip(bytes: &[u8]) -> (Vec<(String, Vec<u8>)>, bool) {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut entries = Vec::new();
    let mut first_stored = false;
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("an entry");
        if i == 0 {
            first_stored = f.compression() == zip::CompressionMethod::Stored;
        }
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("entry reads");
        entries.push((f.name().to_owned(), data));
    }
    (entries, first_stored)
}

fn text(entries: &[(String, Vec<u8>)], name: &str) -> String {
    let data = entries
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} is in the book"));
    String::from_utf8(data.1.clone()).expect("UTF-8")
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).expect("attributes parse")?;
    Some(
        a.normalized_value(XmlVersion::Implicit1_0)
            .expect("attribute value")
            .into_owned(),
    )
}

/// Elements whose text Kobo leaves alone.
const VERBATIM: &[&str] = &["script", "style", "pre", "svg", "math"];

/// One element or text in document order: what the comparison sees.
#[derive(Debug, PartialEq, Eq)]
enum Node {
    Open(String),
    Close(String),
    Text(String),
}

/// What a content document's body says about Kobo.
struct Doc {
    /// The document with kobo spans and the wrappers left out, adjacent
    /// text merged.
    nodes: Vec<Node>,
    /// Every kobo span id, in order.
    ids: Vec<String>,
    /// Every id in the file.
    all_ids: BTreeSet<String>,
    /// (href of each noteref, is it `#id` of an element marked footnote)
    noterefs: Vec<String>,
    footnotes: BTreeSet<String>,
    /// Internal links (`#x`) of the file.
    fragments: Vec<String>,
}

/// Reads a content document. With `kepub`, also asserts that every
/// non-blank text of the body (outside verbatim elements) sits directly
/// in a koboSpan, every image in one of its own, and that the body holds
/// exactly `div#book-columns > div#book-inner`.
fn read(xhtml: &str, kepub: bool, label: &str) -> Doc {
    let mut reader = Reader::from_str(xhtml);
    let mut out = Doc {
        nodes: Vec::new(),
        ids: Vec::new(),
        all_ids: BTreeSet::new(),
        noterefs: Vec::new(),
        footnotes: BTreeSet::new(),
        fragments: Vec::new(),
    };
    // Open elements: (name, is a kobo span or wrapper).
    let mut open: Vec<(String, bool)> = Vec::new();
    let mut in_body = false;
    let mut verbatim = 0usize;
    let mut text = String::new();
    // Where the wrappers must be: the body's first and only child.
    let mut body_children = 0;
    loop {
        let event = reader.read_event().expect("well-formed XML");
        match &event {
            Event::Text(t) => {
                text.push_str(&t.xml_content(XmlVersion::Implicit1_0));
                continue;
            }
            Event::GeneralRef(r) => {
                let c = r
                    .resolve_char_ref()
                    .expect("a valid character reference")
                    .map(String::from)
                    .unwrap_or_else(|| {
                        let name = r.xml_content(XmlVersion::Implicit1_0);
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .expect("a predefined entity")
                            .to_owned()
                    });
                text.push_str(&c);
                continue;
            }
            _ => {}
        }
        // Check where text sat before the element changes the stack.
        let check = kepub && in_body && verbatim == 0;
        flush(&mut text, &open, &mut out.nodes, check, label);
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_empty = matches!(event, Event::Empty(_));
                let name = e.local_name().as_ref().to_owned();
                let id = attr(e, "id");
                if let Some(id) = &id {
                    assert!(out.all_ids.insert(id.clone()), "{label}: id {id} twice");
                }
                if in_body && verbatim == 0 && open.last().is_some_and(|(n, _)| n == "body") {
                    body_children += 1;
                }
                let kobo_span = name == "span" && attr(e, "class").as_deref() == Some("koboSpan");
                let wrapper =
                    name == "div" && matches!(id.as_deref(), Some("book-columns" | "book-inner"));
                if kobo_span {
                    let id = id.clone().unwrap_or_default();
                    out.ids.push(id);
                }
                if kepub && wrapper {
                    let parent = open.last().map(|(n, _)| n.as_str());
                    match id.as_deref() {
                        Some("book-columns") => assert_eq!(parent, Some("body"), "{label}"),
                        _ => assert!(
                            open.last().is_some_and(|(n, w)| n == "div" && *w),
                            "{label}: book-inner outside book-columns"
                        ),
                    }
                }
                if kepub && name == "img" && in_body && verbatim == 0 {
                    assert!(
                        open.last().is_some_and(|(n, kobo)| n == "span" && *kobo),
                        "{label}: an image outside a koboSpan"
                    );
                }
                if attr(e, "epub:type").as_deref() == Some("noteref") {
                    out.noterefs.push(attr(e, "href").unwrap_or_default());
                }
                if attr(e, "epub:type").as_deref() == Some("footnote") {
                    out.footnotes.insert(id.clone().unwrap_or_default());
                }
                if let Some(frag) =
                    attr(e, "href").and_then(|h| h.strip_prefix('#').map(str::to_owned))
                {
                    out.fragments.push(frag);
                }
                let ours = kobo_span || wrapper;
                if !ours {
                    out.nodes.push(Node::Open(e.to_string()));
                }
                if is_empty {
                    if !ours {
                        out.nodes.push(Node::Close(name));
                    }
                    continue;
                }
                if name == "body" {
                    in_body = true;
                }
                if (in_body && VERBATIM.contains(&name.as_str())) || verbatim > 0 {
                    verbatim += 1;
                }
                open.push((name, ours));
            }
            Event::End(e) => {
                let (name, ours) = open.pop().expect("balanced");
                assert_eq!(name, e.local_name().as_ref() as &str);
                verbatim = verbatim.saturating_sub(1);
                if name == "body" {
                    in_body = false;
                }
                if !ours {
                    out.nodes.push(Node::Close(name));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if kepub {
        assert_eq!(
            body_children, 1,
            "{label}: the body holds more than the wrappers"
        );
    }
    out
}

/// Ends a run of text: checks that it sits in a koboSpan (with `check`),
/// then adds it to `nodes`, merged with text just before it.
fn flush(
    text: &mut String,
    open: &[(String, bool)],
    nodes: &mut Vec<Node>,
    check: bool,
    label: &str,
) {
    if text.is_empty() {
        return;
    }
    if check && !text.trim().is_empty() {
        let parent = open.last().map(|(n, kobo)| (n.as_str(), *kobo));
        assert!(
            matches!(parent, Some(("span", true))),
            "{label}: text {text:?} is not in a koboSpan (inside {parent:?})"
        );
    }
    match nodes.last_mut() {
        Some(Node::Text(t)) => t.push_str(text),
        _ => nodes.push(Node::Text(text.clone())),
    }
    text.clear();
}

#[test]
fn kepubs_are_valid_spanned_and_give_back_the_epub() {
    // One thread per issue: EPUBCheck's start-up dominates.
    let issues = issues();
    std::thread::scope(|scope| {
        for (label, issue) in &issues {
            scope.spawn(move || check_kepub(label, issue));
        }
    });
}

fn check_kepub(label: &str, issue: &Issue) {
    {
        let (epub, kepub) = build(issue);
        epubcheck(&kepub, &format!("{label}-kepub"));
        let (epub_entries, _) = unzip(&epub);
        let (entries, first_stored) = unzip(&kepub);

        // Same entries in the same order, mimetype first and stored.
        let names = |e: &[(String, Vec<u8>)]| e.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&entries), names(&epub_entries), "{label}");
        assert_eq!(
            entries[0],
            ("mimetype".to_owned(), b"application/epub+zip".to_vec())
        );
        assert!(first_stored, "{label}: mimetype stored");

        // The cover as Kobo reads it; the package otherwise the EPUB's.
        let opf = text(&entries, "OEBPS/content.opf");
        assert!(opf.contains("properties=\"cover-image\""), "{label}");
        for same in ["OEBPS/content.opf", "OEBPS/nav.xhtml", "OEBPS/toc.ncx"] {
            assert_eq!(
                text(&entries, same),
                text(&epub_entries, same),
                "{label}: {same}"
            );
        }

        let pages: Vec<&String> = entries
            .iter()
            .map(|(n, _)| n)
            .filter(|n| n.ends_with(".xhtml") && !n.ends_with("/nav.xhtml"))
            .collect();
        assert!(pages.len() >= 3, "{label}: {pages:?}");
        for page in pages {
            let at = format!("{label}: {page}");
            let kobo = read(&text(&entries, page), true, &at);
            let plain = read(&text(&epub_entries, page), false, &at);
            // Spans and wrappers out: exactly the EPUB's document.
            assert_eq!(kobo.nodes, plain.nodes, "{at}");
            assert!(!kobo.ids.is_empty(), "{at}: no spans");
            // kobo.P.S, unique in the file, both counters from 1.
            let mut seen = BTreeSet::new();
            for id in &kobo.ids {
                let nums: Vec<u32> = id
                    .strip_prefix("kobo.")
                    .unwrap_or_else(|| panic!("{at}: span id {id}"))
                    .split('.')
                    .map(|n| n.parse().unwrap_or_else(|_| panic!("{at}: span id {id}")))
                    .collect();
                assert!(
                    nums.len() == 2 && nums[0] >= 1 && nums[1] >= 1,
                    "{at}: {id}"
                );
                assert!(seen.insert(id.clone()), "{at}: {id} twice");
            }
            assert_eq!(
                kobo.ids.first().map(String::as_str),
                Some("kobo.1.1"),
                "{at}"
            );
            // Footnotes: still marked, every noteref (and every internal
            // link) resolves in the same file.
            assert_eq!(kobo.footnotes, plain.footnotes, "{at}");
            for href in &kobo.noterefs {
                let target = href.strip_prefix('#').unwrap_or(href);
                assert!(kobo.footnotes.contains(target), "{at}: noteref {href}");
            }
            for frag in &kobo.fragments {
                assert!(kobo.all_ids.contains(frag), "{at}: link #{frag}");
            }
        }

        // The stylesheet: nothing that fights the spans and divs Kobo adds.
        for (name, css) in entries.iter().filter(|(n, _)| n.ends_with(".css")) {
            let css = String::from_utf8_lossy(css);
            assert_kobo_safe_css(&css, &format!("{label}: {name}"));
        }
    }
}

#[test]
fn the_sample_has_its_footnotes_and_kobo_spans_in_place() {
    let issue = load("issues/2026-11-24/issue.yaml");
    let (_, kepub) = build(&issue);
    let (entries, _) = unzip(&kepub);
    let lead = text(&entries, "OEBPS/article-01.xhtml");
    assert!(
        lead.contains(
            "<body class=\"article-page\"><div id=\"book-columns\"><div id=\"book-inner\">"
        )
    );
    assert!(lead.contains("<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"pr-fn1\""));
    assert!(lead.contains(
        "<a epub:type=\"noteref\" role=\"doc-noteref\" id=\"pr-fnref1-1\" href=\"#pr-fn1\"><span class=\"koboSpan\""
    ));
    // A sentence through an <em>: one span per text node.
    assert!(lead.contains("<em><span class=\"koboSpan\" id=\"kobo.9.4\">before</span></em>"));
    let cover = text(&entries, "OEBPS/cover.xhtml");
    assert!(cover.contains("<span class=\"koboSpan\" id=\"kobo.1.1\"><img epub:type=\"cover\""));
}

/// No rule selects a bare `div` or `span` (Kobo inserts its own), and
/// nothing uses flexbox.
fn assert_kobo_safe_css(css: &str, label: &str) {
    let mut plain = String::new();
    let mut rest = css;
    while let Some(at) = rest.find("/*") {
        plain.push_str(&rest[..at]);
        rest = rest[at..].split_once("*/").map_or("", |(_, r)| r);
    }
    plain.push_str(rest);
    let mut rest = plain.as_str();
    let mut rules = 0;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '}');
        let Some(open) = rest.find('{') else { break };
        let prelude = rest[..open].trim();
        if prelude.starts_with("@media") || prelude.starts_with("@supports") {
            rest = &rest[open + 1..];
            continue;
        }
        let close = open + rest[open..].find('}').expect("a block closes");
        let body: String = rest[open + 1..close].split_whitespace().collect();
        assert!(
            !body.contains("display:flex")
                && !body.contains("display:inline-flex")
                && !body.contains("flex"),
            "{label}: flexbox in `{prelude}`"
        );
        if !prelude.starts_with('@') {
            rules += 1;
            for selector in prelude.split(',') {
                for compound in selector.split(|c: char| c.is_whitespace() || "<>+~".contains(c)) {
                    let element: String = compound
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                        .collect();
                    let qualified = compound[element.len()..].starts_with(['.', '#', '[']);
                    assert!(
                        !matches!(element.as_str(), "div" | "span") || qualified,
                        "{label}: bare `{element}` in `{selector}`"
                    );
                }
            }
        }
        rest = &rest[close + 1..];
    }
    assert!(rules > 20, "{label}: read only {rules} rules");
}

#[test]
fn css_check_catches_bare_divs_spans_and_flex() {
    for bad in [
        "div { margin: 0 }",
        "p > span { color: red }",
        "@media screen { .a, div:first-child { x: y } }",
        ".a { display: flex }",
    ] {
        let css = format!("{}{bad}", ".x { a: b }\n".repeat(21));
        assert!(
            std::panic::catch_unwind(|| assert_kobo_safe_css(&css, "t")).is_err(),
            "{bad}"
        );
    }
    let good = format!(
        "{}div.note, span.check, #book-inner p {{ x: y }}",
        ".x { a: b }\n".repeat(21)
    );
    assert_kobo_safe_css(&good, "t");
}

#[test]
fn cli_writes_the_kepub() {
    let dir = tempdir();
    let out = dir.path().join("out");
    let result = run(
        &[
            "build",
            "issues",
            "--format",
            "kepub",
            "--out",
            &out.to_string_lossy(),
        ],
        &root(),
    );
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert_eq!(
        written(&out),
        ["asia-pacific-security-briefing-34.kepub.epub"]
    );
    // The series catalog offers it as a kepub.
    let catalog = std::fs::read_to_string(out.join("catalog.xml")).expect("the OPDS catalog");
    assert!(
        catalog.contains(
            "href=\"asia-pacific-security-briefing-34.kepub.epub\" type=\"application/kepub+zip\""
        ),
        "{catalog}"
    );
    let bytes =
        std::fs::read(out.join("asia-pacific-security-briefing-34.kepub.epub")).expect("the kepub");
    let built = build(&load("issues/2026-11-24/issue.yaml")).1;
    assert_eq!(bytes, built, "the CLI writes what the driver builds");
}

/// A series in a temporary folder whose series.yaml says `series`.
fn series(series: &str) -> tempfile::TempDir {
    let dir = tempdir();
    let issue = dir.path().join("series/2024-02-29");
    std::fs::create_dir_all(&issue).expect("mkdir");
    std::fs::write(dir.path().join("series/series.yaml"), series).expect("series.yaml");
    std::fs::write(
        issue.join("issue.yaml"),
        "newsletter: Test Briefing\nissue: 7\ndate: 2024-02-29\nlead:\n  title: A Lead\n  text: One sentence. Another one.\n",
    )
    .expect("issue.yaml");
    dir
}

/// The edition files in `dir` (not the series catalogs).
fn written(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".epub") || n.ends_with(".pdf"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn series_formats_choose_the_editions_unless_the_command_line_does() {
    let dir = series("publisher: Test Institute\nformats: [kepub, epub, kepub]\n");
    let out = run(&["build", "series", "--out", "out"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        written(&dir.path().join("out")),
        ["test-briefing-7.epub", "test-briefing-7.kepub.epub"]
    );
    let out = run(
        &["build", "series", "--out", "pdf", "--format", "pdf"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(written(&dir.path().join("pdf")), ["test-briefing-7.pdf"]);
    // Without `formats`, the EPUB and the PDF.
    let dir = series("publisher: Test Institute\n");
    let out = run(&["build", "series", "--out", "out"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        written(&dir.path().join("out")),
        ["test-briefing-7.epub", "test-briefing-7.pdf"]
    );
}

#[test]
fn unknown_series_formats_are_located_errors() {
    let dir = series("publisher: Test Institute\nformats: [epub, kpub]\n");
    let out = run(&["build", "series", "--out", "out"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("`kpub` is not an edition pressrun writes"),
        "{err}"
    );
    assert!(err.contains("series.yaml:2:17"), "{err}");
    assert!(err.contains("did you mean `kepub`?"), "{err}");
    assert!(written(&dir.path().join("out")).is_empty());
    // `check` reads series.yaml too.
    let out = run(&["check", "series"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));

    let dir = series("formats: []\n");
    let err = stderr(&run(&["check", "series"], dir.path()));
    assert!(err.contains("`formats` lists no edition"), "{err}");
    let known: Vec<&str> = pressrun::build::names().collect();
    assert!(err.contains(&known.join(", ")), "{err}");
}

#[test]
fn warnings_the_epub_and_kepub_share_are_reported_once() {
    let issue = load("tests/fixtures/epub/hostile/issue.yaml");
    let by_name = |n| pressrun::build::by_name(n).expect("registered");
    let epub = pressrun::build::issue(&issue, &[by_name("epub")]);
    let both = pressrun::build::issue(&issue, &[by_name("epub"), by_name("kepub")]);
    let messages = |b: &pressrun::build::Built| -> Vec<String> {
        b.diagnostics.iter().map(|d| d.message.clone()).collect()
    };
    assert!(!epub.diagnostics.is_empty(), "the hostile fixture warns");
    assert_eq!(messages(&both), messages(&epub));
}
