//! The front door: command line, manifest rules, diagnostics, safe outputs.
//! Every bad input must give exit 1, a located message, and no output.

use std::fs;
use std::path::PathBuf;

use crate::support::{run, stderr, tempdir};

/// A series folder with one issue, written from strings.
struct Fixture {
    dir: tempfile::TempDir,
}

const GOOD_ISSUE: &str = "\
newsletter: Test Briefing
issue: 7
date: 2024-02-29
lead:
  title: A Lead
  authors: [Mina Cho, Daniel Reyes]
  body: lead.md
related:
  - kind: report
    title: A Report
    url: https://example.org/report
    summary: A *short* teaser.
";

const GOOD_LEAD: &str = "A paragraph with “quotes” and a [link](https://example.org).\n";

impl Fixture {
    fn new(issue: &str) -> Self {
        let f = Self { dir: tempdir() };
        f.write("series/series.yaml", "publisher: Test Institute\n");
        f.write("series/2024-02-29/issue.yaml", issue);
        f.write("series/2024-02-29/lead.md", GOOD_LEAD);
        f
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().expect("has a parent")).expect("mkdir");
        fs::write(p, bytes).expect("write fixture");
    }

    fn check(&self, extra: &[&str]) -> std::process::Output {
        let mut args = vec!["check", "series/2024-02-29"];
        args.extend_from_slice(extra);
        run(&args, self.dir.path())
    }

    fn build(&self, extra: &[&str]) -> std::process::Output {
        let mut args = vec!["build", "series/2024-02-29", "--out", "out"];
        args.extend_from_slice(extra);
        run(&args, self.dir.path())
    }

    /// The editions written (EPUB, PDF), without the catalog beside them.
    fn outputs(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = self
            .everything()
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "epub" || e == "pdf"))
            .collect();
        v.sort();
        v
    }

    /// The bytes of the edition output whose extension is `ext`.
    fn output_bytes(&self, ext: &str) -> Vec<u8> {
        let path = self
            .outputs()
            .into_iter()
            .find(|p| p.extension().is_some_and(|e| e == ext))
            .unwrap_or_else(|| panic!("no .{ext} output was written"));
        fs::read(path).expect("read an output")
    }

    /// Every file in the output folder, `covers/` included.
    fn everything(&self) -> Vec<PathBuf> {
        fn walk(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
            for e in fs::read_dir(dir)
                .into_iter()
                .flatten()
                .filter_map(Result::ok)
            {
                if e.path().is_dir() {
                    walk(&e.path(), out);
                } else {
                    out.push(e.path());
                }
            }
        }
        let mut v = Vec::new();
        walk(&self.path("out"), &mut v);
        v.sort();
        v
    }
}

/// Asserts exit 1, a message at `file:line:col` containing `needle`, and no output files.
fn assert_rejected(f: &Fixture, location: &str, needle: &str) {
    let out = f.build(&[]);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "expected exit 1, stderr:\n{err}"
    );
    assert!(
        err.contains(location),
        "expected location {location} in:\n{err}"
    );
    assert!(err.contains(needle), "expected {needle:?} in:\n{err}");
    assert!(
        f.everything().is_empty(),
        "nothing may be written: {:?}",
        f.everything()
    );
}

fn issue_with(from: &str, to: &str) -> String {
    assert!(GOOD_ISSUE.contains(from), "fixture text {from:?} not found");
    GOOD_ISSUE.replacen(from, to, 1)
}

#[test]
fn good_issue_checks_clean() {
    let f = Fixture::new(GOOD_ISSUE);
    let out = f.check(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("checked 1 of 1 issue, 0 warnings, 0 errors"),
        "{}",
        stderr(&out)
    );
    assert!(f.everything().is_empty(), "check writes nothing");
}

