//! `&Issue` → the email edition: one RFC 5322 message, `multipart/alternative`
//! with a plain-text part and an HTML part for mail clients. Does no I/O.
//!
//! # Steps
//! - [`html`]: the issue as a 600 px table layout with inlined styles (article
//!   text through the EPUB's markdown writer and raw-HTML allowlist).
//! - [`text`]: the same issue as plain text wrapped at 72 columns.
//! - [`mime`]: headers and parts through lettre's builder, deterministic.
//! - [`smtp`]: handing finished messages to a server (`pressrun send`).

mod html;
mod mime;
pub mod smtp;
mod text;

use crate::diag::{Diagnostic, StageResult, Warned};
use crate::model::Issue;

/// Gmail clips a message whose HTML is larger than this ("[Message clipped]").
pub const GMAIL_CLIP_BYTES: usize = 102 * 1024;

/// The issue rendered for email, the same for every recipient.
#[derive(Debug, Clone)]
pub struct Letter {
    /// "Newsletter — Issue 34: Lead title".
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Images the HTML shows as `cid:` parts: (content id, asset index).
    inline: Vec<(String, usize)>,
    /// Images the HTML links by absolute URL (the series has a `site_url`):
    /// (path under the output folder, asset index), to be published there.
    pub published: Vec<(String, usize)>,
}

/// The subject line: "NEWSLETTER — Issue N: LEAD TITLE".
pub fn subject(issue: &Issue) -> String {
    format!(
        "{}{}{}",
        issue.title(),
        issue.words().colon(),
        issue.lead.title
    )
}

/// The first `https://` unsubscribe target, else the first `mailto:`.
fn unsubscribe(issue: &Issue) -> Option<String> {
    let targets = &issue.delivery.as_ref()?.list_unsubscribe;
    targets
        .iter()
        .find(|u| u.to_ascii_lowercase().starts_with("http"))
        .or_else(|| targets.first())
        .and_then(|u| html::safe(u))
}

/// Renders the text and HTML parts. Warns when the HTML is over Gmail's
/// clipping size.
pub fn letter(issue: &Issue) -> Warned<Letter> {
    let subject = subject(issue);
    let tag = mime::digest(&[issue.slug.as_bytes()], 4);
    let mut inline = Vec::new();
    let mut published = Vec::new();
    let images: Vec<String> = issue
        .assets
        .iter()
        .enumerate()
        .map(|(i, a)| match &issue.site_url {
            Some(base) => {
                let path = format!("{}-email/{:02}-{}", issue.slug, i + 1, file_name(&a.name));
                let url = format!("{base}{path}");
                published.push((path, i));
                url
            }
            None => {
                let cid = format!("img{:02}.{tag}@pressrun", i + 1);
                inline.push((cid.clone(), i));
                format!("cid:{cid}")
            }
        })
        .collect();
    let preheader = issue
        .description
        .clone()
        .or_else(|| issue.lead.dek.clone())
        .or_else(|| issue.lead.body.as_ref().and_then(|b| html::excerpt(b, 140)))
        .unwrap_or_default();
    let unsubscribe = unsubscribe(issue);
    let (html, messages) = html::render(&html::Page {
        issue,
        images: &images,
        unsubscribe: unsubscribe.as_deref(),
        subject: &subject,
        preheader: &preheader,
    });
    let text = text::render(issue, unsubscribe.as_deref());
    // Only the images the HTML shows travel with it.
    let shown = |i: usize| images.get(i).is_some_and(|src| html.contains(src.as_str()));
    inline.retain(|(_, i)| shown(*i));
    published.retain(|(_, i)| shown(*i));
    let mut warnings: Vec<Diagnostic> = messages.into_iter().map(Diagnostic::warning).collect();
    if html.len() > GMAIL_CLIP_BYTES {
        warnings.push(
            Diagnostic::warning(format!(
                "the email's HTML is {} KB; Gmail clips messages over {} KB",
                html.len().div_ceil(1024),
                GMAIL_CLIP_BYTES / 1024
            ))
            .hint("shorten the lead, or give related items summaries instead of long bodies"),
        );
    }
    Warned {
        output: Letter {
            subject,
            text,
            html,
            inline,
            published,
        },
        warnings,
    }
}

