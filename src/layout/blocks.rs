//! Markdown blocks → chunks: paragraphs, headings, quotes, lists, code,
//! figures, rules, raw HTML. Tables are in [`super::tables`].

use super::flow::{Chunk, LineTag, Mark, Note};
use super::font::{Family, FontBook, Weight};
use super::inline::{self, Align, Paragraph, ParagraphSpec, Piece, TextStyle};
use super::pieces::{Inlines, strip_tags, take_note_refs};
use super::theme::Theme;
use super::{Anchor, FrameItem, ImageFormat, ImageItem, Point, Rgb, Role, Size, StructElem};
use crate::diag::Diagnostic;
use crate::model::{Asset, Block, Inline, ListItem, ParagraphStyle};

/// Decoration repeated on every line chunk of a block.
#[derive(Debug, Clone, Default)]
pub(crate) struct Decor {
    /// Vertical bars: (x, width, colour) — block quotes.
    pub bars: Vec<(f64, f64, Rgb)>,
    /// Background: (x, width, colour) — code blocks.
    pub fill: Option<(f64, f64, Rgb)>,
}

/// How [`Builder::lines`] sets a block's lines.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineSet<'d> {
    /// Left edge, from the column's, and the measure.
    pub x: f64,
    pub width: f64,
    pub align: Align,
    pub first_indent: f64,
    pub leading: f64,
    /// Space above the first line.
    pub space_before: f64,
    pub decor: &'d Decor,
    /// Body paragraph lines, tagged for widow and orphan checks.
    pub tagged: bool,
}

/// No decoration (headers, labels, links, notes).
static PLAIN: Decor = Decor {
    bars: Vec::new(),
    fill: None,
};

impl LineSet<'_> {
    /// Flush left at the column's edge, no indent, no decoration, not
    /// tagged for widow checks.
    pub fn left(width: f64, leading: f64, space_before: f64) -> LineSet<'static> {
        LineSet {
            x: 0.0,
            width,
            align: Align::Left,
            first_indent: 0.0,
            leading,
            space_before,
            decor: &PLAIN,
            tagged: false,
        }
    }
}

/// Where and how a nested block is set.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    pub indent: f64,
    pub style: TextStyle,
    pub decor: Decor,
    pub list_depth: usize,
    /// Inside a block quote: paragraphs are spaced, never indented.
    pub quoted: bool,
    /// How many block quotes this is inside.
    pub quote_depth: usize,
}

/// Quotes nested deeper than this get no more indent and no more bars:
/// each level would take 16 pt of the column, and thirty levels would
/// leave no room for a word.
const MAX_QUOTE_INDENTS: usize = 4;

/// Below this a printed image looks soft (150 dpi is the usual floor for
/// office printing; 300 for offset).
const PRINT_DPI: f64 = 150.0;

/// Builds the chunk sequence for the whole packet.
pub(crate) struct Builder<'a> {
    pub book: &'a FontBook,
    pub theme: &'a Theme,
    pub assets: &'a [Asset],
    pub lang: String,
    /// The words pressrun sets itself, in that language.
    pub words: crate::model::Words,
    pub hyphenate: bool,
    pub chunks: Vec<Chunk>,
    pub notes: Vec<Note>,
    pub warnings: Vec<Diagnostic>,
    /// Column width and count for what is built now.
    pub width: f64,
    pub cols: u8,
    /// Title of the article being built (for warnings).
    pub article: String,
    /// Global index of this article's footnote 1.
    pub note_base: usize,
    /// Smallest heading level in the article (outline levels start there).
    pub top_heading: u8,
    /// Where in the text the chunks pushed now are; blocks of the
    /// article `article_no` are numbered as `model::Markdown::block` does.
    pub anchor: Option<Anchor>,
    pub article_no: u32,
    /// Tables set so far in this article (for warnings: "table 2").
    pub tables_seen: u32,
    /// Scripts no font covers, met so far in this article.
    missing_scripts: Vec<MissingScript>,
    blocks_seen: u32,
    /// Lines pushed now carry their offset in this text (a paragraph's or
    /// heading's plain text).
    anchor_text: Option<String>,
    paras: usize,
    /// Structure elements opened so far (indices local to this builder)
    /// and the one text pushed now belongs to.
    pub elems: Vec<StructElem>,
    current: Option<u32>,
    /// Paragraphs already set in an earlier setting of the same text
    /// (the masthead, set again with page numbers).
    pub memo: Option<&'a super::memo::Memo>,
    keep_next: u8,
    prev_para: bool,
    break_next: bool,
    pending_space: f64,
}

