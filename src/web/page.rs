//! Whole pages: the HTML document (head with metadata, masthead, footer)
//! around the issue page and each article page.

use super::Site;
use super::meta::{self, Card};
use crate::epub::sanitize::safe_url;
use crate::epub::xhtml::{attr, text};
use crate::model::{Issue, Words};

/// What a page's `<head>` says besides the stylesheet.
pub(crate) struct Head {
    pub(crate) title: String,
    pub(crate) card: Card,
    /// The `<script type="application/ld+json">` element.
    pub(crate) json_ld: String,
}

/// An HTML5 document: `lang`, viewport, description, canonical link,
/// social cards, stylesheet, JSON-LD, then `body`.
pub(crate) fn document(lang: &str, head: &Head, body: &str) -> String {
    let mut h = String::with_capacity(body.len() + 4096);
    h.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{}</title>\n",
        attr(lang),
        text(&head.title)
    ));
    if !head.card.description.is_empty() {
        h.push_str(&format!(
            "<meta name=\"description\" content=\"{}\">\n",
            attr(&head.card.description)
        ));
    }
    h.push_str("<meta name=\"color-scheme\" content=\"light dark\">\n");
    if let Some(url) = &head.card.url {
        h.push_str(&format!(
            "<link rel=\"canonical\" href=\"{}\">\n",
            attr(url)
        ));
    }
    h.push_str(&meta::social(&head.card));
    h.push_str("<link rel=\"stylesheet\" href=\"style.css\">\n");
    h.push_str(&head.json_ld);
    h.push_str("</head>\n<body>\n");
    h.push_str(body);
    h.push_str("</body>\n</html>\n");
    h
}

/// The nameplate: publisher kicker, newsletter (linking to the issue page
/// from an article page), issue number and date.
fn masthead(issue: &Issue, home: bool) -> String {
    let words = issue.words();
    let mut b = String::from("<header class=\"masthead\">\n<div class=\"wrap\">\n");
    if let Some(p) = &issue.publisher {
        b.push_str(&format!("<p class=\"publisher\">{}</p>\n", text(p)));
    }
    let name = text(&issue.newsletter);
    if home {
        b.push_str(&format!("<p class=\"nameplate\">{name}</p>\n"));
    } else {
        b.push_str(&format!(
            "<p class=\"nameplate\"><a href=\"index.html\">{name}</a></p>\n"
        ));
    }
    b.push_str(&format!(
        "<p class=\"issue-line\">{} · <time datetime=\"{}\">{}</time></p>\n",
        text(&words.issue(&issue.number)),
        issue.date.iso(),
        text(&words.date(issue.date.0))
    ));
    b.push_str("</div>\n</header>\n");
    b
}

/// The colophon: issue, date, publisher, editors.
fn footer(issue: &Issue) -> String {
    let words = issue.words();
    let mut line = format!("{} · {}", issue.title(), words.date(issue.date.0));
    if let Some(p) = &issue.publisher {
        line.push_str(&format!(" · {p}"));
    }
    let mut b = format!(
        "<footer class=\"colophon\">\n<div class=\"wrap\">\n<p>{}</p>\n",
        text(&line)
    );
    if !issue.editors.is_empty() {
        b.push_str(&format!(
            "<p>{}</p>\n",
            text(&words.edited_by(&issue.editors))
        ));
    }
    b.push_str("</div>\n</footer>\n");
    b
}

