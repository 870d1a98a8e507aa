//! serde's type errors in the manifest's own words, at the bad value.
//!
//! yaml_serde reports `related[1].authors[0]: invalid type: sequence,
//! expected a string`: the path is right but the words are serde's and the
//! position is where the deserializer stood. The path is looked up in the
//! positioned tree instead, so the error points at the value itself and
//! names the field, what it expects and what was written.

use std::sync::Arc;

use super::tree::{Node, NodeKind};
use crate::diag::{Diagnostic, SourceFile};

/// A located, plain-words diagnostic for a serde error.
pub fn diagnostic(file: &Arc<SourceFile>, tree: &Node, e: &serde_yaml::Error) -> Diagnostic {
    let full = e.to_string();
    // The position is shown by the renderer; drop serde's copy of it.
    let message = full.find(" at line ").map_or(&full[..], |i| &full[..i]);
    let (path, body) = match message.split_once(": ") {
        Some((p, rest)) if is_path(p) => (Some(p), rest),
        _ => (None, message),
    };
    let node = path.and_then(|p| lookup(tree, p));
    let typed = body
        .strip_prefix("invalid type: ")
        .or_else(|| body.strip_prefix("invalid value: "))
        .and_then(|rest| rest.rsplit_once(", expected "));
    let d = match (path, typed) {
        (Some(path), Some((found, expected))) => {
            let expected = expected_words(expected);
            let written = node.map_or_else(|| found_words(found), |n| written(file, n, found));
            Diagnostic::error(format!("`{path}` expects {expected}, not {written}"))
                .hint(hint(path, expected))
        }
        _ => {
            let hint = if body.contains("repetition limit") || body.contains("recursion limit") {
                "YAML aliases here expand enormously; write the values out instead"
            } else {
                "see docs/manifest.md for the manifest format"
            };
            Diagnostic::error(message).hint(hint)
        }
    };
    match (node, e.location()) {
        (Some(n), _) if matches!(n.kind, NodeKind::Map(_)) => d.at(file, n.start..n.start + 1),
        (Some(n), _) => d.at(file, n.span.clone()),
        (None, Some(loc)) => {
            let at = file.offset(loc.line(), loc.column());
            d.at(file, at..at + 1)
        }
        (None, None) => d.in_file(&file.path),
    }
}

/// `related[1].authors[0]`, `style.fonts.body`, `issue`.
fn is_path(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']'))
}

fn lookup<'t>(tree: &'t Node, path: &str) -> Option<&'t Node> {
    let mut node = tree;
    for part in path.split('.') {
        let mut pieces = part.split('[');
        let key = pieces.next()?;
        if !key.is_empty() {
            node = node.get(key)?;
        }
        for index in pieces {
            let i: usize = index.strip_suffix(']')?.parse().ok()?;
            node = node.items().get(i)?;
        }
    }
    Some(node)
}

/// serde's expectation in the manifest's words.
fn expected_words(expected: &str) -> &str {
    match expected {
        "a string" => "text",
        "a sequence" => "a list",
        "a boolean" => "true or false",
        "u8" => "a whole number from 0 to 255",
        "f64" | "a number" => "a number",
        "i64" | "u64" => "a whole number",
        e if e.starts_with("struct ") => "a mapping of `key: value` lines",
        e => e,
    }
}

/// What was written: the value's own text for a scalar, its shape otherwise.
fn written(file: &SourceFile, node: &Node, found: &str) -> String {
    match &node.kind {
        NodeKind::Seq(_) => "a list".to_owned(),
        NodeKind::Map(_) => "a mapping".to_owned(),
        NodeKind::Alias => "an alias".to_owned(),
        NodeKind::Scalar(_) => {
            let text = file.text.get(node.span.clone()).unwrap_or("").trim();
            match found_words(found) {
                w if text.is_empty() => w,
                w => format!("`{text}` ({w})"),
            }
        }
    }
}

/// serde's "unexpected" phrase, in words.
fn found_words(found: &str) -> String {
    let kind = found.split(' ').next().unwrap_or(found);
    match kind {
        "sequence" => "a list",
        "map" => "a mapping",
        "floating" => "a decimal number",
        "integer" => "a whole number",
        "boolean" => "true/false",
        "string" => "text",
        "unit" => "an empty value",
        _ => found,
    }
    .to_owned()
}

fn hint(path: &str, expected: &str) -> String {
    let field = path.rsplit('.').next().unwrap_or(path);
    let field = field.split('[').next().unwrap_or(field);
    match expected {
        "a positive whole number or a short label" => format!(
            "write a whole number (`{field}: 34`) or put a label in quotes (`{field}: \"34b\"`)"
        ),
        "a name or a list of names" => {
            format!("write `{field}: Ada Park` or `{field}: [Ada Park, Lee Min]`")
        }
        "text" if path.ends_with(']') => {
            "each item of this list is one name or line of text; put it in quotes if it holds `[`, `{` or `: `".to_owned()
        }
        "text" => "put the value in quotes if it holds `[`, `{` or `: `".to_owned(),
        "a list" => format!("write `{field}:` followed by `- ` lines, or `[a, b]`"),
        "a mapping of `key: value` lines" => {
            format!("write `{field}:` followed by indented `key: value` lines")
        }
        _ => "see docs/manifest.md for the manifest format".to_owned(),
    }
}
