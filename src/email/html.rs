//! The `text/html` part: a table layout at most 600 px wide that Gmail,
//! Outlook (desktop and web), Apple Mail and phone clients render alike.
//!
//! Every style the reading depends on is inlined on its element (Gmail's
//! apps and Outlook drop or ignore `<style>`); the `<style>` block carries
//! only extras (dark-mode colours, narrower padding on phones). Outlook
//! for Windows gets a fixed 600 px "ghost table" inside conditional
//! comments, which other clients and validators see as comments. Article
//! text comes from the EPUB's markdown writer (with its raw-HTML
//! allowlist); [`inline_styles`] then puts the styles on its elements.

use crate::epub::xhtml::{MarkdownWriter, attr, text};
use crate::model::{Article, Block, Issue, Markdown, Words};

/// Width of the message column, and of the text inside its padding.
pub(crate) const WIDTH: u32 = 600;
const PAD: u32 = 32;
pub(crate) const TEXT_WIDTH: u32 = WIDTH - 2 * PAD;

const SANS: &str = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const SERIF: &str = "Georgia,'Times New Roman',Times,serif";
const MONO: &str = "Menlo,Consolas,'Courier New',monospace";
const INK: &str = "#1f1f1f";
const MUTED: &str = "#5c5c5c";
const PAGE: &str = "#f3f2ee";
const CARD: &str = "#ffffff";
const RULE: &str = "#dcdad3";

/// An image the HTML shows: its `src` as written and its size on screen.
pub(crate) struct Shown {
    pub src: String,
    pub width: u32,
    pub height: u32,
}

/// Everything the page needs besides the issue.
pub(crate) struct Page<'a> {
    pub issue: &'a Issue,
    /// `src` per asset index: `cid:…` or an absolute URL.
    pub images: &'a [String],
    /// Unsubscribe target shown in the footer, when there is one.
    pub unsubscribe: Option<&'a str>,
    pub subject: &'a str,
    pub preheader: &'a str,
}

