//! The catalog feeds: OPDS 1.2 (`catalog.xml`) and OPDS 2.0
//! (`catalog.json`) in the output folder. Every feed validates (jing +
//! RELAX NG, JSON Schema, through `shared/tools/validate-opds`), every
//! href resolves to a written file, ids are stable, issues come newest
//! first, long series are paged (RFC 5005) and several series in one
//! folder are reached from one root.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{run, stderr, tempdir, validate_opds};

/// A temporary folder holding series written from strings.
struct Shelf {
    dir: tempfile::TempDir,
}

impl Shelf {
    fn new() -> Self {
        Self { dir: tempdir() }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, bytes: &[u8]) {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().expect("has a parent")).expect("mkdir");
        fs::write(p, bytes).expect("write fixture");
    }

    /// A series `folder` named `name` with issues 1..=n, issue k dated
    /// one month after issue k-1, each with a tiny cover (fast to scale).
    fn series(&self, folder: &str, name: &str, n: u32) {
        self.write(
            &format!("{folder}/series.yaml"),
            format!("newsletter: {name}\npublisher: Test Institute\n").as_bytes(),
        );
        self.write(&format!("{folder}/cover.png"), &crate::cli::tiny_png());
        for k in 1..=n {
            self.write(
                &format!("{folder}/{}/issue.yaml", issue_dir(k)),
                issue(k).as_bytes(),
            );
        }
    }

    fn build(&self, args: &[&str]) -> std::process::Output {
        let out = run(args, self.dir.path());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        out
    }

    fn read(&self, rel: &str) -> Vec<u8> {
        fs::read(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn json(&self, rel: &str) -> Value {
        serde_json::from_slice(&self.read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn text(&self, rel: &str) -> String {
        String::from_utf8(self.read(rel)).expect("UTF-8")
    }
}

fn issue_dir(k: u32) -> String {
    let (year, month) = (2000 + (k - 1) / 12, (k - 1) % 12 + 1);
    format!("{year}-{month:02}-01")
}

fn issue(k: u32) -> String {
    format!(
        "issue: {k}\ndate: {}\ncover: ../cover.png\ndescription: Issue {k} & friends <b>.\n\
         lead:\n  title: Lead {k}\n  authors: [Mina Cho]\n  text: Text of issue {k}.\n\
         related:\n  - kind: report\n    title: A report\n  - kind: video\n    title: A video\n",
        issue_dir(k)
    )
}

/// Runs the validator on every catalog file in `dir`.
fn validate_all(dir: &Path) {
    let Some(tool) = validate_opds() else {
        return;
    };
    let files = catalog_files(dir);
    assert!(!files.is_empty(), "no catalog in {}", dir.display());
    let out = std::process::Command::new(&tool)
        .args(&files)
        .output()
        .expect("validate-opds runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{said}");
    assert!(out.status.success(), "validate-opds failed:\n{said}");
    assert_eq!(
        said.lines().filter(|l| l.starts_with("valid ")).count(),
        files.len(),
        "{said}"
    );
}

/// Every `.xml` and `.json` feed in the folder.
fn catalog_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .expect("output folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml" || e == "json"))
        // The archive's Atom feeds (tests/archive.rs) are no catalogs.
        .filter(|p| !p.to_string_lossy().ends_with("feed.xml"))
        .collect();
    v.sort();
    v
}

/// Every `href="…"` of an Atom feed, unescaped.
fn xml_hrefs(xml: &str) -> Vec<String> {
    xml.split("href=\"")
        .skip(1)
        .map(|s| s[..s.find('"').expect("closing quote")].replace("&amp;", "&"))
        .collect()
}

/// Every `"href"` anywhere in a JSON feed.
fn json_hrefs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("href", Value::String(s)) => out.push(s.clone()),
                    _ => json_hrefs(v, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|v| json_hrefs(v, out)),
        _ => {}
    }
}

/// Asserts every link of every feed in `dir` names a file there.
fn hrefs_resolve(dir: &Path, base: &str) {
    for feed in catalog_files(dir) {
        let text = fs::read_to_string(&feed).expect("read feed");
        let hrefs = if feed.extension().is_some_and(|e| e == "xml") {
            xml_hrefs(&text)
        } else {
            let mut v = Vec::new();
            json_hrefs(&serde_json::from_str(&text).expect("JSON"), &mut v);
            v
        };
        assert!(!hrefs.is_empty());
        for href in hrefs {
            let rel = href
                .strip_prefix(base)
                .unwrap_or_else(|| panic!("{href} in {} is not under {base:?}", feed.display()));
            assert!(
                dir.join(rel).is_file(),
                "{href} in {} names no file",
                feed.display()
            );
        }
    }
}

/// The issue dates of a JSON page, in feed order.
fn published(page: &Value) -> Vec<String> {
    page["publications"]
        .as_array()
        .expect("publications")
        .iter()
        .map(|p| {
            p["metadata"]["published"]
                .as_str()
                .expect("published")
                .to_owned()
        })
        .collect()
}

