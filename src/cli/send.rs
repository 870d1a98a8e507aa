//! `send`: the email edition to each recipient over SMTP (the EPUB,
//! attached, to Kindle addresses). A refused recipient does not stop the
//! others; a sent-log in the output folder keeps an issue from going to
//! the same address twice unless `--again` says so.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use lettre::message::Mailbox;

use super::report::Output;
use super::{EXIT_INVALID, EXIT_USAGE, SendArgs, discover};
use crate::diag::{Diagnostic, Severity};
use crate::email::{self, smtp};
use crate::manifest::{self, LoadOptions};
use crate::model::Issue;

/// The sent-log's name in the output folder.
pub const SENT_LOG: &str = ".pressrun-sent.log";
/// Where the SMTP password comes from (never a file or the command line).
pub const PASSWORD_VAR: &str = "PRESSRUN_SMTP_PASSWORD";
/// An extra trusted root certificate (PEM file), for a test server.
pub const CA_VAR: &str = "PRESSRUN_SMTP_CA";

pub fn run(args: &SendArgs, out: &Output) -> u8 {
    let manifest = match discover::manifests(std::slice::from_ref(&args.issue)) {
        Ok(m) if m.len() == 1 => m.into_iter().next(),
        Ok(m) if m.is_empty() => None,
        Ok(m) => {
            out.usage_error(&format!(
                "{} holds {} issues; name one issue folder or manifest",
                args.issue.display(),
                m.len()
            ));
            return EXIT_USAGE;
        }
        Err(e) => {
            out.usage_error(&e);
            return EXIT_USAGE;
        }
    };
    let Some(manifest) = manifest else {
        out.usage_error(&format!("no issue.yaml in {}", args.issue.display()));
        return EXIT_USAGE;
    };
    let recipients = match recipients(args) {
        Ok(r) if r.is_empty() => {
            out.usage_error("no recipients: give --to ADDRESS or --recipients FILE");
            return EXIT_USAGE;
        }
        Ok(r) => r,
        Err(e) => {
            out.usage_error(&e);
            return EXIT_USAGE;
        }
    };
    let timestamp = match super::timestamp() {
        Ok(t) => t,
        Err(e) => {
            out.usage_error(&e);
            return EXIT_USAGE;
        }
    };
    let issue = match manifest::load(&manifest, &LoadOptions { timestamp }) {
        Ok(w) => {
            eprint!("{}", out.render(&w.warnings));
            w.output
        }
        Err(diags) => {
            eprint!("{}", out.render(&diags));
            return EXIT_INVALID;
        }
    };
    let Some(delivery) = issue.delivery.clone() else {
        let d = Diagnostic::error("series.yaml has no `delivery:` section")
            .in_file(&manifest)
            .hint("add `delivery:` with `from:` and `smtp:` (see docs/manifest.md)");
        eprint!("{}", out.render(&[d]));
        return EXIT_INVALID;
    };
    let mailer = if args.dry_run {
        None
    } else {
        match mailer(&issue) {
            Ok(m) => Some(m),
            Err(d) => {
                eprint!("{}", out.render(&[d.in_file(&manifest)]));
                return EXIT_INVALID;
            }
        }
    };

    // Render once: the email for readers, the EPUB for Kindles.
    let letter = email::letter(&issue);
    eprint!("{}", out.render(&letter.warnings));
    let letter = letter.output;
    let epub = if recipients.iter().any(|r| email::is_kindle(r)) {
        match epub(&issue, out) {
            Some(bytes) => Some(bytes),
            None => return EXIT_INVALID,
        }
    } else {
        None
    };

    let log_path = args.out.join(SENT_LOG);
    let log = read_log(&log_path);
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        out.usage_error(&format!("cannot create {}: {e}", args.out.display()));
        return EXIT_INVALID;
    }
    let mut failed = 0;
    let mut sent = 0;
    for to in &recipients {
        let kindle = email::is_kindle(to);
        let bytes = match (&epub, kindle) {
            (Some(book), true) => email::kindle_message(&issue, book, to),
            _ => email::message(&issue, &letter, Some(to)),
        };
        let bytes = match bytes {
            Ok(b) => b,
            Err(d) => {
                eprint!("{}", out.render(&[d]));
                failed += 1;
                continue;
            }
        };
        let what = if kindle { "the EPUB" } else { "the email" };
        let earlier = log
            .iter()
            .find(|(slug, addr, _)| *slug == issue.slug && addr.eq_ignore_ascii_case(&address(to)));
        let Some(mailer) = &mailer else {
            let path = args
                .out
                .join(format!("{}-to-{}.eml", issue.slug, file_part(to)));
            if let Err(e) = crate::output::write_atomic(&[(path.clone(), bytes)]) {
                out.usage_error(&format!("cannot write {}: {e}", path.display()));
                failed += 1;
                continue;
            }
            let note = match earlier {
                Some((_, _, when)) => format!(" (already sent on {when}: sending needs --again)"),
                None => String::new(),
            };
            if !out.quiet {
                eprintln!(
                    "dry run: {what} for {to} written to {}{note}",
                    path.display()
                );
            }
            continue;
        };
        if let Some((_, _, when)) = earlier
            && !args.again
        {
            eprintln!(
                "not sent to {to}: issue {} already went there on {when} (pass --again to send it again)",
                issue.slug
            );
            failed += 1;
            continue;
        }
        match mailer.send(&delivery.from, to, &bytes) {
            Ok(answer) => {
                sent += 1;
                if !out.quiet {
                    eprintln!(
                        "sent {what} to {to} ({} KB): {answer}",
                        bytes.len().div_ceil(1024)
                    );
                }
                if let Err(e) = append_log(&log_path, &issue, to) {
                    eprintln!(
                        "warning: cannot record the send in {}: {e}",
                        log_path.display()
                    );
                }
            }
            Err(answer) => {
                failed += 1;
                eprintln!("failed: {to}: {answer}");
            }
        }
    }
    if !out.quiet && mailer.is_some() {
        eprintln!(
            "sent {sent} of {} message{}, {failed} failed",
            recipients.len(),
            if recipients.len() == 1 { "" } else { "s" }
        );
    }
    if failed > 0 { EXIT_INVALID } else { 0 }
}