impl<'a> Builder<'a> {
    pub fn new(
        book: &'a FontBook,
        theme: &'a Theme,
        assets: &'a [Asset],
        lang: &str,
        hyphenate: bool,
    ) -> Self {
        Self {
            book,
            theme,
            assets,
            lang: lang.to_owned(),
            words: crate::model::Words::for_language(lang),
            hyphenate,
            chunks: Vec::new(),
            notes: Vec::new(),
            warnings: Vec::new(),
            width: theme.width,
            cols: 1,
            article: String::new(),
            note_base: 0,
            top_heading: 1,
            anchor: None,
            article_no: 0,
            tables_seen: 0,
            missing_scripts: Vec::new(),
            blocks_seen: 0,
            anchor_text: None,
            paras: 0,
            elems: Vec::new(),
            current: None,
            memo: None,
            keep_next: 0,
            prev_para: false,
            break_next: false,
            pending_space: 0.0,
        }
    }

    pub fn ctx(&self) -> Ctx {
        Ctx {
            indent: 0.0,
            style: self.theme.body(),
            decor: Decor::default(),
            list_depth: 0,
            quoted: false,
            quote_depth: 0,
        }
    }

    pub fn inlines(&self) -> Inlines<'a> {
        Inlines {
            theme: self.theme,
            note_base: self.note_base,
        }
    }

    /// Paragraphs laid out so far (line tags number them from 0).
    pub fn paragraphs(&self) -> usize {
        self.paras
    }

    /// The next chunk starts a new page.
    pub fn page_break(&mut self) {
        self.break_next = true;
    }

    /// Keeps the next `n` chunks with what came before.
    pub fn keep_with_next(&mut self, n: u8) {
        self.keep_next = self.keep_next.max(n);
    }

    /// The next paragraph is not indented (after headings, headers, breaks).
    pub fn reset_indent(&mut self) {
        self.prev_para = false;
    }

    /// Opens a structure element inside the current one: text and images
    /// pushed until [`Builder::close`] belong to it. Returns what to close
    /// back to.
    pub fn open(&mut self, role: Role) -> Option<u32> {
        self.open_with(role, None)
    }

    /// [`Builder::open`] with alternate text (figures).
    pub fn open_with(&mut self, role: Role, alt: Option<String>) -> Option<u32> {
        let id = u32::try_from(self.elems.len()).unwrap_or(u32::MAX);
        self.elems.push(StructElem {
            role,
            parent: self.current,
            alt,
        });
        self.current.replace(id)
    }

    pub fn close(&mut self, outer: Option<u32>) {
        self.current = outer;
    }

    /// The element being filled.
    pub fn current(&self) -> Option<u32> {
        self.current
    }

    /// Adds a chunk, applying pending keeps and breaks.
    pub fn push(&mut self, mut chunk: Chunk) {
        tag_items(&mut chunk.items, self.current);
        if chunk.anchor.is_none() {
            chunk.anchor = self.anchor;
        }
        chunk.cols = self.cols;
        chunk.space_before = chunk
            .space_before
            .max(std::mem::take(&mut self.pending_space));
        if self.keep_next > 0 {
            chunk.keep_with_prev = true;
            self.keep_next -= 1;
        }
        if self.break_next {
            chunk.page_break_before = true;
            chunk.keep_with_prev = false;
            chunk.space_before = 0.0;
            self.break_next = false;
        }
        self.chunks.push(chunk);
    }

    /// [`Builder::lines`] flush left at the column's edge, no indent, no
    /// decoration, not tagged for widow checks (headers, labels, links).
    pub fn left_lines(
        &mut self,
        pieces: &[Piece],
        width: f64,
        leading: f64,
        space_before: f64,
    ) -> Option<usize> {
        self.lines(pieces, &LineSet::left(width, leading, space_before))
    }

    /// Lays out styled pieces and pushes one chunk per line. Returns the
    /// index of the first chunk pushed, if any.
    pub fn lines(&mut self, pieces: &[Piece], set: &LineSet<'_>) -> Option<usize> {
        let LineSet {
            x,
            width,
            align,
            first_indent,
            leading,
            space_before,
            decor,
            tagged: tag,
        } = *set;
        if pieces.is_empty() {
            return None;
        }
        let size = pieces
            .iter()
            .find_map(|p| match p {
                Piece::Text { style, .. } => Some(style.size),
                Piece::LineBreak => None,
            })
            .unwrap_or(self.theme.size);
        let spec = ParagraphSpec {
            width: width.max(20.0),
            align,
            first_indent,
            leading,
            hyphenate: self.hyphenate && align == Align::Justify,
            lang: self.lang.clone(),
        };
        let para: Paragraph = match self.memo {
            Some(memo) => memo.paragraph(self.book, pieces, &spec),
            None => inline::layout_paragraph(self.book, pieces, &spec),
        };
        self.warn_missing(&para);
        let count = para.lines.len();
        let id = self.paras;
        self.paras += 1;
        let first = self.chunks.len();
        let baseline = leading / 2.0 + 0.32 * size;
        let mut after_hyphen = false;
        for (k, line) in para.lines.into_iter().enumerate() {
            let hyphen_end = line.hyphen_end;
            let mut items: Vec<(Point, FrameItem)> = line
                .items
                .into_iter()
                .map(|(at, item)| (Point::new(x + at.x, baseline + at.y), item))
                .collect();
            let notes = take_note_refs(&mut items);
            decorate(&mut items, decor, leading);
            let mut chunk = Chunk::new(leading, items);
            chunk.baseline = baseline;
            chunk.notes = notes;
            if let (Some(Anchor::Block { article, block, .. }), Some(text)) =
                (self.anchor, &self.anchor_text)
            {
                let offset = crate::model::offset_of_nth_inked(text, line.chars_before);
                chunk.anchor = Some(Anchor::Block {
                    article,
                    block,
                    offset: u32::try_from(offset).unwrap_or(u32::MAX),
                });
            }
            if k == 0 {
                chunk.space_before = space_before;
            }
            // Two lines at least on either side of a page break, and no
            // page or column ending in a hyphen (TeX's \brokenpenalty,
            // made absolute: the paragraph's other breaks remain).
            chunk.keep_with_prev = k > 0 && (k == 1 || k + 1 >= count || after_hyphen);
            chunk.after_hyphen = after_hyphen;
            after_hyphen = hyphen_end;
            if tag {
                chunk.line = Some(LineTag {
                    para: id,
                    line: k,
                    count,
                });
            }
            self.push(chunk);
        }
        (self.chunks.len() > first).then_some(first)
    }

    /// The narrowest measure (down to 60%) that sets `pieces` in as few
    /// lines as `width` does: titles break into even lines, with no lone
    /// last word.
    pub fn balanced_width(&self, pieces: &[Piece], width: f64) -> f64 {
        match self.memo {
            Some(memo) => memo.width(pieces, width, || self.balance(pieces, width)),
            None => self.balance(pieces, width),
        }
    }

    fn balance(&self, pieces: &[Piece], width: f64) -> f64 {
        // Prepared and shaped once when that gives the same counts.
        let counter = inline::LineCounter::new(self.book, pieces, width * 0.6);
        let count = |w: f64| {
            if let Some(c) = &counter {
                return c.count(w);
            }
            let spec = ParagraphSpec {
                width: w,
                align: Align::Left,
                first_indent: 0.0,
                leading: 0.0,
                hyphenate: false,
                lang: self.lang.clone(),
            };
            inline::layout_paragraph(self.book, pieces, &spec)
                .lines
                .len()
        };
        let lines = count(width);
        if lines < 2 {
            return width;
        }
        let (mut lo, mut hi) = (width * 0.6, width);
        for _ in 0..7 {
            let mid = (lo + hi) / 2.0;
            if count(mid) <= lines {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        hi + 0.5
    }

    /// One warning per script and article, naming the characters missed
    /// (a few) and a sample of the text: a sentence in a script no font
    /// covers would otherwise give a warning per letter. A symbol outside
    /// any script is one warning per character ([`missing_key`]).
    fn warn_missing(&mut self, para: &Paragraph) {
        use unicode_script::{Script, UnicodeScript};
        const HINT: &str = "it prints as a blank box: no bundled face covers it; name a font that \
                            does in `style.fonts`, or let the machine's fonts fill in with \
                            `style: { system_fonts: true }`";
        for m in &para.missing {
            let script = match m.ch.script() {
                Script::Common | Script::Inherited | Script::Unknown => None,
                s => Some(s.full_name()),
            };
            let Some(script) = script else {
                let message = format!(
                    "{} in “{}”, near “{}”",
                    missing_key(m.ch),
                    self.article,
                    m.context.trim()
                );
                if !self
                    .warnings
                    .iter()
                    .any(|w| w.message.starts_with(&missing_key(m.ch)))
                {
                    self.warnings.push(Diagnostic::warning(message).hint(HINT));
                }
                continue;
            };
            let head = format!("no font has {script} text in “{}”", self.article);
            match self.missing_scripts.iter_mut().find(|s| s.head == head) {
                Some(seen) => {
                    if !seen.chars.contains(&m.ch) {
                        seen.chars.push(m.ch);
                        if let Some(w) = self.warnings.get_mut(seen.warning) {
                            w.message = seen.message();
                        }
                    }
                }
                None => {
                    let seen = MissingScript {
                        head,
                        chars: vec![m.ch],
                        sample: m.context.trim().to_owned(),
                        warning: self.warnings.len(),
                    };
                    self.warnings
                        .push(Diagnostic::warning(seen.message()).hint(HINT));
                    self.missing_scripts.push(seen);
                }
            }
        }
    }

    /// A figure printed below [`PRINT_DPI`] looks soft on paper: say how
    /// many pixels would print sharp at the width it is set.
    fn warn_low_resolution(&mut self, a: &Asset, width_pt: f64) {
        let inches = width_pt / 72.0;
        let dpi = f64::from(a.displayed().0) / inches;
        if dpi < PRINT_DPI {
            self.warnings.push(
                Diagnostic::warning(format!(
                    "image {} in “{}” prints at {dpi:.0} dpi ({} px over {inches:.1} in)",
                    a.name,
                    self.article,
                    a.displayed().0
                ))
                .hint(format!(
                    "for a sharp print use one at least {} px wide",
                    (PRINT_DPI * inches).ceil()
                )),
            );
        }
    }

    /// Sets a sequence of markdown blocks.
    pub fn blocks(&mut self, blocks: &[Block], ctx: &Ctx) {
        for block in blocks {
            self.block(block, ctx);
        }
    }

    fn block(&mut self, block: &Block, ctx: &Ctx) {
        let outer = self.anchor.replace(Anchor::Block {
            article: self.article_no,
            block: self.blocks_seen,
            offset: 0,
        });
        self.blocks_seen += 1;
        self.anchor_text = match block {
            Block::Paragraph(_) | Block::Heading { .. } => Some(block.plain_text()),
            _ => None,
        };
        self.set_block(block, ctx);
        self.anchor_text = None;
        self.anchor = outer;
    }

    fn set_block(&mut self, block: &Block, ctx: &Ctx) {
        let t = self.theme;
        let width = self.width - ctx.indent;
        let leading = ctx.style.size * t.leading / t.size;
        match block {
            Block::Paragraph(inlines) => {
                let pieces = self.inlines().pieces(inlines, &ctx.style);
                let outer = self.open(Role::P);
                self.paragraph(&pieces, ctx, leading);
                self.close(outer);
            }
            Block::Html(html) => {
                let text = strip_tags(html);
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                if !text.is_empty() {
                    let pieces = self.inlines().pieces(&[Inline::Text(text)], &ctx.style);
                    let outer = self.open(Role::P);
                    self.paragraph(&pieces, ctx, leading);
                    self.close(outer);
                }
            }
            Block::Heading { level, content, .. } => self.heading(*level, content, ctx),
            Block::Quote(inner) => {
                let mut q = ctx.clone();
                q.quote_depth += 1;
                // Past a few levels (or half the column) the indent stops:
                // deeper quotes keep their words in the room left.
                if q.quote_depth <= MAX_QUOTE_INDENTS && q.indent + 16.0 <= self.width * 0.5 {
                    let bar = (ctx.indent + 2.0, 1.5, t.quote_bar);
                    q.decor.bars.push(bar);
                    q.indent += 16.0;
                }
                // The quote's type size is set once, not shrunk per level.
                if !ctx.quoted {
                    q.style.size = ctx.style.size * t.quote_scale;
                }
                q.quoted = true;
                q.style.color = t.quote_ink;
                self.prev_para = false;
                let start = self.chunks.len();
                let outer = self.open(Role::BlockQuote);
                self.blocks(inner, &q);
                self.close(outer);
                if let Some(c) = self.chunks.get_mut(start) {
                    c.space_before = c.space_before.max(leading * 0.5);
                }
                self.prev_para = false;
                self.after_space(leading * 0.5);
            }
            Block::List {
                start,
                tight,
                items,
            } => self.list(*start, *tight, items, ctx),
            Block::Code { text, .. } => {
                let outer = self.open(Role::P);
                self.code(text, ctx);
                self.close(outer);
            }
            Block::Table { align, head, rows } => {
                super::tables::table(self, align, head, rows, ctx);
                self.prev_para = false;
            }
            Block::Figure { asset, alt, title } => {
                let outer = self.open_with(Role::Figure, Some(alt.clone()));
                self.figure(*asset, alt, title.as_deref(), ctx);
                self.close(outer);
            }
            Block::Rule => {
                let w = (width * 0.3).min(120.0);
                let items = vec![(
                    Point::new(ctx.indent + (width - w) / 2.0, leading / 2.0),
                    FrameItem::Rect {
                        size: Size::new(w, 0.6),
                        color: t.grey,
                    },
                )];
                let mut c = Chunk::new(leading, items);
                c.space_before = leading * 0.5;
                self.push(c);
                self.prev_para = false;
                self.after_space(leading * 0.5);
            }
        }
    }

    /// Space after a block: added to the next chunk's `space_before`.
    pub fn after_space(&mut self, space: f64) {
        self.pending_space = self.pending_space.max(space);
    }

    fn paragraph(&mut self, pieces: &[Piece], ctx: &Ctx, leading: f64) {
        let indent_style = self.theme.paragraph == ParagraphStyle::Indent && !ctx.quoted;
        let (first_indent, space) = if indent_style {
            (
                if self.prev_para {
                    ctx.style.size * 1.2
                } else {
                    0.0
                },
                0.0,
            )
        } else {
            let gap = if ctx.quoted { 0.3 } else { 0.55 };
            (0.0, if self.prev_para { leading * gap } else { 0.0 })
        };
        let first = self.lines(
            pieces,
            &LineSet {
                x: ctx.indent,
                width: self.width - ctx.indent,
                align: Align::Justify,
                first_indent,
                leading,
                space_before: space,
                decor: &ctx.decor,
                tagged: true,
            },
        );
        // Quote bars run on through the space between quoted paragraphs.
        if ctx.quoted
            && space > 0.0
            && let Some(c) = first.and_then(|i| self.chunks.get_mut(i))
        {
            let gap = c.space_before;
            for &(x, w, color) in &ctx.decor.bars {
                c.items.insert(
                    0,
                    (
                        Point::new(x, -gap),
                        FrameItem::Rect {
                            size: Size::new(w, gap),
                            color,
                        },
                    ),
                );
            }
        }
        self.prev_para = true;
    }

    fn heading(&mut self, level: u8, content: &[Inline], ctx: &Ctx) {
        let t = self.theme;
        let (family, weight, italic, scale, color) = match level {
            1 => (Family::SerifDisplay, Weight::Semibold, false, 1.55, t.ink),
            2 => (Family::Serif, Weight::Semibold, false, 1.25, t.ink),
            3 => (Family::Sans, Weight::Semibold, false, 1.08, t.ink),
            4 => (Family::Sans, Weight::Bold, false, 1.0, t.ink),
            5 => (Family::Sans, Weight::Semibold, true, 0.95, t.grey),
            _ => (Family::Sans, Weight::Semibold, false, 0.9, t.grey),
        };
        let size = t.size * scale;
        let mut style = t.style(family, weight, italic, size);
        style.color = color;
        let pieces = self.inlines().pieces(content, &style);
        let leading = size * 1.22;
        let space = t.leading * if level <= 2 { 1.1 } else { 0.8 };
        let measure = self.balanced_width(&pieces, self.width - ctx.indent);
        // The article title is H1: the text's own headings start at H2.
        let depth = 2 + level.saturating_sub(self.top_heading.max(1));
        let outer = self.open(Role::H(depth.min(6)));
        let first = self.lines(
            &pieces,
            &LineSet {
                x: ctx.indent,
                decor: &ctx.decor,
                ..LineSet::left(measure, leading, space)
            },
        );
        self.close(outer);
        if let Some(first) = first {
            for c in &mut self.chunks[first + 1..] {
                c.keep_with_prev = true;
            }
            let level = 1 + level.saturating_sub(self.top_heading.max(1));
            self.chunks[first].marks.push(Mark::Outline {
                title: Inline::plain_text(content),
                level,
            });
            if let Some(last) = self.chunks.last_mut() {
                last.height += t.leading * 0.25;
            }
        }
        self.keep_with_next(2);
        self.prev_para = false;
    }

    fn list(&mut self, start: Option<u64>, tight: bool, items: &[ListItem], ctx: &Ctx) {
        let t = self.theme;
        let size = ctx.style.size;
        let leading = size * t.leading / t.size;
        let marker_style = {
            let mut s = ctx.style.clone();
            s.italic = false;
            s.weight = Weight::Regular;
            if start.is_none() {
                s.family = Family::Sans;
                s.color = t.accent;
            }
            s
        };
        let last_number = start.map(|s| s + items.len().saturating_sub(1) as u64);
        let hang = match last_number {
            Some(n) => inline::measure(self.book, &format!("{n}."), &marker_style) + size * 0.55,
            None => size * 1.25,
        };
        self.after_space(leading * 0.35);
        let list = self.open(Role::L);
        for (k, item) in items.iter().enumerate() {
            let marker = match (item.task, start) {
                (Some(true), _) => "\u{2611}".to_owned(),
                (Some(false), _) => "\u{2610}".to_owned(),
                (None, Some(n)) => format!("{}.", n + k as u64),
                (None, None) => ["\u{2022}", "\u{2013}", "\u{00B7}"][ctx.list_depth % 3].to_owned(),
            };
            let mut inner = ctx.clone();
            inner.indent += hang;
            inner.list_depth += 1;
            self.prev_para = false;
            let first = self.chunks.len();
            if k > 0 {
                // A loose list (blank lines between items) keeps them apart
                // as paragraphs are; a tight one sets them close.
                self.after_space(leading * if tight { 0.15 } else { 0.5 });
            }
            let li = self.open(Role::LI);
            let label = self.open(Role::Lbl);
            let label_tag = self.current();
            self.close(label);
            let body = self.open(Role::LBody);
            self.blocks(&item.blocks, &inner);
            self.close(body);
            self.close(li);
            let Some(chunk) = self.chunks.get_mut(first) else {
                continue;
            };
            let mut mstyle = marker_style.clone();
            if item.task.is_some() {
                mstyle.family = Family::Sans;
            }
            let w = inline::measure(self.book, &marker, &mstyle);
            let line = inline::single_line(
                self.book,
                &[Piece::Text {
                    text: marker,
                    style: mstyle,
                }],
            );
            // Numbers right-aligned against the hang; bullets centred in it.
            let x = if start.is_some() && item.task.is_none() {
                ctx.indent + hang - size * 0.55 - w
            } else {
                ctx.indent + (hang - w) / 2.0 - size * 0.1
            };
            let baseline = chunk.baseline;
            let from = chunk.items.len();
            for (at, it) in line.items {
                chunk
                    .items
                    .push((Point::new(x + at.x, baseline + at.y), it));
            }
            tag_items(&mut chunk.items[from..], label_tag);
        }
        self.close(list);
        self.prev_para = false;
        self.after_space(leading * 0.35);
    }

    fn code(&mut self, text: &str, ctx: &Ctx) {
        let t = self.theme;
        let size = ctx.style.size * t.code_scale;
        let leading = size * t.code_leading;
        let mut style = t.style(Family::Mono, Weight::Regular, false, size);
        style.color = t.code_ink;
        let pad = 6.0;
        let width = self.width - ctx.indent;
        let mut decor = ctx.decor.clone();
        decor.fill = Some((ctx.indent, width, t.code_fill));
        let marker_style = {
            let mut s = style.clone();
            s.color = t.accent;
            s
        };
        self.after_space(t.leading * 0.5);
        let start = self.chunks.len();
        let src_lines: Vec<&str> = text.trim_end_matches('\n').split('\n').collect();
        for (n, src) in src_lines.iter().enumerate() {
            let src = src.replace('\t', "    ");
            let first = self.chunks.len();
            if src.trim().is_empty() {
                let mut c = Chunk::new(leading, Vec::new());
                decorate(&mut c.items, &decor, leading);
                self.push(c);
            } else {
                // Monospace: wrap by character count, preferring a break
                // after a space or punctuation near the end of the line.
                // Leading spaces become a measured indent (kept on wraps).
                let indent_chars = src.len() - src.trim_start().len();
                let char_w = inline::measure(self.book, "M", &style).max(0.1);
                let lead = char_w * indent_chars as f64;
                let room = width - 2.0 * pad - lead;
                let cap = ((room / char_w).floor() as usize).max(8);
                // Fallback glyphs (Hangul, kana) are wider than the mono
                // cell: re-cut any segment that still does not fit.
                let mut segments = Vec::new();
                for seg in wrap_code(src.trim_start(), cap) {
                    let mut rest: &str = &seg;
                    while inline::measure(self.book, rest, &style) > room
                        && rest.chars().count() > 1
                    {
                        let chars: Vec<(usize, char)> = rest.char_indices().collect();
                        let (mut lo, mut hi) = (1, chars.len() - 1);
                        while lo < hi {
                            let mid = (lo + hi).div_ceil(2);
                            if inline::measure(self.book, &rest[..chars[mid].0], &style) <= room {
                                lo = mid;
                            } else {
                                hi = mid - 1;
                            }
                        }
                        segments.push(rest[..chars[lo].0].to_owned());
                        rest = &rest[chars[lo].0..];
                    }
                    segments.push(rest.to_owned());
                }
                for segment in segments {
                    let pieces = [Piece::Text {
                        text: segment,
                        style: style.clone(),
                    }];
                    self.lines(
                        &pieces,
                        &LineSet {
                            x: ctx.indent + pad + lead,
                            decor: &decor,
                            ..LineSet::left(f64::MAX / 4.0, leading, 0.0)
                        },
                    );
                }
            }
            // Wrapped continuation lines get a marker in the left padding.
            for c in self.chunks[first..].iter_mut().skip(1) {
                let line = inline::single_line(
                    self.book,
                    &[Piece::Text {
                        text: "\u{2192}".to_owned(),
                        style: marker_style.clone(),
                    }],
                );
                let base = c.baseline;
                for (at, it) in line.items {
                    if let FrameItem::Text(mut run) = it {
                        run.size *= 0.7;
                        for g in &mut run.glyphs {
                            g.x_advance *= 0.7;
                        }
                        c.items.push((
                            Point::new(ctx.indent + 0.5 + at.x, base + at.y),
                            FrameItem::Text(run),
                        ));
                    }
                }
            }
            // Short code blocks stay whole; long ones keep 2 lines together.
            for (k, c) in self.chunks[first..].iter_mut().enumerate() {
                c.keep_with_prev = k > 0
                    || (n > 0 && (src_lines.len() <= 6 || n == 1 || n + 1 == src_lines.len()));
            }
        }
        // Padding above and below the code box.
        if let Some(c) = self.chunks.get_mut(start) {
            c.space_before = c.space_before.max(t.leading * 0.5);
            c.items.push((
                Point::new(ctx.indent, -pad / 2.0),
                FrameItem::Rect {
                    size: Size::new(width, pad / 2.0),
                    color: t.code_fill,
                },
            ));
        }
        if let Some(c) = self.chunks.last_mut() {
            c.items.push((
                Point::new(ctx.indent, c.height),
                FrameItem::Rect {
                    size: Size::new(width, pad / 2.0),
                    color: t.code_fill,
                },
            ));
            c.height += pad / 2.0;
        }
        self.prev_para = false;
        self.after_space(t.leading * 0.6);
    }

    fn figure(&mut self, asset: usize, alt: &str, title: Option<&str>, ctx: &Ctx) {
        let t = self.theme;
        let Some(a) = self.assets.get(asset) else {
            return;
        };
        let width = self.width - ctx.indent;
        // The size as shown: a portrait stored turned is set as a portrait.
        let (shown_w, shown_h) = a.displayed();
        let natural = f64::from(shown_w) * 72.0 / 96.0;
        let mut w = if natural < width * 0.5 {
            natural
        } else {
            width
        };
        let ratio = f64::from(shown_h.max(1)) / f64::from(shown_w.max(1));
        let max_h = (t.bottom - t.top) * 0.55;
        if w * ratio > max_h {
            w = max_h / ratio;
        }
        let h = w * ratio;
        self.warn_low_resolution(a, w);
        let x = ctx.indent + (width - w) / 2.0;
        let mut items = vec![(
            Point::new(x, 0.0),
            FrameItem::Image(ImageItem {
                size: Size::new(w, h),
                format: match a.media_type {
                    crate::model::MediaType::Png => ImageFormat::Png,
                    crate::model::MediaType::Jpeg => ImageFormat::Jpeg,
                },
                data: a.data.clone(),
                pixels: (a.width, a.height),
                orientation: a.orientation,
                tag: None,
            }),
        )];
        let mut height = h;
        let caption = title.filter(|s| !s.is_empty()).unwrap_or(alt);
        if !caption.is_empty() {
            let mut style = t.style(
                Family::Sans,
                Weight::Regular,
                true,
                t.size * t.caption_scale,
            );
            style.color = t.grey;
            let leading = style.size * 1.3;
            let spec = ParagraphSpec {
                width: width.min(w.max(width * 0.6)),
                align: Align::Center,
                first_indent: 0.0,
                leading,
                hyphenate: false,
                lang: self.lang.clone(),
            };
            let para = inline::layout_paragraph(
                self.book,
                &[Piece::Text {
                    text: caption.to_owned(),
                    style: style.clone(),
                }],
                &spec,
            );
            self.warn_missing(&para);
            let cx = ctx.indent + (width - spec.width) / 2.0;
            height += 4.0;
            let from = items.len();
            for line in para.lines {
                let base = height + leading * 0.78;
                for (at, it) in line.items {
                    items.push((Point::new(cx + at.x, base + at.y), it));
                }
                height += leading;
            }
            let outer = self.open(Role::Caption);
            tag_items(&mut items[from..], self.current());
            self.close(outer);
        }
        let mut c = Chunk::new(height, items);
        c.space_before = t.leading * 0.6;
        c.floating = true;
        self.push(c);
        self.prev_para = false;
        self.after_space(t.leading * 0.6);
    }
}

/// Adds quote bars and code backgrounds to one line's items (drawn first).
pub(crate) fn decorate(items: &mut Vec<(Point, FrameItem)>, decor: &Decor, height: f64) {
    let mut extra = Vec::new();
    if let Some((x, w, color)) = decor.fill {
        extra.push((
            Point::new(x, 0.0),
            FrameItem::Rect {
                size: Size::new(w, height),
                color,
            },
        ));
    }
    for &(x, w, color) in &decor.bars {
        extra.push((
            Point::new(x, 0.0),
            FrameItem::Rect {
                size: Size::new(w, height),
                color,
            },
        ));
    }
    if !extra.is_empty() {
        extra.append(items);
        *items = extra;
    }
}

/// Splits a code line into pieces of at most `cap` characters, breaking
/// after a space or punctuation in the last third when there is one.
fn wrap_code(line: &str, cap: usize) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    while chars.len() - start > cap {
        let window = &chars[start..start + cap];
        let soft = window
            .iter()
            .rposition(|c| matches!(c, ' ' | ',' | ';' | '(' | ')' | '.' | '/' | '-' | '&' | '|'))
            .filter(|&i| i + 1 >= cap * 2 / 3);
        let end = start + soft.map_or(cap, |i| i + 1);
        out.push(
            chars[start..end]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_owned(),
        );
        start = end;
        while start < chars.len() && chars[start] == ' ' {
            start += 1;
        }
    }
    if start < chars.len() {
        out.push(chars[start..].iter().collect());
    }
    out
}

