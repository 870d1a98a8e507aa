//! series.yaml `style:` → [`model::Style`](crate::model::Style).

use std::path::Path;
use std::sync::Arc;

use super::files::{self, Named};
use super::raw::RawStyle;
use super::tree::Node;
use crate::diag::{Diagnostic, Diagnostics, SourceFile};
use crate::model::{ArticleBreak, FontFile, LinkStyle, Paper, ParagraphStyle, Style};

pub fn validate(
    raw: RawStyle,
    file: &Arc<SourceFile>,
    tree: &Node,
    root: &Path,
    diags: &mut Diagnostics,
) -> Style {
    let span = |keys: &[&str]| {
        let mut node = tree.get("style");
        for k in keys {
            node = node.and_then(|n| n.get(k));
        }
        node.map_or(0..0, |n| n.span.clone())
    };
    let mut bad = |key: &str, value: &str, valid: &str| {
        diags.push(
            Diagnostic::error(format!("`{value}` is not a valid style.{key}"))
                .at(file, span(&[key]))
                .hint(format!("use one of: {valid}")),
        );
    };
    let mut style = Style::default();
    if let Some(p) = raw.paper {
        match p.to_ascii_lowercase().as_str() {
            "letter" => style.paper = Paper::Letter,
            "a4" => style.paper = Paper::A4,
            _ => bad("paper", &p, "letter, a4"),
        }
    }
    if let Some(p) = raw.paragraph {
        match p.as_str() {
            "indent" => style.paragraph = ParagraphStyle::Indent,
            "space" => style.paragraph = ParagraphStyle::Space,
            _ => bad("paragraph", &p, "indent, space"),
        }
    }
    if let Some(b) = raw.article_break {
        match b.as_str() {
            "lead" => style.article_break = ArticleBreak::LeadOnly,
            "page" => style.article_break = ArticleBreak::Page,
            "flow" => style.article_break = ArticleBreak::Flow,
            _ => bad("article_break", &b, "lead, page, flow"),
        }
    }
    if let Some(l) = raw.links {
        match l.as_str() {
            "color" => style.link_style = LinkStyle::Color,
            "underline" => style.link_style = LinkStyle::Underline,
            "plain" => style.link_style = LinkStyle::Plain,
            _ => bad("links", &l, "color, underline, plain"),
        }
    }
    if let Some(c) = raw.related_columns {
        if c == 1 || c == 2 {
            style.related_columns = c;
        } else {
            bad("related_columns", &c.to_string(), "1, 2");
        }
    }
    if let Some(a) = raw.accent {
        match parse_hex(&a) {
            Some(rgb) => style.accent = rgb,
            None => bad("accent", &a, "a colour like \"#9b1c1c\""),
        }
    }
    if let Some(size) = raw.font_size {
        if (7.0..=16.0).contains(&size) {
            style.font_size = size;
        } else {
            diags.push(
                Diagnostic::error(format!("font_size {size} is out of range"))
                    .at(file, span(&["font_size"]))
                    .hint("body text reads well between 9 and 12 points; allowed 7–16"),
            );
        }
    }
    style.hyphenate = raw.hyphenate.unwrap_or(style.hyphenate);
    style.epub_embed_fonts = raw.epub_fonts.unwrap_or(style.epub_embed_fonts);
    style.system_fonts = raw.system_fonts.unwrap_or(style.system_fonts);
    let fonts = raw.fonts.unwrap_or_default();
    let base = file.path.parent().map(Path::to_owned);
    let base = base
        .and_then(|b| b.canonicalize().ok())
        .unwrap_or_else(|| root.to_owned());
    let mut font = |key: &str, rel: Option<String>| -> Option<FontFile> {
        let rel = rel?;
        let named = Named {
            file,
            span: span(&["fonts", key]),
        };
        let loaded = files::resolve(root, &base, &rel, &named).and_then(|path| {
            let data = std::fs::read(&path).map_err(|e| {
                Diagnostic::error(format!("cannot read font: {e}")).at(file, named.span.clone())
            })?;
            if ttf_parser::Face::parse(&data, 0).is_err() {
                return Err(Diagnostic::error(format!(
                    "{} is not an OpenType/TrueType font",
                    path.display()
                ))
                .at(file, named.span.clone())
                .hint("name an .otf or .ttf file"));
            }
            Ok(FontFile {
                path,
                data: Arc::new(data),
            })
        });
        loaded.map_err(|d| diags.push(d)).ok()
    };
    style.fonts.body = font("body", fonts.body);
    style.fonts.heading = font("heading", fonts.heading);
    style.fonts.mono = font("mono", fonts.mono);
    style
}

fn parse_hex(s: &str) -> Option<[u8; 3]> {
    let h = s.strip_prefix('#')?;
    if h.len() != 6 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}
