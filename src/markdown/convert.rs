//! The event walk: a stack of open containers, closed on `End` events.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, LinkType, Tag, TagEnd};

use crate::diag::Severity;
use crate::model::{Align, Block, Footnote, Inline, ListItem, Markdown};

/// Something worth telling the author, located by byte range in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub severity: Severity,
    pub range: Range<usize>,
    pub message: String,
    pub hint: Option<String>,
}

/// Converts markdown to the model. `resolve_image(url, range)` returns the
/// asset index for an image (reporting its own errors) or None, in which
/// case the image is replaced by its alt text.
pub fn convert(
    text: &str,
    resolve_image: &mut dyn FnMut(&str, Range<usize>) -> Option<usize>,
) -> (Markdown, Vec<Problem>) {
    let mut conv = Converter {
        resolve_image,
        stack: Vec::new(),
        root: Vec::new(),
        footnote_defs: HashMap::new(),
        refs: Vec::new(),
        heading_ids: HashMap::new(),
        problems: Vec::new(),
    };
    for (event, range) in super::parser(text).into_offset_iter() {
        conv.event(event, range);
    }
    conv.finish()
}

/// An open container: what it becomes when closed, and what it holds so far.
enum Open {
    Paragraph(Vec<Inline>),
    Heading(u8, Option<String>, Vec<Inline>),
    Quote(Vec<Block>),
    /// Start number, tight so far (no paragraph seen directly in an item), items.
    List(Option<u64>, bool, Vec<ListItem>),
    Item(Option<bool>, Vec<Block>, Vec<Inline>),
    Code(Option<String>, String),
    Table(Vec<Align>, Vec<Vec<Inline>>, Vec<Vec<Vec<Inline>>>),
    Row(Vec<Vec<Inline>>),
    Cell(Vec<Inline>),
    Span(SpanKind, Vec<Inline>),
    Image(String, Option<String>, Range<usize>, Vec<Inline>),
    Footnote(String, Range<usize>, Vec<Block>),
    Html(String),
    /// Dropped container whose inline content is kept (e.g. table head).
    Transparent,
}

enum SpanKind {
    Emph,
    Strong,
    Strike,
    Link(String, Option<String>),
}

struct Converter<'r> {
    resolve_image: &'r mut dyn FnMut(&str, Range<usize>) -> Option<usize>,
    stack: Vec<Open>,
    root: Vec<Block>,
    footnote_defs: HashMap<String, (Vec<Block>, Range<usize>)>,
    /// Footnote references in text order: label and where.
    refs: Vec<(String, Range<usize>)>,
    heading_ids: HashMap<String, usize>,
    problems: Vec<Problem>,
}