#[test]
fn verbose_build_lists_files_and_stage_times() {
    let f = Fixture::new(GOOD_ISSUE);
    let out = f.build(&["-v"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("wrote ") && err.contains(".pdf ("), "{err}");
    let line = err
        .lines()
        .find(|l| l.contains("stages end at ms:"))
        .unwrap_or_else(|| panic!("no stage line in:\n{err}"));
    // Each stage once, with a time; load first and write last.
    let names: Vec<&str> = line
        .rsplit_once("ms: ")
        .map(|(_, list)| list.trim_end_matches(')'))
        .unwrap_or_default()
        .split(", ")
        .filter_map(|s| {
            let (name, ms) = s.split_once(' ')?;
            ms.parse::<f64>().ok().map(|_| name)
        })
        .collect();
    assert_eq!(names.first(), Some(&"load"), "{line}");
    assert_eq!(names.last(), Some(&"write"), "{line}");
    for stage in ["epub", "layout", "pdf"] {
        assert!(names.contains(&stage), "{stage} missing: {line}");
    }
}

#[test]
fn unknown_key_has_did_you_mean() {
    let f = Fixture::new(&issue_with("  title: A Lead", "  titel: A Lead"));
    assert_rejected(&f, "issue.yaml:5:3", "unknown key `titel`");
    assert!(stderr(&f.check(&[])).contains("did you mean `title`?"));
}

#[test]
fn every_problem_in_a_file_is_reported() {
    let text = issue_with("issue: 7", "issue: 0")
        .replace("date: 2024-02-29", "date: 2023-02-29")
        .replace("url: https://example.org/report", "url: example.org/report");
    let f = Fixture::new(&text);
    let err = stderr(&f.check(&[]));
    assert!(
        err.contains("issue.yaml:2:8") && err.contains("not positive"),
        "{err}"
    );
    assert!(
        err.contains("issue.yaml:3:7") && err.contains("February 2023 has 28 days"),
        "{err}"
    );
    assert!(
        err.contains("issue.yaml:11:10") && err.contains("not an absolute"),
        "{err}"
    );
    assert!(err.contains("3 errors"), "{err}");
}

#[test]
fn unknown_keys_everywhere_reported_together() {
    let text =
        issue_with("  title: A Lead", "  titel: A Lead").replace("    summary:", "    summry:");
    let f = Fixture::new(&text);
    let err = stderr(&f.check(&[]));
    assert!(err.contains("`titel`") && err.contains("`summry`"), "{err}");
}

#[test]
fn date_must_be_real_and_well_formed() {
    let f = Fixture::new(&issue_with("date: 2024-02-29", "date: 2024-13-01"));
    assert_rejected(&f, "issue.yaml:3:7", "months run from 01 to 12");
    let f = Fixture::new(&issue_with("date: 2024-02-29", "date: 29/02/2024"));
    assert_rejected(&f, "issue.yaml:3:7", "YYYY-MM-DD");
}

#[test]
fn body_and_text_are_exclusive_and_lead_needs_one() {
    let f = Fixture::new(&issue_with(
        "  body: lead.md",
        "  body: lead.md\n  text: Inline.",
    ));
    assert_rejected(&f, "issue.yaml:8:9", "both `body` and `text`");
    let f = Fixture::new(&issue_with("  body: lead.md\n", ""));
    assert_rejected(&f, "issue.yaml:5:3", "the lead has no body");
}

#[test]
fn missing_file_names_resolved_path() {
    let f = Fixture::new(&issue_with("body: lead.md", "body: nothere.md"));
    assert_rejected(&f, "issue.yaml:7:9", "file `nothere.md` not found");
    assert!(stderr(&f.check(&[])).contains("2024-02-29/nothere.md"));
}

#[test]
fn files_outside_series_root_are_refused() {
    let f = Fixture::new(&issue_with("body: lead.md", "body: ../../secret.md"));
    f.write("secret.md", "outside\n");
    assert_rejected(&f, "issue.yaml:7:9", "outside the series folder");
}

#[cfg(unix)]
#[test]
fn symlinks_escaping_the_root_are_refused() {
    let f = Fixture::new(&issue_with("body: lead.md", "body: link.md"));
    f.write("secret.md", "outside\n");
    std::os::unix::fs::symlink(f.path("secret.md"), f.path("series/2024-02-29/link.md"))
        .expect("symlink");
    assert_rejected(&f, "issue.yaml:7:9", "outside the series folder");
}

#[test]
fn non_utf8_markdown_names_byte_offset() {
    let f = Fixture::new(GOOD_ISSUE);
    f.write_bytes("series/2024-02-29/lead.md", b"Caf\xe9 au lait\n");
    assert_rejected(
        &f,
        "issue.yaml:7:9",
        "not valid UTF-8 (first bad byte at offset 3)",
    );
}

#[test]
fn images_must_exist_be_png_or_jpeg_and_decode() {
    let f = Fixture::new(GOOD_ISSUE);
    f.write(
        "series/2024-02-29/lead.md",
        "Text.\n\n![A map](img/map.png)\n",
    );
    assert_rejected(&f, "lead.md:3:1", "file `img/map.png` not found");

    f.write("series/2024-02-29/img/map.png", "GIF89a not really");
    assert_rejected(&f, "lead.md:3:1", "is not a PNG or JPEG image");

    // A PNG signature followed by garbage: right type, does not decode.
    f.write_bytes(
        "series/2024-02-29/img/map.png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDRgarbage",
    );
    assert_rejected(&f, "lead.md:3:1", "does not decode");
}

/// A `width` × `height` grey PNG, encoded in memory.
fn png_bytes(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, width, height);
    enc.set_color(png::ColorType::Grayscale);
    let mut w = enc.write_header().expect("png header");
    let pixels: Vec<u8> = (0..width * height).map(|i| (i * 7 % 251) as u8).collect();
    w.write_image_data(&pixels).expect("png data");
    w.finish().expect("png end");
    out
}

