//! The web archive (`index.html`) and the Atom feed (`feed.xml`) in the
//! output folder: the feed validates (RELAX NG for Atom 1.0 through
//! `shared/tools/validate-opds --atom`), its ids are the catalog's, every
//! link resolves to a written file, issues come newest first, the page
//! passes the W3C Nu HTML Checker and two builds give the same bytes.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{root, run, stderr, tempdir, validate_opds, vnu_jar};

/// The files the archive writes for one series.
const ARCHIVE: [&str; 4] = [
    "index.html",
    "feed.xml",
    "asia-pacific-security-briefing.index.html",
    "asia-pacific-security-briefing.feed.xml",
];

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// The sample series with a second, newer issue (35, two weeks later).
fn sample_series(dir: &Path) -> PathBuf {
    let series = dir.join("issues");
    copy_dir(&root().join("issues"), &series);
    copy_dir(&series.join("2026-11-24"), &series.join("2026-12-08"));
    let manifest = series.join("2026-12-08/issue.yaml");
    let yaml = fs::read_to_string(&manifest)
        .expect("manifest")
        .replacen("issue: 34", "issue: 35", 1)
        .replacen("date: 2026-11-24", "date: 2026-12-08", 1)
        .replacen(
            "title: Why Two Allies Need One Plan for the Sea Floor",
            "title: Radar on the Coast & the <Limits> of Warning",
            1,
        );
    fs::write(&manifest, yaml).expect("write manifest");
    series
}

