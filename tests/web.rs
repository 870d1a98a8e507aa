//! The web edition: the issue page's shape, article pages, notes, lists,
//! metadata for machines, hostile input, and the W3C Nu HTML Checker on
//! every page of the sample and the fixtures.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::Command;

use pressrun::manifest::{self, LoadOptions};
use pressrun::model::Issue;

use crate::support::{root, tempdir, vnu_jar};

const SLUG: &str = "asia-pacific-security-briefing-34";

fn load(path: &str) -> Issue {
    match manifest::load(
        &root().join(path),
        &LoadOptions {
            timestamp: 1_700_000_000,
        },
    ) {
        Ok(w) => w.output,
        Err(e) => panic!("{path} does not load: {e:?}"),
    }
}

fn sample() -> Issue {
    load("issues/2026-11-24/issue.yaml")
}

/// The editions named, built through the driver: path → bytes.
fn build(issue: &Issue, formats: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let editions: Vec<_> = formats
        .iter()
        .map(|f| pressrun::build::by_name(f).expect("a registered edition"))
        .collect();
    let built = pressrun::build::issue(issue, &editions);
    assert!(!built.has_errors(), "{:?}", built.diagnostics);
    built
        .outputs
        .into_iter()
        .map(|o| (o.path.to_string_lossy().replace('\\', "/"), o.bytes))
        .collect()
}

fn page(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("{path} is written; have {:?}", files.keys()));
    String::from_utf8(bytes.clone()).expect("UTF-8")
}

/// Byte offset of `needle` in `hay`, which must hold it.
fn at(hay: &str, needle: &str) -> usize {
    hay.find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not found"))
}