impl Converter<'_> {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                if let Some(Open::Code(_, buf)) = self.stack.last_mut() {
                    buf.push_str(&t);
                } else if let Some(Open::Html(buf)) = self.stack.last_mut() {
                    buf.push_str(&t);
                } else {
                    self.push_inline(Inline::Text(t.into_string()));
                }
            }
            Event::Code(t) => self.push_inline(Inline::Code(t.into_string())),
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.push_inline(Inline::Code(t.into_string()))
            }
            Event::Html(t) => {
                if let Some(Open::Html(buf)) = self.stack.last_mut() {
                    buf.push_str(&t);
                } else {
                    self.push_block(Block::Html(t.into_string()));
                }
            }
            Event::InlineHtml(t) => self.push_inline(Inline::Html(t.into_string())),
            Event::FootnoteReference(label) => {
                let label = label.into_string();
                self.refs.push((label.clone(), range));
                // Numbered in `finish`, once every reference is known.
                self.push_inline(Inline::FootnoteRef(usize::MAX - (self.refs.len() - 1)));
            }
            Event::SoftBreak => self.push_inline(Inline::SoftBreak),
            Event::HardBreak => self.push_inline(Inline::LineBreak),
            Event::Rule => self.push_block(Block::Rule),
            Event::TaskListMarker(done) => {
                // In a loose list the marker arrives inside the item's paragraph.
                let item = self
                    .stack
                    .iter_mut()
                    .rev()
                    .find(|o| matches!(o, Open::Item(..)));
                if let Some(Open::Item(task, ..)) = item {
                    *task = Some(done);
                }
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        let open = match tag {
            Tag::Paragraph => {
                // pulldown-cmark opens paragraphs in list items only when
                // the list is loose; a tight list's items hold bare inlines.
                if let [.., Open::List(_, tight, _), Open::Item(..)] = self.stack.as_mut_slice() {
                    *tight = false;
                }
                Open::Paragraph(Vec::new())
            }
            Tag::Heading { level, id, .. } => {
                Open::Heading(level as u8, id.map(|s| s.into_string()), Vec::new())
            }
            Tag::BlockQuote(_) => Open::Quote(Vec::new()),
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().map(str::to_owned)
                    }
                    CodeBlockKind::Indented => None,
                };
                Open::Code(lang, String::new())
            }
            Tag::HtmlBlock => Open::Html(String::new()),
            Tag::List(start) => Open::List(start, true, Vec::new()),
            Tag::Item => Open::Item(None, Vec::new(), Vec::new()),
            Tag::FootnoteDefinition(label) => {
                Open::Footnote(label.into_string(), range, Vec::new())
            }
            Tag::Table(aligns) => Open::Table(
                aligns.into_iter().map(align).collect(),
                Vec::new(),
                Vec::new(),
            ),
            Tag::TableHead | Tag::TableRow => Open::Row(Vec::new()),
            Tag::TableCell => Open::Cell(Vec::new()),
            Tag::Emphasis => Open::Span(SpanKind::Emph, Vec::new()),
            Tag::Strong => Open::Span(SpanKind::Strong, Vec::new()),
            Tag::Strikethrough => Open::Span(SpanKind::Strike, Vec::new()),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                let title = (!title.is_empty()).then(|| title.into_string());
                // An email autolink (`<a@b.org>`) comes without its scheme.
                let url = if link_type == LinkType::Email {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.into_string()
                };
                Open::Span(SpanKind::Link(url, title), Vec::new())
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                let title = (!title.is_empty()).then(|| title.into_string());
                Open::Image(dest_url.into_string(), title, range, Vec::new())
            }
            _ => Open::Transparent,
        };
        self.stack.push(open);
    }

    fn end(&mut self, tag: TagEnd) {
        let Some(open) = self.stack.pop() else { return };
        match open {
            Open::Paragraph(inlines) => {
                let block = match inlines.as_slice() {
                    [Inline::Image { asset, alt, title }] => Block::Figure {
                        asset: *asset,
                        alt: alt.clone(),
                        title: title.clone(),
                    },
                    _ => Block::Paragraph(inlines),
                };
                self.push_block(block);
            }
            Open::Heading(level, id, content) => {
                let id = self.heading_id(id, &content);
                self.push_block(Block::Heading { level, id, content });
            }
            Open::Quote(blocks) => self.push_block(Block::Quote(blocks)),
            Open::List(start, tight, items) => self.push_block(Block::List {
                start,
                tight,
                items,
            }),
            Open::Item(task, mut blocks, inlines) => {
                // Tight list items hold bare inlines: wrap them as a
                // paragraph. Inlines before a block were flushed when it
                // came, so these follow every block (`- Bar\n  ---\n  baz`).
                if !inlines.is_empty() {
                    blocks.push(Block::Paragraph(inlines));
                }
                if let Some(Open::List(_, _, items)) = self.stack.last_mut() {
                    items.push(ListItem { task, blocks });
                }
            }
            Open::Code(lang, text) => self.push_block(Block::Code { lang, text }),
            Open::Html(text) => self.push_block(Block::Html(text)),
            Open::Table(align, head, rows) => self.push_block(Block::Table { align, head, rows }),
            Open::Row(cells) => {
                if let Some(Open::Table(_, head, rows)) = self.stack.last_mut() {
                    if matches!(tag, TagEnd::TableHead) {
                        *head = cells;
                    } else {
                        rows.push(cells);
                    }
                }
            }
            Open::Cell(inlines) => {
                if let Some(Open::Row(cells)) = self.stack.last_mut() {
                    cells.push(inlines);
                }
            }
            Open::Span(kind, content) => {
                let inline = match kind {
                    SpanKind::Emph => Inline::Emph(content),
                    SpanKind::Strong => Inline::Strong(content),
                    SpanKind::Strike => Inline::Strike(content),
                    SpanKind::Link(url, title) => Inline::Link {
                        url,
                        title,
                        content,
                    },
                };
                self.push_inline(inline);
            }
            Open::Image(url, title, range, content) => {
                let alt = Inline::plain_text(&content);
                if alt.trim().is_empty() {
                    self.problems.push(Problem {
                        severity: Severity::Warning,
                        range: range.clone(),
                        message: format!("image `{url}` has no alt text"),
                        hint: Some(
                            "describe the image for screen readers: ![what it shows](path)".into(),
                        ),
                    });
                }
                match (self.resolve_image)(&url, range) {
                    Some(asset) => self.push_inline(Inline::Image { asset, alt, title }),
                    None => self.push_inline(Inline::Text(alt)),
                }
            }
            Open::Footnote(label, range, blocks) => {
                self.footnote_defs.insert(label, (blocks, range));
            }
            Open::Transparent => {}
        }
    }

    fn push_inline(&mut self, inline: Inline) {
        match self.stack.last_mut() {
            Some(
                Open::Paragraph(v)
                | Open::Heading(_, _, v)
                | Open::Item(_, _, v)
                | Open::Cell(v)
                | Open::Span(_, v)
                | Open::Image(_, _, _, v),
            ) => v.push(inline),
            // Inline content outside any paragraph (rare): give it one.
            _ => self.push_block(Block::Paragraph(vec![inline])),
        }
    }

    fn push_block(&mut self, block: Block) {
        match self.stack.last_mut() {
            Some(Open::Quote(v) | Open::Footnote(_, _, v)) => v.push(block),
            Some(Open::Item(_, blocks, inlines)) => {
                if !inlines.is_empty() {
                    blocks.push(Block::Paragraph(std::mem::take(inlines)));
                }
                blocks.push(block);
            }
            _ => self.root.push(block),
        }
    }

    fn heading_id(&mut self, explicit: Option<String>, content: &[Inline]) -> String {
        let base = explicit.unwrap_or_else(|| slugify(&Inline::plain_text(content)));
        let base = if base.is_empty() {
            "section".to_owned()
        } else {
            base
        };
        let n = self.heading_ids.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 { base } else { format!("{base}-{n}") }
    }

    fn finish(mut self) -> (Markdown, Vec<Problem>) {
        // Number footnotes by first reference; unknown labels stay as text.
        let mut numbers: HashMap<String, usize> = HashMap::new();
        let mut footnotes = Vec::new();
        let mut ref_numbers = Vec::with_capacity(self.refs.len());
        for (label, range) in &self.refs {
            if let Some(&n) = numbers.get(label) {
                ref_numbers.push(Some(n));
            } else if let Some((blocks, _)) = self.footnote_defs.remove(label) {
                footnotes.push(Footnote {
                    label: label.clone(),
                    blocks,
                });
                numbers.insert(label.clone(), footnotes.len());
                ref_numbers.push(Some(footnotes.len()));
            } else {
                self.problems.push(Problem {
                    severity: Severity::Warning,
                    range: range.clone(),
                    message: format!("footnote `[^{label}]` has no definition"),
                    hint: Some(format!("add a line `[^{label}]: the note text`")),
                });
                ref_numbers.push(None);
            }
        }
        let mut unused: Vec<_> = self.footnote_defs.into_iter().collect();
        unused.sort_by_key(|(_, (_, r))| r.start);
        for (label, (_, range)) in unused {
            self.problems.push(Problem {
                severity: Severity::Warning,
                range,
                message: format!("footnote `[^{label}]` is never referenced"),
                hint: Some(format!(
                    "refer to it in the text as `[^{label}]`, or remove it"
                )),
            });
        }
        let mut blocks = self.root;
        renumber_blocks(&mut blocks, &ref_numbers, &self.refs);
        for note in &mut footnotes {
            renumber_blocks(&mut note.blocks, &ref_numbers, &self.refs);
        }
        (Markdown { blocks, footnotes }, self.problems)
    }
}

