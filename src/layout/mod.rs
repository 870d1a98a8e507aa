//! `&Issue` → [`Document`]: fonts, shaping, line breaking, pages.
//! Knows nothing of PDF; the result is the frame contract in
//! [`crate::frame`], plus the [`PageMap`] other editions use.
//!
//! # Steps
//! - [`inline`] (the text engine): styled pieces → lines of glyph runs.
//! - `blocks`, `tables`, `header`, `contents`: the issue → a sequence of
//!   unbreakable chunks with keep rules, footnotes and marks.
//! - `flow`: chunks → columns and pages (widows, orphans, footnotes).
//! - `pages`: running heads, folios, labels, outline.
//!
//! The masthead's contents need the pages where articles start, so the
//! packet is paginated twice (more if page numbers move things).

pub mod font;
pub mod inline;

mod blocks;
mod contents;
mod flow;
mod footnotes;
mod header;
mod memo;
mod pages;
mod pieces;
mod tables;
mod theme;

pub(crate) use crate::frame::{
    Anchor, DocInfo, Document, FontBytes, FontData, FontId, FrameItem, Glyph, GlyphText,
    ImageFormat, ImageItem, LinkTarget, OutlineEntry, Page, PageMap, Point, Rgb, Role, Size,
    StructElem, TextRun,
};
pub use flow::LineTag;

use crate::diag::{StageResult, Warned};
use crate::model::{Article, ArticleBreak, Issue};

use rayon::prelude::*;

use blocks::Builder;
use flow::{Chunk, Geometry, Mark, Note, PageOut};
use font::FontBook;
use theme::Theme;

/// What the tests need to check pagination: paragraph lines per page.
#[derive(Debug, Clone, Default)]
pub struct LayoutReport {
    /// For each page: `(column, line tag)` of every body paragraph line.
    pub lines: Vec<Vec<(usize, LineTag)>>,
    /// Page index (0-based) where each article starts (lead first).
    pub article_pages: Vec<usize>,
}

impl LayoutReport {
    /// Widows and orphans: a paragraph split across columns or pages with
    /// fewer than two of its lines on one side. Empty when the rule holds.
    pub fn widows_and_orphans(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (page, lines) in self.lines.iter().enumerate() {
            let mut k = 0;
            while k < lines.len() {
                let (col, tag) = lines[k];
                let mut end = k;
                while end < lines.len() && lines[end].0 == col && lines[end].1.para == tag.para {
                    end += 1;
                }
                let here = end - k;
                if here < tag.count && here < 2 {
                    let kind = if lines[k].1.line == 0 {
                        "orphan"
                    } else {
                        "widow"
                    };
                    problems.push(format!(
                        "{kind}: paragraph {} has {here} of {} lines on page {} (column {col})",
                        tag.para,
                        tag.count,
                        page + 1
                    ));
                }
                k = end;
            }
        }
        problems
    }
}

/// An issue laid out: the pages to print, where the pages fall in the
/// text, and what the tests check pagination with.
#[derive(Debug, Clone)]
pub struct Laid {
    pub document: Document,
    pub page_map: PageMap,
    pub report: LayoutReport,
}

/// Lays out the PDF edition of an issue.
pub fn layout_issue(issue: &Issue) -> StageResult<Laid> {
    layout_issue_with(issue, |_| ()).0
}

/// [`layout_issue`], calling `early` with the page map as soon as the
/// pages are settled, before they are finished (framed, headed,
/// numbered): a caller can start work that needs only the map (the EPUB's
/// print page numbers) on a core that would otherwise wait. Its result is
/// `None` when the layout failed before the map was known.
pub fn layout_issue_with<R>(
    issue: &Issue,
    early: impl FnOnce(&PageMap) -> R,
) -> (StageResult<Laid>, Option<R>) {
    let mut result = None;
    let laid = lay_out(issue, |map| result = Some(early(map)));
    (laid, result)
}