#[test]
fn cut_off_and_oversized_images_are_refused() {
    let f = Fixture::new(GOOD_ISSUE);
    f.write(
        "series/2024-02-29/lead.md",
        "Text.\n\n![A map](img/map.png)\n\n![A photo](img/photo.jpg)\n",
    );
    // A PNG cut inside its image data.
    let png = png_bytes(64, 64);
    f.write_bytes("series/2024-02-29/img/map.png", &png[..png.len() / 2]);
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut jpeg)
        .encode(&png_pixels(), 32, 32, image::ExtendedColorType::L8)
        .expect("jpeg");
    f.write_bytes("series/2024-02-29/img/photo.jpg", &jpeg);
    assert_rejected(&f, "lead.md:3:1", "does not decode");

    // A JPEG cut off: its decoder pads it with grey, pressrun refuses it.
    f.write_bytes("series/2024-02-29/img/map.png", &png);
    f.write_bytes("series/2024-02-29/img/photo.jpg", &jpeg[..jpeg.len() - 40]);
    assert_rejected(&f, "lead.md:5:1", "cut off");

    // 9000 × 8000 is refused from the header, before any decoding.
    f.write_bytes("series/2024-02-29/img/photo.jpg", &jpeg);
    let mut huge = png_bytes(1, 1);
    huge[16..20].copy_from_slice(&9000u32.to_be_bytes());
    huge[20..24].copy_from_slice(&8000u32.to_be_bytes());
    let crc = crc32(&huge[12..29]);
    huge[29..33].copy_from_slice(&crc.to_be_bytes());
    f.write_bytes("series/2024-02-29/img/map.png", &huge);
    assert_rejected(&f, "lead.md:3:1", "limited to 60 megapixels");
}

fn png_pixels() -> Vec<u8> {
    (0..32 * 32).map(|i| (i % 256) as u8).collect()
}

/// CRC-32 as PNG chunks use it (the header's is rewritten above).
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn oversized_inputs_are_refused() {
    let f = Fixture::new(GOOD_ISSUE);
    let big = "a".repeat(10 * 1024 * 1024 + 1);
    f.write("series/2024-02-29/lead.md", &big);
    assert_rejected(&f, "issue.yaml:7:9", "text files are limited to 10 MB");
}

