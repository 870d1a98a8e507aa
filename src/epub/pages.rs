//! The book's pages as XHTML strings: cover, masthead/contents, one page
//! per article with previous/next links, and the closing links page.

use super::page_marks::{PageMarks, markers};
use super::sanitize::safe_url;
use super::xhtml::{MarkdownWriter, attr, text};
use crate::model::{Article, Issue, Markdown, Words};

/// File name of every page, in reading order.
pub(crate) const COVER: &str = "cover.xhtml";
pub(crate) const CONTENTS: &str = "contents.xhtml";
pub(crate) const LINKS: &str = "links.xhtml";

/// Page file of the article at `index` in [`Issue::articles`] order.
pub(crate) fn article_file(index: usize) -> String {
    format!("article-{:02}.xhtml", index + 1)
}

/// Id prefix of the lead's headings on its page (nav links point at them).
pub(crate) const BODY_PREFIX: &str = "";

/// What every page builder needs: the issue, image hrefs per asset, and a
/// sink for warnings (already naming their article).
pub(crate) struct PageEnv<'a> {
    pub(crate) issue: &'a Issue,
    pub(crate) images: &'a [String],
    pub(crate) warnings: Vec<String>,
    /// The print edition's page breaks, when the issue was laid out.
    pub(crate) marks: Option<&'a PageMarks>,
}

/// Wraps a body in a complete XHTML document with lang on the root.
pub(crate) fn document(lang: &str, title: &str, body_class: &str, body: &str) -> String {
    let lang = attr(lang);
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n\
<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">\n\
<head>\n<meta charset=\"utf-8\"/>\n<title>{}</title>\n\
<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n\
<body class=\"{body_class}\">\n{body}</body>\n</html>\n",
        text(title)
    )
}

/// "Issue 34 · August 28, 2018".
fn issue_line(issue: &Issue) -> String {
    let words = issue.words();
    format!(
        "{} · {}",
        words.issue(&issue.number),
        words.date(issue.date.0)
    )
}

pub(crate) fn cover(issue: &Issue, image_href: &str, alt: &str) -> String {
    let body = format!(
        "<section class=\"cover\" aria-label=\"Cover\">\n<img epub:type=\"cover\" role=\"doc-cover\" src=\"{}\" alt=\"{}\"/>\n</section>\n",
        attr(image_href),
        attr(alt)
    );
    document(&issue.language, &issue.title(), "cover-page", &body)
}

