//! `&Issue` → EPUB 3 bytes.
//!
//! # Steps
//! - [`cover`]: the manifest's cover image, or one drawn with the bundled fonts.
//! - [`xhtml`] (with [`sanitize`] for raw HTML): markdown model → XHTML.
//! - [`pages`]: cover, masthead/contents, article pages, closing links.
//! - [`package`]: epub-builder for the OPF, NCX and zip; our own nav.xhtml,
//!   extra metadata and a reproducible repack.

mod cover;
mod fonts;
mod package;
mod pages;
mod sanitize;
mod xhtml;

use crate::diag::{Diagnostic, StageResult, Warned};
use crate::model::{Block, Issue};

use package::{NavNode, Page, Parts, Resource};
pub(crate) use package::{entry_options, page_options};
use pages::PageEnv;

/// The e-reader stylesheet, shipped as `stylesheet.css`.
const CSS: &str = include_str!("style.css");

/// Writes the EPUB edition of an issue. Does no I/O.
pub fn write(issue: &Issue) -> StageResult<Vec<u8>> {
    let mut warnings = Vec::new();
    let lang = language(&issue.language, &mut warnings);

    let images: Vec<String> = issue
        .assets
        .iter()
        .enumerate()
        .map(|(i, a)| image_path(i, &a.name, a.media_type.extension()))
        .collect();
    let mut resources: Vec<Resource<'_>> = issue
        .assets
        .iter()
        .zip(&images)
        .enumerate()
        .map(|(i, (a, path))| Resource {
            path: path.clone(),
            media_type: a.media_type.mime(),
            data: a.data.as_slice(),
            cover: issue.cover == Some(i),
        })
        .collect();
    let (faces, font_warnings) = if issue.style.epub_embed_fonts {
        fonts::faces(issue)
    } else {
        (Vec::new(), Vec::new())
    };
    warnings.extend(font_warnings.into_iter().map(Diagnostic::warning));
    resources.extend(faces.iter().map(|f| Resource {
        path: f.path.clone(),
        media_type: f.media_type,
        data: f.data,
        cover: false,
    }));
    let generated;
    let cover_href = match issue.cover.and_then(|i| images.get(i)) {
        Some(href) => href.clone(),
        None => {
            generated = cover::render(issue).ok_or_else(|| {
                vec![Diagnostic::error(
                    "could not draw the cover: a bundled font failed to load",
                )]
            })?;
            resources.push(Resource {
                path: "images/cover.png".into(),
                media_type: "image/png",
                data: &generated,
                cover: true,
            });
            "images/cover.png".to_owned()
        }
    };

    let mut env = PageEnv {
        issue,
        images: &images,
        warnings: Vec::new(),
    };
    let mut pages = vec![Page {
        file: pages::COVER.into(),
        title: None,
        xhtml: pages::cover(issue, &cover_href, &cover::alt_text(issue)),
        children: Vec::new(),
    }];
    pages.push(Page {
        file: pages::CONTENTS.into(),
        title: Some(issue.words().contents().into()),
        xhtml: env.contents(),
        children: Vec::new(),
    });
    for (i, article) in issue.articles().enumerate() {
        let file = pages::article_file(i);
        let children = match (&article.body, article.is_lead) {
            (Some(body), true) => {
                NavNode::tree(body.headings().into_iter().map(|(level, id, title)| {
                    let id = xhtml::MarkdownWriter::heading_id(pages::BODY_PREFIX, id);
                    (level, format!("{file}#{id}"), title)
                }))
            }
            _ => Vec::new(),
        };
        pages.push(Page {
            title: Some(article.title.clone()),
            xhtml: env.article(i),
            file,
            children,
        });
    }
    if !issue.links.is_empty() {
        pages.push(Page {
            file: pages::LINKS.into(),
            title: Some(issue.words().further_reading().into()),
            xhtml: env.links(),
            children: Vec::new(),
        });
    }
    warnings.extend(env.warnings.into_iter().map(Diagnostic::warning));

    let has_inline_images = issue.articles().any(|a| {
        a.body
            .iter()
            .chain(a.summary.iter())
            .any(|m| has_images(&m.blocks))
    });
    let parts = Parts {
        lang,
        pages,
        resources,
        css: &(fonts::faces_css(&faces) + &stylesheet(issue) + &fonts::override_css(&faces)),
        has_inline_images,
    };
    match package::build(issue, parts) {
        Ok(bytes) => Ok(Warned {
            output: bytes,
            warnings,
        }),
        Err(e) => Err(vec![Diagnostic::error(format!(
            "could not package the EPUB for {}: {e}",
            issue.slug
        ))]),
    }
}

/// The stylesheet with the house accent and paragraph style filled in.
fn stylesheet(issue: &Issue) -> String {
    let [r, g, b] = issue.style.accent;
    let mut css = CSS.replace("#9b1c1c", &format!("#{r:02x}{g:02x}{b:02x}"));
    if issue.style.paragraph == crate::model::ParagraphStyle::Space {
        // Drop the indent rule: paragraphs keep their bottom margin only.
        if let Some(at) = css.find("/* House style `paragraph") {
            css.truncate(at);
        }
    }
    css
}

/// `images/03-map.png`: index keeps names unique, the stem keeps them readable.
fn image_path(index: usize, name: &str, ext: &str) -> String {
    let file = name.rsplit('/').next().unwrap_or(name);
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let stem: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem.trim_matches('-');
    if stem.is_empty() {
        format!("images/{:02}.{ext}", index + 1)
    } else {
        format!("images/{:02}-{stem}.{ext}", index + 1)
    }
}

fn has_images(blocks: &[Block]) -> bool {
    crate::model::contains(blocks, &|b| matches!(b, Block::Figure { .. }), &|i| {
        matches!(i, crate::model::Inline::Image { .. })
    })
}

/// A well-formed BCP 47 tag (language, then 1–8 character subtags), or
/// `und` with a warning: readers reject malformed tags.
fn language(tag: &str, warnings: &mut Vec<Diagnostic>) -> String {
    let tag = tag.trim();
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    let ok = (2..=8).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts
            .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if ok {
        return tag.to_owned();
    }
    let mut d = Diagnostic::warning(format!(
        "language `{tag}` is not a valid BCP 47 tag; e-readers may reject it, so the EPUB says `und` (undetermined)"
    ));
    if tag.contains('_') {
        d = d.hint(format!("write `{}`", tag.replace('_', "-")));
    }
    warnings.push(d);
    "und".to_owned()
}
