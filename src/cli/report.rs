//! Rendering diagnostics (codespan-reporting) and status lines.

use std::io::{IsTerminal, Write};

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};
use termcolor::{Buffer, WriteColor};

use super::ColorWhen;
use crate::diag::{Diagnostic, Location, Severity};

/// Where and how the CLI prints.
pub struct Output {
    pub color: bool,
    pub quiet: bool,
    pub verbose: bool,
    pub terminal: bool,
}

impl Output {
    pub fn new(when: ColorWhen, quiet: bool, verbose: bool) -> Self {
        let terminal = std::io::stderr().is_terminal();
        let color = match when {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => terminal && std::env::var_os("NO_COLOR").is_none(),
        };
        Self {
            color,
            quiet,
            verbose,
            terminal,
        }
    }

    /// Renders diagnostics as text (coloured when enabled). Warnings are
    /// left out when quiet.
    pub fn render(&self, diags: &[Diagnostic]) -> String {
        let mut buf = if self.color {
            Buffer::ansi()
        } else {
            Buffer::no_color()
        };
        let config = term::Config::default();
        for d in diags {
            if self.quiet && d.severity == Severity::Warning {
                continue;
            }
            let severity = match d.severity {
                Severity::Error => codespan_reporting::diagnostic::Severity::Error,
                Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
            };
            let mut notes: Vec<String> = Vec::new();
            if let Some(Location::File(path)) = &d.location {
                notes.push(format!("in {}", path.display()));
            }
            notes.extend(d.hints.iter().map(|h| format!("hint: {h}")));
            let report = Report::new(severity)
                .with_message(&d.message)
                .with_notes(notes);
            match &d.location {
                Some(Location::Span(file, range)) => {
                    let mut files = SimpleFiles::new();
                    let id = files.add(file.path.display().to_string(), file.text.as_str());
                    let report = report.with_labels(vec![Label::primary(id, range.clone())]);
                    let _ = term::emit_to_write_style(&mut buf, &config, &files, &report);
                }
                Some(Location::File(_)) | None => {
                    let files = SimpleFiles::<String, String>::new();
                    let _ = term::emit_to_write_style(&mut buf, &config, &files, &report);
                }
            }
        }
        String::from_utf8_lossy(buf.as_slice()).into_owned()
    }

    /// A one-line error not tied to an input file (usage problems).
    pub fn usage_error(&self, message: &str) {
        let mut buf = if self.color {
            Buffer::ansi()
        } else {
            Buffer::no_color()
        };
        let _ = buf.set_color(
            termcolor::ColorSpec::new()
                .set_fg(Some(termcolor::Color::Red))
                .set_bold(true),
        );
        let _ = write!(buf, "error");
        let _ = buf.reset();
        let _ = writeln!(buf, ": {message}");
        let _ = std::io::stderr().write_all(buf.as_slice());
    }
}

/// The `-v` line for an output file: written, or left alone because it
/// already held these bytes.
pub(super) fn written_line(path: &std::path::Path, size: usize, fresh: bool) -> String {
    let verb = if fresh { "wrote" } else { "unchanged" };
    format!("{verb} {} ({} KB)", path.display(), size.div_ceil(1024))
}
