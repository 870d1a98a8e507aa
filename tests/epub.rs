//! The EPUB edition: EPUBCheck on the sample and on a fixture per
//! construct, then the unzipped book read as a reader's software would.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use pressrun::diag::Diagnostic;
use pressrun::manifest::{self, LoadOptions};
use pressrun::model::Issue;

use crate::support::{epubcheck_jar, root, tempdir};

const TIMESTAMP: i64 = 1_700_000_000;

fn sample() -> PathBuf {
    root().join("issues/2026-11-24/issue.yaml")
}

fn fixture(name: &str) -> PathBuf {
    root()
        .join("tests/fixtures/epub")
        .join(name)
        .join("issue.yaml")
}

fn load(path: &Path) -> Issue {
    match manifest::load(
        path,
        &LoadOptions {
            timestamp: TIMESTAMP,
        },
    ) {
        Ok(w) => w.output,
        Err(e) => panic!("{} does not load: {e:?}", path.display()),
    }
}

/// The EPUB edition through the driver, as the CLI builds it.
fn build(issue: &Issue) -> (Vec<u8>, Vec<Diagnostic>) {
    let epub = pressrun::build::by_name("epub").expect("the EPUB edition is registered");
    let mut built = pressrun::build::issue(issue, &[epub]);
    assert!(
        !built.has_errors(),
        "EPUB build failed: {:?}",
        built.diagnostics
    );
    (built.outputs.remove(0).bytes, built.diagnostics)
}

/// The unzipped book: entry names in archive order, and each entry's bytes.
pub(crate) struct Book {
    pub(crate) order: Vec<String>,
    pub(crate) files: BTreeMap<String, Vec<u8>>,
    /// (name, stored?) of the first entry.
    first_stored: bool,
}

impl Book {
    pub(crate) fn open(bytes: &[u8]) -> Self {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut order = Vec::new();
        let mut files = BTreeMap::new();
        let mut first_stored = false;
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).expect("an entry");
            if i == 0 {
                first_stored = f.compression() == zip::CompressionMethod::Stored;
            }
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("entry reads");
            order.push(f.name().to_owned());
            files.insert(f.name().to_owned(), data);
        }
        Self {
            order,
            files,
            first_stored,
        }
    }

    pub(crate) fn text(&self, name: &str) -> String {
        let data = self
            .files
            .get(name)
            .unwrap_or_else(|| panic!("{name} is in the book"));
        String::from_utf8(data.clone()).expect("UTF-8 text")
    }

    pub(crate) fn xhtml_pages(&self) -> Vec<(&String, String)> {
        self.files
            .iter()
            .filter(|(n, _)| n.ends_with(".xhtml"))
            .map(|(n, d)| (n, String::from_utf8_lossy(d).into_owned()))
            .collect()
    }
}

