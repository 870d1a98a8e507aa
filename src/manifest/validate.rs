//! Raw manifest → model: required fields, real dates, files inside the
//! series root, decodable images, sane URLs; every problem collected.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::files::{self, Named};
use super::raw::{OneOrMany, RawIssue, RawLead, RawNumber, RawRelated, Scalar};
use super::series::Series;
use super::tree::Node;
use super::{invisible, language, style};
use crate::diag::{Diagnostic, Diagnostics, Severity, SourceFile, StageResult, Warned};
use crate::markdown;
use crate::model::{Article, Asset, Date, Issue, IssueNumber, Link, Markdown, Style, Words};

pub struct Input {
    pub file: Arc<SourceFile>,
    pub tree: Node,
    pub raw: RawIssue,
    /// The manifest's folder (canonical).
    pub dir: PathBuf,
    pub series: Option<Series>,
    pub timestamp: i64,
    /// Warnings from reading the manifest (invisible characters).
    pub warnings: Diagnostics,
}

/// One step of a path into the manifest tree, for locating values.
#[derive(Clone, Copy)]
pub enum Seg<'a> {
    Key(&'a str),
    Idx(usize),
}
use Seg::{Idx, Key};

pub(super) struct Ctx<'a> {
    pub file: &'a Arc<SourceFile>,
    tree: &'a Node,
    pub root: PathBuf,
    dir: PathBuf,
    pub diags: Diagnostics,
    assets: Vec<Asset>,
    asset_index: HashMap<PathBuf, usize>,
}

