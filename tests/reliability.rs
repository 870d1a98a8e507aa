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
    issue.lead.body.as_ref().map_or(&[], |m| m.blocks.as_slice())
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
        ["issue.yaml:5:11", "issue.yaml:5:16", "lead.md:3:9", "lead.md:3:25", "lead.md:3:34"],
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