/// The newsletter as one message to `to` (the edition's own file is
/// addressed to the sender).
pub fn message(issue: &Issue, letter: &Letter, to: Option<&str>) -> Result<Vec<u8>, Diagnostic> {
    let delivery = issue.delivery.as_ref().ok_or_else(no_delivery)?;
    let inline = letter
        .inline
        .iter()
        .filter_map(|(cid, i)| {
            let a = issue.assets.get(*i)?;
            Some((cid.clone(), a.media_type.mime(), a.data.as_slice()))
        })
        .collect();
    let env = envelope(issue, &letter.subject, to.unwrap_or(&delivery.from));
    mime::message(
        &env,
        &mime::Content::Newsletter {
            text: &letter.text,
            html: &letter.html,
            inline,
        },
    )
    .map_err(Diagnostic::error)
}

/// The EPUB as an attachment to `to` (a Kindle's address), with the issue
/// title as subject: Send-to-Kindle files it as a book.
pub fn kindle_message(issue: &Issue, epub: &[u8], to: &str) -> Result<Vec<u8>, Diagnostic> {
    issue.delivery.as_ref().ok_or_else(no_delivery)?;
    let title = issue.title();
    let env = envelope(issue, &title, to);
    let name = format!("{}.epub", issue.slug);
    let text = format!("{title}\n\n{}\n", issue.lead.title);
    mime::message(
        &env,
        &mime::Content::Attachment {
            text: &text,
            name: &name,
            media_type: "application/epub+zip",
            data: epub,
        },
    )
    .map_err(Diagnostic::error)
}

/// Whether Amazon's Send-to-Kindle service receives mail at `address`.
pub fn is_kindle(address: &str) -> bool {
    let addr = address.trim().trim_end_matches('>').to_ascii_lowercase();
    addr.ends_with("@kindle.com") || addr.ends_with("@free.kindle.com")
}

fn envelope<'a>(issue: &'a Issue, subject: &'a str, to: &'a str) -> mime::Envelope<'a> {
    let delivery = issue.delivery.as_ref();
    mime::Envelope {
        from: delivery.map_or("", |d| d.from.as_str()),
        reply_to: delivery.and_then(|d| d.reply_to.as_deref()),
        to,
        subject,
        timestamp: issue.timestamp,
        list_unsubscribe: delivery.map_or(&[], |d| d.list_unsubscribe.as_slice()),
        language: &issue.language,
    }
}

fn no_delivery() -> Diagnostic {
    Diagnostic::error("the email edition needs a sender: series.yaml has no `delivery:`")
        .hint("add `delivery:` with `from: \"Name <desk@example.org>\"` to series.yaml")
}

/// `img/Map 1.png` → `Map-1.png`: a URL-safe file name.
fn file_name(name: &str) -> String {
    let base = name.rsplit('/').next().unwrap_or(name);
    let s: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if s.trim_matches(['-', '.']).is_empty() {
        "image".to_owned()
    } else {
        s
    }
}

/// The email edition's outputs: `SLUG.eml`, and the images it links to
/// when they are published under `site_url`.
pub fn write(issue: &Issue) -> StageResult<Vec<(String, Vec<u8>)>> {
    let w = letter(issue);
    let eml = message(issue, &w.output, None).map_err(|d| vec![d])?;
    let mut out = vec![(format!("{}.eml", issue.slug), eml)];
    for (path, i) in &w.output.published {
        if let Some(a) = issue.assets.get(*i) {
            out.push((path.clone(), a.data.to_vec()));
        }
    }
    Ok(Warned {
        output: out,
        warnings: w.warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kindle_addresses() {
        assert!(is_kindle("reader_42@kindle.com"));
        assert!(is_kindle("Reader@Free.Kindle.com"));
        assert!(!is_kindle("someone@kindle.com.example.org"));
        assert!(!is_kindle("kindle.com@example.org"));
        assert_eq!(file_name("2026/img/Map 1.png"), "Map-1.png");
    }
}
