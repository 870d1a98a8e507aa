//! Packaging with epub-builder: OPF metadata, nav.xhtml, NCX and a
//! deterministic zip (fixed entry times, mimetype first and stored).

use std::io::{Cursor, Read, Write};

use epub_builder::{EpubBuilder, EpubContent, EpubVersion, TocElement, ZipLibrary};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::pages;
use super::xhtml::{attr, clean, text};
use crate::model::{Issue, IssueNumber};

/// A finished page: file name, title for the NCX (None: not listed), XHTML.
pub(crate) struct Page {
    pub(crate) file: String,
    pub(crate) title: Option<String>,
    pub(crate) xhtml: String,
    /// NCX/nav children (the lead's headings).
    pub(crate) children: Vec<NavNode>,
}

/// One entry of the nested table of contents.
#[derive(Debug, Clone)]
pub(crate) struct NavNode {
    pub(crate) level: u8,
    pub(crate) title: String,
    pub(crate) href: String,
    pub(crate) children: Vec<NavNode>,
}

impl NavNode {
    /// Builds a tree from (level, href, title) in document order.
    pub(crate) fn tree(flat: impl IntoIterator<Item = (u8, String, String)>) -> Vec<NavNode> {
        fn insert(nodes: &mut Vec<NavNode>, node: NavNode) {
            match nodes.last_mut() {
                Some(last) if last.level < node.level => insert(&mut last.children, node),
                _ => nodes.push(node),
            }
        }
        let mut nodes = Vec::new();
        for (level, href, title) in flat {
            let title = if title.trim().is_empty() {
                "Untitled section".to_owned()
            } else {
                title
            };
            insert(
                &mut nodes,
                NavNode {
                    level,
                    title,
                    href,
                    children: Vec::new(),
                },
            );
        }
        nodes
    }

    /// NCX entries for this heading and every heading under it, side by
    /// side: under its article they make the NCX's second and last level
    /// (Kindle's converter rejects deeper NCX nesting; the nav keeps the
    /// full tree).
    fn toc_entries(&self, out: &mut Vec<(String, String)>) {
        out.push((self.href.clone(), clean(&self.title)));
        for child in &self.children {
            child.toc_entries(out);
        }
    }

    fn write_li(&self, out: &mut String) {
        out.push_str(&format!(
            "<li><a href=\"{}\">{}</a>",
            attr(&self.href),
            text(&self.title)
        ));
        write_ol(&self.children, out);
        out.push_str("</li>\n");
    }
}

fn write_ol(nodes: &[NavNode], out: &mut String) {
    if nodes.is_empty() {
        return;
    }
    out.push_str("\n<ol>\n");
    for node in nodes {
        node.write_li(out);
    }
    out.push_str("</ol>\n");
}

/// An image or other resource: book-relative path, media type, bytes.
pub(crate) struct Resource<'a> {
    pub(crate) path: String,
    pub(crate) media_type: &'static str,
    pub(crate) data: &'a [u8],
    pub(crate) cover: bool,
}

/// Everything the package needs besides the issue.
pub(crate) struct Parts<'a> {
    pub(crate) lang: String,
    pub(crate) pages: Vec<Page>,
    pub(crate) resources: Vec<Resource<'a>>,
    pub(crate) css: &'a str,
    pub(crate) has_inline_images: bool,
    /// The print edition's pages: `(label, href of the marker)`; empty
    /// when the issue was not laid out.
    pub(crate) page_list: Vec<(String, String)>,
}

/// The identifier: a UUID v5 of newsletter and issue, the same in every build.
pub(crate) fn identifier(issue: &Issue) -> uuid::Uuid {
    let name = format!("pressrun:{}:{}", issue.newsletter, issue.number);
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes())
}

