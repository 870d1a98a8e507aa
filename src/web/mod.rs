//! `&Issue` → the web edition: one static page per issue, shaped like a
//! think tank's weekly briefing page, and a page per article with a body.
//!
//! ```text
//! SLUG/index.html          the issue: lead (in full, or summary and source
//!                          link), related items grouped by kind, closing links
//! SLUG/ARTICLE.html        each related item with a body
//! SLUG/style.css           responsive, dark-mode aware, print stylesheet
//! SLUG/cover.png           the manifest's cover, or the generated one
//! SLUG/img/NN-name.png     the images the articles use
//! ```
//!
//! # Steps
//! - [`Site::new`]: file names for images, article pages and the cover.
//! - [`article`]: the lead, a related item's teaser, an article page; the
//!   markdown goes through the EPUB's writer in its HTML dialect
//!   (`MarkdownWriter::for_web`) and raw HTML through the same allowlist.
//! - [`page`]: the HTML document around them (masthead, footer, head).
//! - [`meta`]: Open Graph and Twitter card tags, schema.org JSON-LD.
//!
//! No JavaScript, no web fonts, no I/O.

mod article;
mod meta;
mod page;

use crate::diag::{Diagnostic, StageResult, Warned};
use crate::epub::xhtml::MarkdownWriter;
use crate::model::{Issue, Markdown, MediaType};

/// The stylesheet, with the house accent filled in; `SLUG/style.css`.
const CSS: &str = include_str!("style.css");

/// One file of the web edition, its path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Writes the web edition of an issue. Does no I/O.
pub fn write(issue: &Issue) -> StageResult<Vec<File>> {
    let mut site = Site::new(issue);
    let dir = &issue.slug;
    let mut files = Vec::new();
    let cover_bytes: Vec<u8> = match issue.cover.and_then(|i| issue.assets.get(i)) {
        Some(asset) => asset.data.as_ref().clone(),
        None => crate::epub::cover::render(issue).ok_or_else(|| {
            vec![Diagnostic::error(
                "could not draw the cover: a bundled font failed to load",
            )]
        })?,
    };
    files.push(File {
        path: format!("{dir}/{}", site.cover),
        bytes: cover_bytes,
    });
    files.push(File {
        path: format!("{dir}/style.css"),
        bytes: stylesheet(issue).into_bytes(),
    });
    for (k, (asset, href)) in issue.assets.iter().zip(&site.images).enumerate() {
        // The cover is written as `cover.*`; again under img/ only when
        // an article shows it too.
        if issue.cover != Some(k) || used(issue, k) {
            files.push(File {
                path: format!("{dir}/{href}"),
                bytes: asset.data.as_ref().clone(),
            });
        }
    }
    files.push(File {
        path: format!("{dir}/index.html"),
        bytes: page::issue(&mut site).into_bytes(),
    });
    for (i, file) in site.pages.clone().iter().enumerate() {
        if let Some(file) = file {
            files.push(File {
                path: format!("{dir}/{file}"),
                bytes: page::article(&mut site, i).into_bytes(),
            });
        }
    }
    Ok(Warned {
        output: files,
        warnings: site.warnings.into_iter().map(Diagnostic::warning).collect(),
    })
}

/// Whether some article shows the image `asset`.
fn used(issue: &Issue, asset: usize) -> bool {
    use crate::model::{Block, Inline};
    issue.articles().any(|a| {
        a.body.iter().chain(a.summary.iter()).any(|m| {
            crate::model::contains(
                &m.blocks,
                &|b| matches!(b, Block::Figure { asset: k, .. } if *k == asset),
                &|i| matches!(i, Inline::Image { asset: k, .. } if *k == asset),
            )
        })
    })
}

/// One markdown document as an HTML fragment (blocks, then its notes), as
/// the web edition writes it: for tests and other HTML editions. `images`
/// holds the `src` of each asset index. Returns the HTML and the warnings
/// (raw HTML removed, links dropped).
pub fn markdown_html(doc: &Markdown, images: &[String]) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut w = MarkdownWriter::new(&mut out, doc, images, "", 1).for_web();
    w.blocks(&doc.blocks);
    w.footnotes();
    let warnings = std::mem::take(&mut w.warnings);
    (out, warnings)
}

