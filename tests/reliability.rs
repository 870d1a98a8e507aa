//! Issue 14, "Reliability, part 2": each class of awkward input gets a
//! located warning or error and a sensible result, never a silent mess.

use std::fs;
use std::path::{Path, PathBuf};

use pressrun::diag::Diagnostic;
use pressrun::manifest::{LoadOptions, load};
use pressrun::model::{Block, Inline, Issue};

use crate::support::{run, stderr, tempdir};

/// A series folder written from strings: `series/` with one issue `i/`.
pub struct Series {
    pub dir: tempfile::TempDir,
}

pub const ISSUE: &str = "\
newsletter: Test Briefing
issue: 9
date: 2024-03-01
lead:
  title: A Lead
  body: lead.md
";

impl Series {
    pub fn new(issue: &str, lead: &str) -> Self {
        let s = Self { dir: tempdir() };
        s.write("series/series.yaml", b"publisher: Test Institute\n");
        s.write("series/i/issue.yaml", issue.as_bytes());
        s.write("series/i/lead.md", lead.as_bytes());
        s
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().expect("has a parent")).expect("mkdir");
        fs::write(p, bytes).expect("write fixture");
    }

    pub fn manifest(&self) -> PathBuf {
        self.path("series/i/issue.yaml")
    }

    /// Loads through the library: the issue and its warnings, or errors.
    pub fn load(&self) -> Result<(Issue, Vec<Diagnostic>), Vec<Diagnostic>> {
        load(&self.manifest(), &LoadOptions { timestamp: 0 }).map(|w| (w.output, w.warnings))
    }

    pub fn run(&self, args: &[&str]) -> std::process::Output {
        run(args, self.dir.path())
    }
}

/// `file:line:col` ends of every diagnostic, with their messages.
pub fn positions(diags: &[Diagnostic]) -> Vec<(String, String)> {
    diags
        .iter()
        .map(|d| {
            let at = d.position().unwrap_or_default();
            let file = Path::new(&at)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            (file, d.message.clone())
        })
        .collect()
}

fn body(issue: &Issue) -> &[Block] {
    issue
        .lead
        .body
        .as_ref()
        .map_or(&[], |m| m.blocks.as_slice())
}

const BOM: &str = "\u{FEFF}";

#[test]
fn byte_order_marks_are_stripped_from_every_text_input() {
    let s = Series::new(
        &format!("{BOM}{ISSUE}"),
        &format!("{BOM}# First Heading\n\nBody text.\n"),
    );
    s.write(
        "series/series.yaml",
        format!("{BOM}publisher: Test Institute\n").as_bytes(),
    );
    let (issue, warnings) = s.load().expect("a BOM is not an error");
    assert!(warnings.is_empty(), "{:?}", positions(&warnings));
    assert_eq!(issue.newsletter, "Test Briefing");
    assert_eq!(issue.publisher.as_deref(), Some("Test Institute"));
    assert!(
        matches!(&body(&issue)[0], Block::Heading { content, .. }
            if Inline::plain_text(content) == "First Heading"),
        "{:?}",
        body(&issue)[0]
    );
}