#[test]
fn alias_bombs_are_refused_quickly() {
    let bomb = "\
a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
newsletter: [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]
";
    let f = Fixture::new(bomb);
    let start = std::time::Instant::now();
    let out = f.build(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(start.elapsed().as_secs() < 10, "refused quickly");
    let err = stderr(&out);
    assert!(
        err.contains("unknown key `a`") || err.contains("repetition limit"),
        "{err}"
    );
    assert!(f.everything().is_empty());
}

#[test]
fn alias_bomb_in_a_known_key_is_refused() {
    let bomb = "\
newsletter: T
issue: 1
date: 2024-01-01
editors: &a [x, x, x, x, x, x, x, x, x, x]
description: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
lead: &c
  title: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
";
    let f = Fixture::new(bomb);
    let out = f.build(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("issue.yaml:"), "{}", stderr(&out));
}

#[test]
fn yaml_syntax_error_is_located() {
    let f = Fixture::new("newsletter: T\nissue: [1\ndate: 2024-01-01\n");
    assert_rejected(&f, "issue.yaml:3:5", "YAML syntax error");
}

#[test]
fn type_errors_are_located() {
    let f = Fixture::new(&issue_with("  title: A Lead", "  title: [A, Lead]"));
    assert_rejected(
        &f,
        "issue.yaml:5:10",
        "`lead.title` expects text, not a list",
    );
}

#[test]
fn newsletter_may_come_from_series_but_is_required() {
    let f = Fixture::new(&issue_with("newsletter: Test Briefing\n", ""));
    assert_rejected(&f, "issue.yaml:1:1", "newsletter name is missing");
    f.write("series/series.yaml", "newsletter: From Series\n");
    let out = f.check(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn series_style_is_validated() {
    let f = Fixture::new(GOOD_ISSUE);
    f.write(
        "series/series.yaml",
        "style:\n  paper: legal\n  colums: 2\n",
    );
    let err = stderr(&f.check(&[]));
    assert!(
        err.contains("series.yaml:3:3") && err.contains("unknown key `colums`"),
        "{err}"
    );
    f.write("series/series.yaml", "style:\n  paper: legal\n");
    let out = f.build(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("series.yaml:2:10"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("letter, a4"), "{}", stderr(&out));
}

#[test]
fn warnings_pass_but_strict_fails_without_output() {
    let text = issue_with("date: 2024-02-29\n", "date: 2024-02-29\nlanguage: xx\n");
    let f = Fixture::new(&text);
    f.write("series/2024-02-29/lead.md", "Text.\n\n![](pic.png)\n");
    f.write_bytes("series/2024-02-29/pic.png", &tiny_png());
    let out = f.check(&[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning") && err.contains("no alt text") && err.contains("lead.md:3:1"),
        "{err}"
    );
    assert!(
        err.contains("issue.yaml:4:11") && err.contains("not a known ISO 639"),
        "{err}"
    );
    let out = f.build(&["--strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(f.everything().is_empty());
}

#[test]
fn empty_body_is_a_warning() {
    let f = Fixture::new(GOOD_ISSUE);
    f.write("series/2024-02-29/lead.md", "\n");
    let out = f.check(&[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("has no content"), "{}", stderr(&out));
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempdir();
    assert_eq!(run(&["build"], dir.path()).status.code(), Some(2));
    assert_eq!(run(&["build", "nope"], dir.path()).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"], dir.path()).status.code(), Some(2));
    assert_eq!(
        run(&["build", ".", "--format", "docx"], dir.path())
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn help_has_examples_and_completions_print() {
    let dir = tempdir();
    let out = run(&["--help"], dir.path());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Examples:"));
    let out = run(&["completions", "bash"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("pressrun"));
}

#[test]
fn new_scaffolds_an_issue_that_checks() {
    let f = Fixture::new(GOOD_ISSUE);
    f.write("series/series.yaml", "newsletter: Test Briefing\n");
    let out = run(&["new", "--series", "series", "2024-03-07"], f.dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let manifest = fs::read_to_string(f.path("series/2024-03-07/issue.yaml")).expect("scaffold");
    assert!(
        manifest.contains("issue: 8"),
        "numbered one past 7:\n{manifest}"
    );
    assert!(manifest.contains("# related:"), "comments show every field");
    let out = run(&["check", "series/2024-03-07"], f.dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Not twice.
    let out = run(&["new", "--series", "series", "2024-03-07"], f.dir.path());
    assert_eq!(out.status.code(), Some(1));
    let out = run(&["new", "--series", "series", "2024-02-30"], f.dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn build_writes_both_editions_reproducibly() {
    let f = Fixture::new(GOOD_ISSUE);
    let out = f.build(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let names: Vec<String> = f
        .everything()
        .iter()
        .map(|p| {
            p.strip_prefix(f.path("out"))
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        names,
        vec![
            "catalog.json",
            "catalog.xml",
            "covers/test-briefing-7-thumb.png",
            "covers/test-briefing-7.png",
            "feed.xml",
            "index.html",
            "test-briefing-7.epub",
            "test-briefing-7.pdf",
            "test-briefing.catalog.json",
            "test-briefing.catalog.xml",
            "test-briefing.feed.xml",
            "test-briefing.index.html",
        ]
    );
    let first: Vec<Vec<u8>> = f
        .everything()
        .iter()
        .map(|p| fs::read(p).expect("read"))
        .collect();
    let out = f.build(&[]);
    assert_eq!(out.status.code(), Some(0));
    let second: Vec<Vec<u8>> = f
        .everything()
        .iter()
        .map(|p| fs::read(p).expect("read"))
        .collect();
    assert!(
        first == second,
        "same input + SOURCE_DATE_EPOCH gives the same bytes"
    );
}

#[test]
fn failed_build_leaves_earlier_outputs_untouched() {
    let f = Fixture::new(GOOD_ISSUE);
    assert_eq!(f.build(&[]).status.code(), Some(0));
    let before: Vec<(PathBuf, Vec<u8>)> = f
        .everything()
        .into_iter()
        .map(|p| (p.clone(), fs::read(&p).expect("read")))
        .collect();
    f.write(
        "series/2024-02-29/issue.yaml",
        &issue_with("  title: A Lead", "  titel: A Lead"),
    );
    assert_eq!(f.build(&[]).status.code(), Some(1));
    let after: Vec<(PathBuf, Vec<u8>)> = f
        .everything()
        .into_iter()
        .map(|p| (p.clone(), fs::read(&p).expect("read")))
        .collect();
    assert!(
        before == after,
        "earlier outputs unchanged and no temporary files left"
    );
}

#[test]
fn one_failing_issue_does_not_stop_the_others() {
    let f = Fixture::new(GOOD_ISSUE);
    f.write(
        "series/2024-03-07/issue.yaml",
        &issue_with("issue: 7", "issue: 8").replace("title: A Lead", "titel: x"),
    );
    f.write(
        "series/2024-03-14/issue.yaml",
        &issue_with("issue: 7", "issue: 9").replace("body: lead.md", "text: Inline *text*."),
    );
    let out = run(&["build", "series", "--out", "out"], f.dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("built 2 of 3 issues"),
        "{}",
        stderr(&out)
    );
    assert_eq!(f.outputs().len(), 4);
}

#[test]
fn format_selects_editions() {
    let f = Fixture::new(GOOD_ISSUE);
    let out = f.build(&["--format", "epub"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(f.outputs().len(), 1);
    assert!(f.outputs()[0].extension().is_some_and(|e| e == "epub"));
}

#[test]
fn sample_issue_builds() {
    let dir = tempdir();
    let root = crate::support::root();
    let out_dir = dir.path().join("out");
    let out = run(
        &[
            "build",
            &root.join("issues").to_string_lossy(),
            "--out",
            &out_dir.to_string_lossy(),
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("warning:"),
        "the sample is clean: {}",
        stderr(&out)
    );
    for ext in ["epub", "pdf"] {
        let p = out_dir.join(format!("asia-pacific-security-briefing-34.{ext}"));
        assert!(p.is_file(), "{} written", p.display());
    }
}

/// A valid 1×1 PNG.
pub fn tiny_png() -> Vec<u8> {
    let mut buf = Vec::new();
    let img = image::RgbImage::from_pixel(1, 1, image::Rgb([200, 30, 30]));
    img.write_to(&mut std::io::Cursor::new(&mut buf), image::ImageFormat::Png)
        .expect("encode png");
    buf
}

#[cfg(unix)]
#[test]
fn outputs_are_readable_documents() {
    use std::os::unix::fs::PermissionsExt;
    let f = Fixture::new(GOOD_ISSUE);
    assert_eq!(f.build(&["--format", "epub"]).status.code(), Some(0));
    let mode = fs::metadata(&f.outputs()[0])
        .expect("output")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644);
}

#[test]
fn series_style_fonts_are_used() {
    if !crate::support::have_tool("pdffonts", &["-v"]) {
        return;
    }
    let f = Fixture::new(GOOD_ISSUE);
    let font = crate::support::root().join("fonts/source-code-pro/SourceCodePro-Regular.otf");
    fs::create_dir_all(f.path("series/fonts")).expect("mkdir");
    fs::copy(font, f.path("series/fonts/body.otf")).expect("copy font");
    f.write(
        "series/series.yaml",
        "style:\n  fonts:\n    body: fonts/body.otf\n",
    );
    let out = f.build(&["--format", "pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = f.path("out/test-briefing-7.pdf");
    let fonts = std::process::Command::new("pdffonts")
        .arg(&pdf)
        .output()
        .expect("pdffonts");
    let listing = String::from_utf8_lossy(&fonts.stdout);
    assert!(
        listing.contains("SourceCodePro-Regular"),
        "body set in the style's font:\n{listing}"
    );
    // A file that is not a font is refused where it is named.
    f.write("series/fonts/body.otf", "not a font");
    let out = f.build(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("series.yaml:3:11"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("not an OpenType/TrueType font"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn low_resolution_figures_are_a_warning_with_the_pixels_needed() {
    let f = Fixture::new(GOOD_ISSUE);
    f.write(
        "series/2024-02-29/lead.md",
        "Text.\n\n![A small map](img/map.png)\n",
    );
    f.write_bytes("series/2024-02-29/img/map.png", &png_bytes(64, 48));
    let out = f.build(&[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    // 64 px set at 48 pt (two thirds of an inch): 96 dpi.
    assert!(err.contains("prints at 96 dpi"), "{err}");
    assert!(err.contains("at least 100 px wide"), "{err}");
    // A big enough image says nothing.
    f.write_bytes("series/2024-02-29/img/map.png", &png_bytes(1600, 900));
    let err = stderr(&f.build(&[]));
    assert!(!err.contains("dpi"), "{err}");
}

/// A `pressrun watch` child whose stderr lines arrive on a channel; killed
/// when dropped.
struct Watching {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Watching {
    fn start(f: &Fixture) -> Self {
        Self::start_with(f, &[])
    }

    fn start_with(f: &Fixture, flags: &[&str]) -> Self {
        use std::io::BufRead;
        let mut child = crate::support::bin()
            .args(flags)
            .args(["watch", "series/2024-02-29", "--out", "out"])
            .current_dir(f.dir.path())
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .env("NO_COLOR", "1")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("pressrun watch starts");
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Self { child, lines }
    }

    /// Waits (at most 30 s) for a line containing `needle`; returns what came.
    fn wait_for(&self, needle: &str) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let mut seen = String::new();
        while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    seen.push_str(&line);
                    seen.push('\n');
                    if line.contains(needle) {
                        return seen;
                    }
                }
                Err(_) => break,
            }
        }
        panic!("no {needle:?} from pressrun watch; it said:\n{seen}");
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn watch_verbose_says_how_soon_after_a_save_both_outputs_are_on_disk() {
    let f = Fixture::new(GOOD_ISSUE);
    let w = Watching::start_with(&f, &["-v"]);
    w.wait_for("watching");
    let before = (f.output_bytes("pdf"), f.output_bytes("epub"));
    f.write(
        "series/2024-02-29/lead.md",
        &format!("{GOOD_LEAD}\nA paragraph about tide gauges.\n"),
    );
    let said = w.wait_for("after the save");
    let line = said
        .lines()
        .find(|l| l.contains("after the save"))
        .expect("the timing line");
    let ms: f64 = line
        .trim_start_matches("outputs on disk ")
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a figure in {line:?}"));
    assert!(ms > 0.0, "{line}");
    // The figure comes after both editions are written: both changed, and
    // the EPUB's text holds the edit.
    assert_ne!(f.output_bytes("pdf"), before.0, "the PDF was rebuilt");
    let epub = f.output_bytes("epub");
    assert_ne!(epub, before.1, "the EPUB was rebuilt");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("a zip");
    let mut text = String::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        if entry.name().ends_with(".xhtml") {
            std::io::Read::read_to_string(&mut entry, &mut text).expect("utf-8");
        }
    }
    assert!(text.contains("tide gauges"), "{text}");
}

#[test]
fn watch_rebuilds_on_save_and_keeps_the_last_good_outputs_on_a_mistake() {
    let f = Fixture::new(GOOD_ISSUE);
    let w = Watching::start(&f);
    w.wait_for("built 1 of 1 issue");
    w.wait_for("watching");
    let pdf = || f.output_bytes("pdf");
    let first = pdf();
    // A save rebuilds, once, with the new text in it.
    f.write(
        "series/2024-02-29/lead.md",
        &format!("{GOOD_LEAD}\nA paragraph added while watching.\n"),
    );
    let said = w.wait_for("built 1 of 1 issue");
    assert!(
        said.contains("changed: ") && said.contains("lead.md"),
        "{said}"
    );
    let second = pdf();
    assert_ne!(first, second, "the PDF was rebuilt");
    // A broken manifest is reported; the outputs stay as they were.
    f.write(
        "series/2024-02-29/issue.yaml",
        &issue_with("issue: 7", "issue: -1"),
    );
    let said = w.wait_for("built 0 of 1 issue");
    assert!(said.contains("issue.yaml:"), "{said}");
    assert_eq!(pdf(), second, "a failed rebuild leaves the outputs alone");
}