fn link<'a>(page: &'a Value, rel: &str) -> Option<&'a str> {
    page["links"]
        .as_array()?
        .iter()
        .find(|l| l["rel"] == rel)
        .and_then(|l| l["href"].as_str())
}

#[test]
fn a_series_gets_valid_feeds_with_stable_ids_newest_first() {
    let s = Shelf::new();
    s.series("weekly", "Archive Weekly", 3);
    s.build(&["build", "weekly", "--out", "out"]);
    let out = s.path("out");
    validate_all(&out);
    hrefs_resolve(&out, "");

    let root = s.json("out/catalog.json");
    assert_eq!(published(&root), ["2000-03-01", "2000-02-01", "2000-01-01"]);
    let pubs = root["publications"].as_array().expect("publications");
    let first = &pubs[0];
    assert_eq!(
        first["metadata"]["title"],
        "Archive Weekly — Issue 3, March 1, 2000"
    );
    assert_eq!(
        first["metadata"]["belongsTo"]["series"][0]["name"],
        "Archive Weekly"
    );
    assert_eq!(first["metadata"]["belongsTo"]["series"][0]["position"], 3);
    assert_eq!(first["metadata"]["description"], "Issue 3 & friends <b>.");
    assert_eq!(first["metadata"]["modified"], "2023-11-14T22:13:20Z");
    let types: Vec<&str> = first["links"]
        .as_array()
        .expect("links")
        .iter()
        .map(|l| l["type"].as_str().expect("type"))
        .collect();
    assert_eq!(types, ["application/epub+zip", "application/pdf"]);
    let kinds: Vec<&str> = first["metadata"]["subject"]
        .as_array()
        .expect("subjects")
        .iter()
        .map(|k| k["name"].as_str().expect("name"))
        .collect();
    assert_eq!(kinds, ["Commentary", "Report", "Video"]);

    // The Atom feed: prefixes declared on the root, escaped text, the
    // EPUB's identifier as the entry id, a thumbnail ~200 px wide.
    let xml = s.text("out/catalog.xml");
    assert!(xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:dc="));
    assert!(xml.contains("<summary type=\"text\">Issue 3 &amp; friends &lt;b&gt;.</summary>"));
    assert!(xml.contains("<dc:issued>2000-03-01</dc:issued>"));
    assert!(xml.contains("rel=\"http://opds-spec.org/image/thumbnail\""));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(s.read("out/archive-weekly-3.epub")))
        .expect("a zip");
    let mut opf = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("OEBPS/content.opf").expect("content.opf"),
        &mut opf,
    )
    .expect("read the OPF");
    let id = first["metadata"]["identifier"].as_str().expect("id");
    assert!(id.starts_with("urn:uuid:"), "{id}");
    assert!(
        opf.contains(id),
        "the entry id is the EPUB's identifier:\n{opf}"
    );

    // Two builds: the same bytes, hence the same ids.
    let before: Vec<Vec<u8>> = catalog_files(&out)
        .iter()
        .map(|p| fs::read(p).expect("read"))
        .collect();
    s.build(&["build", "weekly", "--out", "out"]);
    let after: Vec<Vec<u8>> = catalog_files(&out)
        .iter()
        .map(|p| fs::read(p).expect("read"))
        .collect();
    assert!(
        before == after,
        "same inputs + SOURCE_DATE_EPOCH → same catalog"
    );

    // Building one issue lists the others too (loaded, not rebuilt), with
    // the same entries.
    s.build(&["build", "weekly/2000-02-01", "--out", "out"]);
    let again: Vec<Vec<u8>> = catalog_files(&out)
        .iter()
        .map(|p| fs::read(p).expect("read"))
        .collect();
    assert!(
        before == again,
        "building one issue leaves the others' entries alone"
    );
}