#[test]
fn invisible_characters_are_located_and_replaced() {
    let lead = "Para one.\n\nLine one\u{B}line two, a bro\u{200B}ken word\u{7}.\n";
    let issue = ISSUE.replace("title: A Lead", "title: A\u{B}Lead\u{1}");
    let s = Series::new(&issue, lead);
    let (issue, warnings) = s.load().expect("loads with warnings");
    let at: Vec<String> = warnings.iter().filter_map(|d| d.position()).collect();
    let ends: Vec<&str> = at
        .iter()
        .map(|p| p.rsplit('/').next().unwrap_or(p))
        .collect();
    assert_eq!(
        ends,
        [
            "issue.yaml:5:11",
            "issue.yaml:5:16",
            "lead.md:3:9",
            "lead.md:3:25",
            "lead.md:3:34"
        ],
        "{:?}",
        positions(&warnings)
    );
    assert_eq!(issue.lead.title, "A Lead");
    let Block::Paragraph(inl) = &body(&issue)[1] else {
        panic!("paragraph expected: {:?}", body(&issue))
    };
    assert!(matches!(inl[1], Inline::LineBreak), "{inl:?}");
    assert_eq!(Inline::plain_text(inl), "Line one line two, a broken word.");
    // The command line shows the warning with its place.
    let out = s.run(&["check", "series/i"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("lead.md:3:9"), "{err}");
    assert!(err.contains("vertical tab"), "{err}");
}

/// Checks the issue and returns stderr, asserting exit 1.
fn rejected(s: &Series) -> String {
    let out = s.run(&["check", "series/i"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        !err.contains("untagged") && !err.contains("variant"),
        "{err}"
    );
    err
}

#[test]
fn type_errors_name_the_field_and_point_at_the_bad_value() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "issue: 9",
            "issue: 1e9",
            "issue.yaml:2:8",
            "`issue` expects a positive whole number or a short label, not `1e9` (a decimal number)",
        ),
        (
            "issue: 9",
            "issue: [9]",
            "issue.yaml:2:8",
            "`issue` expects a positive whole number or a short label, not a list",
        ),
        (
            "date: 2024-03-01",
            "date: 2024-03-01\neditors:\n  - Ada Park\n  - [Lee, Min]",
            "issue.yaml:6:5",
            "`editors[1]` expects text, not a list",
        ),
        (
            "  body: lead.md",
            "  body: lead.md\n  authors: [Ada Park, {name: Lee}]",
            "issue.yaml:7:23",
            "`lead.authors[1]` expects text, not a mapping",
        ),
        (
            "  body: lead.md",
            "  body: lead.md\n  authors: {name: Lee}",
            "issue.yaml:7:12",
            "`lead.authors` expects a name or a list of names, not a mapping",
        ),
        (
            "  body: lead.md",
            "  body: lead.md\nrelated:\n  - kind: report\n    title: R\n  - kind: [video]\n    title: V",
            "issue.yaml:10:11",
            "`related[1].kind` expects text, not a list",
        ),
        (
            "  body: lead.md",
            "  body: lead.md\nlinks: https://example.org",
            "issue.yaml:7:8",
            "`links` expects a list, not `https://example.org` (text)",
        ),
    ];
    for (from, to, at, message) in cases {
        assert!(ISSUE.contains(from));
        let s = Series::new(&ISSUE.replacen(from, to, 1), "Text.\n");
        let err = rejected(&s);
        assert!(
            err.contains(&format!("i/issue.yaml:{}", &at["issue.yaml:".len()..])),
            "{at} in:\n{err}"
        );
        assert!(err.contains(message), "{message} in:\n{err}");
        assert!(err.contains("hint:"), "{err}");
    }
    // series.yaml too, with the same words.
    let s = Series::new(ISSUE, "Text.\n");
    s.write(
        "series/series.yaml",
        b"style:\n  related_columns: 300\n  hyphenate: maybe\n",
    );
    let err = rejected(&s);
    assert!(err.contains("series.yaml:2:20"), "{err}");
    assert!(
        err.contains("`style.related_columns` expects a whole number from 0 to 255, not `300`"),
        "{err}"
    );
}

