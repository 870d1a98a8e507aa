//! Metadata for machines: Open Graph and Twitter card tags (link
//! previews) and schema.org JSON-LD (`PublicationIssue` of a `Periodical`
//! for the issue, `NewsArticle` for the lead and each article page).

use serde_json::{Value, json};

use super::Site;
use crate::epub::xhtml::attr;
use crate::model::{Article, Block, Date, Issue, Markdown};

/// What a link preview shows.
pub(crate) struct Card {
    pub(crate) title: String,
    pub(crate) description: String,
    /// The canonical URL, when the series has a `site_url`.
    pub(crate) url: Option<String>,
    /// Absolute with a `site_url`, else relative to the page.
    pub(crate) image: String,
    pub(crate) image_alt: String,
    pub(crate) site_name: String,
    pub(crate) published: Option<Date>,
    pub(crate) authors: Vec<String>,
}

/// `<meta property="og:…">` and `<meta name="twitter:…">` tags.
pub(crate) fn social(card: &Card) -> String {
    let mut tags: Vec<(&str, &str, String)> = vec![
        ("property", "og:type", "article".to_owned()),
        ("property", "og:site_name", card.site_name.clone()),
        ("property", "og:title", card.title.clone()),
    ];
    if !card.description.is_empty() {
        tags.push(("property", "og:description", card.description.clone()));
    }
    if let Some(url) = &card.url {
        tags.push(("property", "og:url", url.clone()));
    }
    tags.push(("property", "og:image", card.image.clone()));
    tags.push(("property", "og:image:alt", card.image_alt.clone()));
    if let Some(d) = card.published {
        tags.push(("property", "article:published_time", d.iso()));
    }
    for a in &card.authors {
        tags.push(("property", "article:author", a.clone()));
    }
    tags.push(("name", "twitter:card", "summary_large_image".to_owned()));
    tags.push(("name", "twitter:title", card.title.clone()));
    if !card.description.is_empty() {
        tags.push(("name", "twitter:description", card.description.clone()));
    }
    tags.push(("name", "twitter:image", card.image.clone()));
    tags.push(("name", "twitter:image:alt", card.image_alt.clone()));
    tags.iter()
        .map(|(attr_name, key, value)| {
            format!("<meta {attr_name}=\"{key}\" content=\"{}\">\n", attr(value))
        })
        .collect()
}

/// A markdown summary's text on one line.
pub(crate) fn plain(md: &Markdown) -> String {
    let parts: Vec<String> = md
        .blocks
        .iter()
        .map(Block::plain_text)
        .filter(|t| !t.trim().is_empty())
        .collect();
    parts
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` cut at a word boundary to at most `max` characters, with "…".
pub(crate) fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

fn people(names: &[String]) -> Value {
    Value::Array(
        names
            .iter()
            .map(|n| json!({ "@type": "Person", "name": n }))
            .collect(),
    )
}

/// The series as a schema.org `Periodical`.
fn periodical(issue: &Issue) -> Value {
    let mut p = json!({ "@type": "Periodical", "name": issue.newsletter });
    if let Some(publisher) = &issue.publisher {
        p["publisher"] = json!({ "@type": "Organization", "name": publisher });
    }
    if let Some(url) = &issue.site_url {
        p["url"] = json!(url);
    }
    p
}

/// The issue as a `PublicationIssue` (`@id` `…#issue`).
fn publication_issue(site: &Site<'_>) -> Value {
    let issue = site.issue;
    let page = site.absolute("index.html");
    let mut v = json!({
        "@type": "PublicationIssue",
        "@id": format!("{}#issue", site.href("index.html")),
        "issueNumber": issue.number.to_string(),
        "name": issue.title(),
        "datePublished": issue.date.iso(),
        "inLanguage": issue.language,
        "isPartOf": periodical(issue),
        "image": site.href(&site.cover),
    });
    if let Some(d) = &issue.description {
        v["description"] = json!(d);
    }
    if !issue.editors.is_empty() {
        v["editor"] = people(&issue.editors);
    }
    if let Some(page) = page {
        v["url"] = json!(page);
    }
    v
}

/// An article as a `NewsArticle` of the issue.
fn news_article(site: &Site<'_>, article: &Article, page: &str, id: &str) -> Value {
    let issue = site.issue;
    let url = site.absolute(page);
    let mut v = json!({
        "@type": "NewsArticle",
        "@id": format!("{}#{id}", site.href(page)),
        "headline": clip(&article.title, 110),
        "articleSection": article.kind,
        "inLanguage": issue.language,
        "image": site.href(&site.cover),
        "isPartOf": { "@id": format!("{}#issue", site.href("index.html")) },
    });
    if article.title.chars().count() > 110 {
        v["name"] = json!(article.title);
    }
    if !article.authors.is_empty() {
        v["author"] = people(&article.authors);
    }
    if let Some(d) = article.date.or(article.is_lead.then_some(issue.date)) {
        v["datePublished"] = json!(d.iso());
    }
    if let Some(dek) = &article.dek {
        v["alternativeHeadline"] = json!(dek);
    }
    if let Some(summary) = &article.summary {
        v["description"] = json!(plain(summary));
    } else if let Some(dek) = &article.dek {
        v["description"] = json!(dek);
    }
    if let Some(p) = &issue.publisher {
        v["publisher"] = json!({ "@type": "Organization", "name": p });
    }
    if let Some(url) = &url {
        v["url"] = json!(url);
        v["mainEntityOfPage"] = json!(url);
    }
    if let Some(src) = &article.url {
        v["isBasedOn"] = json!(src);
    }
    if let Some(outlet) = &article.outlet {
        v["sourceOrganization"] = json!({ "@type": "Organization", "name": outlet });
    }
    v
}

/// `<script type="application/ld+json">` holding `value`. `<` is written
/// as `\u003c`, so no text can end the script element early.
fn script(value: &Value) -> String {
    let json = serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    format!("<script type=\"application/ld+json\">{json}</script>\n")
}

/// The issue page's graph: the `PublicationIssue` and its lead.
pub(crate) fn issue_json_ld(site: &Site<'_>) -> String {
    let lead = news_article(site, &site.issue.lead, "index.html", "lead");
    script(&json!({
        "@context": "https://schema.org",
        "@graph": [publication_issue(site), lead],
    }))
}

/// An article page's graph: the `NewsArticle` and the issue it is part of.
pub(crate) fn article_json_ld(site: &Site<'_>, article: &Article, page: &str) -> String {
    script(&json!({
        "@context": "https://schema.org",
        "@graph": [news_article(site, article, page, "article"), publication_issue(site)],
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clips_at_words() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("one two three four five", 12), "one two…");
    }

    #[test]
    fn script_cannot_be_closed_by_its_text() {
        let s = script(&json!({ "name": "</script><b>" }));
        assert!(!s[8..s.len() - 10].contains("</"), "{s}");
    }
}