impl PageEnv<'_> {
    /// Renders markdown (text, then notes), keeping its warnings under the
    /// article's name. `top` is the level its biggest headings get.
    fn markdown(
        &mut self,
        doc: &Markdown,
        prefix: &str,
        top: u8,
        article: &str,
        marks: Vec<(u32, u32, String)>,
    ) -> (String, String) {
        let mut out = String::new();
        let mut notes = String::new();
        let mut w = MarkdownWriter::new(&mut out, doc, self.images, prefix, top).with_marks(marks);
        w.notes_title = self.issue.words().notes();
        w.blocks(&doc.blocks);
        w.flush_marks();
        w.out = &mut notes;
        w.footnotes();
        let warnings = std::mem::take(&mut w.warnings);
        self.warnings.extend(
            warnings
                .into_iter()
                .map(|m| format!("in \"{article}\": {m}")),
        );
        (out, notes)
    }

    fn link_or_warn(&mut self, url: &str, article: &str) -> Option<String> {
        let safe = safe_url(url);
        if safe.is_none() {
            self.warnings.push(format!(
                "in \"{article}\": link `{url}` is not an absolute http(s) or mailto address; left out"
            ));
        }
        safe
    }

    /// The masthead and contents page.
    pub(crate) fn contents(&mut self) -> String {
        let issue = self.issue;
        let mut b = String::new();
        if let Some(m) = self.marks {
            b.push_str(&markers(&m.contents));
        }
        b.push_str("<header class=\"masthead\">\n");
        // The publisher is the kicker above the nameplate, as in print.
        if let Some(p) = &issue.publisher {
            b.push_str(&format!("<p class=\"publisher\">{}</p>\n", text(p)));
        }
        b.push_str(&format!(
            "<h1 class=\"newsletter\">{}</h1>\n<p class=\"issue-line\">{}</p>\n",
            text(&issue.newsletter),
            text(&issue_line(issue))
        ));
        if !issue.editors.is_empty() {
            b.push_str(&format!(
                "<p class=\"editors\">{}</p>\n",
                text(&issue.words().edited_by(&issue.editors))
            ));
        }
        if let Some(d) = &issue.description {
            b.push_str(&format!("<p class=\"description\">{}</p>\n", text(d)));
        }
        b.push_str(&format!(
            "</header>\n<section class=\"contents\" aria-labelledby=\"pr-contents\">\n<h2 id=\"pr-contents\">{}</h2>\n",
            text(issue.words().in_this_issue())
        ));
        for (i, article) in issue.articles().enumerate() {
            let class = if article.is_lead {
                "entry lead"
            } else {
                "entry"
            };
            b.push_str(&format!("<div class=\"{class}\">\n"));
            b.push_str(&format!("<p class=\"kind\">{}</p>\n", text(&article.kind)));
            b.push_str(&format!(
                "<h3 class=\"entry-title\"><a href=\"{}\">{}</a></h3>\n",
                article_file(i),
                text(&article.title)
            ));
            if let Some(dek) = &article.dek {
                b.push_str(&format!("<p class=\"dek\">{}</p>\n", text(dek)));
            }
            if let Some(byline) = issue.words().byline(&article.authors) {
                b.push_str(&format!("<p class=\"byline\">{}</p>\n", text(&byline)));
            }
            if !article.is_lead {
                if let Some(meta) = meta_line(article, issue.words()) {
                    b.push_str(&meta);
                }
                if let Some(summary) = &article.summary {
                    let prefix = format!("c{}-", i + 1);
                    let (html, notes) =
                        self.markdown(summary, &prefix, 4, &article.title, Vec::new());
                    b.push_str(&format!("<div class=\"summary\">\n{html}{notes}</div>\n"));
                }
            }
            b.push_str("</div>\n");
        }
        if !issue.links.is_empty() {
            b.push_str(&format!(
                "<p class=\"more\"><a href=\"{LINKS}\">{}</a></p>\n",
                text(issue.words().further_reading())
            ));
        }
        b.push_str("</section>\n");
        document(&issue.language, &issue.title(), "contents-page", &b)
    }

    /// One article page: header, body (or summary and link), notes, pager.
    pub(crate) fn article(&mut self, index: usize) -> String {
        let issue = self.issue;
        let articles: Vec<&Article> = issue.articles().collect();
        let article = articles[index];
        let name = article.title.as_str();
        let marks = self.marks.and_then(|m| m.articles.get(index));
        let mut b = String::new();
        b.push_str("<article class=\"article\" aria-labelledby=\"pr-title\">\n");
        if let Some(m) = marks {
            b.push_str(&markers(&m.header));
        }
        b.push_str("<header class=\"article-head\">\n");
        b.push_str(&format!("<p class=\"kind\">{}</p>\n", text(&article.kind)));
        b.push_str(&format!(
            "<h1 id=\"pr-title\" class=\"title\">{}</h1>\n",
            text(&article.title)
        ));
        if let Some(dek) = &article.dek {
            b.push_str(&format!("<p class=\"dek\">{}</p>\n", text(dek)));
        }
        if let Some(byline) = issue.words().byline(&article.authors) {
            b.push_str(&format!("<p class=\"byline\">{}</p>\n", text(&byline)));
        }
        if let Some(meta) = meta_line(article, issue.words()) {
            b.push_str(&meta);
        }
        b.push_str("</header>\n");
        let url = match &article.url {
            Some(u) => self.link_or_warn(u, name),
            None => None,
        };
        let block_marks = marks.map(|m| m.blocks.clone()).unwrap_or_default();
        let notes = match (&article.body, &article.summary) {
            (Some(body), _) => {
                let (html, notes) = self.markdown(body, BODY_PREFIX, 2, name, block_marks);
                b.push_str(&format!("<div class=\"body\">\n{html}</div>\n"));
                notes
            }
            (None, Some(summary)) => {
                let (html, notes) = self.markdown(summary, BODY_PREFIX, 2, name, block_marks);
                b.push_str(&format!("<div class=\"body summary\">\n{html}</div>\n"));
                notes
            }
            (None, None) => String::new(),
        };
        if let Some(m) = marks {
            b.push_str(&markers(&m.source));
        }
        b.push_str(&source_line(article, url.as_deref(), issue.words()));
        b.push_str(&notes);
        b.push_str("</article>\n");
        b.push_str(&self.pager(index, &articles));
        document(&issue.language, &article.title, "article-page", &b)
    }

    fn pager(&self, index: usize, articles: &[&Article]) -> String {
        let words = self.issue.words();
        let (previous, next_word) = words.previous_next();
        let prev = match index {
            0 => (CONTENTS.to_owned(), words.contents().to_owned()),
            i => (article_file(i - 1), articles[i - 1].title.clone()),
        };
        let next = if index + 1 < articles.len() {
            Some((article_file(index + 1), articles[index + 1].title.clone()))
        } else if !self.issue.links.is_empty() {
            Some((LINKS.to_owned(), words.further_reading().to_owned()))
        } else {
            None
        };
        let mut b = String::from("<nav class=\"pager\" aria-label=\"Previous and next\">\n");
        b.push_str(&format!(
            "<p class=\"prev\"><a rel=\"prev\" href=\"{}\">← {}{}{}</a></p>\n",
            prev.0,
            previous,
            words.colon(),
            text(&prev.1)
        ));
        if let Some((file, title)) = next {
            b.push_str(&format!(
                "<p class=\"next\"><a rel=\"next\" href=\"{file}\">{next_word}{}{} →</a></p>\n",
                words.colon(),
                text(&title)
            ));
        }
        b.push_str("</nav>\n");
        b
    }

    /// The closing page with the manifest's links.
    pub(crate) fn links(&mut self) -> String {
        let issue = self.issue;
        let words = issue.words();
        let mut b = format!(
            "<section class=\"closing\" aria-labelledby=\"pr-links\">\n{}<h1 id=\"pr-links\">{}</h1>\n<ul class=\"links\">\n",
            self.marks.map(|m| markers(&m.closing)).unwrap_or_default(),
            text(words.further_reading())
        );
        let mut any = false;
        for link in &issue.links {
            if let Some(url) = self.link_or_warn(&link.url, "links") {
                any = true;
                b.push_str(&format!(
                    "<li><a href=\"{}\">{}</a></li>\n",
                    attr(&url),
                    text(&link.label)
                ));
            } else {
                b.push_str(&format!("<li>{}</li>\n", text(&link.label)));
                any = true;
            }
        }
        if !any {
            b.push_str("<li>No links</li>\n");
        }
        b.push_str("</ul>\n");
        let mut colophon = issue.title();
        colophon.push_str(&format!(" · {}", words.date(issue.date.0)));
        if let Some(p) = &issue.publisher {
            colophon.push_str(&format!(" · {p}"));
        }
        b.push_str(&format!(
            "<p class=\"colophon\">{}</p>\n</section>\n",
            text(&colophon)
        ));
        let articles: Vec<&Article> = issue.articles().collect();
        let last = articles.len() - 1;
        b.push_str(&format!(
            "<nav class=\"pager\" aria-label=\"Previous\">\n<p class=\"prev\"><a rel=\"prev\" href=\"{}\">← {}{}{}</a></p>\n</nav>\n",
            article_file(last),
            words.previous_next().0,
            words.colon(),
            text(&articles[last].title)
        ));
        document(&issue.language, words.further_reading(), "closing-page", &b)
    }
}