#[test]
fn out_naming_a_file_says_so_by_name() {
    let s = Series::new(ISSUE, "Text.\n");
    s.write("taken.pdf", b"not a folder");
    let out = s.run(&["build", "series/i", "--out", "taken.pdf"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--out `taken.pdf` is a file, not a folder"),
        "{err}"
    );
    assert!(err.contains("hint: --out names a folder"), "{err}");
    assert!(!err.contains("os error"), "{err}");
    let out = s.run(&["build", "series/i", "--out", "taken.pdf/sub"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--out `taken.pdf/sub` cannot be created: `taken.pdf` is a file"),
        "{err}"
    );
    assert_eq!(
        fs::read(s.path("taken.pdf")).ok().as_deref(),
        Some(&b"not a folder"[..])
    );
}

#[test]
fn footnote_reference_without_definition_is_a_located_warning() {
    let s = Series::new(
        ISSUE,
        "First paragraph.\n\nA claim.[^src] More[^ok].\n\n[^ok]: Fine.\n",
    );
    let out = s.run(&["check", "series/i"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("i/lead.md:3:9"), "{err}");
    assert!(err.contains("footnote `[^src]` has no definition"), "{err}");
    assert!(err.contains("1 warning"), "{err}");
}

#[test]
fn uncovered_scripts_warn_once_per_script_and_article() {
    // Ethiopic and Cherokee: scripts no bundled face covers.
    let ethiopic = "ሰላም ለዓለም፣ ይህ ረጅም ዓረፍተ ነገር ነው።";
    let cherokee = "ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ ᎠᏍᎦᏯ";
    let lead = format!("{ethiopic}\n\nAgain: {ethiopic}\n\n{cherokee}\n");
    let issue =
        format!("{ISSUE}related:\n  - kind: report\n    title: Other\n    text: \"{ethiopic}\"\n");
    let s = Series::new(&issue, &lead);
    let (issue, _) = s.load().expect("loads");
    let laid = pressrun::layout::layout_issue(&issue).expect("lays out");
    let missing: Vec<&str> = laid
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .filter(|m| m.starts_with("no font has"))
        .collect();
    assert_eq!(missing.len(), 3, "{missing:#?}");
    // Every Ethiopic letter of the lead is named (eight at most), with a
    // sample of the text.
    assert!(
        missing[0].starts_with("no font has Ethiopic text in “A Lead” (U+1230, U+120B, U+121D, "),
        "{missing:#?}"
    );
    assert!(missing[0].contains(", …), e.g. “ሰላም"), "{missing:#?}");
    assert!(
        missing[1].starts_with("no font has Cherokee text in “A Lead” (U+13E3, U+13B3, U+13A9, "),
        "{missing:#?}"
    );
    assert!(missing[1].contains("e.g. “ᏣᎳᎩ"), "{missing:#?}");
    assert!(
        missing[2].starts_with("no font has Ethiopic text in “Other”"),
        "{missing:#?}"
    );
}

#[test]
fn image_paths_written_as_urls_are_percent_decoded() {
    let png = crate::cli::tiny_png();
    let lead = "![First](img/Second%20photo.png)\n\n![Second](img/caf%C3%A9.png)\n\n\
                ![Third](img/odd%20name.png)\n";
    let s = Series::new(ISSUE, lead);
    s.write("series/i/img/Second photo.png", &png);
    s.write("series/i/img/café.png", &png);
    // A name that really holds `%20` is still found.
    s.write("series/i/img/odd%20name.png", &png);
    let (issue, _) = s.load().expect("every image resolves");
    let mut names: Vec<&str> = issue.assets.iter().map(|a| a.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "i/img/Second photo.png",
            "i/img/café.png",
            "i/img/odd%20name.png"
        ]
    );

    let s = Series::new(ISSUE, "![Gone](img/No%20such.png)\n");
    let err = s.load().expect_err("missing image");
    let text = format!("{err:?}");
    assert_eq!(
        err[0].position().map(|p| p.ends_with("lead.md:1:1")),
        Some(true),
        "{text}"
    );
    assert!(
        err[0].message.contains("`img/No%20such.png` not found"),
        "{text}"
    );
    assert!(
        err[0].hints.iter().any(|h| h.contains("img/No such.png")),
        "{text}"
    );
    assert!(
        err[0].hints.iter().any(|h| h.contains("read as a URL")),
        "{text}"
    );
}

/// Every `/URI` in a PDF, wherever the annotation dictionaries sit.
pub fn pdf_uris(bytes: &[u8]) -> Vec<String> {
    fn walk(o: &lopdf::Object, out: &mut Vec<String>) {
        match o {
            lopdf::Object::Dictionary(d) => {
                for (k, v) in d.iter() {
                    if k == b"URI"
                        && let lopdf::Object::String(s, _) = v
                    {
                        out.push(String::from_utf8_lossy(s).into_owned());
                    }
                    walk(v, out);
                }
            }
            lopdf::Object::Array(a) => a.iter().for_each(|v| walk(v, out)),
            lopdf::Object::Stream(s) => walk(&lopdf::Object::Dictionary(s.dict.clone()), out),
            _ => {}
        }
    }
    let doc = lopdf::Document::load_mem(bytes).expect("lopdf reads the PDF");
    let mut out = Vec::new();
    for o in doc.objects.values() {
        walk(o, &mut out);
    }
    out.sort();
    out
}

/// Builds the issue in `s` into `out/` and returns (epub, pdf) bytes.
pub fn build_both(s: &Series) -> (Vec<u8>, Vec<u8>) {
    let out = s.run(&["build", "series/i", "--out", "out"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let read = |ext: &str| fs::read(s.path(&format!("out/test-briefing-9.{ext}"))).expect("output");
    (read("epub"), read("pdf"))
}

/// Every entry of a zip, as text where it is text.
pub fn epub_texts(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut buf).expect("read entry");
        if let Ok(text) = String::from_utf8(buf) {
            out.push((f.name().to_owned(), text));
        }
    }
    out
}

#[test]
fn script_links_are_dead_in_both_editions() {
    let lead = "A [web link](https://example.org/ok), a [script link](javascript:alert(1)), \
                an [odd one](JavaScript:alert(2)), a [data one](data:text/html,x) and \
                <a href=\"javascript:alert(3)\">raw</a>.\n\nMore [mail](mailto:desk@example.org).\n";
    let issue = format!(
        "{ISSUE}related:\n  - kind: report\n    title: R\n    text: \"[x](javascript:alert(4)) [y](https://example.org/y)\"\n"
    );
    let s = Series::new(&issue, lead);
    let (epub, pdf) = build_both(&s);
    assert_eq!(
        pdf_uris(&pdf),
        [
            "https://example.org/ok",
            "https://example.org/y",
            "mailto:desk@example.org"
        ]
    );
    for (name, text) in epub_texts(&epub) {
        let lower = text.to_ascii_lowercase();
        assert!(!lower.contains("javascript:"), "{name} keeps a script URL");
        assert!(!lower.contains("href=\"data:"), "{name} keeps a data URL");
    }
    // The words of the links stay readable in both.
    let page = epub_texts(&epub)
        .into_iter()
        .find(|(n, _)| n.ends_with("article-01.xhtml"))
        .map(|(_, t)| t)
        .expect("lead page");
    assert!(
        page.contains("script link") && page.contains("odd one"),
        "{page}"
    );
}

/// xorshift64*: a fixed sequence, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }
}

fn folder_names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Temporary files in `dir` and the folders under it (the catalog's
/// covers are written beside the editions).
fn temporaries(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for name in folder_names(dir) {
        let path = dir.join(&name);
        if path.is_dir() {
            out.extend(temporaries(&path));
        } else if name.starts_with(".pressrun-") {
            out.push(name);
        }
    }
    out
}

/// Every output in the folder is whole: the EPUB a zip that opens, the PDF
/// ending with %%EOF.
fn assert_outputs_whole(dir: &Path) {
    for name in folder_names(dir) {
        if dir.join(&name).is_dir() {
            continue;
        }
        let bytes = fs::read(dir.join(&name)).expect("read output");
        if name.ends_with(".epub") {
            let zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes));
            assert!(zip.is_ok_and(|z| z.len() > 3), "{name} is not a whole EPUB");
        } else if name.ends_with(".pdf") {
            let tail = &bytes[bytes.len().saturating_sub(16)..];
            assert!(
                String::from_utf8_lossy(tail).trim_end().ends_with("%%EOF"),
                "{name} is cut off"
            );
        }
    }
}