/// The complete HTML document and the warnings of the markdown writer.
pub(crate) fn render(page: &Page<'_>) -> (String, Vec<String>) {
    let issue = page.issue;
    let words = issue.words();
    let accent = hex(issue.style.accent);
    let mut warnings = Vec::new();
    let mut body = String::new();

    // Masthead: publisher kicker, nameplate, issue line.
    body.push_str(&row(
        &format!("padding:32px {PAD}px 20px;border-bottom:3px solid {accent}"),
        &{
            let mut m = String::new();
            if let Some(p) = &issue.publisher {
                m.push_str(&format!(
                    "<p class=\"pr-accent\" style=\"margin:0 0 6px;font-family:{SANS};font-size:12px;line-height:16px;letter-spacing:1px;text-transform:uppercase;color:{accent}\">{}</p>\n",
                    text(p)
                ));
            }
            m.push_str(&format!(
                "<h1 style=\"margin:0;font-family:{SERIF};font-size:30px;line-height:36px;font-weight:bold;color:{INK}\">{}</h1>\n",
                text(&issue.newsletter)
            ));
            m.push_str(&format!(
                "<p class=\"pr-muted\" style=\"margin:8px 0 0;font-family:{SANS};font-size:14px;line-height:20px;color:{MUTED}\">{} · {}</p>\n",
                text(&words.issue(&issue.number)),
                text(&words.date(issue.date.0))
            ));
            m
        },
    ));

    // The lead, in full.
    let lead = &issue.lead;
    let mut l = String::new();
    l.push_str(&kind_line(lead, words, &accent));
    l.push_str(&format!(
        "<h2 style=\"margin:0 0 10px;font-family:{SERIF};font-size:26px;line-height:32px;font-weight:bold;color:{INK}\">{}</h2>\n",
        title_link(&lead.title, None, &accent)
    ));
    if let Some(dek) = &lead.dek {
        l.push_str(&format!(
            "<p class=\"pr-muted\" style=\"margin:0 0 12px;font-family:{SERIF};font-size:18px;line-height:26px;font-style:italic;color:{MUTED}\">{}</p>\n",
            text(dek)
        ));
    }
    if let Some(by) = words.byline(&lead.authors) {
        l.push_str(&format!(
            "<p style=\"margin:0 0 20px;font-family:{SANS};font-size:14px;line-height:20px;font-weight:bold;color:{INK}\">{}</p>\n",
            text(&by)
        ));
    }
    if let Some(md) = &lead.body {
        l.push_str(&markdown(
            page,
            md,
            "pr-lead-",
            3,
            &lead.title,
            &mut warnings,
        ));
    }
    if let Some(url) = lead.url.as_deref().and_then(safe) {
        l.push_str(&button(
            &words.read_original(lead.outlet.as_deref()),
            &url,
            &accent,
        ));
    }
    body.push_str(&row(&format!("padding:28px {PAD}px 12px"), &l));

    // Related items as teasers.
    if !issue.related.is_empty() {
        let mut r = String::new();
        r.push_str(&format!(
            "<h2 style=\"margin:0 0 4px;padding-top:20px;border-top:1px solid {RULE};font-family:{SANS};font-size:13px;line-height:18px;letter-spacing:1px;text-transform:uppercase;color:{MUTED}\" class=\"pr-muted\">{}</h2>\n",
            text(words.further_reading())
        ));
        for (i, item) in issue.related.iter().enumerate() {
            let top = if i == 0 {
                String::new()
            } else {
                format!("border-top:1px solid {RULE};")
            };
            r.push_str(&format!("<div style=\"{top}padding:18px 0 6px\">\n"));
            r.push_str(&kind_line(item, words, &accent));
            let url = item.url.as_deref().and_then(safe);
            r.push_str(&format!(
                "<h3 style=\"margin:0 0 8px;font-family:{SERIF};font-size:20px;line-height:26px;font-weight:bold;color:{INK}\">{}</h3>\n",
                title_link(&item.title, url.as_deref(), &accent)
            ));
            let prefix = format!("pr-r{}-", i + 1);
            match (&item.summary, &item.body) {
                (Some(summary), _) => r.push_str(&markdown(
                    page,
                    summary,
                    &prefix,
                    4,
                    &item.title,
                    &mut warnings,
                )),
                (None, Some(body)) => {
                    if let Some(t) = excerpt(body, 220) {
                        r.push_str(&format!("<p style=\"{}\">{}</p>\n", para_style(), text(&t)));
                    }
                }
                (None, None) => {}
            }
            if let Some(by) = words.byline(&item.authors) {
                r.push_str(&format!(
                    "<p class=\"pr-muted\" style=\"margin:0 0 12px;font-family:{SANS};font-size:14px;line-height:20px;color:{MUTED}\">{}</p>\n",
                    text(&by)
                ));
            }
            r.push_str("</div>\n");
        }
        body.push_str(&row(&format!("padding:8px {PAD}px 12px"), &r));
    }

    // Closing links.
    let links: Vec<(String, String)> = issue
        .links
        .iter()
        .filter_map(|l| safe(&l.url).map(|u| (l.label.clone(), u)))
        .collect();
    if !links.is_empty() {
        let mut c = String::new();
        for (label, url) in &links {
            c.push_str(&format!(
                "<p style=\"margin:0 0 10px;font-family:{SANS};font-size:16px;line-height:22px;font-weight:bold\"><a href=\"{}\" style=\"color:{accent};text-decoration:none\" class=\"pr-link\">{} →</a></p>\n",
                attr(url),
                text(label)
            ));
        }
        body.push_str(&row(
            &format!("padding:18px {PAD}px 14px;border-top:1px solid {RULE}"),
            &c,
        ));
    }

    // Footer.
    let mut f = String::new();
    let mut who = vec![text(&issue.newsletter)];
    if let Some(p) = &issue.publisher {
        who.push(text(p));
    }
    f.push_str(&format!(
        "<p style=\"{}\">{}</p>\n",
        footer_style(),
        who.join(" · ")
    ));
    if !issue.editors.is_empty() {
        f.push_str(&format!(
            "<p style=\"{}\">{}</p>\n",
            footer_style(),
            text(&words.edited_by(&issue.editors))
        ));
    }
    if let Some(u) = page.unsubscribe {
        f.push_str(&format!(
            "<p style=\"{}\"><a href=\"{}\" style=\"color:{MUTED};text-decoration:underline\" class=\"pr-muted\">{}</a></p>\n",
            footer_style(),
            attr(u),
            text(words.unsubscribe())
        ));
    }
    let footer = format!(
        "<tr>\n<td class=\"pr-pad pr-bg\" style=\"padding:20px {PAD}px 32px;background-color:{PAGE}\">\n{f}</td>\n</tr>\n"
    );

    let html = document(page, &accent, &body, &footer);
    (html, warnings)
}

