//! The articles as HTML: the lead on the issue page, a related item's
//! teaser in its kind's group, and an article's own page.

use super::Site;
use crate::epub::sanitize::safe_url;
use crate::epub::xhtml::{MarkdownWriter, attr, text};
use crate::model::{Article, Markdown, Words};

impl Site<'_> {
    /// Markdown (text, then notes) as HTML, its warnings kept under the
    /// article's name. `prefix` keeps ids unique in the page; `top` is the
    /// level the document's biggest headings get.
    pub(crate) fn markdown(
        &mut self,
        doc: &Markdown,
        prefix: &str,
        top: u8,
        article: &str,
    ) -> (String, String) {
        let mut out = String::new();
        let mut notes = String::new();
        let mut w = MarkdownWriter::new(&mut out, doc, &self.images, prefix, top).for_web();
        w.notes_title = self.issue.words().notes();
        w.blocks(&doc.blocks);
        w.out = &mut notes;
        w.footnotes();
        let warnings = std::mem::take(&mut w.warnings);
        self.warnings.extend(
            warnings
                .into_iter()
                .map(|m| format!("in \"{article}\" (web): {m}")),
        );
        (out, notes)
    }

    /// The article's link to its original, when it has a safe one.
    fn source_url(&mut self, article: &Article) -> Option<String> {
        let url = article.url.as_deref()?;
        let safe = safe_url(url);
        if safe.is_none() {
            self.warnings.push(format!(
                "in \"{}\" (web): link `{url}` is not an absolute http(s) or mailto address; left out",
                article.title
            ));
        }
        safe
    }

    /// The lead, as the issue page shows it: in full, or its summary and
    /// a link to the full article.
    pub(crate) fn lead(&mut self) -> String {
        let issue = self.issue;
        let words = issue.words();
        let lead = &issue.lead;
        let mut b = String::from("<article class=\"lead\" aria-labelledby=\"pr-title\">\n");
        b.push_str(&head(lead, words, 1, "pr-title", None));
        let url = self.source_url(lead);
        let notes = match (&lead.body, &lead.summary) {
            (Some(body), _) => {
                let (html, notes) = self.markdown(body, "", 2, &lead.title);
                b.push_str(&format!("<div class=\"body\">\n{html}</div>\n"));
                notes
            }
            (None, Some(summary)) => {
                let (html, notes) = self.markdown(summary, "", 2, &lead.title);
                b.push_str(&format!("<div class=\"body summary\">\n{html}</div>\n"));
                notes
            }
            (None, None) => String::new(),
        };
        b.push_str(&source_line(lead, url.as_deref(), words));
        b.push_str(&notes);
        b.push_str("</article>\n");
        b
    }

    /// A related item in its group: kind, outlet and date, title (linking
    /// to its page, else to its original), summary, byline.
    pub(crate) fn teaser(&mut self, index: usize, article: &Article) -> String {
        let words = self.issue.words();
        let href = match self.pages.get(index).cloned().flatten() {
            Some(page) => Some(page),
            None => self.source_url(article),
        };
        let id = format!("pr-item-{index}");
        let mut b = format!("<article class=\"item\" aria-labelledby=\"{id}\">\n");
        b.push_str(&heading(article, words, 3, &id, href.as_deref()));
        if let Some(summary) = &article.summary {
            let (html, notes) = self.markdown(summary, &format!("s{index}-"), 4, &article.title);
            b.push_str(&format!("<div class=\"summary\">\n{html}{notes}</div>\n"));
        }
        b.push_str(&byline(article, words).unwrap_or_default());
        b.push_str("</article>\n");
        b
    }

    /// The body of an article's own page.
    pub(crate) fn article_page(&mut self, article: &Article) -> String {
        let words = self.issue.words();
        let mut b = String::from("<article class=\"lead\" aria-labelledby=\"pr-title\">\n");
        b.push_str(&head(article, words, 1, "pr-title", None));
        let url = self.source_url(article);
        let notes = match &article.body {
            Some(body) => {
                let (html, notes) = self.markdown(body, "", 2, &article.title);
                b.push_str(&format!("<div class=\"body\">\n{html}</div>\n"));
                notes
            }
            None => String::new(),
        };
        b.push_str(&source_line(article, url.as_deref(), words));
        b.push_str(&notes);
        b.push_str("</article>\n");
        b
    }
}

/// An article's header: kind and meta line (outlet, date), the title at
/// heading `level` (a link when `href` is given), dek and byline. On the
/// seed page the byline closes a teaser; a full article has it on top.
fn head(article: &Article, words: Words, level: u8, id: &str, href: Option<&str>) -> String {
    let mut b = heading(article, words, level, id, href);
    if let Some(byline) = byline(article, words) {
        b.insert_str(b.len() - "</header>\n".len(), &byline);
    }
    b
}

/// "By A and B" as a paragraph, when the article has authors.
fn byline(article: &Article, words: Words) -> Option<String> {
    words
        .byline(&article.authors)
        .map(|b| format!("<p class=\"byline\">{}</p>\n", text(&b)))
}

/// [`head`] without the byline.
fn heading(article: &Article, words: Words, level: u8, id: &str, href: Option<&str>) -> String {
    let mut b = String::from("<header>\n<p class=\"kicker\">");
    b.push_str(&format!(
        "<span class=\"kind\">{}</span>",
        text(&article.kind)
    ));
    if let Some(outlet) = &article.outlet {
        b.push_str(&format!(" <span class=\"outlet\">{}</span>", text(outlet)));
    }
    if let Some(date) = &article.date {
        b.push_str(&format!(
            " <time datetime=\"{}\">{}</time>",
            date.iso(),
            text(&words.date(date.0))
        ));
    }
    b.push_str("</p>\n");
    let title = match href {
        Some(h) => format!("<a href=\"{}\">{}</a>", attr(h), text(&article.title)),
        None => text(&article.title),
    };
    b.push_str(&format!("<h{level} id=\"{id}\">{title}</h{level}>\n"));
    if let Some(dek) = &article.dek {
        b.push_str(&format!("<p class=\"dek\">{}</p>\n", text(dek)));
    }
    b.push_str("</header>\n");
    b
}

/// Under a full text: "First published in OUTLET"; under a summary: "Read
/// the full article at OUTLET", as a link.
fn source_line(article: &Article, url: Option<&str>, words: Words) -> String {
    let outlet = article.outlet.as_deref();
    match (article.body.is_some(), url) {
        (true, Some(u)) => match outlet {
            Some(o) => format!(
                "<p class=\"source\">{}<a href=\"{}\">{}</a></p>\n",
                text(words.first_published_in()),
                attr(u),
                text(o)
            ),
            // No outlet to name: the link says where it goes.
            None => format!(
                "<p class=\"source\"><a href=\"{}\">{}</a></p>\n",
                attr(u),
                text(&words.read_original(None))
            ),
        },
        (true, None) => match outlet {
            Some(o) => format!(
                "<p class=\"source\">{}{}</p>\n",
                text(words.first_published_in()),
                text(o)
            ),
            None => String::new(),
        },
        (false, Some(u)) => format!(
            "<p class=\"read-more\"><a href=\"{}\">{}</a></p>\n",
            attr(u),
            text(&words.read_full_article(outlet))
        ),
        (false, None) => String::new(),
    }
}