#[cfg(unix)]
fn signal(pid: u32, name: &str) {
    // The build may have finished already: the status does not matter.
    let _ = std::process::Command::new("sh")
        .args(["-c", &format!("kill -{name} {pid} 2>/dev/null")])
        .status()
        .expect("sh runs");
}

/// Builds are interrupted at random moments and while their temporaries
/// exist, by SIGTERM, SIGINT and SIGKILL; afterwards (and after one more
/// build) the folder holds only whole outputs and no temporaries.
#[cfg(unix)]
#[test]
fn interrupted_builds_leave_no_temporaries() {
    use std::os::unix::process::ExitStatusExt;
    use std::time::{Duration, Instant};
    let s = Series::new(ISSUE, &"A paragraph of text for the build. ".repeat(200));
    let out = s.path("out");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut caught, mut killed_with_temps) = (0, 0);
    for i in 0..20 {
        // New text each time: a build whose outputs are already on disk
        // writes nothing, and these builds must be caught writing.
        s.write(
            "series/i/lead.md",
            format!(
                "Build {i}. {}",
                "A paragraph of text for the build. ".repeat(200)
            )
            .as_bytes(),
        );
        let mut child = crate::support::bin()
            .args(["build", "series/i", "--out", "out"])
            .current_dir(s.dir.path())
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .env("PRESSRUN_DEBUG_WRITE_PAUSE_MS", "400")
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn pressrun");
        let (sig, during_write) = match i % 5 {
            0 => ("TERM", true),
            1 => ("KILL", true),
            2 => ("INT", true),
            3 => ("TERM", false),
            _ => ("KILL", false),
        };
        if during_write {
            // Wait until this build's temporaries exist, then signal while
            // the pause holds them.
            let start = Instant::now();
            let own = format!(".pressrun-{}-", child.id());
            while !temporaries(&out).iter().any(|t| t.starts_with(&own))
                && start.elapsed() < Duration::from_secs(20)
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            std::thread::sleep(Duration::from_millis(rng.below(150)));
        } else {
            std::thread::sleep(Duration::from_millis(rng.below(1500)));
        }
        let own = format!(".pressrun-{}-", child.id());
        signal(child.id(), sig);
        let status = child.wait().expect("wait");
        let left: Vec<String> = temporaries(&out)
            .into_iter()
            .filter(|t| t.starts_with(&own))
            .collect();
        match (sig, status.code(), status.signal()) {
            ("TERM", Some(143), _) | ("INT", Some(130), _) => {
                caught += 1;
                assert!(left.is_empty(), "{sig} left {left:?}");
            }
            ("KILL", _, Some(9)) if !left.is_empty() => killed_with_temps += 1,
            // Finished before the signal, or killed before any temporary.
            (_, Some(0), _) | ("KILL", _, Some(9)) => {}
            // Signalled before the handler was installed.
            (_, None, Some(_)) if !during_write => {}
            other => panic!("iteration {i}: unexpected end {other:?}, left {left:?}"),
        }
        assert_outputs_whole(&out);
    }
    // The runs signalled mid-write really were caught mid-write.
    assert!(caught >= 8, "only {caught} SIGTERM/SIGINT caught");
    assert!(killed_with_temps >= 2, "SIGKILL never left a temporary");
    let done = s.run(&["build", "series/i", "--out", "out"]);
    assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
    assert_eq!(
        temporaries(&out),
        Vec::<String>::new(),
        "stale temporaries were not swept"
    );
    let names = folder_names(&out);
    for edition in ["test-briefing-9.epub", "test-briefing-9.pdf"] {
        assert!(
            names.iter().any(|n| n == edition),
            "{edition} missing: {names:?}"
        );
    }
    assert_outputs_whole(&out);
}