/// Replaces placeholder footnote numbers (usize::MAX - k for reference k).
fn renumber_blocks(
    blocks: &mut [Block],
    numbers: &[Option<usize>],
    refs: &[(String, Range<usize>)],
) {
    for block in blocks {
        match block {
            Block::Heading { content, .. } | Block::Paragraph(content) => {
                renumber_inlines(content, numbers, refs)
            }
            Block::Quote(b) => renumber_blocks(b, numbers, refs),
            Block::List { items, .. } => {
                for item in items {
                    renumber_blocks(&mut item.blocks, numbers, refs);
                }
            }
            Block::Table { head, rows, .. } => {
                for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                    renumber_inlines(cell, numbers, refs);
                }
            }
            Block::Figure { .. } | Block::Code { .. } | Block::Rule | Block::Html(_) => {}
        }
    }
}

fn renumber_inlines(
    inlines: &mut [Inline],
    numbers: &[Option<usize>],
    refs: &[(String, Range<usize>)],
) {
    for inline in inlines {
        match inline {
            Inline::FootnoteRef(n) => {
                let k = usize::MAX - *n;
                match numbers.get(k).copied().flatten() {
                    Some(num) => *n = num,
                    None => {
                        let label = refs.get(k).map(|(l, _)| l.as_str()).unwrap_or("");
                        *inline = Inline::Text(format!("[^{label}]"));
                    }
                }
            }
            Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => {
                renumber_inlines(c, numbers, refs)
            }
            Inline::Link { content, .. } => renumber_inlines(content, numbers, refs),
            _ => {}
        }
    }
}