#[test]
fn issue_page_is_shaped_like_a_briefing_page() {
    let files = build(&sample(), &["html"]);
    let index = page(&files, &format!("{SLUG}/index.html"));
    assert!(index.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(index.contains("<meta name=\"viewport\""));
    // The lead in full, with its dek, byline and source.
    let title = at(
        &index,
        "<h1 id=\"pr-title\">Why Two Allies Need One Plan for the Sea Floor</h1>",
    );
    assert!(at(&index, "<p class=\"dek\">Cable cuts") > title);
    assert!(index.contains("<p class=\"byline\">By Mina Cho and Daniel Reyes</p>"));
    assert!(index.contains("<h2 id=\"what-went-wrong\">What went wrong</h2>"));
    assert!(index.contains(
        "First published in <a href=\"https://example.org/pacific-review/two-allies-one-plan\">The Pacific Review</a>"
    ));
    // Related items grouped by kind, in manifest order, after the lead.
    let groups: Vec<usize> = ["Reports", "Commentary", "Videos", "Podcasts"]
        .iter()
        .map(|g| at(&index, &format!("\">{g}</h2>")))
        .collect();
    assert!(groups[0] > title && groups.windows(2).all(|w| w[0] < w[1]));
    // A title links to its own page when it has a body, else to its URL.
    assert!(index.contains(
        "<a href=\"mending-the-wires-repair-capacity-the-next-cable-crisis.html\">Mending the Wires: Repair Capacity &amp; the Next Cable Crisis</a>"
    ));
    assert!(index.contains(
        "<a href=\"https://example.org/the-hill/ports-alliance-infrastructure\">Ports Are Alliance Infrastructure Too</a>"
    ));
    assert!(index.contains("<span class=\"outlet\">The Hill</span> <time datetime=\"2026-11-16\">November 16, 2026</time>"));
    assert!(index.contains("<p class=\"byline\">By Eleni Vasilakis and Oleg Smirnov</p>"));
    // Closing links last.
    assert!(at(&index, "<nav class=\"more\"") > groups[3]);
    assert!(index.contains("<a href=\"https://example.org/reports\">View All Reports</a>"));
    // Files beside it.
    for f in [
        "cover.png",
        "style.css",
        "img/01-repair-days.png",
        "mending-the-wires-repair-capacity-the-next-cable-crisis.html",
    ] {
        assert!(files.contains_key(&format!("{SLUG}/{f}")), "{f} written");
    }
    assert!(index.contains("src=\"img/01-repair-days.png\""));
    assert!(files[&format!("{SLUG}/cover.png")].starts_with(b"\x89PNG"));
    let css = page(&files, &format!("{SLUG}/style.css"));
    for rule in ["prefers-color-scheme: dark", "@media print", "#9b1c1c"] {
        assert!(css.contains(rule), "{rule}");
    }
    assert!(!files.keys().any(|k| k.ends_with(".js")));
    assert!(!index.contains("<script>") && !index.contains("<script src"));
}

#[test]
fn article_pages_have_the_full_text_and_a_way_back() {
    let files = build(&sample(), &["html"]);
    let report = page(
        &files,
        &format!("{SLUG}/mending-the-wires-repair-capacity-the-next-cable-crisis.html"),
    );
    assert!(report.contains("<h1 id=\"pr-title\">Mending the Wires"));
    assert!(report.contains("<a href=\"index.html\">← Issue 34: Why Two Allies"));
    assert!(report.contains("\"@type\":\"NewsArticle\""));
    // Only items with a body get a page.
    assert_eq!(files.keys().filter(|k| k.ends_with(".html")).count(), 2);
}

#[test]
fn footnotes_link_to_the_notes_and_back() {
    let files = build(&sample(), &["html"]);
    let index = page(&files, &format!("{SLUG}/index.html"));
    let reference = at(&index, "id=\"pr-fnref1-1\" href=\"#pr-fn1\">1</a>");
    let note = at(&index, "id=\"pr-fn1\"");
    assert!(note > reference, "notes follow the text");
    assert!(index.contains("role=\"doc-backlink\" href=\"#pr-fnref1-1\""));
    assert!(!index.contains("epub:"), "no EPUB attributes on the web");
}

#[test]
fn tight_lists_hold_no_paragraphs_in_any_edition() {
    let files = build(&sample(), &["html", "epub"]);
    let index = page(&files, &format!("{SLUG}/index.html"));
    assert!(index.contains("<li><strong>No shared inventory.</strong>"));
    assert!(!index.contains("<li><p>"));
    let epub = &files[&format!("{SLUG}.epub")];
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("a zip");
    let mut lead = String::new();
    zip.by_name("OEBPS/article-01.xhtml")
        .expect("the lead's page")
        .read_to_string(&mut lead)
        .expect("UTF-8");
    assert!(
        lead.contains("<li><strong>No shared inventory.</strong>"),
        "{lead}"
    );
    assert!(!lead.contains("<li><p>"));
    // A loose list keeps its paragraphs.
    let (doc, _) = pressrun::markdown::convert("- a\n\n- b\n", &mut |_, _| None);
    let (html, _) = pressrun::web::markdown_html(&doc, &[]);
    assert_eq!(
        html,
        "<ul>\n<li><p>a</p>\n</li>\n<li><p>b</p>\n</li>\n</ul>\n"
    );
}

/// The JSON-LD graph of a page.
fn json_ld(html: &str) -> serde_json::Value {
    let start = at(html, "<script type=\"application/ld+json\">") + 35;
    let end = start + at(&html[start..], "</script>");
    serde_json::from_str(&html[start..end]).expect("JSON-LD parses")
}

#[test]
fn pages_describe_themselves_to_machines() {
    let mut issue = sample();
    let files = build(&issue, &["html"]);
    let index = page(&files, &format!("{SLUG}/index.html"));
    for tag in [
        "<meta property=\"og:title\" content=\"Why Two Allies Need One Plan for the Sea Floor\">",
        "<meta property=\"og:image\" content=\"cover.png\">",
        "<meta name=\"twitter:card\" content=\"summary_large_image\">",
        "<meta name=\"description\" content=\"Two allies, one sea floor:",
    ] {
        assert!(index.contains(tag), "{tag}");
    }
    assert!(
        !index.contains("rel=\"canonical\""),
        "no canonical without site_url"
    );
    let ld = json_ld(&index);
    let graph = ld["@graph"].as_array().expect("a graph");
    let issue_node = &graph[0];
    assert_eq!(issue_node["@type"], "PublicationIssue");
    assert_eq!(issue_node["issueNumber"], "34");
    assert_eq!(issue_node["isPartOf"]["@type"], "Periodical");
    assert_eq!(
        issue_node["isPartOf"]["name"],
        "Asia-Pacific Security Briefing"
    );
    let lead = &graph[1];
    assert_eq!(lead["@type"], "NewsArticle");
    assert_eq!(
        lead["headline"],
        "Why Two Allies Need One Plan for the Sea Floor"
    );
    assert_eq!(lead["author"][1]["name"], "Daniel Reyes");
    assert_eq!(lead["isPartOf"]["@id"], issue_node["@id"]);

    issue.site_url = Some("https://example.org/briefing/".into());
    let files = build(&issue, &["html"]);
    let index = page(&files, &format!("{SLUG}/index.html"));
    let base = format!("https://example.org/briefing/{SLUG}/");
    assert!(index.contains(&format!("<link rel=\"canonical\" href=\"{base}\">")));
    assert!(index.contains(&format!(
        "<meta property=\"og:image\" content=\"{base}cover.png\">"
    )));
    assert_eq!(json_ld(&index)["@graph"][0]["url"], base.as_str());
}

#[test]
fn hostile_input_stays_text() {
    let files = build(&load("tests/fixtures/epub/hostile/issue.yaml"), &["html"]);
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let scripts = html.matches("<script").count();
        assert_eq!(
            scripts,
            html.matches("<script type=\"application/ld+json\">")
                .count(),
            "{path}: only JSON-LD scripts"
        );
        for bad in ["javascript:", "onerror", "<img src=x", "<b>not bold"] {
            assert!(!html.contains(bad), "{path} holds {bad}");
        }
    }
}

/// Writes `files` under `dir`.
fn write_all(dir: &Path, files: &BTreeMap<String, Vec<u8>>) {
    for (path, bytes) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().expect("a folder")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }
}

#[test]
fn nu_html_checker_finds_no_errors() {
    let Some(jar) = vnu_jar() else { return };
    let dir = tempdir();
    let mut issues = vec![("sample".to_owned(), sample())];
    for name in ["constructs", "hangul", "hostile"] {
        issues.push((
            name.to_owned(),
            load(&format!("tests/fixtures/epub/{name}/issue.yaml")),
        ));
    }
    issues.push((
        "multilingual".to_owned(),
        load("tests/fixtures/multilingual/2026-12-01/issue.yaml"),
    ));
    let mut pages = Vec::new();
    for (name, mut issue) in issues {
        if name == "constructs" {
            issue.site_url = Some("https://example.org/".into());
        }
        let files = build(&issue, &["html"]);
        write_all(&dir.path().join(&name), &files);
        pages.extend(
            files
                .keys()
                .filter(|k| k.ends_with(".html"))
                .map(|k| dir.path().join(&name).join(k)),
        );
    }
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "gnu"])
        .args(&pages)
        .output()
        .expect("java runs");
    let report =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && report.trim().is_empty(),
        "the Nu HTML Checker reports errors in {} pages:\n{report}",
        pages.len()
    );
}