fn lay_out(issue: &Issue, early: impl FnOnce(&PageMap)) -> StageResult<Laid> {
    let book = FontBook::for_issue(issue);
    let theme = Theme::new(&issue.style);
    let geo = Geometry {
        left: theme.left,
        width: theme.width,
        top: theme.top,
        bottom: theme.bottom,
        gutter: theme.gutter,
        note_gap: theme.leading,
        note_rule: 72.0,
        rule_color: theme.grey,
    };
    let mut starts: contents::Starts = Vec::new();
    // Pass 1 with placeholder page numbers; repeat until they settle,
    // then lay the pages out for real.
    let memo = memo::Memo::default();
    let masthead = |starts: &contents::Starts| {
        let mut mast = Builder::new(&book, &theme, &issue.assets, &issue.language, false);
        mast.anchor = Some(Anchor::Masthead);
        mast.memo = Some(&memo);
        contents::masthead(&mut mast, issue, starts);
        (mast.chunks, mast.elems)
    };
    // The first masthead needs no page numbers: set it while the body is
    // built (the font book's caches are shared and order-independent).
    let (body, first) = rayon::join(|| build_body(&book, &theme, issue), || masthead(&starts));
    let mut next = Some(first);
    let mut settled = None;
    let count = issue.related.len() + 1;
    for _ in 0..3 {
        let head = next.take().unwrap_or_else(|| masthead(&starts));
        let seq = flow::Seq {
            head: &head.0,
            body: &body.chunks,
        };
        let pages = paginate(&seq, &body.notes, &geo)?;
        let found = article_starts(&pages, count);
        if found == starts {
            // The masthead just used already has the final numbers.
            settled = Some((head, pages));
            break;
        }
        starts = found;
    }
    let (head, pages) = match settled {
        Some(s) => s,
        None => {
            let head = masthead(&starts);
            let seq = flow::Seq {
                head: &head.0,
                body: &body.chunks,
            };
            let pages = paginate(&seq, &body.notes, &geo)?;
            (head, pages)
        }
    };
    // Each page's label and what is set on it: final once pagination has
    // settled.
    let page_map = PageMap::new(
        pages
            .iter()
            .enumerate()
            .map(|(index, p)| (pages::label(index), p.anchors.clone()))
            .collect(),
    );
    early(&page_map);
    let (document, report, warnings) =
        finish(issue, &book, &theme, &geo, head, body, pages, starts);
    Ok(Warned {
        output: Laid {
            document,
            page_map,
            report,
        },
        warnings,
    })
}

/// The settled pages made final: the masthead and body grafted into one
/// structure tree, frames materialised, footnote links, running heads
/// and folios, fonts listed.
#[allow(clippy::too_many_arguments, reason = "the layout's parts, once")]
fn finish(
    issue: &Issue,
    book: &FontBook,
    theme: &Theme,
    geo: &Geometry,
    head: (Vec<Chunk>, Vec<StructElem>),
    mut body: Body,
    mut pages: Vec<PageOut>,
    starts: contents::Starts,
) -> (Document, LayoutReport, crate::diag::Diagnostics) {
    let note_count = body.notes.len();
    // The structure in reading order: the document, the masthead, the body.
    let (mut head_chunks, head_elems) = head;
    let mut structure = vec![StructElem {
        role: Role::Document,
        parent: None,
        alt: None,
    }];
    let base = graft(&mut structure, head_elems, Some(0));
    offset_tags(head_chunks.iter_mut(), base);
    let base = graft(&mut structure, body.elems, Some(0));
    offset_tags(
        body.chunks
            .iter_mut()
            .chain(body.notes.iter_mut().flat_map(|n| n.lines.iter_mut())),
        base,
    );
    let chunks = head_chunks.into_iter().chain(body.chunks).collect();
    flow::materialize(&mut pages, chunks, body.notes, geo);
    // Footnote markers link to their notes.
    let mut note_at: Vec<Option<(usize, f64)>> = vec![None; note_count];
    for (index, page) in pages.iter().enumerate() {
        for (mark, at) in &page.marks {
            if let Mark::Note(n) = mark
                && let Some(slot) = note_at.get_mut(*n)
            {
                *slot = Some((index, at.y));
            }
        }
    }
    for page in &mut pages {
        pieces::resolve_note_links(&mut page.items, &note_at);
    }
    let report = LayoutReport {
        lines: pages.iter().map(|p| p.lines.clone()).collect(),
        article_pages: starts.iter().map(|&(p, _)| p).collect(),
    };
    let (mut pages, outline) = pages::finish(book, theme, issue, pages);
    mark_languages(&mut pages, &issue.language);
    // Only the faces the pages draw with: parsing every fallback face the
    // book holds (42 of them) would cost more than shaping a short issue.
    let mut used: Vec<crate::frame::FontId> = Vec::new();
    for page in &pages {
        for (_, item) in &page.items {
            if let crate::frame::FrameItem::Text(run) = item
                && !used.contains(&run.font)
            {
                used.push(run.font);
            }
        }
    }
    let document = Document {
        pages,
        outline,
        fonts: book.font_data_for(&used),
        structure,
        info: doc_info(issue),
    };
    (document, report, body.warnings)
}