/// Text runs of a laid-out document: (page, x, size, text).
pub fn runs(doc: &pressrun::frame::Document) -> Vec<(usize, f64, f64, String)> {
    let mut out = Vec::new();
    for (n, page) in doc.pages.iter().enumerate() {
        for (at, item) in &page.items {
            if let pressrun::frame::FrameItem::Text(run) = item {
                let text: String = run.glyphs.iter().map(|g| g.text.as_str()).collect();
                out.push((n, at.x, run.size, text));
            }
        }
    }
    out
}

/// pdftotext of a PDF (None, after saying so, when poppler is missing).
pub fn pdftotext(pdf: &[u8], extra: &[&str]) -> Option<String> {
    if !crate::support::have_tool("pdftotext", &["-v"]) {
        return None;
    }
    let dir = tempdir();
    let path = dir.path().join("a.pdf");
    fs::write(&path, pdf).expect("write pdf");
    let path = path.to_string_lossy().into_owned();
    let mut args: Vec<&str> = extra.to_vec();
    args.extend([path.as_str(), "-"]);
    let out = std::process::Command::new("pdftotext")
        .args(&args)
        .output()
        .expect("pdftotext runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn deeply_nested_quotes_keep_every_word_at_a_readable_size() {
    let mut lead = String::from("Before the quotes.\n\n");
    for depth in 1..=30 {
        let marks = "> ".repeat(depth);
        lead.push_str(&format!(
            "{marks}Level{depth} holds quoteword{depth} here.\n"
        ));
        lead.push_str(marks.trim_end());
        lead.push('\n');
    }
    let s = Series::new(ISSUE, &lead);
    let (issue, _) = s.load().expect("loads");
    let laid = pressrun::layout::layout_issue(&issue).expect("lays out");
    let runs = runs(&laid.output.document);
    let find = |word: &str| {
        runs.iter()
            .find(|r| r.3.contains(word))
            .unwrap_or_else(|| panic!("{word} is missing from the frames"))
    };
    let first = find("quoteword1");
    for depth in 2..=30 {
        let r = find(&format!("quoteword{depth}"));
        assert!(
            (r.2 - first.2).abs() < 1e-9,
            "level {depth} set at {} pt, level 1 at {}",
            r.2,
            first.2
        );
    }
    let fourth = find("quoteword4").1;
    assert!(fourth > first.1, "quotes indent for a few levels");
    assert!(
        (find("quoteword30").1 - fourth).abs() < 1.0,
        "then the indent stops"
    );
    // And a reader of the PDF finds every word.
    let built = pressrun::build::issue(&issue, &[pressrun::build::by_name("pdf").expect("pdf")]);
    let pdf = &built.outputs[0].bytes;
    if let Some(text) = pdftotext(pdf, &[]) {
        for depth in 1..=30 {
            assert!(
                text.contains(&format!("quoteword{depth}")),
                "quoteword{depth} in:\n{text}"
            );
        }
    }
}

#[test]
fn tables_too_wide_stay_inside_the_margins_with_every_word() {
    let token: String = (0..300)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    let mut lead = format!(
        "Short intro.\n\n| Name | Value | Note |\n|---|---|---|\n| first | {token} | plain words here |\n| second | 42 | more |\n\n"
    );
    let cols = 40;
    let header: Vec<String> = (1..=cols).map(|c| format!("Head{c}")).collect();
    lead.push_str(&format!("| {} |\n", header.join(" | ")));
    lead.push_str(&format!("|{}\n", "---|".repeat(cols)));
    for r in 1..=3 {
        let cells: Vec<String> = (1..=cols).map(|c| format!("r{r}c{c}")).collect();
        lead.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    let s = Series::new(ISSUE, &lead);
    let (issue, _) = s.load().expect("loads");
    let laid = pressrun::layout::layout_issue(&issue).expect("lays out");
    let doc = &laid.output.document;
    // Letter paper: the text block runs from 90 pt to 612 - 78 pt.
    for (n, page) in doc.pages.iter().enumerate() {
        for (at, item) in &page.items {
            let right = match item {
                pressrun::frame::FrameItem::Text(run) => {
                    assert!(run.size >= 6.5 - 1e-9, "type below the floor: {}", run.size);
                    at.x + run.width()
                }
                pressrun::frame::FrameItem::Rect { size, .. }
                | pressrun::frame::FrameItem::Link { size, .. } => at.x + size.width,
                pressrun::frame::FrameItem::Image(img) => at.x + img.size.width,
            };
            assert!(
                at.x >= 89.5 && right <= 534.5,
                "page {}: item outside the text block: {at:?} to {right}",
                n + 1
            );
        }
    }
    let texts: Vec<String> = runs(doc).into_iter().map(|r| r.3).collect();
    let all: String = texts.concat().split_whitespace().collect();
    assert!(all.contains(&token), "the long token is cut");
    // Every header and cell word is set whole on one line (not a letter
    // per line, as when forty columns were squeezed into one measure).
    for c in 1..=cols {
        for word in std::iter::once(format!("Head{c}")).chain((1..=3).map(|r| format!("r{r}c{c}")))
        {
            assert!(
                texts
                    .iter()
                    .any(|t| t.split_whitespace().any(|w| w == word)),
                "{word} is not set whole"
            );
        }
    }
    // The second table is degraded, and said so by name; the first is not.
    let tables: Vec<&str> = laid
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .filter(|m| m.starts_with("table "))
        .collect();
    assert_eq!(tables.len(), 1, "{tables:?}");
    assert!(
        tables[0].starts_with("table 2 in “A Lead” is too wide for the column: set at 6.5 pt"),
        "{tables:?}"
    );
    assert!(
        tables[0].contains("parts of its columns, the first column repeated"),
        "{tables:?}"
    );
    // A reader of the PDF finds the words too.
    let built = pressrun::build::issue(&issue, &[pressrun::build::by_name("pdf").expect("pdf")]);
    if let Some(text) = pdftotext(&built.outputs[0].bytes, &[]) {
        let flat: String = text.split_whitespace().collect();
        assert!(flat.contains(&token), "token not extracted whole");
        for c in 1..=cols {
            assert!(text.contains(&format!("Head{c}")), "Head{c} not extracted");
        }
    }
}

/// Words a reader must be able to copy out of the PDF, script by script.
/// Each entry: the script's name (as the missing-font warning says it),
/// words with clusters that do not map one glyph to one character, plain
/// words sharing their base letters (which used to extract as the
/// cluster), and whether the cluster words must extract exactly. Add a
/// script here when a bundled font covers it.
///
/// Arabic marks are not exact: poppler extracts a mark placed over a
/// right-to-left letter as its own chunk and reorders it, whatever the
/// PDF says; its letters must all be there, and the plain words exact.
const COPY_CASES: &[(&str, &str, &str, bool)] = &[
    (
        "Latin",
        "o\u{308}\u{304}ver cafe\u{301} q\u{303}\u{308}uick pi\u{328}\u{301}ta",
        "over the open quote and pita",
        true,
    ),
    (
        "Vietnamese",
        "Vie\u{323}\u{302}t Tie\u{302}\u{301}ng nu\u{31b}o\u{31b}\u{301}c ngu\u{31b}o\u{31b}\u{300}i",
        "Viet tieng nuoc nguoi",
        true,
    ),
    (
        "Arabic",
        "\u{645}\u{64f}\u{62d}\u{64e}\u{645}\u{651}\u{64e}\u{62f} \u{634}\u{62f}\u{651}\u{629}",
        "\u{645}\u{62d}\u{645}\u{62f} \u{634}\u{62f}\u{629}",
        false,
    ),
];

#[test]
fn copied_text_matches_the_source_script_by_script() {
    use unicode_normalization::UnicodeNormalization;
    let mut lead = String::new();
    for (_, tricky, plain, _) in COPY_CASES {
        // Plain words before and after: last-use-wins and first-use-wins
        // mappings both show.
        lead.push_str(&format!("{plain}.\n\n{tricky}.\n\n{plain} again.\n\n"));
    }
    let s = Series::new(ISSUE, &lead);
    let (issue, _) = s.load().expect("loads");
    let built = pressrun::build::issue(&issue, &[pressrun::build::by_name("pdf").expect("pdf")]);
    let uncovered: Vec<&str> = built
        .diagnostics
        .iter()
        .filter(|d| d.message.starts_with("no font has"))
        .map(|d| d.message.as_str())
        .collect();
    let Some(text) = pdftotext(&built.outputs[0].bytes, &["-raw"]) else {
        return;
    };
    // poppler wraps right-to-left words in embedding marks.
    let text = text.replace(['\u{202B}', '\u{202C}'], "");
    let extracted: Vec<String> = text.split_whitespace().map(|w| w.nfc().collect()).collect();
    let mut checked = 0;
    for (script, tricky, plain, exact) in COPY_CASES {
        if uncovered
            .iter()
            .any(|m| m.contains(&format!(" {script} text")))
        {
            eprintln!("skipping {script}: no bundled font covers it");
            continue;
        }
        if !exact {
            let line = text
                .lines()
                .find(|l| {
                    l.contains("tricky")
                        || l.chars().any(|c| tricky.contains(c) && !plain.contains(c))
                })
                .unwrap_or("");
            let mut got: Vec<char> = line
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '.')
                .collect();
            let mut want: Vec<char> = tricky.chars().filter(|c| !c.is_whitespace()).collect();
            got.sort_unstable();
            want.sort_unstable();
            assert_eq!(got, want, "{script}: the letters of {tricky:?} in {line:?}");
        }
        let words = if *exact {
            tricky
                .split_whitespace()
                .chain(plain.split_whitespace())
                .collect::<Vec<_>>()
        } else {
            plain.split_whitespace().collect()
        };
        for word in words {
            let want: String = word.nfc().collect();
            assert!(
                extracted.iter().any(|w| w.trim_end_matches('.') == want),
                "{script}: {want:?} ({:?}) not extracted; got {extracted:?}",
                word.chars()
                    .map(|c| format!("U+{:04X}", u32::from(c)))
                    .collect::<Vec<_>>()
            );
        }
        checked += 1;
    }
    assert!(checked >= 2, "Latin and Vietnamese are always covered");
}

/// An 80 × 40 JPEG (stored as landscape): the top-left quarter black, the
/// top-right quarter grey, the bottom half white, with an EXIF APP1
/// segment giving `orientation` (none for 0).
pub fn oriented_jpeg(orientation: u16) -> Vec<u8> {
    let img = image::GrayImage::from_fn(80, 40, |x, y| {
        image::Luma([match (x < 40, y < 20) {
            (true, true) => 0,
            (false, true) => 128,
            _ => 255,
        }])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 95)
        .encode_image(&img)
        .expect("encode jpeg");
    if orientation == 0 {
        return jpeg;
    }
    // Exif\0\0, big-endian TIFF header, one IFD entry: 0x0112 SHORT 1.
    let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
    exif.extend_from_slice(&orientation.to_be_bytes());
    exif.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    let len = u16::try_from(exif.len() + 2).expect("short segment");
    let mut out = jpeg[..2].to_vec(); // SOI
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&exif);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// Grey level at (x, y) points of page `page` rendered at 72 dpi.
fn render_gray(pdf: &[u8], page: usize) -> Option<(usize, usize, Vec<u8>)> {
    if !crate::support::have_tool("pdftoppm", &["-v"]) {
        return None;
    }
    let dir = tempdir();
    let path = dir.path().join("a.pdf");
    fs::write(&path, pdf).expect("write pdf");
    let n = (page + 1).to_string();
    let out = std::process::Command::new("pdftoppm")
        .args(["-r", "72", "-gray", "-f", &n, "-l", &n])
        .arg(&path)
        .output()
        .expect("pdftoppm runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // PGM: "P5\nW H\n255\n" then one byte per pixel.
    let bytes = out.stdout;
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    let w: usize = fields[1].parse().expect("width");
    let h: usize = fields[2].parse().expect("height");
    Some((w, h, bytes[at + 1..].to_vec()))
}

#[test]
fn exif_orientation_is_applied_in_the_pdf_and_kept_in_the_epub() {
    // Where the stored top-left (black) and top-right (grey) quarters show,
    // as fractions of the displayed image (x right, y down), per EXIF value.
    type Spot = (f64, f64);
    let expect: [(u16, Spot, Spot, bool); 9] = [
        (0, (0.25, 0.25), (0.75, 0.25), false),
        (1, (0.25, 0.25), (0.75, 0.25), false),
        (2, (0.75, 0.25), (0.25, 0.25), false),
        (3, (0.75, 0.75), (0.25, 0.75), false),
        (4, (0.25, 0.75), (0.75, 0.75), false),
        (5, (0.25, 0.25), (0.25, 0.75), true),
        (6, (0.75, 0.25), (0.75, 0.75), true),
        (7, (0.75, 0.75), (0.75, 0.25), true),
        (8, (0.25, 0.75), (0.25, 0.25), true),
    ];
    for (orientation, black, grey, portrait) in expect {
        let s = Series::new(ISSUE, "![A test card](img/card.jpg)\n");
        let jpeg = oriented_jpeg(orientation);
        s.write("series/i/img/card.jpg", &jpeg);
        let (issue, _) = s.load().expect("loads");
        let built = pressrun::build::issue(
            &issue,
            &[
                pressrun::build::by_name("pdf").expect("pdf"),
                pressrun::build::by_name("epub").expect("epub"),
            ],
        );
        assert!(!built.has_errors(), "{:?}", built.diagnostics);
        let laid = built.laid.as_ref().expect("laid out");
        let (page, at, size) = laid
            .document
            .pages
            .iter()
            .enumerate()
            .find_map(|(n, p)| {
                p.items.iter().find_map(|(at, item)| match item {
                    pressrun::frame::FrameItem::Image(img) => Some((n, *at, img.size)),
                    _ => None,
                })
            })
            .expect("the figure is placed");
        // Layout uses the displayed shape: 80 × 40 turned is 40 × 80.
        let tall = size.height > size.width;
        assert_eq!(tall, portrait, "orientation {orientation}: {size:?}");
        let ratio = if portrait {
            size.height / size.width
        } else {
            size.width / size.height
        };
        assert!(
            (ratio - 2.0).abs() < 0.01,
            "orientation {orientation}: {size:?}"
        );
        // The EPUB carries the photo untouched, tag and all: readers turn it.
        let epub = built
            .outputs
            .iter()
            .find(|o| o.path.extension().is_some_and(|e| e == "epub"))
            .expect("epub");
        let stored = epub_entries_with(&epub.bytes, ".jpg");
        assert_eq!(
            stored,
            std::slice::from_ref(&jpeg),
            "orientation {orientation}"
        );
        let pdf = built
            .outputs
            .iter()
            .find(|o| o.path.extension().is_some_and(|e| e == "pdf"))
            .expect("pdf");
        let Some((w, _, pixels)) = render_gray(&pdf.bytes, page) else {
            return;
        };
        let grey_at = |(fx, fy): (f64, f64)| {
            let x = (at.x + size.width * fx).round() as usize;
            let y = (at.y + size.height * fy).round() as usize;
            pixels[y * w + x]
        };
        let (b, g) = (grey_at(black), grey_at(grey));
        assert!(b < 60, "orientation {orientation}: black quarter reads {b}");
        assert!(
            (90..170).contains(&g),
            "orientation {orientation}: grey quarter reads {g}"
        );
    }
}

/// The bytes of every zip entry whose name ends with `suffix`.
fn epub_entries_with(bytes: &[u8], suffix: &str) -> Vec<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        if f.name().ends_with(suffix) {
            let mut buf = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut buf).expect("read entry");
            out.push(buf);
        }
    }
    out
}
