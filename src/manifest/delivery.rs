//! series.yaml `delivery:` → [`model::Delivery`](crate::model::Delivery):
//! mailboxes that parse, unsubscribe targets that are absolute, a server
//! with a port and a known kind of security.

use std::str::FromStr;
use std::sync::Arc;

use lettre::message::Mailbox;

use super::raw::{OneOrMany, RawDelivery, RawSmtp, Scalar};
use super::tree::Node;
use crate::diag::{Diagnostic, Diagnostics, SourceFile};
use crate::model::{Delivery, Security, Smtp};

/// Validates `delivery:`; problems go to `diags`, located in series.yaml.
pub fn validate(
    raw: RawDelivery,
    file: &Arc<SourceFile>,
    tree: &Node,
    diags: &mut Diagnostics,
) -> Option<Delivery> {
    let span = |keys: &[&str]| {
        let mut node = tree.get("delivery");
        let mut span = node.map_or(0..0, |n| n.span.clone());
        for k in keys {
            node = node.and_then(|n| n.get(k));
            if let Some(n) = node {
                span = n.span.clone();
            }
        }
        span
    };
    let mut error = |keys: &[&str], message: String, hint: &str| {
        diags.push(Diagnostic::error(message).at(file, span(keys)).hint(hint));
    };
    let mut ok = true;
    let mut mailbox = |key: &str, value: Option<String>, ok: &mut bool| -> Option<String> {
        let value = value?.trim().to_owned();
        if Mailbox::from_str(&value).is_ok() {
            Some(value)
        } else {
            *ok = false;
            error(
                &[key],
                format!("`{value}` is not an email address for delivery.{key}"),
                "write `Name <desk@example.org>` or `desk@example.org` (quote it in YAML)",
            );
            None
        }
    };
    let from = mailbox("from", raw.from, &mut ok);
    let reply_to = mailbox("reply_to", raw.reply_to, &mut ok);
    let mut list_unsubscribe = Vec::new();
    for url in raw
        .list_unsubscribe
        .map(OneOrMany::into_vec)
        .unwrap_or_default()
    {
        let url = url.trim().to_owned();
        let lower = url.to_ascii_lowercase();
        let scheme_ok = lower.starts_with("https://")
            || lower.starts_with("http://")
            || lower.starts_with("mailto:");
        if scheme_ok && super::is_absolute_url(&url) && !url.contains(['<', '>', ',']) {
            list_unsubscribe.push(url);
        } else {
            ok = false;
            error(
                &["list_unsubscribe"],
                format!("`{url}` is not an unsubscribe address"),
                "use https://… (a page that unsubscribes) or mailto:…, or a list of both",
            );
        }
    }
    let smtp = raw.smtp.and_then(|s| smtp(s, &mut error, &mut ok));
    let from = match from {
        Some(f) => f,
        None if ok => {
            error(
                &[],
                "delivery has no `from` address".to_owned(),
                "add `from: \"Briefing <desk@example.org>\"` under delivery:",
            );
            return None;
        }
        None => return None,
    };
    if let Some(s) = &smtp
        && s.security == Security::None
        && s.username.is_some()
        && !matches!(s.host.as_str(), "localhost" | "127.0.0.1" | "::1" | "[::1]")
    {
        diags.push(
            Diagnostic::warning(format!(
                "`security: none` sends the password to {} unencrypted",
                s.host
            ))
            .at(file, span(&["smtp", "security"]))
            .hint("use starttls (port 587) or tls (port 465); none is for a relay on this machine"),
        );
    }
    ok.then_some(Delivery {
        from,
        reply_to,
        list_unsubscribe,
        smtp,
    })
}

fn smtp(
    raw: RawSmtp,
    error: &mut impl FnMut(&[&str], String, &str),
    ok: &mut bool,
) -> Option<Smtp> {
    let security = match raw.security.as_deref().map(str::trim) {
        None | Some("starttls") => Security::StartTls,
        Some("tls") => Security::Tls,
        Some("none") => Security::None,
        Some(other) => {
            *ok = false;
            error(
                &["smtp", "security"],
                format!("`{other}` is not a valid delivery.smtp.security"),
                "use one of: starttls (port 587), tls (port 465), none (a relay on this machine)",
            );
            Security::StartTls
        }
    };
    let host = raw
        .host
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty());
    let host_ok = host.as_deref().is_some_and(|h| {
        h.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
    });
    if !host_ok {
        *ok = false;
        match &host {
            None => error(
                &["smtp"],
                "delivery.smtp has no `host`".to_owned(),
                "add `host: smtp.example.org`",
            ),
            Some(h) => error(
                &["smtp", "host"],
                format!("`{h}` is not a host name"),
                "write the server's name or address only, e.g. smtp.example.org",
            ),
        }
    }
    let port = match raw.port {
        None => Some(security.default_port()),
        Some(Scalar::Int(p)) if (1..=65535).contains(&p) => u16::try_from(p).ok(),
        Some(p) => {
            let text = match p {
                Scalar::Text(t) => t,
                Scalar::Int(i) => i.to_string(),
                Scalar::Float(f) => f.to_string(),
            };
            *ok = false;
            error(
                &["smtp", "port"],
                format!("`{text}` is not a port number"),
                "ports run from 1 to 65535: 587 for starttls, 465 for tls",
            );
            None
        }
    };
    let username = raw
        .username
        .map(|u| u.trim().to_owned())
        .filter(|u| !u.is_empty());
    Some(Smtp {
        host: host.filter(|_| host_ok)?,
        port: port?,
        security,
        username,
    })
}
