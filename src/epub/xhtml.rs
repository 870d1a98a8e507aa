//! Model blocks and inlines → well-formed XHTML (our own writer:
//! pulldown-cmark's HTML is not XML), with footnotes as EPUB 3 pop-ups.
//! The web edition writes through the same writer in its HTML dialect
//! ([`MarkdownWriter::for_web`]): no `epub:` attributes, and relative
//! links kept (they resolve against the page's address).

use super::sanitize::{Context, HtmlScope};
use crate::model::url::{followable as safe_url, relative as safe_relative_url};
use crate::model::{Align, Block, Footnote, Inline, ListItem, Markdown};

/// Characters XML 1.0 allows (and that HTML does not forbid): no C0/C1
/// controls except tab and newlines, no noncharacters.
fn allowed(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => true,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => false,
        '\u{fdd0}'..='\u{fdef}' => false,
        c => (c as u32) & 0xfffe != 0xfffe,
    }
}

/// Appends `s` escaped as XML character data.
pub(crate) fn escape_text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
}

/// Appends `s` escaped for a double-quoted attribute value.
pub(crate) fn escape_attr(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Newlines in attributes would be normalised away; keep them as spaces.
            '\n' | '\r' | '\t' => out.push(' '),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
}

/// `s` escaped as text.
pub(crate) fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_text(s, &mut out);
    out
}

/// `s` escaped as an attribute value.
pub(crate) fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_attr(s, &mut out);
    out
}

/// `s` with characters that XML cannot carry removed (for metadata that
/// epub-builder escapes itself).
pub(crate) fn clean(s: &str) -> String {
    s.chars().filter(|c| allowed(*c)).collect()
}

/// Writes one markdown document (an article body or summary) into a page.
pub(crate) struct MarkdownWriter<'a> {
    pub(crate) out: &'a mut String,
    /// Book-relative href for each asset index.
    images: &'a [String],
    footnotes: &'a [Footnote],
    /// Prefix of every id this writer makes, unique within the page.
    prefix: &'a str,
    /// Added to markdown heading levels so the document's top level lands
    /// on the level the page wants (no skipped levels under the title).
    heading_shift: i16,
    heading_ids: Vec<&'a str>,
    /// Ids of the references emitted so far, per footnote.
    refs: Vec<Vec<String>>,
    pub(crate) warnings: Vec<String>,
    /// Heading of the footnotes section, in the book's language.
    pub(crate) notes_title: &'static str,
    /// Print page breaks to mark: `(block, offset, label)`, sorted; the
    /// next one to write; the block being written (numbered as
    /// `model::Markdown::block` does) and characters of its plain text
    /// written so far.
    marks: Vec<(u32, u32, String)>,
    next_mark: usize,
    block_no: u32,
    current: u32,
    chars: u32,
    /// Write EPUB's `epub:type` attributes (off for plain HTML: email).
    epub: bool,
    /// Writing an HTML page for the web rather than an EPUB document.
    web: bool,
}

