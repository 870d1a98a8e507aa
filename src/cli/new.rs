//! `new DATE`: scaffold the next issue of a series, ready for `check`.

use std::path::Path;

use super::report::Output;
use super::{EXIT_INVALID, EXIT_USAGE, NewArgs};
use crate::manifest::parse_date;

pub fn run(args: &NewArgs, out: &Output) -> u8 {
    if let Err(hint) = parse_date(&args.date) {
        out.usage_error(&format!("`{}` is not a valid date: {hint}", args.date));
        return EXIT_USAGE;
    }
    if !args.series.is_dir() {
        out.usage_error(&format!(
            "series folder {} does not exist",
            args.series.display()
        ));
        return EXIT_USAGE;
    }
    let folder = args.series.join(&args.date);
    if folder.join("issue.yaml").exists() {
        out.usage_error(&format!(
            "{} already exists",
            folder.join("issue.yaml").display()
        ));
        return EXIT_INVALID;
    }
    let number = highest_issue(&args.series) + 1;
    let has_newsletter = std::fs::read_to_string(args.series.join("series.yaml"))
        .is_ok_and(|s| s.lines().any(|l| l.starts_with("newsletter:")));
    let manifest = scaffold(&args.date, number, has_newsletter);
    let lead = "Write the lead article here, in markdown.\n\n\
## A section heading\n\nParagraphs, *emphasis*, [links](https://example.org), lists and\n\
footnotes[^1] all work.\n\n[^1]: A footnote.\n";
    let files = [
        (folder.join("issue.yaml"), manifest.into_bytes()),
        (folder.join("lead.md"), lead.as_bytes().to_vec()),
    ];
    if let Err(e) = crate::output::write_atomic(&files) {
        out.usage_error(&format!("cannot write {}: {e}", folder.display()));
        return EXIT_INVALID;
    }
    if !out.quiet {
        eprintln!(
            "created {} (issue {number})",
            folder.join("issue.yaml").display()
        );
    }
    0
}

/// The highest numeric `issue:` among the series' manifests (0 if none).
fn highest_issue(series: &Path) -> u64 {
    #[derive(serde::Deserialize)]
    struct OnlyNumber {
        issue: Option<serde_yaml::Value>,
    }
    let Ok(found) = super::discover::manifests(&[series.to_owned()]) else {
        return 0;
    };
    found
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .filter_map(|t| serde_yaml::from_str::<OnlyNumber>(&t).ok())
        .filter_map(|m| m.issue.and_then(|v| v.as_u64()))
        .max()
        .unwrap_or(0)
}

fn scaffold(date: &str, number: u64, has_newsletter: bool) -> String {
    let newsletter = if has_newsletter {
        "# newsletter: taken from series.yaml"
    } else {
        "newsletter: My Newsletter            # required here or in series.yaml"
    };
    TEMPLATE
        .replace("{newsletter}", newsletter)
        .replace("{number}", &number.to_string())
        .replace("{date}", date)
}

/// Every field, the optional ones commented out.
const TEMPLATE: &str = r#"# pressrun issue manifest: see docs/manifest.md for every field.
{newsletter}
issue: {number}                            # positive number or short label
date: {date}                     # YYYY-MM-DD
# language: en                         # BCP 47 tag; default from series.yaml, else en
# publisher: Harbor Institute          # default from series.yaml
# description: One paragraph about this issue.
# editors: [Ada Park]
# cover: cover.jpg                     # PNG/JPEG; generated when absent
lead:
  title: Title of the lead article
  # kind: Commentary                   # label shown above the title
  # dek: A subtitle line.
  # authors: [Mina Cho, Daniel Reyes]  # a string or a list
  # date: {date}                # defaults to the issue date
  body: lead.md                        # markdown file, or `text:` with inline markdown
  # source:                            # where the piece first appeared
  #   outlet: The Pacific Review
  #   url: https://example.org/article
# related:                             # kept in this order
#   - kind: report                     # report, commentary, video, podcast, event ...
#     title: Title of the item
#     date: {date}
#     authors: Jonathan Brewer
#     outlet: The Hill
#     url: https://example.org/item
#     summary: A teaser in *markdown*.
#     body: reports/item.md            # or `text:`; optional
# links:                               # closing links
#   - label: View All Reports
#     url: https://example.org/reports
"#;