/// The whole document around the rows of the message column.
fn document(page: &Page<'_>, accent: &str, rows: &str, footer: &str) -> String {
    let lang = attr(&page.issue.language);
    let dark_accent = hex(lighten(page.issue.style.accent));
    // Padding after the preheader keeps clients from filling the preview
    // with the first lines of the body.
    let filler = "&#847;&zwnj;&nbsp;".repeat(60);
    format!(
        "<!DOCTYPE html>
<html lang=\"{lang}\">
<head>
<meta charset=\"utf-8\">
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">
<meta name=\"x-apple-disable-message-reformatting\" content=\"\">
<meta name=\"format-detection\" content=\"telephone=no, date=no, address=no, email=no\">
<meta name=\"color-scheme\" content=\"light dark\">
<meta name=\"supported-color-schemes\" content=\"light dark\">
<title>{title}</title>
<style>
@media (prefers-color-scheme: dark) {{
  .pr-bg {{ background-color: #121212 !important; }}
  .pr-card {{ background-color: #1e1e1e !important; }}
  .pr-card h1, .pr-card h2, .pr-card h3, .pr-card h4, .pr-card p, .pr-card li, .pr-card td, .pr-card th, .pr-card figcaption, .pr-card blockquote {{ color: #e8e6e1 !important; }}
  .pr-card .pr-muted, .pr-bg .pr-muted {{ color: #a9a6a0 !important; }}
  .pr-card .pr-accent, .pr-card .pr-link, .pr-card a {{ color: {dark_accent} !important; }}
  .pr-card .pr-button {{ background-color: {dark_accent} !important; color: #121212 !important; }}
}}
@media screen and (max-width: 620px) {{
  .pr-pad {{ padding-left: 20px !important; padding-right: 20px !important; }}
}}
</style>
<!--[if mso]>
<style>
table, td {{ border-collapse: collapse; mso-table-lspace: 0pt; mso-table-rspace: 0pt; }}
.pr-pre {{ display: none !important; mso-hide: all; }}
h1, h2, h3, p, li, td {{ font-family: Georgia, serif; }}
</style>
<![endif]-->
</head>
<body class=\"pr-bg\" style=\"margin:0;padding:0;width:100%;background-color:{PAGE};word-spacing:normal\">
<div class=\"pr-pre\" style=\"display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;font-size:1px;line-height:1px;color:{PAGE}\">{preheader}{filler}</div>
<div class=\"pr-bg\" role=\"article\" aria-roledescription=\"email\" aria-label=\"{title}\" lang=\"{lang}\" style=\"background-color:{PAGE};padding:16px 0\">
<!--[if mso]><table role=\"presentation\" width=\"{WIDTH}\" align=\"center\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td><![endif]-->
<table role=\"presentation\" class=\"pr-card\" style=\"width:100%;max-width:{WIDTH}px;margin:0 auto;border-collapse:collapse;border-spacing:0;background-color:{CARD};border-top:4px solid {accent}\">
{rows}{footer}</table>
<!--[if mso]></td></tr></table><![endif]-->
</div>
</body>
</html>
",
        title = text(page.subject),
        preheader = text(page.preheader),
    )
}

/// One row of the message column.
fn row(style: &str, content: &str) -> String {
    format!("<tr>\n<td class=\"pr-pad\" style=\"{style}\">\n{content}</td>\n</tr>\n")
}

fn para_style() -> String {
    format!("margin:0 0 16px;font-family:{SERIF};font-size:17px;line-height:27px;color:{INK}")
}

fn footer_style() -> String {
    format!(
        "margin:0 0 6px;font-family:{SANS};font-size:13px;line-height:19px;color:{MUTED};text-align:center"
    )
}

/// "COMMENTARY · The Hill · November 16, 2018" above a title.
fn kind_line(article: &Article, words: Words, accent: &str) -> String {
    let mut parts = vec![format!(
        "<span class=\"pr-accent\" style=\"color:{accent};font-weight:bold\">{}</span>",
        text(&article.kind)
    )];
    if let Some(o) = &article.outlet {
        parts.push(text(o));
    }
    if let Some(d) = &article.date {
        parts.push(text(&words.date(d.0)));
    }
    format!(
        "<p class=\"pr-muted\" style=\"margin:0 0 6px;font-family:{SANS};font-size:12px;line-height:18px;letter-spacing:0.5px;text-transform:uppercase;color:{MUTED}\">{}</p>\n",
        parts.join(" · ")
    )
}

fn title_link(title: &str, url: Option<&str>, accent: &str) -> String {
    match url {
        Some(u) => format!(
            "<a href=\"{}\" class=\"pr-link\" style=\"color:{INK};text-decoration:none;border-bottom:1px solid {accent}\">{}</a>",
            attr(u),
            text(title)
        ),
        None => text(title),
    }
}

/// A link drawn as a button (a padded table cell: Outlook ignores padding on `<a>`).
fn button(label: &str, url: &str, accent: &str) -> String {
    format!(
        "<table role=\"presentation\" style=\"border-collapse:separate;margin:8px 0 20px\">\n<tr>\n<td class=\"pr-button\" style=\"background-color:{accent};border-radius:4px;padding:12px 20px\"><a href=\"{}\" class=\"pr-button\" style=\"font-family:{SANS};font-size:15px;line-height:20px;font-weight:bold;color:#ffffff;text-decoration:none\">{} →</a></td>\n</tr>\n</table>\n",
        attr(url),
        text(label)
    )
}

/// Markdown through the EPUB's writer (raw HTML allowlisted), then styled.
fn markdown(
    page: &Page<'_>,
    md: &Markdown,
    prefix: &str,
    top: u8,
    article: &str,
    warnings: &mut Vec<String>,
) -> String {
    let mut out = String::new();
    let mut w = MarkdownWriter::new(&mut out, md, page.images, prefix, top).html();
    w.notes_title = page.issue.words().notes();
    w.blocks(&md.blocks);
    w.footnotes();
    warnings.extend(
        w.warnings
            .drain(..)
            .map(|m| format!("in \"{article}\": {m}")),
    );
    let shown = shown_images(page);
    inline_styles(&out, &hex(page.issue.style.accent), &shown)
}

/// The size each image is shown at: its own, narrowed to the text column.
fn shown_images(page: &Page<'_>) -> Vec<Shown> {
    page.issue
        .assets
        .iter()
        .zip(page.images)
        .map(|(a, src)| {
            let width = a.width.clamp(1, TEXT_WIDTH);
            let height =
                (u64::from(a.height) * u64::from(width) / u64::from(a.width.max(1))).max(1);
            Shown {
                src: attr(src),
                width,
                height: u32::try_from(height).unwrap_or(u32::MAX),
            }
        })
        .collect()
}

/// The inline style each element of article text gets.
fn style_for(tag: &str, accent: &str) -> Option<String> {
    let s = match tag {
        "p" => para_style(),
        "h1" | "h2" | "h3" => format!(
            "margin:28px 0 10px;font-family:{SANS};font-size:20px;line-height:26px;font-weight:bold;color:{INK}"
        ),
        "h4" | "h5" | "h6" => format!(
            "margin:22px 0 8px;font-family:{SANS};font-size:17px;line-height:24px;font-weight:bold;color:{INK}"
        ),
        "a" => format!("color:{accent};text-decoration:underline"),
        "blockquote" => format!(
            "margin:0 0 16px;padding:0 0 0 16px;border-left:3px solid {accent};font-style:italic"
        ),
        "ul" | "ol" => format!(
            "margin:0 0 16px;padding:0 0 0 24px;font-family:{SERIF};font-size:17px;line-height:27px;color:{INK}"
        ),
        "li" => "margin:0 0 6px".to_owned(),
        "pre" => format!(
            "margin:0 0 16px;padding:12px;background-color:#f5f5f2;border:1px solid {RULE};white-space:pre-wrap;word-wrap:break-word;font-family:{MONO};font-size:14px;line-height:20px;color:{INK}"
        ),
        "code" => format!("font-family:{MONO};font-size:15px"),
        "figure" => "margin:8px 0 20px".to_owned(),
        "figcaption" => format!(
            "margin:8px 0 0;font-family:{SANS};font-size:14px;line-height:20px;color:{MUTED}"
        ),
        "table" => format!(
            "width:100%;margin:0 0 16px;border-collapse:collapse;font-family:{SANS};font-size:15px;line-height:21px;color:{INK}"
        ),
        "th" => format!("padding:6px 8px;border-bottom:2px solid {INK};text-align:left"),
        "td" => format!("padding:6px 8px;border-bottom:1px solid {RULE};vertical-align:top"),
        "hr" => format!("margin:24px 0;border:0;border-top:1px solid {RULE}"),
        "sup" => "font-size:12px;line-height:0".to_owned(),
        "section" => format!("margin:24px 0 0;padding-top:8px;border-top:1px solid {RULE}"),
        "aside" => format!("font-size:15px;line-height:22px;color:{MUTED}"),
        "del" | "s" => "text-decoration:line-through".to_owned(),
        _ => return None,
    };
    Some(s)
}

/// Puts an inline `style` on every element of `html` (well-formed output
/// of our own writer, where every `<` starts a tag) that has one in
/// [`style_for`], and gives images their width, height and a fluid style.
pub(crate) fn inline_styles(html: &str, accent: &str, images: &[Shown]) -> String {
    let mut out = String::with_capacity(html.len() * 2);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let name_len = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len() - 1);
        let name = &rest[1..1 + name_len];
        if name.is_empty() || !name.as_bytes()[0].is_ascii_alphabetic() {
            // An end tag or a comment: copied as is.
            out.push('<');
            rest = &rest[1..];
            continue;
        }
        out.push('<');
        out.push_str(name);
        rest = &rest[1 + name_len..];
        if name == "img" {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let tag = &rest[..end];
            let src = tag
                .split_once("src=\"")
                .and_then(|(_, v)| v.split_once('"'))
                .map(|(v, _)| v);
            if let Some(img) = src.and_then(|s| images.iter().find(|i| i.src == s)) {
                out.push_str(&format!(
                    " width=\"{}\" height=\"{}\" style=\"display:block;width:100%;max-width:{}px;height:auto;border:0;outline:none\"",
                    img.width, img.height, img.width
                ));
            }
            out.push_str(tag);
            rest = &rest[end..];
        } else if let Some(style) = style_for(name, accent) {
            out.push_str(&format!(" style=\"{style}\""));
        }
    }
    out.push_str(rest);
    out
}

/// The first paragraph's words, cut at a word before `max` characters.
pub(crate) fn excerpt(md: &Markdown, max: usize) -> Option<String> {
    let para = md.blocks.iter().find_map(|b| match b {
        Block::Paragraph(_) => Some(b.plain_text()),
        _ => None,
    })?;
    let para = para.split_whitespace().collect::<Vec<_>>().join(" ");
    if para.chars().count() <= max {
        return Some(para);
    }
    let cut: String = para.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => cut[..i].to_owned(),
        _ => cut,
    };
    Some(format!(
        "{}…",
        cut.trim_end_matches([',', ';', ':', '.', ' '])
    ))
}

/// An http(s) or mailto URL made safe for an attribute, or None.
pub(crate) fn safe(url: &str) -> Option<String> {
    crate::epub::sanitize::safe_url(url)
}

pub(crate) fn hex(rgb: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}

/// The accent halfway to white, readable on a dark background.
fn lighten(rgb: [u8; 3]) -> [u8; 3] {
    rgb.map(|c| c + (255 - c) / 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_go_inline_and_images_get_sizes() {
        let images = [Shown {
            src: "cid:a".into(),
            width: 536,
            height: 300,
        }];
        let html = "<p>a <a href=\"x\">b</a></p>\n<figure class=\"figure\"><img src=\"cid:a\" alt=\"c\"/></figure><!-- x -->";
        let out = inline_styles(html, "#9b1c1c", &images);
        assert!(out.starts_with("<p style=\"margin:0 0 16px;"), "{out}");
        assert!(
            out.contains(
                "<a style=\"color:#9b1c1c;text-decoration:underline\" href=\"x\">b</a></p>"
            )
        );
        assert!(
            out.contains("<img width=\"536\" height=\"300\" style=\"display:block;"),
            "{out}"
        );
        assert!(out.contains(" src=\"cid:a\" alt=\"c\"/></figure><!-- x -->"));
    }

    #[test]
    fn excerpts_cut_at_words() {
        let md = Markdown {
            blocks: vec![Block::Paragraph(vec![crate::model::Inline::Text(
                "one two three four five".into(),
            )])],
            footnotes: Vec::new(),
        };
        assert_eq!(
            excerpt(&md, 100).as_deref(),
            Some("one two three four five")
        );
        assert_eq!(excerpt(&md, 12).as_deref(), Some("one two…"));
        assert_eq!(lighten([0x9b, 0x1c, 0x1c]), [0xcd, 0x8d, 0x8d]);
    }
}