/// [`flow::paginate`], its failure to progress reported as an error
/// rather than content silently left out.
fn paginate(
    seq: &flow::Seq<'_>,
    notes: &[Note],
    geo: &Geometry,
) -> Result<Vec<PageOut>, crate::diag::Diagnostics> {
    flow::paginate(seq, notes, geo).map_err(|stuck| {
        vec![
            crate::diag::Diagnostic::error(format!(
                "pagination stopped with {} of {} pieces of the issue unplaced",
                stuck.left, stuck.total
            ))
            .hint("this is a bug in pressrun: please report it with the manifest"),
        ]
    })
}

/// The document's metadata: what viewers show and screen readers read.
fn doc_info(issue: &Issue) -> DocInfo {
    let mut keywords: Vec<String> = Vec::new();
    for a in issue.articles() {
        if !keywords.contains(&a.kind) {
            keywords.push(a.kind.clone());
        }
    }
    DocInfo {
        title: issue.title(),
        author: issue.lead.authors.join(", "),
        subject: issue
            .description
            .clone()
            .unwrap_or_else(|| issue.lead.title.clone()),
        keywords,
        lang: issue.language.clone(),
        timestamp: issue.timestamp,
    }
}

/// Hangul in an issue of another language is marked Korean, so a screen
/// reader switches voice for it.
fn mark_languages(pages: &mut [Page], lang: &str) {
    let primary = lang.split('-').next().unwrap_or("");
    if primary.eq_ignore_ascii_case("ko") {
        return;
    }
    let korean: std::sync::Arc<str> = std::sync::Arc::from("ko");
    // Every glyph of every page is looked at: pages in parallel, and a
    // text is decoded only when it has a byte that can start a Hangul
    // letter (U+1100 and up start with 0xE1 or more).
    pages.par_iter_mut().for_each(|page| {
        for (_, item) in &mut page.items {
            if let FrameItem::Text(run) = item
                && run.glyphs.iter().any(|g| {
                    g.text.bytes().any(|b| b >= 0xE1) && g.text.chars().any(font::is_hangul)
                })
            {
                run.lang = Some(korean.clone());
            }
        }
    });
}

fn article_starts(pages: &[PageOut], count: usize) -> contents::Starts {
    let mut starts = vec![(0, 0.0); count];
    for (index, page) in pages.iter().enumerate() {
        for (mark, at) in &page.marks {
            if let Mark::Article(n) = mark
                && let Some(s) = starts.get_mut(*n)
            {
                *s = (index, at.y);
            }
        }
    }
    starts
}

struct Body {
    chunks: Vec<Chunk>,
    notes: Vec<Note>,
    warnings: Vec<crate::diag::Diagnostic>,
    /// Structure elements, indices from 0 (top-level ones without parent).
    elems: Vec<StructElem>,
}

/// Every article, then the closing links, as chunks (built once).
/// Articles are built in parallel, each from a fresh builder, and joined
/// in order: an article starts on a new page or after a separator, so
/// nothing but running indices crosses from one article to the next.
fn build_body(book: &FontBook, theme: &Theme, issue: &Issue) -> Body {
    let articles: Vec<_> = issue.articles().collect();
    // Footnote indices are global; each article's first is known up front.
    let note_bases: Vec<usize> = articles
        .iter()
        .scan(0, |next, a| {
            let base = *next;
            *next += content(a).map_or(0, |md| md.footnotes.len());
            Some(base)
        })
        .collect();
    // One job per article: split in halves, the article after the lead
    // would wait behind it on the same thread while the other idles.
    let mut parts: Vec<Part> = articles
        .par_iter()
        .with_max_len(1)
        .enumerate()
        .map(|(n, a)| build_article(book, theme, issue, n, a, note_bases[n]))
        .collect();
    if !issue.links.is_empty() {
        let mut b = new_builder(book, theme, issue);
        b.anchor = Some(Anchor::Closing);
        if issue.style.article_break == ArticleBreak::Page {
            b.page_break();
        } else {
            header::separator(&mut b);
        }
        header::closing_links(&mut b, &issue.links);
        parts.push(Part::from(b));
    }
    let mut body = Body {
        chunks: Vec::new(),
        notes: Vec::new(),
        warnings: Vec::new(),
        elems: Vec::new(),
    };
    let mut paras = 0;
    for mut part in parts {
        let base = body.chunks.len();
        let elem_base = graft(&mut body.elems, part.elems, None);
        offset_tags(
            part.chunks
                .iter_mut()
                .chain(part.notes.iter_mut().flat_map(|n| n.lines.iter_mut())),
            elem_base,
        );
        body.chunks.extend(part.chunks.into_iter().map(|mut c| {
            c.repeat = c.repeat.map(|r| r + base);
            if let Some(tag) = &mut c.line {
                tag.para += paras;
            }
            c
        }));
        paras += part.paras;
        body.notes.extend(part.notes);
        // One missing-character warning per character in the issue.
        for w in part.warnings {
            let seen = blocks::missing_char_of(&w.message).is_some_and(|c| {
                body.warnings
                    .iter()
                    .any(|o| blocks::missing_char_of(&o.message) == Some(c))
            });
            if !seen {
                body.warnings.push(w);
            }
        }
    }
    body
}