/// Builds the EPUB bytes.
pub(crate) fn build(issue: &Issue, parts: Parts<'_>) -> Result<Vec<u8>, String> {
    let nav = nav_document(issue, &parts);
    let built = Skeleton::of(issue, &parts).zip()?;
    let extra: String = extra_metadata(issue, &parts)
        .iter()
        .map(|line| format!("\n    {line}"))
        .collect();
    repack(
        &built,
        mtime(issue.timestamp),
        nav.as_bytes(),
        &parts.lang,
        &extra,
        &parts,
    )
    .map_err(|e| e.to_string())
}

/// What epub-builder is given: the book's metadata, stylesheet, and its
/// resources and pages as empty placeholders (their bytes are written by
/// [`repack`]). From it epub-builder makes the OPF, the NCX and the
/// container files, in a zip of its own. That zip depends on nothing
/// else, so it is kept in the on-disk cache ([`crate::cache`]) under the
/// skeleton itself: making it deflates every placeholder with a fresh
/// compressor (half the EPUB's work on a short issue).
#[derive(Debug)]
struct Skeleton {
    title: String,
    lang: String,
    toc_name: String,
    uuid: uuid::Uuid,
    modified: chrono::DateTime<chrono::Utc>,
    published: Option<chrono::DateTime<chrono::Utc>>,
    authors: Vec<String>,
    description: Option<String>,
    subjects: Vec<String>,
    css: String,
    /// Path, media type, whether it is the cover.
    resources: Vec<(String, &'static str, bool)>,
    pages: Vec<SkeletonPage>,
}

/// A page's file, NCX title and NCX children (href, title).
type SkeletonPage = (String, Option<String>, Vec<(String, String)>);

impl Skeleton {
    fn of(issue: &Issue, parts: &Parts<'_>) -> Self {
        let modified = chrono::DateTime::from_timestamp(issue.timestamp, 0)
            .or_else(|| chrono::DateTime::from_timestamp(0, 0))
            .expect("the epoch is a valid timestamp");
        let d = issue.date.0;
        let published = chrono::NaiveDate::from_ymd_opt(
            d.year(),
            u32::from(u8::from(d.month())),
            u32::from(d.day()),
        )
        .and_then(|date| date.and_hms_opt(0, 0, 0))
        .map(|date| date.and_utc());
        let mut authors: Vec<String> = Vec::new();
        for a in issue.articles().flat_map(|a| a.authors.iter()) {
            let a = clean(a);
            if !a.trim().is_empty() && !authors.contains(&a) {
                authors.push(a);
            }
        }
        let mut subjects: Vec<String> = Vec::new();
        for k in issue.articles().map(|a| clean(&a.kind)) {
            if !k.trim().is_empty() && !subjects.contains(&k) {
                subjects.push(k);
            }
        }
        Self {
            title: clean(&issue.title()),
            lang: parts.lang.clone(),
            toc_name: issue.words().contents().to_owned(),
            uuid: identifier(issue),
            modified,
            published,
            authors,
            description: issue.description.as_deref().map(clean),
            subjects,
            css: parts.css.to_owned(),
            resources: parts
                .resources
                .iter()
                .map(|r| (r.path.clone(), r.media_type, r.cover))
                .collect(),
            pages: parts
                .pages
                .iter()
                .map(|page| {
                    let mut entries = Vec::new();
                    for child in &page.children {
                        child.toc_entries(&mut entries);
                    }
                    (page.file.clone(), page.title.as_deref().map(clean), entries)
                })
                .collect(),
        }
    }

    /// epub-builder's zip, from the cache when this skeleton was zipped before.
    fn zip(&self) -> Result<Vec<u8>, String> {
        let key = format!("{self:?}");
        if let Some(zip) = crate::cache::get("epub-skeleton", &key) {
            return Ok(zip);
        }
        let zip = self.make().map_err(|e| e.to_string())?;
        crate::cache::put("epub-skeleton", &key, &zip);
        Ok(zip)
    }