impl<'a> Ctx<'a> {
    /// The byte range of the value at `path`, or of its nearest ancestor.
    pub fn span(&self, path: &[Seg<'_>]) -> Range<usize> {
        let mut node = self.tree;
        let mut span = 0..0;
        for seg in path {
            let next = match seg {
                Key(k) => node.get(k),
                Idx(i) => node.items().get(*i),
            };
            match next {
                Some(n) => {
                    node = n;
                    span = n.span.clone();
                }
                None => break,
            }
        }
        span
    }

    pub fn error(&mut self, path: &[Seg<'_>], message: impl Into<String>, hint: impl Into<String>) {
        let span = self.span(path);
        self.diags
            .push(Diagnostic::error(message).at(self.file, span).hint(hint));
    }

    pub fn warn(&mut self, path: &[Seg<'_>], message: impl Into<String>, hint: impl Into<String>) {
        let span = self.span(path);
        self.diags
            .push(Diagnostic::warning(message).at(self.file, span).hint(hint));
    }

    /// A required, non-empty string.
    fn required(&mut self, value: Option<String>, path: &[Seg<'_>], what: &str) -> String {
        match value.map(|s| s.trim().to_owned()) {
            Some(s) if !s.is_empty() => s,
            _ => {
                let key = match path.last() {
                    Some(Key(k)) => *k,
                    _ => what,
                };
                self.error(
                    path,
                    format!("{what} is missing"),
                    format!("add `{key}: …` here"),
                );
                String::new()
            }
        }
    }

    fn date(&mut self, value: Option<Scalar>, path: &[Seg<'_>]) -> Option<Date> {
        let text = match value? {
            Scalar::Text(s) => s,
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
        };
        match parse_date(text.trim()) {
            Ok(d) => Some(d),
            Err(hint) => {
                self.error(path, format!("`{text}` is not a valid date"), hint);
                None
            }
        }
    }

    fn url(&mut self, value: Option<String>, path: &[Seg<'_>]) -> Option<String> {
        let url = value?.trim().to_owned();
        if is_absolute_url(&url) {
            Some(url)
        } else {
            self.error(
                path,
                format!("`{url}` is not an absolute http(s) or mailto URL"),
                "write the full address, e.g. https://example.org/page",
            );
            None
        }
    }

    /// Reads and converts a markdown file named at `path`.
    fn markdown_file(&mut self, rel: &str, path: &[Seg<'_>]) -> Option<Markdown> {
        let span = self.span(path);
        let named = Named {
            file: self.file,
            span,
        };
        let resolved = files::resolve(&self.root, &self.dir, rel, &named);
        let text = resolved.and_then(|p| files::read_text(&p, Some(&named)).map(|t| (p, t)));
        let (resolved, text) = match text {
            Ok(ok) => ok,
            Err(d) => {
                self.diags.push(d);
                return None;
            }
        };
        let name = super::display_path(&resolved);
        let cleaned = invisible::clean(&name, text, invisible::Kind::Markdown);
        self.diags.extend(cleaned.warnings);
        let md_file = SourceFile::new(name, cleaned.text);
        let base = resolved.parent().unwrap_or(Path::new("/")).to_owned();
        let markdown = self.convert(&md_file, &base, None);
        if markdown.is_empty() {
            self.diags.push(
                Diagnostic::warning(format!("{} has no content", md_file.path.display()))
                    .at(self.file, self.span(path))
                    .hint("write the article, or remove the `body:` line"),
            );
        }
        Some(markdown)
    }

    /// Converts inline markdown written in the manifest itself.
    fn markdown_inline(&mut self, text: &str, path: &[Seg<'_>]) -> Markdown {
        let md_file = SourceFile::new(self.file.path.clone(), text);
        let dir = self.dir.clone();
        let span = self.span(path);
        self.convert(&md_file, &dir, Some(span))
    }

    /// Runs the markdown converter; images resolve against `base`.
    /// Problems in inline text are reported at `inline_span` in the manifest.
    fn convert(
        &mut self,
        md: &Arc<SourceFile>,
        base: &Path,
        inline_span: Option<Range<usize>>,
    ) -> Markdown {
        let manifest = self.file.clone();
        let (root, assets, index, diags) = (
            &self.root,
            &mut self.assets,
            &mut self.asset_index,
            &mut self.diags,
        );
        let locate = |range: Range<usize>| match &inline_span {
            Some(span) => (manifest.clone(), span.clone()),
            None => (md.clone(), range),
        };
        let mut resolve_image = |url: &str, range: Range<usize>| {
            let (file, span) = locate(range);
            let named = Named { file: &file, span };
            let resolved = match files::resolve_url_path(root, base, url, &named) {
                Ok(p) => p,
                Err(d) => {
                    diags.push(d);
                    return None;
                }
            };
            if let Some(&i) = index.get(&resolved) {
                return Some(i);
            }
            let name = asset_name(root, &resolved);
            match files::read_image(&resolved, name, &named) {
                Ok(asset) => {
                    assets.push(asset);
                    index.insert(resolved, assets.len() - 1);
                    Some(assets.len() - 1)
                }
                Err(d) => {
                    diags.push(d);
                    None
                }
            }
        };
        let (markdown, problems) = markdown::convert(&md.text, &mut resolve_image);
        for p in problems {
            let (file, span) = locate(p.range);
            let mut d = match p.severity {
                Severity::Error => Diagnostic::error(p.message),
                Severity::Warning => Diagnostic::warning(p.message),
            }
            .at(&file, span);
            if let Some(h) = p.hint {
                d = d.hint(h);
            }
            self.diags.push(d);
        }
        self.check_links(&markdown, md, inline_span.as_ref());
        markdown
    }

    /// Relative links mean nothing in an EPUB or a printed packet: warn.
    fn check_links(
        &mut self,
        md: &Markdown,
        file: &Arc<SourceFile>,
        inline_span: Option<&Range<usize>>,
    ) {
        let mut bad = Vec::new();
        crate::model::visit_links(md, &mut |url| {
            if !is_absolute_url(url) && !url.starts_with('#') {
                bad.push(url.to_owned());
            }
        });
        for url in bad {
            let (f, span) = match inline_span {
                Some(s) => (self.file.clone(), s.clone()),
                None => {
                    let at = file.text.find(&format!("]({url}")).map_or(0, |i| i + 2);
                    (file.clone(), at..at + url.len())
                }
            };
            self.diags.push(
                Diagnostic::warning(format!("link `{url}` is not an absolute URL"))
                    .at(&f, span)
                    .hint("readers of the EPUB and PDF can only follow http(s) and mailto links"),
            );
        }
    }

    /// Reads an image named in the manifest (the cover).
    fn image(&mut self, rel: &str, path: &[Seg<'_>]) -> Option<usize> {
        let named = Named {
            file: self.file,
            span: self.span(path),
        };
        let result = files::resolve(&self.root, &self.dir, rel, &named).and_then(|p| {
            let name = asset_name(&self.root, &p);
            files::read_image(&p, name, &named)
        });
        match result {
            Ok(asset) => {
                self.assets.push(asset);
                Some(self.assets.len() - 1)
            }
            Err(d) => {
                self.diags.push(d);
                None
            }
        }
    }
}

/// Validates the whole issue; Err holds every error (and the warnings).
pub fn issue(input: Input) -> StageResult<Issue> {
    let Input {
        file,
        tree,
        raw,
        dir,
        series,
        timestamp,
        warnings,
    } = input;
    let root = series.as_ref().map_or(dir.clone(), |s| s.root.clone());
    let mut ctx = Ctx {
        file: &file,
        tree: &tree,
        root,
        dir,
        diags: warnings,
        assets: Vec::new(),
        asset_index: HashMap::new(),
    };
    if let Some(s) = &series {
        ctx.diags.extend(s.warnings.iter().cloned());
    }
    let (s_news, s_pub, s_lang, s_desc, s_editors, s_style, site_url, delivery, s_formats) =
        match series {
            Some(s) => {
                let site_url = super::series::site_url(&s, &mut ctx.diags);
                let formats = super::series::formats(&s, &mut ctx.diags);
                let delivery = s
                    .raw
                    .delivery
                    .and_then(|d| super::delivery::validate(d, &s.file, &s.tree, &mut ctx.diags));
                let st = style::validate(
                    s.raw.style.unwrap_or_default(),
                    &s.file,
                    &s.tree,
                    &s.root,
                    &mut ctx.diags,
                );
                (
                    s.raw.newsletter,
                    s.raw.publisher,
                    s.raw.language,
                    s.raw.description,
                    s.raw.editors,
                    st,
                    site_url,
                    delivery,
                    formats,
                )
            }
            None => (
                None,
                None,
                None,
                None,
                None,
                Style::default(),
                None,
                None,
                None,
            ),
        };

    let newsletter = match raw.newsletter.or(s_news) {
        Some(n) if !n.trim().is_empty() => n.trim().to_owned(),
        _ => {
            ctx.error(
                &[],
                "the newsletter name is missing",
                "add `newsletter: …` here or in series.yaml",
            );
            String::new()
        }
    };
    let number = match raw.issue {
        Some(RawNumber::Int(n)) if n > 0 => Some(IssueNumber::Number(n.unsigned_abs())),
        Some(RawNumber::Int(n)) => {
            ctx.error(
                &[Key("issue")],
                format!("issue number {n} is not positive"),
                "issue numbers start at 1",
            );
            None
        }
        Some(RawNumber::Label(l)) => {
            let l = l.trim().to_owned();
            if l.is_empty() || l.chars().count() > 24 {
                ctx.error(
                    &[Key("issue")],
                    "the issue label must be 1–24 characters",
                    "e.g. `34` or `34b`",
                );
                None
            } else {
                Some(IssueNumber::Label(l))
            }
        }
        None => {
            ctx.error(
                &[],
                "the issue number is missing",
                "add `issue: 34` (a positive number or short label)",
            );
            None
        }
    };
    let date = match raw.date {
        Some(d) => ctx.date(Some(d), &[Key("date")]),
        None => {
            ctx.error(&[], "the issue date is missing", "add `date: YYYY-MM-DD`");
            None
        }
    };
    let lang_path = [Key("language")];
    let language = raw.language.or(s_lang).unwrap_or_else(|| "en".to_owned());
    let language = language.trim().to_owned();
    match language::check(&language) {
        language::Verdict::Ok => {}
        language::Verdict::Unknown => ctx.warn(
            &lang_path,
            format!("language tag `{language}` is not a known ISO 639 language"),
            "e-readers may reject it; use a BCP 47 tag such as en, en-GB, ko, fr",
        ),
        language::Verdict::Malformed => ctx.error(
            &lang_path,
            format!("`{language}` is not a BCP 47 language tag"),
            "use a tag such as en, en-US, ko, pt-BR",
        ),
    }
    let editors = raw
        .editors
        .or(s_editors)
        .map(OneOrMany::into_vec)
        .unwrap_or_default();
    let cover = raw
        .cover
        .as_deref()
        .and_then(|c| ctx.image(c, &[Key("cover")]));

    let lead = match raw.lead {
        Some(l) => Some(lead(&mut ctx, l, date, Words::for_language(&language))),
        None => {
            ctx.error(
                &[],
                "the lead article is missing",
                "add a `lead:` section with at least `title:` and `body:`",
            );
            None
        }
    };
    let related: Vec<Article> = raw
        .related
        .into_iter()
        .enumerate()
        .map(|(i, r)| related(&mut ctx, r, i))
        .collect();
    let mut links = Vec::new();
    for (i, l) in raw.links.into_iter().enumerate() {
        let label = ctx.required(
            l.label,
            &[Key("links"), Idx(i), Key("label")],
            "the link label",
        );
        let url = match l.url {
            Some(u) => ctx.url(Some(u), &[Key("links"), Idx(i), Key("url")]),
            None => {
                ctx.error(
                    &[Key("links"), Idx(i)],
                    "the link URL is missing",
                    "add `url: https://…`",
                );
                None
            }
        };
        if let Some(url) = url {
            links.push(Link { label, url });
        }
    }

    let Ctx { diags, assets, .. } = ctx;
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    let (Some(number), Some(date), Some(lead)) = (number, date, lead) else {
        return Err(diags);
    };
    let slug = slug(&newsletter, &number);
    let issue = Issue {
        newsletter,
        number,
        date,
        language,
        publisher: raw.publisher.or(s_pub).filter(|p| !p.trim().is_empty()),
        description: raw.description.or(s_desc).filter(|d| !d.trim().is_empty()),
        editors,
        cover,
        lead,
        related,
        links,
        style: s_style,
        site_url,
        delivery,
        formats: s_formats,
        assets,
        slug,
        timestamp,
    };
    Ok(Warned {
        output: issue,
        warnings: diags,
    })
}

fn lead(ctx: &mut Ctx<'_>, l: RawLead, issue_date: Option<Date>, words: Words) -> Article {
    let p = |k: &'static str| [Key("lead"), Key(k)];
    let title = ctx.required(l.title, &p("title"), "the lead title");
    let date = ctx.date(l.date, &p("date")).or(issue_date);
    let body = body(ctx, l.body, l.text, &[Key("lead")], true);
    let (outlet, url) = match l.source {
        Some(s) => {
            let outlet = s.outlet.filter(|o| !o.trim().is_empty());
            let url = ctx.url(s.url, &[Key("lead"), Key("source"), Key("url")]);
            if outlet.is_none() && url.is_none() {
                ctx.warn(
                    &p("source"),
                    "`source` names neither outlet nor url",
                    "add `outlet:` and `url:`, or remove it",
                );
            }
            (outlet, url)
        }
        None => (None, None),
    };
    Article {
        kind: l
            .kind
            .filter(|k| !k.trim().is_empty())
            .unwrap_or_else(|| words.lead_kind().to_owned()),
        title,
        dek: l.dek.filter(|d| !d.trim().is_empty()),
        authors: authors(l.authors),
        date,
        outlet,
        url,
        summary: None,
        body,
        is_lead: true,
    }
}

fn related(ctx: &mut Ctx<'_>, r: RawRelated, i: usize) -> Article {
    let here = [Key("related"), Idx(i)];
    let p = |k: &'static str| [Key("related"), Idx(i), Key(k)];
    let kind = ctx.required(r.kind, &p("kind"), "the item's kind");
    let title = ctx.required(r.title, &p("title"), "the item's title");
    let date = ctx.date(r.date, &p("date"));
    let url = ctx.url(r.url, &p("url"));
    let summary = r.summary.map(|s| ctx.markdown_inline(&s, &p("summary")));
    let body = body(ctx, r.body, r.text, &here, false);
    Article {
        kind: capitalize(&kind),
        title,
        dek: None,
        authors: authors(r.authors),
        date,
        outlet: r.outlet.filter(|o| !o.trim().is_empty()),
        url,
        summary,
        body,
        is_lead: false,
    }
}

/// `body:` (a file) or `text:` (inline), exactly one where required.
fn body(
    ctx: &mut Ctx<'_>,
    body: Option<String>,
    text: Option<String>,
    at: &[Seg<'_>],
    required: bool,
) -> Option<Markdown> {
    let with = |k: &'static str| -> Vec<Seg<'_>> {
        let mut v = at.to_vec();
        v.push(Key(k));
        v
    };
    match (body, text) {
        (Some(_), Some(_)) => {
            ctx.error(
                &with("text"),
                "both `body` and `text` are given",
                "keep one: `body:` names a markdown file, `text:` holds markdown inline",
            );
            None
        }
        (Some(file), None) => ctx.markdown_file(&file, &with("body")),
        (None, Some(text)) => {
            let md = ctx.markdown_inline(&text, &with("text"));
            if md.is_empty() {
                ctx.warn(
                    &with("text"),
                    "`text` is empty",
                    "write the article, or remove the line",
                );
            }
            Some(md)
        }
        (None, None) if required => {
            ctx.error(
                at,
                "the lead has no body",
                "add `body: lead.md` (a markdown file) or `text: |` with markdown",
            );
            None
        }
        (None, None) => None,
    }
}

fn authors(a: Option<OneOrMany>) -> Vec<String> {
    a.map(OneOrMany::into_vec)
        .unwrap_or_default()
        .into_iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Asset name: path under the series root with `/` separators.
fn asset_name(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// `YYYY-MM-DD` as a real calendar date; Err holds a hint.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let parts: Vec<&str> = text.split('-').collect();
    let shape_ok = parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if !shape_ok {
        return Err("write dates as YYYY-MM-DD, e.g. 2018-08-28".to_owned());
    }
    let (y, m, d) = (
        parts[0].parse::<i32>().unwrap_or(0),
        parts[1].parse::<u8>().unwrap_or(0),
        parts[2].parse::<u8>().unwrap_or(0),
    );
    let month = time::Month::try_from(m).map_err(|_| "months run from 01 to 12".to_owned())?;
    if y < 1000 {
        return Err("years run from 1000 to 9999".to_owned());
    }
    time::Date::from_calendar_date(y, month, d)
        .map(Date)
        .map_err(|_| {
            let days = month.length(y);
            format!("{month} {y} has {days} days (01–{days})")
        })
}

/// Absolute http(s) URL with a host, or mailto with an address.
pub fn is_absolute_url(url: &str) -> bool {
    if url.chars().any(char::is_whitespace) {
        return false;
    }
    let lower = url.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("mailto:") {
        return rest.contains('@') && !rest.starts_with('@');
    }
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_alphanumeric() || ".-:[]_@".contains(c))
        }
        None => false,
    }
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// `asia-pacific-security-briefing`: the newsletter's part of every slug.
pub fn series_slug(newsletter: &str) -> String {
    let parts = words(newsletter);
    if parts.is_empty() {
        "newsletter".to_owned()
    } else {
        parts.join("-")
    }
}

/// `asia-pacific-security-briefing-34`.
pub fn slug(newsletter: &str, number: &IssueNumber) -> String {
    let mut parts = vec![series_slug(newsletter)];
    let n = words(&number.to_string());
    parts.push(if n.is_empty() {
        "issue".to_owned()
    } else {
        n.join("-")
    });
    parts.join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_real() {
        assert!(parse_date("2018-08-28").is_ok());
        assert!(parse_date("2024-02-29").is_ok());
        let e = parse_date("2023-02-29").expect_err("not a leap year");
        assert!(e.contains("28 days"), "{e}");
        assert!(
            parse_date("2018-13-01")
                .expect_err("month")
                .contains("01 to 12")
        );
        assert!(parse_date("28/08/2018").is_err());
        assert!(parse_date("2018-8-28").is_err());
    }

    #[test]
    fn urls() {
        assert!(is_absolute_url("https://example.org/a?b#c"));
        assert!(is_absolute_url("mailto:desk@example.org"));
        assert!(!is_absolute_url("example.org"));
        assert!(!is_absolute_url("javascript:alert(1)"));
        assert!(!is_absolute_url("https:///nohost"));
        assert!(!is_absolute_url("https://exa mple.org"));
    }

    #[test]
    fn slugs() {
        let n = IssueNumber::Number(34);
        assert_eq!(
            slug("Asia-Pacific Security Briefing", &n),
            "asia-pacific-security-briefing-34"
        );
        assert_eq!(
            slug("  Ünïcode — Notes ", &IssueNumber::Label("7b".into())),
            "n-code-notes-7b"
        );
        assert_eq!(slug("한국", &n), "newsletter-34");
    }
}