/// "Outlet · January 6, 2019" under a title, when either is known.
fn meta_line(article: &Article, words: Words) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(outlet) = &article.outlet {
        parts.push(format!("<span class=\"outlet\">{}</span>", text(outlet)));
    }
    if let Some(date) = &article.date {
        parts.push(format!(
            "<time datetime=\"{}\">{}</time>",
            date.iso(),
            text(&words.date(date.0))
        ));
    }
    (!parts.is_empty()).then(|| format!("<p class=\"meta\">{}</p>\n", parts.join(" · ")))
}

/// The lead's "First published in OUTLET", or a related item's link to
/// its original.
fn source_line(article: &Article, url: Option<&str>, words: Words) -> String {
    let outlet = article.outlet.as_deref();
    let label = match (outlet, url) {
        (Some(o), _) => text(o),
        (None, Some(u)) => text(u),
        (None, None) => return String::new(),
    };
    let linked = match url {
        Some(u) => format!("<a href=\"{}\">{label}</a>", attr(u)),
        None => label,
    };
    if article.is_lead {
        format!(
            "<p class=\"source\">{}{linked}</p>\n",
            text(words.first_published_in())
        )
    } else if article.body.is_some() {
        match url {
            Some(_) if words == Words::En => {
                format!("<p class=\"source\">Originally published in {linked}</p>\n")
            }
            Some(_) => format!(
                "<p class=\"source\">{}{linked}</p>\n",
                text(words.first_published_in())
            ),
            None => String::new(),
        }
    } else {
        match url {
            // The outlet goes into the phrase already escaped and linked.
            Some(_) => format!(
                "<p class=\"source\">{}</p>\n",
                words.read_original(Some(&linked))
            ),
            None => String::new(),
        }
    }
}
