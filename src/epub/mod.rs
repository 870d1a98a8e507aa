//! `&Issue` → EPUB 3 bytes.
//!
//! # Steps
//! - [`cover`]: the manifest's cover image, or one drawn with the bundled fonts.
//! - [`xhtml`] (with [`sanitize`] for raw HTML): markdown model → XHTML.
//! - [`pages`]: cover, masthead/contents, article pages, closing links.
//! - [`package`]: epub-builder for the OPF, NCX and zip; our own nav.xhtml,
//!   extra metadata and a reproducible repack.

pub(crate) mod cover;
mod fonts;
mod package;
mod page_marks;
mod pages;
pub(crate) mod sanitize;
pub(crate) mod xhtml;

use crate::diag::{Diagnostic, StageResult, Warned};
use crate::frame::PageMap;
use crate::model::{Block, Issue};

use package::{NavNode, Page, Parts, Resource};
pub(crate) use package::{entry_options, page_options};
use pages::PageEnv;

pub(crate) use package::identifier;
pub(crate) use xhtml::{escape_attr, escape_text};

/// Send-to-Kindle's limit for one document.
const KINDLE_MAX_BYTES: usize = 50 * 1024 * 1024;

/// Languages Amazon converts for Kindle (its list of supported eBook
/// languages, as primary subtags); another `dc:language` can end in a bare
/// "E999" from Send-to-Kindle.
const KINDLE_LANGUAGES: &[&str] = &[
    "af", "ar", "br", "ca", "co", "cy", "da", "de", "en", "es", "eu", "fi", "fr", "frr", "fy",
    "ga", "gd", "gl", "gsw", "gu", "gv", "he", "hi", "is", "it", "ja", "kw", "lb", "ml", "mr",
    "nb", "nl", "nn", "no", "oc", "pl", "pt", "rm", "ru", "sco", "stq", "sv", "ta", "uk", "yi",
    "zh",
];

/// The e-reader stylesheet, shipped as `stylesheet.css`.
const CSS: &str = include_str!("style.css");

/// What the EPUB needs before the pages are known: the generated cover
/// (a fifth of an issue's work), drawn while the issue is laid out.
pub struct Prepared {
    /// `None`: the manifest names a cover, or drawing failed (reported
    /// by [`write_prepared`]).
    cover: Option<Vec<u8>>,
}

/// Draws the cover when the manifest names none, and beside it the
/// catalog's thumbnail of it (both memoised per process): this runs
/// while the issue is laid out, when a core is free, and the catalog
/// after the build then finds it drawn.
pub fn prepare(issue: &Issue) -> Prepared {
    if issue.cover.is_some() {
        return Prepared { cover: None };
    }
    let (cover, _) = rayon::join(
        || cover::render(issue),
        || cover::thumbnail(issue, cover::THUMBNAIL_WIDTH),
    );
    Prepared { cover }
}

/// Writes the EPUB edition of an issue. Does no I/O. With the print
/// edition's page map, every printed page's start is marked and listed
/// (page-list nav, NCX pageList), so "page 4" means the same in both.
pub fn write(issue: &Issue, print_pages: Option<&PageMap>) -> StageResult<Vec<u8>> {
    write_prepared(issue, &prepare(issue), print_pages)
}

/// [`write`] with the cover drawn already.
pub fn write_prepared(
    issue: &Issue,
    prepared: &Prepared,
    print_pages: Option<&PageMap>,
) -> StageResult<Vec<u8>> {
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
    let cover_href = match issue.cover.and_then(|i| images.get(i)) {
        Some(href) => href.clone(),
        None => {
            let generated = prepared.cover.as_deref().ok_or_else(|| {
                vec![Diagnostic::error(
                    "could not draw the cover: a bundled font failed to load",
                )]
            })?;
            resources.push(Resource {
                path: "images/cover.png".into(),
                media_type: "image/png",
                data: generated,
                cover: true,
            });
            "images/cover.png".to_owned()
        }
    };

    let marks = print_pages.map(|map| {
        page_marks::PageMarks::new(map, issue.articles().count(), !issue.links.is_empty())
    });
    let mut env = PageEnv {
        issue,
        images: &images,
        warnings: Vec::new(),
        marks: marks.as_ref(),
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
        page_list: marks.map(|m| m.list).unwrap_or_default(),
    };
    match package::build(issue, parts) {
        Ok(bytes) => {
            if bytes.len() > KINDLE_MAX_BYTES {
                warnings.push(
                    Diagnostic::warning(format!(
                        "the EPUB is {} MB; Send-to-Kindle refuses files over 50 MB",
                        bytes.len().div_ceil(1 << 20)
                    ))
                    .hint("use smaller images (JPEG for photographs)"),
                );
            }
            Ok(Warned {
                output: bytes,
                warnings,
            })
        }
        Err(e) => Err(vec![Diagnostic::error(format!(
            "could not package the EPUB for {}: {e}",
            issue.slug
        ))]),
    }
}

/// The issue's cover as its EPUB carries it: the manifest's image, or the
/// generated PNG (None only when a bundled font fails to load).
pub(crate) fn cover_image(
    issue: &Issue,
) -> Option<(std::borrow::Cow<'_, [u8]>, crate::model::MediaType)> {
    match issue.cover.and_then(|i| issue.assets.get(i)) {
        Some(a) => Some((a.data.as_slice().into(), a.media_type)),
        None => cover::render(issue).map(|png| (png.into(), crate::model::MediaType::Png)),
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
pub(crate) fn image_path(index: usize, name: &str, ext: &str) -> String {
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
        if !KINDLE_LANGUAGES.contains(&primary.to_ascii_lowercase().as_str()) {
            warnings.push(
                Diagnostic::warning(format!(
                    "language `{tag}` is not one Amazon's Kindle supports; Send-to-Kindle may refuse the EPUB (error E999)"
                ))
                .hint("other e-readers are not affected; for Kindle, send the PDF instead"),
            );
        }
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