/// `index.html`: the lead, the related items grouped by kind (in the
/// order each kind first appears), the closing links.
pub(crate) fn issue(site: &mut Site<'_>) -> String {
    let issue = site.issue;
    let words = issue.words();
    let mut b = masthead(issue, true);
    b.push_str("<main id=\"main\" class=\"wrap\">\n");
    b.push_str(&site.lead());
    if !issue.related.is_empty() {
        b.push_str(&format!(
            "<section class=\"related\" aria-label=\"{}\">\n",
            attr(words.in_this_issue())
        ));
        let mut kinds: Vec<&str> = Vec::new();
        for a in &issue.related {
            if !kinds.contains(&a.kind.as_str()) {
                kinds.push(&a.kind);
            }
        }
        for (g, kind) in kinds.iter().enumerate() {
            b.push_str(&format!(
                "<section class=\"group\" aria-labelledby=\"pr-group-{g}\">\n<h2 id=\"pr-group-{g}\">{}</h2>\n",
                text(&group_heading(kind, words))
            ));
            for (i, a) in issue.related.iter().enumerate() {
                if a.kind == *kind {
                    b.push_str(&site.teaser(i + 1, a));
                }
            }
            b.push_str("</section>\n");
        }
        b.push_str("</section>\n");
    }
    b.push_str(&closing_links(site));
    b.push_str("</main>\n");
    b.push_str(&footer(issue));

    let lead = &issue.lead;
    let description = issue
        .description
        .clone()
        .or_else(|| lead.dek.clone())
        .or_else(|| lead.summary.as_ref().map(meta::plain))
        .unwrap_or_default();
    let head = Head {
        title: format!("{} — {}", lead.title, issue.title()),
        card: Card {
            title: lead.title.clone(),
            description: meta::clip(&description, 300),
            url: site.absolute("index.html"),
            image: site.href(&site.cover),
            image_alt: site.cover_alt.clone(),
            site_name: issue.newsletter.clone(),
            published: lead.date.or(Some(issue.date)),
            authors: lead.authors.clone(),
        },
        json_ld: meta::issue_json_ld(site),
    };
    document(&issue.language, &head, &b)
}

/// An article's own page, with a way back to the issue.
pub(crate) fn article(site: &mut Site<'_>, index: usize) -> String {
    let issue = site.issue;
    let words = issue.words();
    let Some(article) = issue.articles().nth(index) else {
        return String::new();
    };
    let file = site.pages.get(index).cloned().flatten().unwrap_or_default();
    let mut b = masthead(issue, false);
    b.push_str("<main id=\"main\" class=\"wrap\">\n");
    b.push_str(&site.article_page(article));
    b.push_str(&format!(
        "<nav class=\"pager\" aria-label=\"{}\">\n<p><a href=\"index.html\">← {}{}{}</a></p>\n</nav>\n",
        attr(&words.issue(&issue.number)),
        text(&words.issue(&issue.number)),
        words.colon(),
        text(&issue.lead.title)
    ));
    b.push_str("</main>\n");
    b.push_str(&footer(issue));
    let description = article
        .summary
        .as_ref()
        .map(meta::plain)
        .or_else(|| article.dek.clone())
        .unwrap_or_default();
    let head = Head {
        title: format!("{} — {}", article.title, issue.title()),
        card: Card {
            title: article.title.clone(),
            description: meta::clip(&description, 300),
            url: site.absolute(&file),
            image: site.href(&site.cover),
            image_alt: site.cover_alt.clone(),
            site_name: issue.newsletter.clone(),
            published: article.date,
            authors: article.authors.clone(),
        },
        json_ld: meta::article_json_ld(site, article, &file),
    };
    document(&issue.language, &head, &b)
}

/// "View All Reports · View All Articles & Multimedia".
fn closing_links(site: &mut Site<'_>) -> String {
    let issue = site.issue;
    if issue.links.is_empty() {
        return String::new();
    }
    let mut b = format!(
        "<nav class=\"more\" aria-label=\"{}\">\n<ul>\n",
        attr(issue.words().further_reading())
    );
    for link in &issue.links {
        match safe_url(&link.url) {
            Some(url) => b.push_str(&format!(
                "<li><a href=\"{}\">{}</a></li>\n",
                attr(&url),
                text(&link.label)
            )),
            None => {
                site.warnings.push(format!(
                    "in links (web): `{}` is not an absolute http(s) or mailto address; kept as text",
                    link.url
                ));
                b.push_str(&format!("<li>{}</li>\n", text(&link.label)));
            }
        }
    }
    b.push_str("</ul>\n</nav>\n");
    b
}

/// A group's heading: the kind, in the plural where English has one
/// ("Reports", "Videos"; "Commentary" stays).
fn group_heading(kind: &str, words: Words) -> String {
    if words != Words::En {
        return kind.to_owned();
    }
    let lower = kind.to_ascii_lowercase();
    const PLURAL: &[&str] = &[
        "report",
        "video",
        "podcast",
        "event",
        "article",
        "interview",
        "brief",
        "book",
        "paper",
        "op-ed",
    ];
    if PLURAL.contains(&lower.as_str()) {
        format!("{kind}s")
    } else {
        kind.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_plural_in_english() {
        assert_eq!(group_heading("Report", Words::En), "Reports");
        assert_eq!(group_heading("Commentary", Words::En), "Commentary");
        assert_eq!(group_heading("Testimony", Words::En), "Testimony");
        assert_eq!(group_heading("Bericht", Words::De), "Bericht");
    }
}