fn build(dir: &Path, args: &[&str]) {
    let out = run(args, dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

fn text(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every value of `name="…"` in a document, unescaped.
fn attrs(doc: &str, name: &str) -> Vec<String> {
    doc.split(&format!(" {name}=\""))
        .skip(1)
        .map(|s| s[..s.find('"').expect("closing quote")].replace("&amp;", "&"))
        .collect()
}

/// The `<id>` of every `<entry>`, in order.
fn entry_ids(xml: &str) -> Vec<String> {
    xml.split("<entry>")
        .skip(1)
        .map(|e| {
            let start = e.find("<id>").expect("an id") + 4;
            e[start..start + e[start..].find("</id>").expect("</id>")].to_owned()
        })
        .collect()
}

/// Asserts every link of the archive's files names a file in `out`.
fn links_resolve(out: &Path, files: &[&str], base: &str) {
    for f in files {
        let doc = text(&out.join(f));
        let links: Vec<String> = attrs(&doc, "href")
            .into_iter()
            .chain(attrs(&doc, "src"))
            .collect();
        assert!(links.len() >= 3, "{f} links to little: {links:?}");
        for href in links {
            let rel = href
                .strip_prefix(base)
                .unwrap_or_else(|| panic!("{href} in {f} is not under {base:?}"));
            assert!(out.join(rel).is_file(), "{href} in {f} names no file");
        }
    }
}

fn validate_atom(out: &Path, files: &[&str]) {
    let Some(tool) = validate_opds() else { return };
    let out = Command::new(&tool)
        .arg("--atom")
        .args(files.iter().map(|f| out.join(f)))
        .output()
        .expect("validate-opds runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{said}");
    assert!(out.status.success(), "validate-opds --atom failed:\n{said}");
    assert_eq!(
        said.lines()
            .filter(|l| l.starts_with("valid Atom 1.0"))
            .count(),
        files.len(),
        "{said}"
    );
}

fn nu_check(out: &Path, pages: &[&str]) {
    let Some(jar) = vnu_jar() else { return };
    let result = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "gnu"])
        .args(pages.iter().map(|p| out.join(p)))
        .output()
        .expect("java runs");
    let report = String::from_utf8_lossy(&result.stderr).into_owned()
        + &String::from_utf8_lossy(&result.stdout);
    eprintln!("Nu HTML Checker on {pages:?}: {}", report.trim());
    assert!(
        result.status.success() && report.trim().is_empty(),
        "the Nu HTML Checker reports errors:\n{report}"
    );
}

#[test]
fn the_sample_gets_an_archive_page_and_a_feed() {
    let dir = tempdir();
    sample_series(dir.path());
    let args = [
        "build",
        "issues",
        "--out",
        "out",
        "--format",
        "epub,pdf,html",
    ];
    build(dir.path(), &args);
    let out = dir.path().join("out");
    validate_atom(&out, &["feed.xml", ARCHIVE[3]]);
    links_resolve(&out, &ARCHIVE, "");
    nu_check(&out, &[ARCHIVE[0], ARCHIVE[2]]);

    // The feed's ids are the catalog's (the EPUB identifiers), in the
    // same order: newest first.
    let feed = text(&out.join("feed.xml"));
    let ids = entry_ids(&feed);
    assert_eq!(ids.len(), 2);
    assert_eq!(ids, entry_ids(&text(&out.join("catalog.xml"))));
    assert!(ids.iter().all(|id| id.starts_with("urn:uuid:")));
    assert!(
        feed.contains("<title>Asia-Pacific Security Briefing — Issue 35, December 8, 2026</title>")
    );
    assert!(feed.contains(
        "<link rel=\"alternate\" href=\"asia-pacific-security-briefing-35/index.html\" type=\"text/html\"/>"
    ));
    assert!(feed.contains("<link rel=\"self\" href=\"feed.xml\" type=\"application/atom+xml\"/>"));
    assert!(feed.contains("<name>Harbor Institute</name>"));

    // The page: newest first, each issue with its thumbnail, date, lead
    // title (escaped) and every file.
    let page = text(&out.join("index.html"));
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(!page.contains("<script"));
    let newer = page
        .find("Radar on the Coast &amp; the &lt;Limits&gt; of Warning")
        .expect("issue 35's lead");
    let older = page
        .find("Why Two Allies Need One Plan for the Sea Floor")
        .expect("issue 34's lead");
    assert!(newer < older, "newest first");
    assert!(page.contains("<time datetime=\"2026-12-08\">December 8, 2026</time>"));
    let hrefs = attrs(&page, "href");
    for k in [34, 35] {
        for file in [
            format!("asia-pacific-security-briefing-{k}/index.html"),
            format!("asia-pacific-security-briefing-{k}.epub"),
            format!("asia-pacific-security-briefing-{k}.pdf"),
        ] {
            assert!(hrefs.contains(&file), "{file} not linked");
        }
        let thumb = format!("covers/asia-pacific-security-briefing-{k}-thumb.png");
        assert!(attrs(&page, "src").contains(&thumb), "{thumb}");
    }
    // One series: the root page is the series' page, with the root feed.
    assert_eq!(
        page.replace("href=\"feed.xml\"", &format!("href=\"{}\"", ARCHIVE[3])),
        text(&out.join(ARCHIVE[2]))
    );

    // Two builds: the same bytes.
    let before: Vec<Vec<u8>> = ARCHIVE
        .iter()
        .map(|f| fs::read(out.join(f)).expect("read"))
        .collect();
    build(dir.path(), &args);
    let after: Vec<Vec<u8>> = ARCHIVE
        .iter()
        .map(|f| fs::read(out.join(f)).expect("read"))
        .collect();
    assert!(
        before == after,
        "same inputs + SOURCE_DATE_EPOCH → same archive"
    );
}

/// A tiny series (fast: no PDF, a tiny cover).
fn tiny_series(dir: &Path, folder: &str, name: &str, site_url: Option<&str>) {
    let root = dir.join(folder);
    fs::create_dir_all(root.join("2001-01-01")).expect("mkdir");
    let site = site_url.map_or(String::new(), |u| format!("site_url: {u}\n"));
    fs::write(
        root.join("series.yaml"),
        format!("newsletter: {name}\npublisher: Test Institute\n{site}"),
    )
    .expect("series.yaml");
    fs::write(root.join("cover.png"), crate::cli::tiny_png()).expect("cover");
    fs::write(
        root.join("2001-01-01/issue.yaml"),
        "issue: 1\ndate: 2001-01-01\ncover: ../cover.png\n\
         lead:\n  title: The first lead\n  authors: [Mina Cho]\n  text: Text.\n",
    )
    .expect("issue.yaml");
}

#[test]
fn two_series_share_the_root_and_a_site_url_makes_the_feed_absolute() {
    let dir = tempdir();
    tiny_series(dir.path(), "weekly", "Archive Weekly", None);
    tiny_series(
        dir.path(),
        "monthly",
        "Harbor Monthly",
        Some("https://example.org/m/"),
    );
    let args = |s| ["build", s, "--out", "out", "--format", "epub,html"];
    build(dir.path(), &args("weekly"));
    build(dir.path(), &args("monthly"));
    let out = dir.path().join("out");
    let files = [
        "index.html",
        "feed.xml",
        "archive-weekly.index.html",
        "archive-weekly.feed.xml",
        "harbor-monthly.index.html",
        "harbor-monthly.feed.xml",
    ];
    validate_atom(&out, &[files[1], files[3], files[5]]);
    links_resolve(&out, &[files[0], files[2], files[3], files[4]], "");
    links_resolve(&out, &[files[5]], "https://example.org/m/");
    nu_check(&out, &[files[0], files[2], files[4]]);
    let page = text(&out.join("index.html"));
    for own in ["archive-weekly.index.html", "harbor-monthly.index.html"] {
        assert!(page.contains(&format!("<a href=\"{own}\">")), "{own}");
    }
    assert_eq!(page.matches("<article class=\"issue\">").count(), 2);
    assert_eq!(entry_ids(&text(&out.join("feed.xml"))).len(), 2);
}