/// One article's chunks, with indices local to it (notes excepted).
struct Part {
    chunks: Vec<Chunk>,
    notes: Vec<Note>,
    warnings: Vec<crate::diag::Diagnostic>,
    paras: usize,
    elems: Vec<StructElem>,
}

/// Appends `elems` (numbered from 0) to `structure`, their parents
/// shifted to match and top-level ones given `root`; returns the shift,
/// for the tags of the chunks that name them.
fn graft(structure: &mut Vec<StructElem>, elems: Vec<StructElem>, root: Option<u32>) -> u32 {
    let base = u32::try_from(structure.len()).unwrap_or(u32::MAX);
    structure.extend(elems.into_iter().map(|mut e| {
        e.parent = e.parent.map(|p| p + base).or(root);
        e
    }));
    base
}

/// Shifts the structure tags of the chunks' text and images by `by`.
fn offset_tags<'a>(chunks: impl Iterator<Item = &'a mut Chunk>, by: u32) {
    if by == 0 {
        return;
    }
    for chunk in chunks {
        for (_, item) in &mut chunk.items {
            let tag = match item {
                FrameItem::Text(run) => &mut run.tag,
                FrameItem::Image(img) => &mut img.tag,
                FrameItem::Link { tag, .. } => tag,
                FrameItem::Rect { .. } => continue,
            };
            *tag = tag.map(|t| t + by);
        }
    }
}

impl From<Builder<'_>> for Part {
    fn from(b: Builder<'_>) -> Self {
        Part {
            paras: b.paragraphs(),
            elems: b.elems,
            chunks: b.chunks,
            notes: b.notes,
            warnings: b.warnings,
        }
    }
}

fn new_builder<'a>(book: &'a FontBook, theme: &'a Theme, issue: &'a Issue) -> Builder<'a> {
    Builder::new(
        book,
        theme,
        &issue.assets,
        &issue.language,
        issue.style.hyphenate,
    )
}

/// The article's text: its body, else its summary.
fn content(article: &Article) -> Option<&crate::model::Markdown> {
    article.body.as_ref().or(article.summary.as_ref())
}

fn build_article(
    book: &FontBook,
    theme: &Theme,
    issue: &Issue,
    n: usize,
    article: &Article,
    note_base: usize,
) -> Part {
    let col_theme = theme.column();
    let two_col = !article.is_lead && issue.style.related_columns >= 2;
    let own = if two_col { &col_theme } else { theme };
    let mut b = new_builder(book, theme, issue);
    b.cols = if two_col { 2 } else { 1 };
    b.theme = own;
    b.width = if two_col {
        (theme.width - theme.gutter) / 2.0
    } else {
        theme.width
    };
    b.article = article.title.clone();
    b.note_base = note_base;
    let article_no = u32::try_from(n).unwrap_or(u32::MAX);
    b.article_no = article_no;
    b.anchor = Some(Anchor::Header {
        article: article_no,
    });
    let sect = b.open(Role::Sect);
    let new_page = match issue.style.article_break {
        ArticleBreak::Page => true,
        ArticleBreak::LeadOnly => n <= 1,
        ArticleBreak::Flow => false,
    };
    if new_page {
        b.page_break();
    } else {
        header::separator(&mut b);
    }
    header::article_header(&mut b, n, article);
    if let Some(md) = content(article) {
        b.top_heading = md
            .blocks
            .iter()
            .filter_map(|bl| match bl {
                crate::model::Block::Heading { level, .. } => Some(*level),
                _ => None,
            })
            .min()
            .unwrap_or(1);
        let ctx = b.ctx();
        b.blocks(&md.blocks, &ctx);
        // Notes run across the page in the body's size, whatever the
        // columns above them.
        b.theme = theme;
        for (k, note) in md.footnotes.iter().enumerate() {
            let lines = footnotes::note_lines(&mut b, k + 1, &note.blocks);
            b.notes.push(lines);
        }
        b.theme = own;
    }
    b.anchor = Some(Anchor::Source {
        article: article_no,
    });
    if article.body.is_none() || !article.is_lead {
        header::original_link(&mut b, article);
    }
    b.close(sect);
    Part::from(b)
}