    fn make(&self) -> epub_builder::Result<Vec<u8>> {
        let mut b = EpubBuilder::new(ZipLibrary::new()?)?;
        b.epub_version(EpubVersion::V30);
        b.set_title(self.title.clone());
        b.set_lang(self.lang.clone());
        b.set_generator("pressrun");
        b.set_toc_name(self.toc_name.clone());
        b.set_uuid(self.uuid);
        b.set_modified_date(self.modified);
        if let Some(date) = self.published {
            b.set_publication_date(date);
        }
        b.set_authors(self.authors.clone());
        if let Some(desc) = &self.description {
            b.add_description(desc.clone());
        }
        b.set_subjects(self.subjects.clone());
        b.stylesheet(self.css.as_bytes())?;
        let empty: &[u8] = &[];
        for (path, media_type, cover) in &self.resources {
            if *cover {
                b.add_cover_image(path, empty, *media_type)?;
            } else {
                b.add_resource(path, empty, *media_type)?;
            }
        }
        for (file, title, children) in &self.pages {
            let mut content = EpubContent::new(file.clone(), empty);
            if let Some(title) = title {
                content = content.title(title.clone());
            }
            for (href, title) in children {
                content = content.child(TocElement::new(href.clone(), title.clone()));
            }
            b.add_content(content)?;
        }
        let mut built = Vec::new();
        b.generate(&mut built)?;
        Ok(built)
    }
}

/// Publisher, editors, series and accessibility metadata.
fn extra_metadata(issue: &Issue, parts: &Parts<'_>) -> Vec<String> {
    let mut m = Vec::new();
    if let Some(p) = &issue.publisher {
        m.push(format!("<dc:publisher>{}</dc:publisher>", text(p)));
    }
    for (i, editor) in issue.editors.iter().enumerate() {
        m.push(format!(
            "<dc:contributor id=\"pr-editor-{i}\">{}</dc:contributor>",
            text(editor)
        ));
        m.push(format!(
            "<meta refines=\"#pr-editor-{i}\" property=\"role\" scheme=\"marc:relators\">edt</meta>"
        ));
    }
    // Series grouping for e-reader libraries (EPUB 3 collections; the
    // calibre names are what Kobo and KOReader read).
    m.push(format!(
        "<meta property=\"belongs-to-collection\" id=\"pr-series\">{}</meta>",
        text(&issue.newsletter)
    ));
    m.push("<meta refines=\"#pr-series\" property=\"collection-type\">series</meta>".into());
    if let IssueNumber::Number(n) = issue.number {
        m.push(format!(
            "<meta refines=\"#pr-series\" property=\"group-position\">{n}</meta>"
        ));
    }
    m.push(format!(
        "<meta name=\"calibre:series\" content=\"{}\"/>",
        attr(&issue.newsletter)
    ));
    if let IssueNumber::Number(n) = issue.number {
        m.push(format!(
            "<meta name=\"calibre:series_index\" content=\"{n}\"/>"
        ));
    }
    // EPUB Accessibility 1.1: what is true of every book pressrun makes.
    m.push("<meta property=\"schema:accessMode\">textual</meta>".into());
    m.push("<meta property=\"schema:accessMode\">visual</meta>".into());
    m.push("<meta property=\"schema:accessModeSufficient\">textual</meta>".into());
    for feature in [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "alternativeText",
        "displayTransformability",
    ] {
        m.push(format!(
            "<meta property=\"schema:accessibilityFeature\">{feature}</meta>"
        ));
    }
    if !parts.page_list.is_empty() {
        for feature in ["pageBreakMarkers", "pageNavigation"] {
            m.push(format!(
                "<meta property=\"schema:accessibilityFeature\">{feature}</meta>"
            ));
        }
        // The pages are those of the PDF briefing packet built with it.
        let source = format!("{} (PDF briefing packet)", issue.title());
        m.push(format!("<dc:source>{}</dc:source>", text(&source)));
        m.push(format!(
            "<meta property=\"pageBreakSource\">{}</meta>",
            text(&source)
        ));
    }
    m.push("<meta property=\"schema:accessibilityHazard\">none</meta>".into());
    let images = if parts.has_inline_images {
        " Images carry text alternatives; figures are captioned."
    } else {
        ""
    };
    m.push(format!(
        "<meta property=\"schema:accessibilitySummary\">A reflowable newsletter issue with a navigable table of contents, \
         headings for every article, footnotes linked both ways and a described cover.{images} \
         The text can be resized and restyled; nothing flashes, moves or plays sound.</meta>"
    ));
    m
}

/// nav.xhtml: nested contents (issue → articles → the lead's headings)
/// and landmarks, with lang on the root.
fn nav_document(issue: &Issue, parts: &Parts<'_>) -> String {
    let contents = issue.words().contents();
    let mut body = format!(
        "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" aria-labelledby=\"toc-title\">\n<h1 id=\"toc-title\">{contents}</h1>\n<ol>\n",
    );
    let entries: Vec<NavNode> = parts
        .pages
        .iter()
        .filter(|p| p.file != pages::CONTENTS)
        .filter_map(|p| {
            p.title.as_ref().map(|t| NavNode {
                level: 1,
                title: t.clone(),
                href: p.file.clone(),
                children: p.children.clone(),
            })
        })
        .collect();
    body.push_str(&format!(
        "<li><a href=\"{}\">{}</a>",
        pages::CONTENTS,
        text(&issue.title())
    ));
    write_ol(&entries, &mut body);
    body.push_str("</li>\n</ol>\n</nav>\n");
    if !parts.page_list.is_empty() {
        // Hidden: readers offer it as "go to page", not as a list to read.
        body.push_str(
            "<nav epub:type=\"page-list\" id=\"page-list\" aria-labelledby=\"page-list-title\" hidden=\"hidden\">\n<h2 id=\"page-list-title\">Pages</h2>\n<ol>\n",
        );
        for (label, href) in &parts.page_list {
            body.push_str(&format!(
                "<li><a href=\"{}\">{}</a></li>\n",
                attr(href),
                text(label)
            ));
        }
        body.push_str("</ol>\n</nav>\n");
    }
    body.push_str(&format!(
        "<nav epub:type=\"landmarks\" id=\"landmarks\" aria-labelledby=\"landmarks-title\" hidden=\"hidden\">\n\
<h2 id=\"landmarks-title\">Landmarks</h2>\n<ol>\n\
<li><a epub:type=\"cover\" href=\"{}\">Cover</a></li>\n\
<li><a epub:type=\"toc\" href=\"{}\">Contents</a></li>\n\
<li><a epub:type=\"bodymatter\" href=\"{}\">Start reading</a></li>\n</ol>\n</nav>\n",
        pages::COVER,
        pages::CONTENTS,
        pages::article_file(0)
    ));
    pages::document(&parts.lang, contents, "nav-page", &body)
}

/// The NCX with a `pageList` after its `navMap` (readers of EPUB 2
/// navigation, Kindle's converter among them, read page numbers there).
fn with_page_list(ncx: &str, pages: &[(String, String)]) -> String {
    let Some(at) = ncx.find("</navMap>").map(|i| i + "</navMap>".len()) else {
        return ncx.to_owned();
    };
    // Play order continues after the navMap's points.
    let first = ncx.matches("playOrder=").count() + 1;
    let mut list = String::from("\n  <pageList>\n    <navLabel><text>Pages</text></navLabel>\n");
    for (k, (label, href)) in pages.iter().enumerate() {
        list.push_str(&format!(
            "    <pageTarget id=\"pt-{}\" type=\"normal\" value=\"{}\" playOrder=\"{}\"><navLabel><text>{}</text></navLabel><content src=\"{}\"/></pageTarget>\n",
            k + 1,
            attr(label),
            first + k,
            text(label),
            attr(href)
        ));
    }
    list.push_str("  </pageList>");
    format!("{}{list}{}", &ncx[..at], &ncx[at..])
}

/// Zip entry time from the build timestamp (zip times start in 1980).
fn mtime(timestamp: i64) -> DateTime {
    time::OffsetDateTime::from_unix_timestamp(timestamp)
        .ok()
        .and_then(|t| {
            DateTime::from_date_and_time(
                u16::try_from(t.year()).ok()?,
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute(),
                t.second().min(58),
            )
            .ok()
        })
        .unwrap_or_default()
}

/// Options for one entry of the book's zip: fixed time and permissions.
pub(crate) fn entry_options(method: CompressionMethod, mtime: DateTime) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(method)
        .last_modified_time(mtime)
        .unix_permissions(0o644)
}