/// Addresses from `--to` and `--recipients`, checked, without repeats.
fn recipients(args: &SendArgs) -> Result<Vec<String>, String> {
    let mut list: Vec<(String, String)> = args
        .to
        .iter()
        .map(|a| (a.clone(), "--to".to_owned()))
        .collect();
    if let Some(file) = &args.recipients {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if !line.is_empty() {
                list.push((line.to_owned(), format!("{}:{}", file.display(), n + 1)));
            }
        }
    }
    let mut out: Vec<String> = Vec::new();
    for (addr, from) in list {
        let addr = addr.trim().to_owned();
        if Mailbox::from_str(&addr).is_err() {
            return Err(format!("{from}: `{addr}` is not an email address"));
        }
        if !out
            .iter()
            .any(|o| address(o).eq_ignore_ascii_case(&address(&addr)))
        {
            out.push(addr);
        }
    }
    Ok(out)
}

/// The bare address of a mailbox (`Name <a@b>` → `a@b`).
fn address(mailbox: &str) -> String {
    Mailbox::from_str(mailbox).map_or_else(|_| mailbox.to_owned(), |m| m.email.to_string())
}

/// `a+b@example.org` → `a-b@example.org`, for file names.
fn file_part(mailbox: &str) -> String {
    address(mailbox)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '@' | '.' | '_' | '-') {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

fn mailer(issue: &Issue) -> Result<smtp::Mailer, Diagnostic> {
    let smtp = issue
        .delivery
        .as_ref()
        .and_then(|d| d.smtp.as_ref())
        .ok_or_else(|| {
            Diagnostic::error("series.yaml's `delivery:` names no `smtp:` server")
                .hint("add `smtp: { host: smtp.example.org, port: 587, security: starttls, username: … }`, or use --dry-run")
        })?;
    let password = std::env::var(PASSWORD_VAR).ok().filter(|p| !p.is_empty());
    if smtp.username.is_some() && password.is_none() {
        return Err(
            Diagnostic::error(format!("{PASSWORD_VAR} is not set"))
                .hint(format!("the password for delivery.smtp.username is read only from the environment: export {PASSWORD_VAR}=…")),
        );
    }
    let extra_root = match std::env::var_os(CA_VAR) {
        Some(path) => Some(std::fs::read(&path).map_err(|e| {
            Diagnostic::error(format!(
                "cannot read {CA_VAR}={}: {e}",
                Path::new(&path).display()
            ))
        })?),
        None => None,
    };
    smtp::Mailer::new(&smtp::Server {
        smtp,
        password: password.as_deref(),
        extra_root: extra_root.as_deref(),
        timeout: Duration::from_secs(60),
    })
    .map_err(Diagnostic::error)
}

/// The EPUB edition's bytes, built through the driver.
fn epub(issue: &Issue, out: &Output) -> Option<Vec<u8>> {
    let edition = crate::build::by_name("epub")?;
    let built = crate::build::issue(issue, &[edition]);
    let diags: Vec<Diagnostic> = built
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error || !out.quiet)
        .cloned()
        .collect();
    eprint!("{}", out.render(&diags));
    if built.has_errors() {
        return None;
    }
    built.outputs.into_iter().next().map(|o| o.bytes)
}

/// `(issue slug, address, time)` for every send recorded in `path`.
fn read_log(path: &PathBuf) -> Vec<(String, String, String)> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((
                f.next()?.to_owned(),
                f.next()?.to_owned(),
                f.next()?.to_owned(),
            ))
        })
        .collect()
}

fn append_log(path: &Path, issue: &Issue, to: &str) -> std::io::Result<()> {
    let now = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    writeln!(f, "{}\t{}\t{now}", issue.slug, address(to))
}
