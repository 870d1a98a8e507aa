//! The key check: every unknown key in a file, each with a did-you-mean.

use std::sync::Arc;

use super::raw::keys;
use super::tree::{Node, NodeKind};
use crate::diag::{Diagnostic, Diagnostics, SourceFile};

pub fn check_issue(root: &Node, file: &Arc<SourceFile>, out: &mut Diagnostics) {
    check(root, keys::ISSUE, "issue manifest", file, out);
    if let Some(lead) = root.get("lead") {
        check(lead, keys::LEAD, "lead", file, out);
        if let Some(source) = lead.get("source") {
            check(source, keys::SOURCE, "lead.source", file, out);
        }
    }
    if let Some(related) = root.get("related") {
        for item in related.items() {
            check(item, keys::RELATED, "related item", file, out);
        }
    }
    if let Some(links) = root.get("links") {
        for link in links.items() {
            check(link, keys::LINK, "link", file, out);
        }
    }
    if let Some(style) = root.entry("style") {
        out.push(
            Diagnostic::error("`style` belongs in series.yaml, not in an issue manifest")
                .at(file, style.key_span.clone())
                .hint("move the house style to series.yaml at the series root"),
        );
    }
}

pub fn check_series(root: &Node, file: &Arc<SourceFile>, out: &mut Diagnostics) {
    check(root, keys::SERIES, "series.yaml", file, out);
    if let Some(style) = root.get("style") {
        check(style, keys::STYLE, "style", file, out);
        if let Some(fonts) = style.get("fonts") {
            check(fonts, keys::FONTS, "style.fonts", file, out);
        }
    }
    if let Some(delivery) = root.get("delivery") {
        check(delivery, keys::DELIVERY, "delivery", file, out);
        if let Some(smtp) = delivery.get("smtp") {
            check(smtp, keys::SMTP, "delivery.smtp", file, out);
        }
    }
}

fn check(node: &Node, allowed: &[&str], what: &str, file: &Arc<SourceFile>, out: &mut Diagnostics) {
    if !matches!(node.kind, NodeKind::Map(_)) {
        return; // Wrong shapes are serde's to report.
    }
    let entries = node.entries();
    for (i, entry) in entries.iter().enumerate() {
        if allowed.contains(&entry.key.as_str()) {
            if entries[..i].iter().any(|e| e.key == entry.key) {
                out.push(
                    Diagnostic::error(format!("`{}` is given twice in the {what}", entry.key))
                        .at(file, entry.key_span.clone())
                        .hint("keep one of them"),
                );
            }
            continue;
        }
        let mut d = Diagnostic::error(format!("unknown key `{}` in the {what}", entry.key))
            .at(file, entry.key_span.clone());
        d = match did_you_mean(&entry.key, allowed) {
            Some(best) => d.hint(format!("did you mean `{best}`?")),
            None => d.hint(format!("valid keys here: {}", allowed.join(", "))),
        };
        out.push(d);
    }
}

/// The closest allowed key, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let key = key.to_lowercase();
    allowed
        .iter()
        .map(|k| (strsim::jaro_winkler(&key, k), *k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys_only() {
        assert_eq!(did_you_mean("titel", keys::LEAD), Some("title"));
        assert_eq!(did_you_mean("auhtors", keys::RELATED), Some("authors"));
        assert_eq!(did_you_mean("zzz", keys::LEAD), None);
    }
}
