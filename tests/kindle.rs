//! The EPUB must pass Amazon's Send-to-Kindle conversion, which fails
//! with a bare "E999" on a list of known causes; each is checked here,
//! then the book is converted with calibre's `ebook-convert` as Kindle's
//! converter would.

use std::path::Path;
use std::process::Command;

use pressrun::diag::Diagnostic;
use pressrun::model::Issue;

use crate::epub::Book;
use crate::support::{have_tool, root, tempdir};

fn load(path: &str) -> Issue {
    let opts = pressrun::manifest::LoadOptions {
        timestamp: 1_700_000_000,
    };
    match pressrun::manifest::load(&root().join(path), &opts) {
        Ok(w) => w.output,
        Err(e) => panic!("{path} loads: {e:?}"),
    }
}

fn epub(issue: &Issue) -> (Vec<u8>, Vec<Diagnostic>) {
    let epub = pressrun::build::by_name("epub").expect("registered");
    let mut built = pressrun::build::issue(issue, &[epub]);
    assert!(!built.has_errors(), "{:?}", built.diagnostics);
    (built.outputs.remove(0).bytes, built.diagnostics)
}

/// Files the NCX's navMap points at, in order, without fragments.
fn ncx_order(ncx: &str) -> Vec<String> {
    let nav_map = &ncx[..ncx.find("</navMap>").expect("a navMap")];
    let mut files: Vec<String> = Vec::new();
    for part in nav_map.split("<content src=\"").skip(1) {
        let src = &part[..part.find('"').expect("src ends")];
        let file = src.split('#').next().unwrap_or(src).to_owned();
        if !files.contains(&file) {
            files.push(file);
        }
    }
    files
}

/// How deeply navPoints nest in the NCX.
fn ncx_depth(ncx: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let mut rest = ncx;
    while let Some(at) = rest.find("navPoint") {
        let closing = rest[..at].ends_with("</");
        let opening = rest[..at].ends_with('<');
        if opening {
            depth += 1;
            max = max.max(depth);
        } else if closing {
            depth = depth.saturating_sub(1);
        }
        rest = &rest[at + "navPoint".len()..];
    }
    max
}

fn check_kindle_rules(path: &str) {
    let issue = load(path);
    let (bytes, _) = epub(&issue);
    assert!(bytes.len() < 50 * 1024 * 1024);
    let book = Book::open(&bytes);
    // An XML declaration saying utf-8 on every XHTML file.
    for (name, text) in book.xhtml_pages() {
        assert!(
            text.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"),
            "{name} does not declare utf-8"
        );
        // Every image has a source.
        for img in text.split("<img").skip(1) {
            let tag = &img[..img.find('>').expect("img ends")];
            assert!(
                tag.contains(" src=\"") && !tag.contains(" src=\"\""),
                "{name}: <img{tag}>"
            );
        }
        // Note back-links open each note.
        for note in text.split("epub:type=\"footnote\"").skip(1) {
            let body = &note[note.find('>').expect("aside opens") + 1..];
            assert!(
                body.trim_start().starts_with("<p><a class=\"backlink\""),
                "{name}: a note does not start with its back-link"
            );
        }
    }
    // No CSS custom properties, no `--` in comments.
    let css = book.text("OEBPS/stylesheet.css");
    assert!(!css.contains("--"), "the stylesheet holds `--`");
    assert!(
        !css.contains("var("),
        "the stylesheet uses custom properties"
    );
    // Spine order is the order of the contents.
    let opf = book.text("OEBPS/content.opf");
    let spine = &opf[opf.find("<spine").expect("a spine")..];
    let spine_ids: Vec<&str> = spine
        .split("idref=\"")
        .skip(1)
        .map(|p| &p[..p.find('"').expect("idref ends")])
        .collect();
    let href_of = |id: &str| -> String {
        let at = opf.find(&format!("id=\"{id}\"")).expect("manifest item");
        let item_start = opf[..at].rfind("<item").expect("item");
        let item = &opf[item_start..];
        let href = &item[item.find("href=\"").expect("href") + 6..];
        href[..href.find('"').expect("href ends")].to_owned()
    };
    let spine_files: Vec<String> = spine_ids.iter().map(|id| href_of(id)).collect();
    let ncx = book.text("OEBPS/toc.ncx");
    let listed = ncx_order(&ncx);
    let in_spine: Vec<&String> = spine_files.iter().filter(|f| listed.contains(f)).collect();
    assert_eq!(
        in_spine,
        listed.iter().collect::<Vec<_>>(),
        "the NCX lists pages out of spine order"
    );
    // At most two levels of NCX nesting.
    assert!(ncx_depth(&ncx) <= 2, "NCX nests {} deep", ncx_depth(&ncx));
}

#[test]
fn sample_epub_avoids_every_known_e999_cause() {
    check_kindle_rules("issues/2026-11-24/issue.yaml");
}

#[test]
fn nested_headings_stay_two_ncx_levels_deep() {
    // The constructs fixture has H1–H3 in its lead.
    check_kindle_rules("tests/fixtures/epub/constructs/issue.yaml");
}

#[test]
fn a_language_kindle_does_not_support_is_a_warning() {
    let mut issue = load("issues/2026-11-24/issue.yaml");
    let (_, warnings) = epub(&issue);
    assert!(
        !warnings.iter().any(|w| w.message.contains("Kindle")),
        "{warnings:?}"
    );
    issue.language = "ko".into();
    let (_, warnings) = epub(&issue);
    let w = warnings
        .iter()
        .find(|w| w.message.contains("Kindle"))
        .unwrap_or_else(|| panic!("no Kindle warning: {warnings:?}"));
    assert!(w.message.contains("`ko`"), "{}", w.message);
    assert!(!w.is_error());
}

/// calibre's converter stands in for Amazon's: the EPUB must convert to
/// AZW3 (KF8) without errors.
#[test]
fn sample_converts_to_azw3() {
    if !have_tool("ebook-convert", &["--version"]) {
        return;
    }
    let issue = load("issues/2026-11-24/issue.yaml");
    let (bytes, _) = epub(&issue);
    let dir = tempdir();
    let input = dir.path().join("sample.epub");
    let output = dir.path().join("sample.azw3");
    std::fs::write(&input, bytes).expect("write the EPUB");
    let out = Command::new("ebook-convert")
        .arg(&input)
        .arg(&output)
        .env("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
        .env("QT_QPA_PLATFORM", "offscreen")
        .output()
        .expect("ebook-convert runs");
    let log =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "ebook-convert failed:\n{log}");
    assert!(
        Path::new(&output)
            .metadata()
            .is_ok_and(|m| m.len() > 10_000),
        "no AZW3 written:\n{log}"
    );
    let errors: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("ERROR") || l.starts_with("Error"))
        .collect();
    assert!(errors.is_empty(), "{errors:?}\n{log}");
}
