//! Any text as the lead article, typeset to both editions: the text
//! engine, pagination and both writers must not panic. The first byte
//! picks the column layout so narrow measures are exercised too.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pressrun::manifest::{LoadOptions, load_str};
use pressrun::model::Issue;

const MANIFEST: &str = "newsletter: Fuzz Weekly
issue: 1
date: 2024-02-29
lead:
  title: Lead
  text: placeholder
related:
  - kind: report
    title: Related
    url: https://example.org/r
    summary: placeholder
";

fn base() -> &'static Issue {
    static BASE: OnceLock<Issue> = OnceLock::new();
    BASE.get_or_init(|| {
        let dir = std::env::temp_dir();
        load_str(Path::new("issue.yaml"), MANIFEST, &dir, &LoadOptions { timestamp: 0 })
            .expect("the fuzz manifest loads")
            .output
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let (md, _) = pressrun::markdown::convert(text, &mut |_, _| None);
    let mut issue = base().clone();
    issue.style.related_columns = if mode & 1 == 1 { 2 } else { 1 };
    issue.lead.body = Some(md.clone());
    if let Some(r) = issue.related.first_mut() {
        r.summary = Some(md);
    }
    // Every edition, through the driver as the CLI builds them.
    let _ = pressrun::build::issue(&issue, pressrun::build::registry());
});
