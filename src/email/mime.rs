//! Parts → one RFC 5322 message through lettre's builder, with every
//! value that would otherwise be random or read from the clock given:
//! `Date` from the timestamp, `Message-ID` and MIME boundaries
//! from a hash of the content (and the recipient).

use std::str::FromStr;
use std::time::{Duration, SystemTime};

use lettre::Message;
use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Body, Mailbox, MultiPart, SinglePart};
use sha2::{Digest, Sha256};

/// What goes into one message.
pub(crate) struct Envelope<'a> {
    pub from: &'a str,
    pub reply_to: Option<&'a str>,
    pub to: &'a str,
    pub subject: &'a str,
    /// Seconds since the epoch for `Date:`.
    pub timestamp: i64,
    /// `List-Unsubscribe` targets (`https://…`, `mailto:…`).
    pub list_unsubscribe: &'a [String],
    /// `Content-Language`.
    pub language: &'a str,
}

/// A part's content.
pub(crate) enum Content<'a> {
    /// `multipart/alternative`: text, then HTML with its inline images
    /// (content id, media type, bytes) as `multipart/related`.
    Newsletter {
        text: &'a str,
        html: &'a str,
        inline: Vec<(String, &'static str, &'a [u8])>,
    },
    /// `multipart/mixed`: a short text and one attachment (file name,
    /// media type, bytes).
    Attachment {
        text: &'a str,
        name: &'a str,
        media_type: &'a str,
        data: &'a [u8],
    },
}

/// Hex of the first `n` bytes of a SHA-256 over the parts given.
pub(crate) fn digest(parts: &[&[u8]], n: usize) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p);
    }
    h.finalize()
        .iter()
        .take(n)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The message's bytes (CRLF line ends, as sent).
pub(crate) fn message(env: &Envelope<'_>, content: &Content<'_>) -> Result<Vec<u8>, String> {
    let mailbox = |what: &str, s: &str| {
        Mailbox::from_str(s).map_err(|e| format!("{what} `{s}` is not an email address: {e}"))
    };
    let from = mailbox("from", env.from)?;
    let to = mailbox("to", env.to)?;
    let hash = match content {
        Content::Newsletter { text, html, inline } => {
            let mut parts: Vec<&[u8]> = vec![env.to.as_bytes(), env.subject.as_bytes()];
            parts.push(text.as_bytes());
            parts.push(html.as_bytes());
            parts.extend(inline.iter().map(|(_, _, d)| *d));
            digest(&parts, 16)
        }
        Content::Attachment {
            text, name, data, ..
        } => digest(
            &[
                env.to.as_bytes(),
                env.subject.as_bytes(),
                text.as_bytes(),
                name.as_bytes(),
                data,
            ],
            16,
        ),
    };
    let domain = from.email.domain().to_owned();
    let date = if env.timestamp >= 0 {
        SystemTime::UNIX_EPOCH + Duration::from_secs(env.timestamp.unsigned_abs())
    } else {
        SystemTime::UNIX_EPOCH
    };
    let mut b = Message::builder()
        .from(from)
        .to(to)
        .subject(env.subject)
        .date(date)
        .message_id(Some(format!("<{hash}.pressrun@{domain}>")));
    if let Some(r) = env.reply_to {
        b = b.reply_to(mailbox("reply_to", r)?);
    }
    if !env.list_unsubscribe.is_empty() {
        let targets: Vec<String> = env
            .list_unsubscribe
            .iter()
            .map(|u| format!("<{u}>"))
            .collect();
        b = b.raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            targets.join(", "),
        ));
    }
    b = b.raw_header(HeaderValue::new(
        HeaderName::new_from_ascii_str("Content-Language"),
        env.language.to_owned(),
    ));
    let qp = |s: &str| -> Result<Body, String> {
        Body::new_with_encoding(s.to_owned(), ContentTransferEncoding::QuotedPrintable)
            .map_err(|_| "cannot encode the text as quoted-printable".to_owned())
    };
    let text_type = ContentType::TEXT_PLAIN;
    let html_type = ContentType::TEXT_HTML;
    let boundary = |kind: &str| format!("=_pressrun_{kind}_{}", &hash[..24]);
    let body = match content {
        Content::Newsletter { text, html, inline } => {
            let text_part = SinglePart::builder()
                .content_type(text_type)
                .body(qp(text)?);
            let html_part = SinglePart::builder()
                .content_type(html_type)
                .body(qp(html)?);
            let alt = MultiPart::alternative()
                .boundary(boundary("alt"))
                .singlepart(text_part);
            if inline.is_empty() {
                alt.singlepart(html_part)
            } else {
                let mut related = MultiPart::related()
                    .boundary(boundary("rel"))
                    .singlepart(html_part);
                for (cid, media_type, data) in inline {
                    let ct = ContentType::parse(media_type)
                        .map_err(|_| format!("`{media_type}` is not a media type"))?;
                    related = related.singlepart(
                        Attachment::new_inline(cid.clone()).body(Body::new(data.to_vec()), ct),
                    );
                }
                alt.multipart(related)
            }
        }
        Content::Attachment {
            text,
            name,
            media_type,
            data,
        } => {
            let ct = ContentType::parse(media_type)
                .map_err(|_| format!("`{media_type}` is not a media type"))?;
            MultiPart::mixed()
                .boundary(boundary("mix"))
                .singlepart(
                    SinglePart::builder()
                        .content_type(text_type)
                        .body(qp(text)?),
                )
                .singlepart(Attachment::new((*name).to_owned()).body(Body::new(data.to_vec()), ct))
        }
    };
    let message = b
        .multipart(body)
        .map_err(|e| format!("cannot build the message: {e}"))?;
    Ok(message.formatted())
}