/// Runs EPUBCheck 5 and fails on any fatal, error or warning.
pub(crate) fn epubcheck(bytes: &[u8], label: &str) {
    let Some(jar) = epubcheck_jar() else { return };
    let dir = tempdir();
    let book = dir.path().join(format!("{label}.epub"));
    let report = dir.path().join("report.json");
    std::fs::write(&book, bytes).expect("write the book");
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .arg(&book)
        .arg("--json")
        .arg(&report)
        .output()
        .expect("java runs");
    let json = std::fs::read_to_string(&report).unwrap_or_default();
    let count = |key: &str| -> Option<u64> {
        let at = json.find(&format!("\"{key}\""))?;
        let rest = &json[at + key.len() + 2..];
        let digits: String = rest
            .trim_start_matches([' ', ':'])
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    };
    let counts = ["nFatal", "nError", "nWarning"].map(count);
    assert!(
        counts.iter().all(|c| *c == Some(0)),
        "EPUBCheck on {label}: {counts:?}\n{}\n{json}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Checks that every XHTML page parses as XML (well-formed), by a strict
/// parser, and carries lang and xml:lang.
fn assert_well_formed(book: &Book, lang: &str) {
    for (name, page) in book.xhtml_pages() {
        if let Err(e) = roxml(&page) {
            panic!("{name} is not well-formed: {e}\n{page}");
        }
        assert!(
            page.contains(&format!("lang=\"{lang}\" xml:lang=\"{lang}\"")),
            "{name} lacks lang"
        );
    }
}

/// Minimal XML well-formedness check: balanced tags, quoted attributes, no
/// stray `<` or `&` (EPUBCheck does the full check; this one names the page).
fn roxml(text: &str) -> Result<(), String> {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(lt) = rest.find('<') {
        check_text(&rest[..lt])?;
        rest = &rest[lt..];
        let gt = rest.find('>').ok_or("unclosed tag")?;
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            match stack.pop() {
                Some(open) if open == name.trim() => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
        } else if !tag.ends_with('/') {
            let name = tag.split_whitespace().next().unwrap_or("").to_owned();
            stack.push(name);
        }
    }
    check_text(rest)?;
    if stack.is_empty() {
        Ok(())
    } else {
        Err(format!("unclosed {stack:?}"))
    }
}

fn check_text(t: &str) -> Result<(), String> {
    for (i, _) in t.match_indices('&') {
        let ent = &t[i..];
        let ok = ["&amp;", "&lt;", "&gt;", "&quot;", "&#"]
            .iter()
            .any(|e| ent.starts_with(e));
        if !ok {
            return Err(format!("bare & in {:?}", &t[i..(i + 20).min(t.len())]));
        }
    }
    Ok(())
}

#[test]
fn sample_passes_epubcheck_and_reads_like_a_periodical() {
    let issue = load(&sample());
    let (bytes, warnings) = build(&issue);
    assert!(warnings.is_empty(), "sample warns: {warnings:?}");
    epubcheck(&bytes, "sample");
    let book = Book::open(&bytes);

    // mimetype first and stored.
    assert_eq!(book.order[0], "mimetype");
    assert!(book.first_stored);
    assert_eq!(book.text("mimetype"), "application/epub+zip");

    // Spine order: cover, contents, articles, links.
    let opf = book.text("OEBPS/content.opf");
    let spine: Vec<&str> = opf
        .split("<itemref idref=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert_eq!(spine.first(), Some(&"id_cover.xhtml"));
    assert_eq!(spine.get(1), Some(&"id_contents.xhtml"));
    assert_eq!(spine.len(), 2 + 1 + issue.related.len() + 1);

    // Cover marked and shown first.
    assert!(
        opf.contains("properties=\"cover-image\" id=\"cover-image\" href=\"images/cover.png\"")
    );
    let cover = book.text("OEBPS/cover.xhtml");
    assert!(cover.contains("src=\"images/cover.png\""));
    let png = &book.files["OEBPS/images/cover.png"];
    let img = image::load_from_memory(png).expect("the cover decodes");
    assert!(img.height() >= 1600, "cover is {}px tall", img.height());

    // Metadata.
    assert!(opf.contains("<dc:title>Asia-Pacific Security Briefing — Issue 34</dc:title>"));
    assert!(opf.contains("<dc:language>en</dc:language>"));
    assert!(opf.contains("<dc:publisher>Harbor Institute</dc:publisher>"));
    assert!(opf.contains("<dc:date>2026-11-24"));
    assert!(opf.contains("<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>"));
    let first_creator = opf.find("<dc:creator").expect("creators");
    assert!(opf[first_creator..].starts_with("<dc:creator id=\"epub-creator-0\">Mina Cho<"));
    assert!(opf.contains("<dc:subject>Report</dc:subject>"));
    assert!(opf.contains("<dc:subject>Podcast</dc:subject>"));
    assert!(opf.contains(
        "property=\"belongs-to-collection\" id=\"pr-series\">Asia-Pacific Security Briefing<"
    ));
    assert!(
        opf.contains("<meta refines=\"#pr-series\" property=\"collection-type\">series</meta>")
    );
    assert!(opf.contains("<meta refines=\"#pr-series\" property=\"group-position\">34</meta>"));
    for a11y in [
        "schema:accessMode",
        "schema:accessModeSufficient",
        "schema:accessibilityFeature",
        "schema:accessibilityHazard",
        "schema:accessibilitySummary",
    ] {
        assert!(opf.contains(&format!("property=\"{a11y}\"")), "{a11y}");
    }
    let id = pressrun_identifier(&opf);
    assert!(id.starts_with("urn:uuid:"), "{id}");
    assert_eq!(&id[9..][14..15], "5", "a version-5 UUID: {id}");

    // nav: every article, the lead's headings nested, landmarks.
    let nav = book.text("OEBPS/nav.xhtml");
    for (i, article) in issue.articles().enumerate() {
        let href = format!("<a href=\"article-{:02}.xhtml\">", i + 1);
        assert!(nav.contains(&href), "nav lacks {}", article.title);
    }
    assert!(nav.contains("<a href=\"article-01.xhtml#what-went-wrong\">What went wrong</a>"));
    for landmark in ["cover", "toc", "bodymatter"] {
        assert!(nav.contains(&format!("epub:type=\"{landmark}\"")));
    }
    assert!(book.text("OEBPS/toc.ncx").contains("article-05.xhtml"));

    // Contents page links every article; pages chain prev/next.
    let contents = book.text("OEBPS/contents.xhtml");
    for i in 1..=issue.related.len() + 1 {
        assert!(contents.contains(&format!("href=\"article-{i:02}.xhtml\"")));
    }
    let lead = book.text("OEBPS/article-01.xhtml");
    assert!(lead.contains("rel=\"next\" href=\"article-02.xhtml\""));
    assert!(lead.contains("First published in <a href=\"https://example.org/pacific-review/two-allies-one-plan\">The Pacific Review</a>"));
    let last = book.text("OEBPS/article-05.xhtml");
    assert!(last.contains("rel=\"prev\" href=\"article-04.xhtml\""));
    assert!(last.contains("rel=\"next\" href=\"links.xhtml\""));
    let links = book.text("OEBPS/links.xhtml");
    assert!(links.contains("href=\"mailto:editors@example.org\""));

    // Footnotes both ways.
    assert_footnotes_linked(&lead);
    assert_well_formed(&book, "en");
}

fn pressrun_identifier(opf: &str) -> String {
    let start = opf.find("<dc:identifier").expect("identifier");
    let s = &opf[start..];
    let s = &s[s.find('>').expect("tag end") + 1..];
    s[..s.find('<').expect("close")].to_owned()
}

/// Every noteref points at an aside whose back link points at a noteref.
fn assert_footnotes_linked(page: &str) {
    let refs: Vec<(&str, &str)> = page
        .split("<a epub:type=\"noteref\" role=\"doc-noteref\" id=\"")
        .skip(1)
        .map(|s| {
            let id = s.split('"').next().unwrap_or("");
            let href = s
                .split("href=\"#")
                .nth(1)
                .and_then(|h| h.split('"').next())
                .unwrap_or("");
            (id, href)
        })
        .collect();
    assert!(!refs.is_empty(), "no noterefs");
    for (id, target) in &refs {
        let aside = format!("<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"{target}\"");
        let at = page
            .find(&aside)
            .unwrap_or_else(|| panic!("no aside {target}"));
        let body = &page[at..];
        let body = &body[..body.find("</aside>").expect("aside closes")];
        let back = body
            .split("role=\"doc-backlink\" href=\"#")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("a back link");
        assert!(
            refs.iter().any(|(rid, t)| rid == &back && t == target),
            "back link of {target} goes to {back}, not a reference of it (ref {id})"
        );
    }
}

#[test]
fn constructs_fixture_is_valid_and_complete() {
    let issue = load(&fixture("constructs"));
    let (bytes, _warnings) = build(&issue);
    epubcheck(&bytes, "constructs");
    let book = Book::open(&bytes);
    assert_well_formed(&book, "en");
    let lead = book.text("OEBPS/article-01.xhtml");
    assert_footnotes_linked(&lead);
    // The same note referenced twice: two refs, one aside, unique ids.
    assert!(lead.contains("id=\"pr-fnref1-1\""));
    assert!(lead.contains("id=\"pr-fnref1-2\""));
    assert_eq!(lead.matches("id=\"pr-fn1\"").count(), 1);
    // Multi-paragraph note keeps its second paragraph inside the aside.
    let note = &lead[lead.find("id=\"pr-fn1\"").expect("note")..];
    let note = &note[..note.find("</aside>").expect("end")];
    assert!(note.contains("A second paragraph in the first note."));
    // Tables with alignment, wrapped for small screens.
    assert!(lead.contains("<div class=\"table-wrap\"><table>"));
    assert!(lead.contains("<th scope=\"col\" class=\"center\">Center</th>"));
    assert!(lead.contains("<td class=\"right\">1</td>"));
    // Images copied with the right media type, alt kept, captions.
    let opf = book.text("OEBPS/content.opf");
    assert!(opf.contains("media-type=\"image/png\" id=\"id_images_01-chart.png\""));
    assert!(opf.contains("media-type=\"image/jpeg\" id=\"id_images_02-photo.jpg\""));
    assert!(book.files.contains_key("OEBPS/images/02-photo.jpg"));
    assert!(lead.contains("<img src=\"images/01-chart.png\" alt=\"A red and a blue bar\" title=\"Chart title\"/><figcaption>A red and a blue bar</figcaption>"));
    assert!(lead.contains("<img src=\"images/02-photo.jpg\" alt=\"\"/>"));
    // Task lists, strikethrough, smart punctuation, code, headings.
    assert!(lead.contains("<li class=\"task done\">"));
    assert!(lead.contains("<span class=\"check\" aria-hidden=\"true\">\u{2610}</span>"));
    assert!(lead.contains("<del>struck</del>"));
    assert!(lead.contains("\u{201c}smart quotes\u{201d}"));
    assert!(lead.contains(
        "<code class=\"language-rust\">fn main() { println!(\"&lt;hi&gt; &amp; bye\"); }"
    ));
    assert!(lead.contains("<ol start=\"3\">"));
    assert!(lead.contains("<h2 id=\"top-heading\">Top heading</h2>"));
    assert!(lead.contains("<h4 id=\"third-level\">Third level</h4>"));
    assert!(lead.contains("<br/>"));
    // Links: absolute kept (space encoded), fragment resolved, others text.
    assert!(lead.contains("<a href=\"https://example.org/a%20b\" title=\"Title\">web link</a>"));
    assert!(lead.contains("<a href=\"#second-level\">fragment link</a>"));
    assert!(!lead.contains("other.md"));
    assert!(!lead.contains("javascript"));
    assert!(lead.contains("한국어 문단"));
    // An author's id cannot clash with ours; a note inside a link stays plain.
    assert!(lead.contains("<h3 id=\"h-pr-title\">Clash</h3>"));
    assert_eq!(lead.matches("id=\"pr-title\"").count(), 1);
    assert!(lead.contains(
        "<a href=\"https://example.org/n\">linked note<sup class=\"noteref\">2</sup></a>"
    ));
    // Nav nests the lead's headings.
    let nav = book.text("OEBPS/nav.xhtml");
    let top = nav.find("#top-heading").expect("top heading in nav");
    let second = nav.find("#second-level").expect("second level in nav");
    assert!(second > top && nav[top..second].contains("<ol>"));
    // Item without body: summary plus link to the original; teaser note.
    let video = book.text("OEBPS/article-03.xhtml");
    assert!(
        video
            .contains("Read the original at <a href=\"https://example.org/video\">Some Outlet</a>")
    );
    assert_footnotes_linked(&video);
    // The report's raw HTML kept safely.
    let report = book.text("OEBPS/article-02.xhtml");
    assert!(report.contains("<sup>raw sup</sup>"));
    assert!(report.contains("<kbd>Ctrl</kbd>"));
    assert!(report.contains("<div class=\"note\">"));
}

#[test]
fn hostile_input_is_made_safe() {
    let issue = load(&fixture("hostile"));
    let (bytes, warnings) = build(&issue);
    epubcheck(&bytes, "hostile");
    let book = Book::open(&bytes);
    assert_well_formed(&book, "en");
    let messages: Vec<&str> = warnings.iter().map(|d| d.message.as_str()).collect();
    for expected in [
        "removed raw HTML <script> element",
        "removed raw HTML <iframe> element",
        "removed raw HTML <object> element",
        "removed event handler attribute onclick",
        "removed a javascript: URL",
    ] {
        assert!(
            messages.iter().any(|m| m.contains(expected)),
            "no warning {expected:?} in {messages:?}"
        );
    }
    // Warnings name the article.
    assert!(
        messages.iter().all(|m| m.starts_with("in \"")),
        "{messages:?}"
    );
    for (name, page) in book.xhtml_pages() {
        let lower = page.to_ascii_lowercase();
        for bad in [
            "<script",
            "<iframe",
            "<object",
            "javascript:",
            "onclick",
            "onload",
            "onerror",
            "<svg",
            "style=\"",
            "evil.example",
        ] {
            assert!(!lower.contains(bad), "{name} contains {bad}:\n{page}");
        }
    }
    let lead = book.text("OEBPS/article-01.xhtml");
    // Text around removed markup survives.
    for kept in [
        "Before script",
        "after script.",
        "a handler",
        "a js link",
        "still here",
        "svg text",
    ] {
        if kept == "svg text" {
            assert!(!lead.contains(kept), "svg content is dropped with the svg");
            continue;
        }
        assert!(lead.contains(kept), "lost {kept:?}");
    }
    assert!(lead.contains("<b>bold <i>both</i></b> still here"));
    assert!(lead.contains("raw image alt"));
    assert!(!lead.contains("secret"));
    // Metadata strings come through as text.
    let opf = book.text("OEBPS/content.opf");
    assert!(opf.contains(
        "<dc:title>Tom &amp; Jerry's &lt;Weekly&gt; \"News\" ]]&gt; — Issue 3</dc:title>"
    ));
    assert!(opf.contains("<dc:publisher>A&amp;B &lt;Press&gt;</dc:publisher>"));
    assert!(
        opf.contains("<dc:creator id=\"epub-creator-0\">O'Brien &amp; &lt;Sons&gt;</dc:creator>")
    );
    assert!(lead.contains("<h1 id=\"pr-title\" class=\"title\">&lt;script&gt;alert('title')&lt;/script&gt; &amp; ]]&gt; \"Quoted\"</h1>"));
    let ncx = book.text("OEBPS/toc.ncx");
    assert!(ncx.contains("&lt;script&gt;alert('title')&lt;/script&gt;"));
    // Control characters never reach the XML.
    for (name, page) in book.xhtml_pages() {
        assert!(
            !page
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')),
            "{name} has control characters"
        );
    }
}

#[test]
fn hangul_issue_with_given_cover() {
    let issue = load(&fixture("hangul"));
    assert!(issue.cover.is_some());
    let (bytes, _) = build(&issue);
    epubcheck(&bytes, "hangul");
    let book = Book::open(&bytes);
    assert_well_formed(&book, "ko");
    let opf = book.text("OEBPS/content.opf");
    assert!(opf.contains("<dc:language>ko</dc:language>"));
    // pressrun's own words are Korean too: no "Issue", "By", "Notes".
    assert!(opf.contains("<dc:title>아시아태평양 안보 브리핑 — 특별호</dc:title>"));
    // A label issue number has no numeric group-position.
    assert!(!opf.contains("group-position"));
    // The manifest's cover is used instead of a generated one.
    assert!(
        opf.contains("properties=\"cover-image\" id=\"cover-image\" href=\"images/01-cover.png\"")
    );
    assert!(!book.files.contains_key("OEBPS/images/cover.png"));
    let lead = book.text("OEBPS/article-01.xhtml");
    assert!(lead.contains("해저 케이블은 동맹의 기반이다."));
    assert!(
        lead.contains("<p class=\"byline\">글 조민아, 박경화</p>"),
        "{lead}"
    );
    assert!(lead.contains("<h2 class=\"notes-title\">주</h2>"), "{lead}");
    assert!(lead.contains("2025년 3월 1일"), "{lead}");
    assert_footnotes_linked(&lead);
    let contents = book.text("OEBPS/contents.xhtml");
    assert!(contents.contains(">이번 호</h2>"), "{contents}");
    assert!(
        !contents.contains("Issue") && !contents.contains(">By "),
        "{contents}"
    );
}

#[test]
fn generated_cover_draws_hangul() {
    // No cover given: the generated one must still draw Korean titles.
    let mut issue = load(&fixture("hangul"));
    issue.cover = None;
    let (bytes, _) = build(&issue);
    let book = Book::open(&bytes);
    let png = &book.files["OEBPS/images/cover.png"];
    let img = image::load_from_memory(png).expect("decodes").to_rgb8();
    // The title area (below the masthead band: rows 1000..1600 of the
    // 2400-row design grid) has dark ink in it.
    let h = img.height() as usize;
    let inked = img
        .rows()
        .skip(1000 * h / 2400)
        .take(600 * h / 2400)
        .flatten()
        .filter(|p| p.0.iter().all(|c| *c < 80))
        .count();
    let wanted = 5_000 * (img.width() as usize * h) / (1600 * 2400);
    assert!(inked > wanted, "title not drawn: {inked} dark pixels");
}

#[test]
fn identical_input_gives_identical_bytes() {
    let issue = load(&sample());
    let (a, _) = build(&issue);
    // Entry times come from the issue timestamp, never the clock.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let (b, _) = build(&issue);
    assert!(a == b, "two builds differ");
    let mut later = issue.clone();
    later.timestamp += 86_400;
    let (c, _) = build(&later);
    assert!(a != c, "the timestamp is not used");
    // Same identifier for the same newsletter and issue.
    let id_a = pressrun_identifier(&Book::open(&a).text("OEBPS/content.opf"));
    let id_c = pressrun_identifier(&Book::open(&c).text("OEBPS/content.opf"));
    assert_eq!(id_a, id_c);
}

#[test]
fn edge_cases_still_make_a_valid_book() {
    // No related items, no links, a lead with neither body nor summary, a
    // huge masthead and title, right-to-left and emoji text.
    let mut issue = load(&fixture("constructs"));
    issue.related.clear();
    issue.links.clear();
    issue.lead.body = None;
    issue.lead.summary = None;
    issue.lead.url = None;
    issue.lead.outlet = None;
    issue.newsletter = "The Extremely Long Newsletter Name ".repeat(8);
    issue.lead.title = "עברית and العربية with emoji 🚢 and a very long title ".repeat(12);
    issue.lead.authors = (0..40).map(|i| format!("Author {i}")).collect();
    issue.description = None;
    issue.publisher = None;
    issue.editors.clear();
    let (bytes, _) = build(&issue);
    epubcheck(&bytes, "edge-cases");
    let book = Book::open(&bytes);
    assert_well_formed(&book, "en");
    let lead = book.text("OEBPS/article-01.xhtml");
    assert!(lead.contains("rel=\"prev\" href=\"contents.xhtml\""));
    assert!(
        !lead.contains("rel=\"next\""),
        "nothing follows the only article"
    );
    assert!(!book.files.contains_key("OEBPS/links.xhtml"));
    let img = image::load_from_memory(&book.files["OEBPS/images/cover.png"]).expect("cover");
    assert_eq!((img.width(), img.height()), (1067, 1600));
}

#[test]
fn embedded_fonts_are_whole_declared_and_valid() {
    use pressrun::model::FontFile;
    use std::sync::Arc;
    let mut issue = load(&fixture("constructs"));
    let (plain, plain_warnings) = build(&issue);
    assert!(
        !Book::open(&plain)
            .order
            .iter()
            .any(|n| n.contains("fonts/")),
        "no fonts unless asked for"
    );
    issue.style.epub_embed_fonts = true;
    let (bytes, warnings) = build(&issue);
    assert_eq!(warnings.len(), plain_warnings.len(), "{warnings:?}");
    epubcheck(&bytes, "fonts");
    let book = Book::open(&bytes);
    let opf = book.text("OEBPS/content.opf");
    let css = book.text("OEBPS/stylesheet.css");
    for (file, bundled) in [
        ("SourceSerif4-Regular.otf", &pressrun::fonts::SERIF_REGULAR),
        (
            "SourceSerif4-BoldIt.otf",
            &pressrun::fonts::SERIF_BOLD_ITALIC,
        ),
        ("SourceSans3-Bold.otf", &pressrun::fonts::SANS_BOLD),
        // The fixture has code.
        ("SourceCodePro-Regular.otf", &pressrun::fonts::MONO_REGULAR),
    ] {
        let name = format!("OEBPS/fonts/{file}");
        // Embedded unmodified (a subset would be a modified OFL font).
        assert_eq!(book.files.get(&name).map(Vec::as_slice), Some(bundled.data));
        assert!(opf.contains(&format!("media-type=\"font/otf\" id=\"id_fonts_{file}\"")));
        assert!(
            css.contains(&format!("src: url(\"fonts/{file}\")")),
            "{css}"
        );
    }
    // A house body font given as a file is embedded under its own family,
    // switched on after the stylesheet's own rule; a collection is not.
    issue.style.fonts.body = Some(FontFile {
        path: "fonts/house.otf".into(),
        data: Arc::new(pressrun::fonts::SANS_REGULAR.data.to_vec()),
    });
    issue.style.fonts.heading = Some(FontFile {
        path: "fonts/house.ttc".into(),
        data: Arc::new(b"ttcf and more".to_vec()),
    });
    let (bytes, warnings) = build(&issue);
    epubcheck(&bytes, "house-fonts");
    let book = Book::open(&bytes);
    let css = book.text("OEBPS/stylesheet.css");
    assert!(book.files.contains_key("OEBPS/fonts/pressrun-body.otf"));
    assert!(!book.order.iter().any(|n| n.contains("SourceSerif4")));
    let rule = css
        .find("body { font-family: \"pressrun body\", serif; }")
        .expect("override rule");
    assert!(
        rule > css
            .find("font-family: \"Source Serif 4\"")
            .expect("stylesheet rule")
    );
    assert_eq!(warnings.len(), plain_warnings.len() + 1, "{warnings:?}");
    assert!(
        warnings.iter().any(|w| w.message.contains("house.ttc")),
        "{warnings:?}"
    );
}