fn align(a: Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

/// Heading id: lower-case letters and digits joined by `-` (any script).
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(text: &str) -> (Markdown, Vec<Problem>) {
        convert(text, &mut |_, _| Some(0))
    }

    #[test]
    fn footnotes_numbered_by_first_reference() {
        let (m, problems) = md("A[^b] and B[^a] and again[^b].\n\n[^a]: Note A.\n[^b]: Note B.\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(m.footnotes.len(), 2);
        assert_eq!(m.footnotes[0].label, "b");
        let Block::Paragraph(inl) = &m.blocks[0] else {
            panic!("paragraph expected")
        };
        let nums: Vec<usize> = inl
            .iter()
            .filter_map(|i| {
                if let Inline::FootnoteRef(n) = i {
                    Some(*n)
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(nums, vec![1, 2, 1]);
    }

    #[test]
    fn lone_image_becomes_figure_and_missing_alt_warns() {
        let (m, problems) = md("![](map.png)\n");
        assert!(matches!(m.blocks[0], Block::Figure { .. }));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].severity, Severity::Warning);
    }

    #[test]
    fn headings_get_unique_ids_and_lists_tasks() {
        let (m, _) = md("# Hello, World\n\n## Hello world\n\n- [x] done\n- [ ] todo\n");
        let ids: Vec<_> = m
            .headings()
            .into_iter()
            .map(|(_, id, _)| id.to_owned())
            .collect();
        assert_eq!(ids, vec!["hello-world", "hello-world-2"]);
        let Block::List { items, .. } = &m.blocks[2] else {
            panic!("list expected")
        };
        assert_eq!(items[0].task, Some(true));
        assert_eq!(items[1].task, Some(false));
    }

    #[test]
    fn item_text_after_a_block_stays_after_it() {
        let (m, _) = md("- Bar\n  ---\n  baz\n");
        let Block::List { items, .. } = &m.blocks[0] else {
            panic!("list expected")
        };
        assert!(matches!(items[0].blocks[0], Block::Heading { .. }));
        assert!(matches!(items[0].blocks[1], Block::Paragraph(_)));
    }

    #[test]
    fn email_autolinks_get_their_scheme() {
        let (m, _) = md("<ada@example.org>\n");
        let Block::Paragraph(inl) = &m.blocks[0] else {
            panic!("paragraph expected")
        };
        assert!(
            matches!(&inl[0], Inline::Link { url, .. } if url == "mailto:ada@example.org"),
            "{inl:?}"
        );
    }

    #[test]
    fn lists_know_whether_they_are_tight() {
        let tight = |text: &str| match &md(text).0.blocks[0] {
            Block::List { tight, .. } => *tight,
            other => panic!("list expected, got {other:?}"),
        };
        assert!(tight("- a\n- b\n"));
        assert!(!tight("- a\n\n- b\n"));
        assert!(!tight("- a\n\n  more\n- b\n"));
        assert!(
            tight("1. a\n   - b\n\n     c\n2. d\n"),
            "an inner list's looseness is its own"
        );
        assert!(tight("- - a\n"));
        // Items of a tight list still hold their text as a paragraph block.
        let (m, _) = md("- a\n- b\n");
        let Block::List { items, .. } = &m.blocks[0] else {
            panic!("list expected")
        };
        assert!(matches!(items[0].blocks[0], Block::Paragraph(_)));
    }

    #[test]
    fn loose_task_lists_keep_their_markers() {
        let (m, _) = md("- [x] done\n\n- [ ] todo\n");
        let Block::List { items, .. } = &m.blocks[0] else {
            panic!("list expected")
        };
        assert_eq!(items[0].task, Some(true));
        assert_eq!(items[1].task, Some(false));
    }

    #[test]
    fn smart_quotes_and_tables() {
        let (m, _) = md("\"Quoted\" -- it's\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n");
        let Block::Paragraph(inl) = &m.blocks[0] else {
            panic!("paragraph expected")
        };
        assert_eq!(Inline::plain_text(inl), "“Quoted” – it’s");
        let Block::Table { align, head, rows } = &m.blocks[1] else {
            panic!("table expected")
        };
        assert_eq!(align, &vec![Align::Left, Align::Right]);
        assert_eq!(head.len(), 2);
        assert_eq!(rows.len(), 1);
    }

    #[test]
    fn undefined_footnote_stays_text() {
        // GFM leaves a reference without a definition as literal text.
        let (m, _) = md("See[^nope].\n");
        let Block::Paragraph(inl) = &m.blocks[0] else {
            panic!("paragraph expected")
        };
        assert_eq!(Inline::plain_text(inl), "See[^nope].");
        assert!(m.footnotes.is_empty());
    }
}