/// What every page of the web edition needs: the issue, the names of its
/// files, and a sink for warnings (naming their article).
pub(crate) struct Site<'a> {
    pub(crate) issue: &'a Issue,
    /// `img/01-repair-days.png` for each asset index.
    pub(crate) images: Vec<String>,
    /// The page of each article in [`Issue::articles`] order: `None` for
    /// the lead (it is the issue page) and for items without a body.
    pub(crate) pages: Vec<Option<String>>,
    /// `cover.png` or `cover.jpg`.
    pub(crate) cover: String,
    pub(crate) cover_alt: String,
    pub(crate) warnings: Vec<String>,
}

impl<'a> Site<'a> {
    pub(crate) fn new(issue: &'a Issue) -> Self {
        let images = issue
            .assets
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let epub = crate::epub::image_path(i, &a.name, a.media_type.extension());
                format!("img/{}", epub.trim_start_matches("images/"))
            })
            .collect();
        let mut taken: Vec<String> = ["index", "style", "cover", "feed", "img"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let pages = issue
            .articles()
            .enumerate()
            .map(|(i, a)| {
                if a.is_lead || a.body.is_none() {
                    return None;
                }
                let base = file_stem(&a.title).unwrap_or_else(|| format!("article-{}", i + 1));
                let mut stem = base.clone();
                let mut n = 1;
                while taken.contains(&stem) {
                    n += 1;
                    stem = format!("{base}-{n}");
                }
                taken.push(stem.clone());
                Some(format!("{stem}.html"))
            })
            .collect();
        let cover_ext = match issue.cover.and_then(|i| issue.assets.get(i)) {
            Some(a) if a.media_type == MediaType::Jpeg => "jpg",
            _ => "png",
        };
        Self {
            issue,
            images,
            pages,
            cover: format!("cover.{cover_ext}"),
            cover_alt: crate::epub::cover::alt_text(issue),
            warnings: Vec::new(),
        }
    }

    /// The absolute URL of `path` (relative to the issue folder) when the
    /// series has a `site_url`.
    pub(crate) fn absolute(&self, path: &str) -> Option<String> {
        let base = self.issue.site_url.as_deref()?;
        let path = path.strip_suffix("index.html").unwrap_or(path);
        Some(format!("{base}{}/{path}", self.issue.slug))
    }

    /// `path` as a link from a page of the issue: absolute with a
    /// `site_url`, else relative.
    pub(crate) fn href(&self, path: &str) -> String {
        self.absolute(path).unwrap_or_else(|| path.to_owned())
    }
}

/// `mending-the-wires-repair-capacity`: the title's ASCII words, lower
/// case, up to about 60 characters; None when it has none.
fn file_stem(title: &str) -> Option<String> {
    let mut stem = String::new();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !stem.is_empty() && stem.len() + word.len() > 60 {
            break;
        }
        if !stem.is_empty() {
            stem.push('-');
        }
        stem.push_str(&word.to_ascii_lowercase());
    }
    (!stem.is_empty()).then_some(stem)
}

/// The stylesheet with the house accent (and a lighter one for dark mode).
fn stylesheet(issue: &Issue) -> String {
    let [r, g, b] = issue.style.accent;
    let light = |c: u8| c + ((255 - u16::from(c)) * 11 / 20) as u8;
    let mut css = CSS
        .replace("#9b1c1c", &format!("#{r:02x}{g:02x}{b:02x}"))
        .replace(
            "#e39a9a",
            &format!("#{:02x}{:02x}{:02x}", light(r), light(g), light(b)),
        );
    if issue.style.paragraph == crate::model::ParagraphStyle::Indent {
        css.push_str(
            "\n/* House style `paragraph: indent`: first-line indents, no space between. */\n\
.body > p { margin: 0; }\n.body > p + p { text-indent: 1.5em; }\n.body > p + :not(p) { margin-top: 1em; }\n",
        );
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_are_ascii_words() {
        assert_eq!(
            file_stem("Mending the Wires: Repair & the “Next” Crisis").as_deref(),
            Some("mending-the-wires-repair-the-next-crisis")
        );
        assert_eq!(file_stem("박경화"), None);
        let long = "word ".repeat(30);
        assert!(file_stem(&long).is_some_and(|s| s.len() <= 60));
    }
}