#[test]
fn a_failed_issue_keeps_its_earlier_entry_while_its_files_are_there() {
    let s = Shelf::new();
    s.series("weekly", "Archive Weekly", 2);
    s.build(&["build", "weekly", "--out", "out", "--format", "epub"]);
    let before = s.json("out/catalog.json");
    s.write(
        "weekly/2000-02-01/issue.yaml",
        b"issue: 2\ndate: 2000-02-30\n",
    );
    let out = run(
        &["build", "weekly", "--out", "out", "--format", "epub"],
        s.dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let after = s.json("out/catalog.json");
    assert_eq!(
        before, after,
        "issue 2's files are untouched, so it is still listed"
    );
    fs::remove_file(s.path("out/archive-weekly-2.epub")).expect("remove");
    let out = run(
        &["build", "weekly", "--out", "out", "--format", "epub"],
        s.dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(published(&s.json("out/catalog.json")), ["2000-01-01"]);
    validate_all(&s.path("out"));
    hrefs_resolve(&s.path("out"), "");
}

#[test]
fn a_long_series_is_paged_fifty_to_a_page() {
    let s = Shelf::new();
    s.series("weekly", "Archive Weekly", 120);
    // Issues 1–119 were built earlier (placeholders stand for their
    // files); building issue 120 lists all 120 without rebuilding them.
    for k in 1..120 {
        s.write(&format!("out/archive-weekly-{k}.epub"), b"placeholder");
    }
    s.build(&[
        "build",
        "weekly/2009-12-01",
        "--out",
        "out",
        "--format",
        "epub",
    ]);
    let out = s.path("out");
    let pages = ["catalog.json", "catalog-2.json", "catalog-3.json"];
    let mut dates = Vec::new();
    for (i, name) in pages.iter().enumerate() {
        let page = s.json(&format!("out/{name}"));
        let n = published(&page).len();
        assert_eq!(n, [50, 50, 20][i], "{name}");
        dates.extend(published(&page));
        assert_eq!(page["metadata"]["numberOfItems"], 120);
        assert_eq!(page["metadata"]["currentPage"], i + 1);
        assert_eq!(link(&page, "self"), Some(*name));
        assert_eq!(link(&page, "first"), Some("catalog.json"));
        assert_eq!(link(&page, "last"), Some("catalog-3.json"));
        assert_eq!(link(&page, "previous"), i.checked_sub(1).map(|p| pages[p]));
        assert_eq!(link(&page, "next"), pages.get(i + 1).copied());
        // The Atom pages link the same way.
        let xml = s.text(&format!("out/{}", name.replace(".json", ".xml")));
        if let Some(next) = pages.get(i + 1) {
            let next = next.replace(".json", ".xml");
            assert!(
                xml.contains(&format!("<link rel=\"next\" href=\"{next}\"")),
                "{xml}"
            );
        } else {
            assert!(!xml.contains("rel=\"next\""));
        }
    }
    let mut sorted = dates.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(dates, sorted, "newest first across pages");
    assert_eq!(dates.len(), 120);
    assert_eq!(dates[0], "2009-12-01");
    // The series' own feed is paged the same way.
    assert!(out.join("archive-weekly.catalog-3.xml").is_file());
    assert!(!out.join("archive-weekly.catalog-4.xml").exists());
    validate_all(&out);
    hrefs_resolve(&out, "");
}

#[test]
fn two_series_in_one_folder_are_reached_from_the_root() {
    let s = Shelf::new();
    s.series("weekly", "Archive Weekly", 2);
    s.series("monthly", "Harbor Monthly", 1);
    // Built one at a time: the second build finds the first in the folder.
    s.build(&["build", "weekly", "--out", "out", "--format", "epub"]);
    s.build(&["build", "monthly", "--out", "out", "--format", "epub"]);
    let out = s.path("out");
    validate_all(&out);
    hrefs_resolve(&out, "");
    let root = s.json("out/catalog.json");
    assert!(
        root.get("publications").is_none(),
        "the root is a navigation feed"
    );
    let mut reached = BTreeSet::new();
    for nav in root["navigation"].as_array().expect("navigation") {
        let feed = s.json(&format!("out/{}", nav["href"].as_str().expect("href")));
        for p in feed["publications"].as_array().expect("publications") {
            for l in p["links"].as_array().expect("links") {
                reached.insert(l["href"].as_str().expect("href").to_owned());
            }
        }
    }
    let want: BTreeSet<String> = [
        "archive-weekly-1.epub",
        "archive-weekly-2.epub",
        "harbor-monthly-1.epub",
    ]
    .map(str::to_owned)
    .into();
    assert_eq!(reached, want);
    let xml = s.text("out/catalog.xml");
    assert!(xml.contains("kind=navigation"));
    assert_eq!(xml.matches("rel=\"subsection\"").count(), 2);
}

#[test]
fn a_base_url_makes_every_link_absolute() {
    let s = Shelf::new();
    s.series("weekly", "Archive Weekly", 2);
    s.build(&[
        "build",
        "weekly",
        "--out",
        "out",
        "--format",
        "epub",
        "--base-url",
        "https://example.org/news",
    ]);
    hrefs_resolve(&s.path("out"), "https://example.org/news/");
    validate_all(&s.path("out"));
    // series.yaml's site_url does the same; --base-url wins over it.
    s.write(
        "weekly/series.yaml",
        b"newsletter: Archive Weekly\nsite_url: https://briefs.example.org/w/\n",
    );
    s.build(&["build", "weekly", "--out", "out", "--format", "epub"]);
    hrefs_resolve(&s.path("out"), "https://briefs.example.org/w/");

    let out = run(
        &["build", "weekly", "--out", "out", "--base-url", "ftp://x"],
        s.dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    s.write(
        "weekly/series.yaml",
        b"newsletter: Archive Weekly\nsite_url: example.org/w\n",
    );
    let out = run(&["build", "weekly", "--out", "out"], s.dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("series.yaml:2:11"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("site_url"), "{}", stderr(&out));
}