/// Gives untagged text and images in `items` the element `tag`.
pub(crate) fn tag_items(items: &mut [(Point, FrameItem)], tag: Option<u32>) {
    if tag.is_none() {
        return;
    }
    for (_, item) in items {
        match item {
            FrameItem::Text(run) if run.tag.is_none() => run.tag = tag,
            FrameItem::Image(img) if img.tag.is_none() => img.tag = tag,
            FrameItem::Link { tag: t, .. } if t.is_none() => *t = tag,
            _ => {}
        }
    }
}

/// The missing-character warning of one script in one article, kept so
/// later paragraphs add their characters to it.
#[derive(Debug, Clone)]
pub(crate) struct MissingScript {
    head: String,
    chars: Vec<char>,
    sample: String,
    /// Its index in the builder's warnings.
    warning: usize,
}

impl MissingScript {
    /// At most eight character codes are listed.
    fn message(&self) -> String {
        let mut codes: Vec<String> = self
            .chars
            .iter()
            .take(8)
            .map(|c| format!("U+{:04X}", u32::from(*c)))
            .collect();
        if self.chars.len() > 8 {
            codes.push("…".to_owned());
        }
        format!(
            "{} ({}), e.g. “{}”",
            self.head,
            codes.join(", "),
            self.sample
        )
    }
}

/// How a missing-character warning starts: the same for every place the
/// character is missed, so the issue gets one warning per character.
pub(crate) fn missing_key(c: char) -> String {
    format!("no font has the character {c:?} (U+{:04X})", u32::from(c))
}

/// The character a missing-character warning is about (its [`missing_key`]).
pub(crate) fn missing_char_of(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("no font has the character ")?;
    rest.find(')').map(|end| &rest[..=end])
}

#[cfg(test)]
mod tests {
    use super::wrap_code;

    #[test]
    fn code_wraps_at_punctuation_within_the_cap() {
        let line = "let value = some_function(argument_one, argument_two, argument_three);";
        let parts = wrap_code(line, 30);
        assert!(parts.iter().all(|p| p.chars().count() <= 30), "{parts:?}");
        assert_eq!(parts.concat().replace(' ', ""), line.replace(' ', ""));
        assert_eq!(wrap_code("short", 30), vec!["short".to_owned()]);
        // No break opportunity: hard split.
        assert_eq!(wrap_code(&"x".repeat(20), 8).len(), 3);
    }
}