impl<'a> MarkdownWriter<'a> {
    pub(crate) fn new(
        out: &'a mut String,
        doc: &'a Markdown,
        images: &'a [String],
        prefix: &'a str,
        top_level: u8,
    ) -> Self {
        let min = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, .. } => Some(*level),
                _ => None,
            })
            .min()
            .unwrap_or(1);
        let heading_shift = i16::from(top_level) - i16::from(min);
        let heading_ids = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { id, .. } => Some(id.as_str()),
                _ => None,
            })
            .collect();
        Self {
            out,
            images,
            footnotes: &doc.footnotes,
            prefix,
            heading_shift,
            heading_ids,
            refs: vec![Vec::new(); doc.footnotes.len()],
            warnings: Vec::new(),
            notes_title: "Notes",
            marks: Vec::new(),
            next_mark: 0,
            block_no: 0,
            current: u32::MAX,
            chars: 0,
            epub: true,
            web: false,
        }
    }

    /// Writes for a web page: notes without `epub:type`, relative links
    /// kept.
    pub(crate) fn for_web(mut self) -> Self {
        self.web = true;
        self
    }

    /// Marks the print edition's page breaks at these places.
    pub(crate) fn with_marks(mut self, marks: Vec<(u32, u32, String)>) -> Self {
        self.marks = marks;
        self
    }

    /// Writes HTML for a web page or an email: no `epub:type` attributes
    /// (the ARIA roles stay).
    pub(crate) fn html(mut self) -> Self {
        self.epub = false;
        self
    }

    /// Writes every marker not written yet (one whose place was not
    /// reached, e.g. text the sanitizer removed).
    pub(crate) fn flush_marks(&mut self) {
        while let Some((_, _, label)) = self.marks.get(self.next_mark) {
            self.out.push_str(&super::page_marks::marker(label));
            self.next_mark += 1;
        }
    }

    /// Counts the next block (containers too, before their children).
    fn enter_block(&mut self) -> u32 {
        let n = self.block_no;
        self.block_no += 1;
        self.current = n;
        self.chars = 0;
        n
    }

    /// Writes the markers of block `n` up to character `before` (all of
    /// them when `None`).
    fn marks_of(&mut self, n: u32, before: Option<u32>) {
        while let Some((b, offset, label)) = self.marks.get(self.next_mark) {
            if *b > n || (*b == n && before.is_some_and(|end| *offset >= end)) {
                break;
            }
            self.out.push_str(&super::page_marks::marker(label));
            self.next_mark += 1;
        }
    }

    /// Escaped text of the current block, with the markers that fall
    /// inside it at their characters.
    fn marked_text(&mut self, t: &str) {
        let len = u32::try_from(t.chars().count()).unwrap_or(u32::MAX);
        let end = self.chars.saturating_add(len);
        let mut rest = t;
        let mut at = self.chars;
        while let Some((b, offset, _)) = self.marks.get(self.next_mark) {
            if *b != self.current || *offset >= end {
                break;
            }
            let k = offset.saturating_sub(at) as usize;
            let split = rest.char_indices().nth(k).map_or(rest.len(), |(i, _)| i);
            escape_text(&rest[..split], self.out);
            rest = &rest[split..];
            at = at.max(*offset);
            self.marks_of(self.current, Some(at + 1));
        }
        escape_text(rest, self.out);
        self.chars = end;
    }

    /// The id a heading gets in the page (nav links point at it).
    pub(crate) fn heading_id(prefix: &str, id: &str) -> String {
        let id: String = id
            .chars()
            .map(|c| if c.is_whitespace() { '-' } else { c })
            .collect();
        // `pr-` ids are ours (title, notes), `kobo.` and `book-` the kepub's
        // (spans, wrappers): keep authors' ids clear of them.
        let reserved = id.starts_with("pr-")
            || id.starts_with("kobo.")
            || id == "book-columns"
            || id == "book-inner";
        let guard = if reserved { "h-" } else { "" };
        format!("{prefix}{guard}{id}")
    }

    pub(crate) fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    fn block(&mut self, block: &Block) {
        let n = self.enter_block();
        if !matches!(block, Block::Heading { .. } | Block::Paragraph(_)) {
            // Markers go before the element (never inside a list or table).
            self.marks_of(n, None);
        }
        match block {
            Block::Heading { level, id, content } => {
                let level = (i16::from(*level) + self.heading_shift).clamp(1, 6);
                let id = Self::heading_id(self.prefix, id);
                self.out
                    .push_str(&format!("<h{level} id=\"{}\">", attr(&id)));
                self.inlines(content, false);
                self.marks_of(n, None);
                self.out.push_str(&format!("</h{level}>\n"));
            }
            Block::Paragraph(inlines) => {
                let start = self.out.len();
                self.out.push_str("<p>");
                self.inlines(inlines, false);
                self.marks_of(n, None);
                if self.out[start + 3..].trim().is_empty() {
                    // Everything in it was removed (e.g. a lone <iframe>).
                    self.out.truncate(start);
                } else {
                    self.out.push_str("</p>\n");
                }
            }
            Block::Figure { asset, alt, title } => {
                self.out.push_str("<figure class=\"figure\">");
                self.image(*asset, alt, title.as_deref());
                if !alt.trim().is_empty() {
                    self.out.push_str("<figcaption>");
                    escape_text(alt, self.out);
                    self.out.push_str("</figcaption>");
                }
                self.out.push_str("</figure>\n");
            }
            Block::Quote(blocks) => {
                self.out.push_str("<blockquote>\n");
                self.blocks(blocks);
                self.out.push_str("</blockquote>\n");
            }
            Block::List {
                start,
                tight,
                items,
            } => self.list(*start, *tight, items),
            Block::Code { lang, text } => {
                self.out.push_str("<pre class=\"code\"><code");
                if let Some(lang) = lang {
                    let class: String = lang
                        .chars()
                        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'))
                        .collect();
                    if !class.is_empty() {
                        self.out.push_str(&format!(" class=\"language-{class}\""));
                    }
                }
                self.out.push('>');
                escape_text(text, self.out);
                self.out.push_str("</code></pre>\n");
            }
            Block::Table { align, head, rows } => self.table(align, head, rows),
            Block::Rule => self.out.push_str("<hr/>\n"),
            Block::Html(html) => {
                let mut scope = HtmlScope::new(Context::Flow, false);
                let warnings = &mut self.warnings;
                scope.feed(html, self.out, &mut |w| warnings.push(w));
                scope.finish(self.out);
                self.out.push('\n');
            }
        }
    }

    /// An item's blocks; in a tight list its paragraphs are set as bare
    /// text (CommonMark: no `<p>` in a tight list's items).
    fn item_blocks(&mut self, blocks: &[Block], tight: bool) {
        for block in blocks {
            match block {
                Block::Paragraph(inlines) if tight => {
                    let n = self.enter_block();
                    self.inlines(inlines, false);
                    self.marks_of(n, None);
                    self.out.push('\n');
                }
                _ => self.block(block),
            }
        }
    }

    fn list(&mut self, start: Option<u64>, tight: bool, items: &[ListItem]) {
        let tag = match start {
            Some(1) => {
                self.out.push_str("<ol>\n");
                "ol"
            }
            Some(n) => {
                self.out.push_str(&format!("<ol start=\"{n}\">\n"));
                "ol"
            }
            None => {
                let task_list = items.iter().any(|i| i.task.is_some());
                self.out.push_str(if task_list {
                    "<ul class=\"tasks\">\n"
                } else {
                    "<ul>\n"
                });
                "ul"
            }
        };
        for item in items {
            match item.task {
                None => {
                    self.out.push_str("<li>");
                    self.item_blocks(&item.blocks, tight);
                }
                Some(done) => {
                    let (class, mark, label) = if done {
                        ("task done", "\u{2611}", "Done: ")
                    } else {
                        ("task", "\u{2610}", "To do: ")
                    };
                    self.out.push_str(&format!(
                        "<li class=\"{class}\"><span class=\"check\" aria-hidden=\"true\">{mark}</span><span class=\"visually-hidden\">{label}</span>"
                    ));
                    // Keep the box on the first line: unwrap a leading paragraph.
                    match item.blocks.split_first() {
                        Some((Block::Paragraph(inlines), rest)) => {
                            let n = self.enter_block();
                            self.out.push_str("<span class=\"task-text\">");
                            self.inlines(inlines, false);
                            self.marks_of(n, None);
                            self.out.push_str("</span>\n");
                            self.item_blocks(rest, tight);
                        }
                        _ => self.item_blocks(&item.blocks, tight),
                    }
                }
            }
            self.out.push_str("</li>\n");
        }
        self.out.push_str(&format!("</{tag}>\n"));
    }

    fn table(&mut self, align: &[Align], head: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) {
        if head.is_empty() && rows.is_empty() {
            return;
        }
        let class = |i: usize| match align.get(i) {
            Some(Align::Left) => " class=\"left\"",
            Some(Align::Center) => " class=\"center\"",
            Some(Align::Right) => " class=\"right\"",
            _ => "",
        };
        // The wrapper scrolls sideways on small screens instead of overflowing.
        self.out.push_str("<div class=\"table-wrap\"><table>\n");
        if !head.is_empty() {
            self.out.push_str("<thead><tr>");
            for (i, cell) in head.iter().enumerate() {
                self.out
                    .push_str(&format!("<th scope=\"col\"{}>", class(i)));
                self.inlines(cell, false);
                self.out.push_str("</th>");
            }
            self.out.push_str("</tr></thead>\n");
        }
        if !rows.is_empty() {
            self.out.push_str("<tbody>\n");
            for row in rows {
                self.out.push_str("<tr>");
                for (i, cell) in row.iter().enumerate() {
                    self.out.push_str(&format!("<td{}>", class(i)));
                    self.inlines(cell, false);
                    self.out.push_str("</td>");
                }
                self.out.push_str("</tr>\n");
            }
            self.out.push_str("</tbody>\n");
        }
        self.out.push_str("</table></div>\n");
    }

    fn image(&mut self, asset: usize, alt: &str, title: Option<&str>) {
        let Some(href) = self.images.get(asset) else {
            escape_text(alt, self.out);
            return;
        };
        // A missing alt is reported by the markdown converter, with its location.
        self.out.push_str(&format!(
            "<img src=\"{}\" alt=\"{}\"",
            attr(href),
            attr(alt.trim())
        ));
        if let Some(title) = title.filter(|t| !t.is_empty()) {
            self.out.push_str(&format!(" title=\"{}\"", attr(title)));
        }
        self.out.push_str("/>");
    }

    pub(crate) fn inlines(&mut self, inlines: &[Inline], in_link: bool) {
        let mut scope = HtmlScope::new(Context::Phrasing, in_link);
        for inline in inlines {
            if let Inline::Html(html) = inline {
                let warnings = &mut self.warnings;
                scope.feed(html, self.out, &mut |w| warnings.push(w));
                continue;
            }
            if scope.skipping() {
                continue;
            }
            self.inline(inline, in_link || scope.in_anchor());
        }
        scope.finish(self.out);
    }

    fn inline(&mut self, inline: &Inline, in_link: bool) {
        match inline {
            Inline::Text(t) => self.marked_text(t),
            Inline::Code(t) => {
                self.out.push_str("<code>");
                self.marked_text(t);
                self.out.push_str("</code>");
            }
            Inline::Emph(c) => self.wrap("em", c, in_link),
            Inline::Strong(c) => self.wrap("strong", c, in_link),
            Inline::Strike(c) => self.wrap("del", c, in_link),
            Inline::Link {
                url,
                title,
                content,
            } => self.link(url, title.as_deref(), content, in_link),
            Inline::Image { asset, alt, title } => {
                self.image(*asset, alt, title.as_deref());
                self.chars = self
                    .chars
                    .saturating_add(u32::try_from(alt.chars().count()).unwrap_or(u32::MAX));
            }
            // A link cannot hold another: inside one the number stays plain.
            Inline::FootnoteRef(n) if in_link => {
                self.out
                    .push_str(&format!("<sup class=\"noteref\">{n}</sup>"));
            }
            Inline::FootnoteRef(n) => self.noteref(*n),
            Inline::SoftBreak => {
                self.out.push('\n');
                self.chars = self.chars.saturating_add(1);
            }
            Inline::LineBreak => {
                self.out.push_str("<br/>\n");
                self.chars = self.chars.saturating_add(1);
            }
            Inline::Html(_) => {}
        }
    }

    fn wrap(&mut self, tag: &str, content: &[Inline], in_link: bool) {
        self.out.push_str(&format!("<{tag}>"));
        self.inlines(content, in_link);
        self.out.push_str(&format!("</{tag}>"));
    }

    fn link(&mut self, url: &str, title: Option<&str>, content: &[Inline], in_link: bool) {
        let href = if let Some(frag) = url.strip_prefix('#') {
            if self.heading_ids.contains(&frag) {
                Some(format!("#{}", Self::heading_id(self.prefix, frag)))
            } else {
                self.warnings.push(format!(
                    "link to #{frag} points at no heading in this article; kept as text"
                ));
                None
            }
        } else if let Some(safe) = safe_url(url) {
            Some(safe)
        } else if let Some(relative) = safe_relative_url(url).filter(|_| self.web) {
            Some(relative)
        } else {
            if crate::model::url::is_script(url) {
                self.warnings
                    .push("removed a javascript: link; kept its text".to_owned());
            }
            // Other non-absolute links are reported by the loader, located.
            None
        };
        match href {
            // A link inside a link is not allowed: the inner one becomes text.
            Some(href) if !in_link => {
                self.out.push_str(&format!("<a href=\"{}\"", attr(&href)));
                if let Some(title) = title.filter(|t| !t.is_empty()) {
                    self.out.push_str(&format!(" title=\"{}\"", attr(title)));
                }
                self.out.push('>');
                self.inlines(content, true);
                self.out.push_str("</a>");
            }
            _ => self.inlines(content, in_link),
        }
    }

    fn note_id(&self, n: usize) -> String {
        format!("{}pr-fn{n}", self.prefix)
    }

    fn noteref(&mut self, n: usize) {
        let Some(refs) = n.checked_sub(1).and_then(|i| self.refs.get(i)) else {
            return;
        };
        let id = format!("{}pr-fnref{n}-{}", self.prefix, refs.len() + 1);
        let epub_type = if self.web || !self.epub {
            ""
        } else {
            "epub:type=\"noteref\" "
        };
        self.out.push_str(&format!(
            "<sup class=\"noteref\"><a {epub_type}role=\"doc-noteref\" id=\"{}\" href=\"#{}\">{n}</a></sup>",
            attr(&id),
            attr(&self.note_id(n)),
        ));
        if let Some(refs) = self.refs.get_mut(n - 1) {
            refs.push(id);
        }
    }

    /// Writes the notes as `<aside epub:type="footnote">` pop-ups, each with a
    /// link back to its first reference.
    pub(crate) fn footnotes(&mut self) {
        if self.footnotes.is_empty() {
            return;
        }
        self.out.push_str(&format!(
            "<section class=\"footnotes\">\n<h2 class=\"notes-title\">{}</h2>\n",
            self.notes_title
        ));
        let notes = self.footnotes;
        for (i, note) in notes.iter().enumerate() {
            let n = i + 1;
            let epub_type = if self.web || !self.epub {
                ""
            } else {
                "epub:type=\"footnote\" "
            };
            self.out.push_str(&format!(
                "<aside {epub_type}role=\"doc-footnote\" id=\"{}\" class=\"footnote\">\n",
                attr(&self.note_id(n))
            ));
            let back = match self.refs.get(i).and_then(|r| r.first()) {
                Some(first) => format!(
                    "<a class=\"backlink\" role=\"doc-backlink\" href=\"#{}\">{n}.</a> ",
                    attr(first)
                ),
                None => format!("<span class=\"backlink\">{n}.</span> "),
            };
            match note.blocks.split_first() {
                Some((Block::Paragraph(inlines), rest)) => {
                    self.out.push_str("<p>");
                    self.out.push_str(&back);
                    self.inlines(inlines, false);
                    self.out.push_str("</p>\n");
                    self.blocks(rest);
                }
                _ => {
                    self.out.push_str(&format!("<p>{back}</p>\n"));
                    self.blocks(&note.blocks);
                }
            }
            self.out.push_str("</aside>\n");
        }
        self.out.push_str("</section>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_strips_controls() {
        assert_eq!(
            text("a & <b> ]]> \u{1}\u{85}x"),
            "a &amp; &lt;b&gt; ]]&gt; x"
        );
        assert_eq!(attr("\"q\"\n"), "&quot;q&quot; ");
    }

    #[test]
    fn heading_ids_keep_clear_of_ours_and_the_kepubs() {
        let id = |s| MarkdownWriter::heading_id("", s);
        assert_eq!(id("pr-title"), "h-pr-title");
        assert_eq!(id("kobo.1.1"), "h-kobo.1.1");
        assert_eq!(id("book-inner"), "h-book-inner");
        assert_eq!(id("book-columns"), "h-book-columns");
        assert_eq!(id("book-inner-2"), "book-inner-2");
        assert_eq!(id("two words"), "two-words");
    }
}