/// Options for an XHTML page: deflate level 1, several times faster than
/// the default on XHTML, a few percent larger.
pub(crate) fn page_options(mtime: DateTime) -> SimpleFileOptions {
    entry_options(CompressionMethod::Deflated, mtime).compression_level(Some(1))
}

/// Rewrites epub-builder's zip reproducibly: mimetype first and stored,
/// fixed entry times and permissions, images stored with their real bytes
/// (epub-builder only saw placeholders), our own nav.xhtml in place of the
/// template's (no lang, no nesting), and extra metadata spliced into the
/// OPF (epub-builder cannot write refines, publisher or meta content
/// escaped).
fn repack(
    built: &[u8],
    mtime: DateTime,
    nav: &[u8],
    lang: &str,
    extra_meta: &str,
    parts: &Parts<'_>,
) -> zip::result::ZipResult<Vec<u8>> {
    let resources = &parts.resources;
    let mut archive = ZipArchive::new(Cursor::new(built))?;
    let mut writer = ZipWriter::new(Cursor::new(Vec::with_capacity(built.len())));
    let opts = |method| entry_options(method, mtime);
    writer.start_file("mimetype", opts(CompressionMethod::Stored))?;
    writer.write_all(b"application/epub+zip")?;
    for i in 0..archive.len() {
        let mut file = archive.by_index(i)?;
        let name = file.name().to_owned();
        if name == "mimetype" {
            continue;
        }
        if name == "OEBPS/nav.xhtml" {
            writer.start_file(name, opts(CompressionMethod::Deflated))?;
            writer.write_all(nav)?;
        } else if name == "OEBPS/toc.ncx" && !parts.page_list.is_empty() {
            let mut ncx = String::new();
            file.read_to_string(&mut ncx)?;
            writer.start_file(name, opts(CompressionMethod::Deflated))?;
            writer.write_all(with_page_list(&ncx, &parts.page_list).as_bytes())?;
        } else if name == "OEBPS/content.opf" {
            let mut opf = String::new();
            file.read_to_string(&mut opf)?;
            let opf = match opf.rfind("</metadata>") {
                Some(at) => format!("{}{extra_meta}\n  {}", &opf[..at], &opf[at..]),
                None => opf,
            };
            // The package's own language (Ace: epub-lang).
            let opf = opf.replacen(
                "<package version=\"3.0\"",
                &format!("<package xml:lang=\"{}\" version=\"3.0\"", attr(lang)),
                1,
            );
            writer.start_file(name, opts(CompressionMethod::Deflated))?;
            writer.write_all(opf.as_bytes())?;
        } else if let Some(page) = parts
            .pages
            .iter()
            .find(|p| name.strip_prefix("OEBPS/") == Some(p.file.as_str()))
        {
            writer.start_file(name, page_options(mtime))?;
            writer.write_all(page.xhtml.as_bytes())?;
        } else if let Some(r) = resources
            .iter()
            .find(|r| name == format!("OEBPS/{}", r.path))
        {
            // Images are compressed already; fonts shrink by about 40 %.
            let method = if r.media_type.starts_with("font/") {
                opts(CompressionMethod::Deflated).compression_level(Some(1))
            } else {
                opts(CompressionMethod::Stored)
            };
            writer.start_file(name, method)?;
            writer.write_all(r.data)?;
        } else {
            writer.raw_copy_file_touch(file, mtime, Some(0o644))?;
        }
    }
    Ok(writer.finish()?.into_inner())
}
