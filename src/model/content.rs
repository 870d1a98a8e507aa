//! Markdown content as owned blocks and inlines (no pulldown-cmark types).

/// A parsed markdown document: blocks plus the footnotes it references,
/// numbered 1.. in order of first reference.
#[derive(Debug, Clone, Default)]
pub struct Markdown {
    pub blocks: Vec<Block>,
    pub footnotes: Vec<Footnote>,
}

impl Markdown {
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// Headings as (level, id, plain text), for tables of contents.
    pub fn headings(&self) -> Vec<(u8, &str, String)> {
        let mut out = Vec::new();
        for block in &self.blocks {
            if let Block::Heading { level, id, content } = block {
                out.push((*level, id.as_str(), Inline::plain_text(content)));
            }
        }
        out
    }

    /// Block `index` in document order, counting every block and
    /// descending into quotes and list items (a quote is counted, then its
    /// blocks): the numbering the page map uses.
    pub fn block(&self, index: usize) -> Option<&Block> {
        fn walk<'a>(blocks: &'a [Block], left: &mut usize) -> Option<&'a Block> {
            for b in blocks {
                if *left == 0 {
                    return Some(b);
                }
                *left -= 1;
                let inner = match b {
                    Block::Quote(inner) => walk(inner, left),
                    Block::List { items, .. } => items.iter().find_map(|i| walk(&i.blocks, left)),
                    _ => None,
                };
                if inner.is_some() {
                    return inner;
                }
            }
            None
        }
        walk(&self.blocks, &mut { index })
    }
}

impl Block {
    /// The block's words without markup: a paragraph's or heading's text,
    /// a figure's caption (its title, else its alt text), a code block's
    /// code; containers, tables, rules and raw HTML give "".
    pub fn plain_text(&self) -> String {
        match self {
            Block::Paragraph(c) | Block::Heading { content: c, .. } => Inline::plain_text(c),
            Block::Figure { alt, title, .. } => title
                .clone()
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| alt.clone()),
            Block::Code { text, .. } => text.clone(),
            _ => String::new(),
        }
    }
}

/// The character offset in `text` of its `n`th character that is not a
/// space (its length when there are fewer): turns a count of set
/// characters, which ignores how spaces were collapsed, into a place in
/// the source.
pub fn offset_of_nth_inked(text: &str, n: usize) -> usize {
    text.chars()
        .enumerate()
        .filter(|(_, c)| !c.is_whitespace())
        .nth(n)
        .map_or_else(|| text.chars().count(), |(i, _)| i)
}

/// One footnote definition; `Inline::FootnoteRef(n)` refers to `footnotes[n - 1]`.
#[derive(Debug, Clone)]
pub struct Footnote {
    /// The label the author wrote (`[^label]`).
    pub label: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
pub enum Block {
    /// `id` is unique within the article (slug of the text).
    Heading {
        level: u8,
        id: String,
        content: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    /// A paragraph holding only one image: set as a figure, alt as caption.
    Figure {
        asset: usize,
        alt: String,
        title: Option<String>,
    },
    Quote(Vec<Block>),
    List {
        /// `Some(n)`: ordered, starting at n.
        start: Option<u64>,
        /// CommonMark's tight list: no blank line between or inside its
        /// items, so their paragraphs are set without paragraph spacing
        /// (HTML: no `<p>` in the items). Loose when false.
        tight: bool,
        items: Vec<ListItem>,
    },
    Code {
        lang: Option<String>,
        text: String,
    },
    Table {
        align: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Rule,
    /// Raw HTML block, unsanitised; each renderer makes it safe its own way.
    Html(String),
}

/// Whether any block of `blocks` (at any depth, in quotes, lists and
/// table cells too) satisfies `block`, or any inline satisfies `inline`.
pub fn contains(
    blocks: &[Block],
    block: &dyn Fn(&Block) -> bool,
    inline: &dyn Fn(&Inline) -> bool,
) -> bool {
    fn inl(v: &[Inline], f: &dyn Fn(&Inline) -> bool) -> bool {
        v.iter().any(|i| {
            f(i) || match i {
                Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => inl(c, f),
                Inline::Link { content, .. } => inl(content, f),
                _ => false,
            }
        })
    }
    blocks.iter().any(|b| {
        block(b)
            || match b {
                Block::Paragraph(v) | Block::Heading { content: v, .. } => inl(v, inline),
                Block::Quote(b) => contains(b, block, inline),
                Block::List { items, .. } => {
                    items.iter().any(|i| contains(&i.blocks, block, inline))
                }
                Block::Table { head, rows, .. } => {
                    head.iter().any(|c| inl(c, inline))
                        || rows.iter().flatten().any(|c| inl(c, inline))
                }
                _ => false,
            }
    })
}

#[derive(Debug, Clone)]
pub struct ListItem {
    /// `Some(checked)` for a task-list item.
    pub task: Option<bool>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone)]
pub enum Inline {
    /// Text after smart punctuation.
    Text(String),
    Code(String),
    Emph(Vec<Inline>),
    Strong(Vec<Inline>),
    Strike(Vec<Inline>),
    Link {
        url: String,
        title: Option<String>,
        content: Vec<Inline>,
    },
    Image {
        asset: usize,
        alt: String,
        title: Option<String>,
    },
    /// 1-based footnote number within the article.
    FootnoteRef(usize),
    /// A newline inside a paragraph (renders as a space).
    SoftBreak,
    /// A hard line break.
    LineBreak,
    /// Raw inline HTML, unsanitised.
    Html(String),
}

impl Inline {
    /// Concatenated text content (no markup), for titles, alt text, outlines.
    pub fn plain_text(inlines: &[Inline]) -> String {
        let mut out = String::new();
        collect_text(inlines, &mut out);
        out
    }
}

fn collect_text(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => collect_text(c, out),
            Inline::Link { content, .. } => collect_text(content, out),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::SoftBreak | Inline::LineBreak => out.push(' '),
            Inline::FootnoteRef(_) | Inline::Html(_) => {}
        }
    }
}

/// Calls `f` with every link URL in a document (body and footnotes).
pub fn visit_links(md: &Markdown, f: &mut dyn FnMut(&str)) {
    fn blocks(bs: &[Block], f: &mut dyn FnMut(&str)) {
        for b in bs {
            match b {
                Block::Heading { content, .. } | Block::Paragraph(content) => inlines(content, f),
                Block::Quote(b) => blocks(b, f),
                Block::List { items, .. } => items.iter().for_each(|i| blocks(&i.blocks, f)),
                Block::Table { head, rows, .. } => head
                    .iter()
                    .chain(rows.iter().flatten())
                    .for_each(|c| inlines(c, f)),
                Block::Figure { .. } | Block::Code { .. } | Block::Rule | Block::Html(_) => {}
            }
        }
    }
    fn inlines(is: &[Inline], f: &mut dyn FnMut(&str)) {
        for i in is {
            match i {
                Inline::Link { url, content, .. } => {
                    f(url);
                    inlines(content, f);
                }
                Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => inlines(c, f),
                _ => {}
            }
        }
    }
    blocks(&md.blocks, f);
    for note in &md.footnotes {
        blocks(&note.blocks, f);
    }
}
