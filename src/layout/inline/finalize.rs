//! Breaks → lines of positioned glyph runs.
//!
//! Each line takes the atoms in its byte range; an atom split by the break
//! (hyphenation, emergency break) is reshaped in its two parts so kerning
//! and ligatures are right on both sides. Justified lines widen or narrow
//! their interword glue; right-to-left runs are put in visual order with
//! unicode-bidi; underlines, strike-throughs and link areas follow the
//! glyphs.

use std::ops::Range;
use std::sync::Arc;

use super::expansion;
use super::linebreak::{SPACE_SHRINK, SPACE_STRETCH};
use super::prepare::{AtomKind, Prepared, SUPERSCRIPT_RISE, glyph_size, scale};
use super::shaping::{Features, Shaped, shape};
use super::{Align, Line, TextStyle};
use crate::layout::font::{Family, FontBook};
use crate::layout::{FontId, FrameItem, Glyph, GlyphText, LinkTarget, Point, Rgb, Size, TextRun};

/// What ends a line.
#[derive(Debug, Clone)]
pub(crate) struct LineEnd {
    /// Byte range of the line's content (discarded spaces excluded).
    pub range: Range<usize>,
    /// A hyphen is drawn at the end (discretionary break).
    pub hyphen: bool,
    /// The line ends at a forced break (paragraph end or explicit break):
    /// it is not stretched.
    pub forced: bool,
    /// The paragraph's last line.
    pub last: bool,
}

/// An atom's shaping, borrowed (most parts: the whole atom) or made for
/// the part (a word split by a hyphen). Borrowed, a part costs no atomic
/// count: the shape cache shares common words between threads, and their
/// counts bounced between cores.
enum PartShape<'a> {
    Atom(&'a Shaped),
    Own(Arc<Shaped>),
}

impl std::ops::Deref for PartShape<'_> {
    type Target = Shaped;
    fn deref(&self) -> &Shaped {
        match self {
            Self::Atom(s) => s,
            Self::Own(s) => s,
        }
    }
}

/// A piece of a line: (part of) one atom, shaped.
struct Part<'a> {
    range: Range<usize>,
    style: usize,
    font: FontId,
    rtl: bool,
    glue: bool,
    shaped: PartShape<'a>,
    /// Hyphen glyph appended after this part.
    hyphen: bool,
    /// Swap the final '-' for the U+2010 glyph (a genuine hyphen at the line end).
    line_end_hyphen: bool,
    /// Its letters may be expanded with the line's (see `expansion`).
    flex: bool,
}

pub(crate) struct Setting {
    pub width: f64,
    pub indent: f64,
    pub align: Align,
}

#[allow(clippy::too_many_lines, reason = "one pass over the line's parts")]
pub(crate) fn finalize_line(
    book: &FontBook,
    p: &Prepared<'_>,
    bidi: Option<&unicode_bidi::ParagraphBidiInfo<'_>>,
    end: &LineEnd,
    set: &Setting,
) -> Line {
    let LineEnd { range, .. } = end.clone();
    let mut parts: Vec<Part> = Vec::new();
    let start_atom = p.atoms.partition_point(|a| a.range.end <= range.start);
    for atom in &p.atoms[start_atom..] {
        if atom.range.start >= range.end {
            break;
        }
        if !matches!(atom.kind, AtomKind::Word | AtomKind::Space | AtomKind::Nbsp) {
            continue;
        }
        let r = atom.range.start.max(range.start)..atom.range.end.min(range.end);
        if r.is_empty() {
            continue;
        }
        let style = p.styles[atom.style];
        let shaped = if r == atom.range {
            PartShape::Atom(atom.shaped.as_deref().expect("visible atoms are shaped"))
        } else {
            PartShape::Own(shape(
                book,
                &p.text[r.clone()],
                atom.font,
                Features::of(style),
                atom.rtl,
            ))
        };
        let flex = set.align == Align::Justify
            && expansion::expandable(style, &p.text[r.clone()], atom.rtl);
        parts.push(Part {
            range: r,
            style: atom.style,
            font: atom.font,
            rtl: atom.rtl,
            glue: atom.kind != AtomKind::Word,
            flex,
            shaped,
            hyphen: false,
            line_end_hyphen: false,
        });
    }
    // Line-end hyphens go on the last word part in logical order.
    if let Some(last) = parts.iter_mut().rev().find(|pt| !pt.glue) {
        if end.hyphen {
            last.hyphen = true;
        } else if !end.last
            && p.text[last.range.clone()].ends_with('-')
            && last.range.end == range.end
        {
            last.line_end_hyphen = true;
        }
    }

    // Visual order.
    let order: Vec<usize> = match bidi {
        Some(info) if !range.is_empty() => visual_order(info, &range, &parts),
        _ => (0..parts.len()).collect(),
    };

    // Natural width and glue totals.
    let justify_align = set.align == Align::Justify;
    let mut natural = 0.0;
    let mut stretch = 0.0;
    let mut shrink = 0.0;
    // What expansion scales: the letters' advances, not their tracking.
    let mut letters = 0.0;
    let mut widths = Vec::with_capacity(parts.len());
    for part in &parts {
        let style = p.styles[part.style];
        let (k, track) = scale(style, &part.shaped);
        let mut w = f64::from(part.shaped.advance) * k + track * part.shaped.glyphs.len() as f64;
        let mut advance = f64::from(part.shaped.advance) * k;
        if part.hyphen {
            let h = f64::from(hyphen_shaped(book, part.font).advance) * k;
            w += h + track;
            advance += h;
        }
        if part.flex && !part.glue {
            letters += advance;
        }
        if part.glue {
            stretch += w * SPACE_STRETCH;
            shrink += w * SPACE_SHRINK;
        }
        widths.push(w);
        natural += w;
    }
    // Hanging punctuation, for left-to-right text lines flush with the
    // margin: the opening character of any such line, the closing one of a
    // line stretched to the measure.
    let (hang_left, hang_right) = hang(book, p, &parts, &order, set);
    let measure = set.width - set.indent;
    let stretched = justify_align && !end.forced;
    let delta = measure - natural
        + if stretched {
            hang_left + hang_right
        } else {
            0.0
        };
    // A justified line stretches unless it ends the paragraph or at an
    // explicit break; any justified line may shrink (the breaker counted
    // on it, as TeX lets the last line shrink against its parfillskip).
    let justify = justify_align && (!end.forced || delta < 0.0);
    // Letters and spaces share the slack at one ratio, as the breaker
    // counted them; the spaces take what the letters' limit leaves.
    let expansion = if justify && letters > 0.0 {
        let total = if delta > 0.0 {
            stretch + letters * expansion::STRETCH
        } else {
            shrink + letters * expansion::SHRINK
        };
        expansion::factor(delta / total)
    } else {
        0.0
    };
    let delta = delta - letters * expansion;
    let mut ratio = if justify {
        if delta > 0.0 && stretch > 0.0 {
            delta / stretch
        } else if delta < 0.0 && shrink > 0.0 {
            (delta / shrink).max(-1.0)
        } else {
            0.0
        }
    } else {
        0.0
    };
    // Spaces beyond LETTERSPACE_FROM: give part of the excess to the gaps
    // between letters (at most MAX_LETTER_SPACE em each), so a loose line
    // in a narrow column shows fewer holes. Not for code, right-to-left or
    // joining scripts.
    let mut letter_space = 0.0;
    if justify && delta > 0.0 && (ratio > LETTERSPACE_FROM || stretch == 0.0) {
        let last_visual = order.last().copied();
        let capacity: f64 = parts
            .iter()
            .enumerate()
            .filter(|(_, pt)| spaceable(p, pt))
            .map(|(i, pt)| {
                let size = glyph_size(p.styles[pt.style]);
                let mut n = clusters(&pt.shaped) + usize::from(pt.hyphen);
                if Some(i) == last_visual {
                    n = n.saturating_sub(1);
                }
                n as f64 * MAX_LETTER_SPACE * size
            })
            .sum();
        let excess = delta - stretch * LETTERSPACE_FROM;
        if capacity > 0.0 && excess > 0.0 {
            let used = excess.min(capacity);
            letter_space = MAX_LETTER_SPACE * used / capacity;
            if stretch > 0.0 {
                ratio = (delta - used) / stretch;
            }
        }
    }
    let glue_extra = |w: f64| -> f64 {
        if !justify {
            0.0
        } else if ratio >= 0.0 {
            ratio * w * SPACE_STRETCH
        } else {
            ratio * w * SPACE_SHRINK
        }
    };
    let set_width: f64 = natural
        + letters * expansion
        + parts
            .iter()
            .zip(&widths)
            .filter(|(pt, _)| pt.glue)
            .map(|(_, w)| glue_extra(*w))
            .sum::<f64>();
    let mut x = set.indent
        + match set.align {
            Align::Justify | Align::Left => -hang_left,
            Align::Center => ((measure - set_width) / 2.0).max(0.0),
            Align::Right => (measure - set_width).max(0.0),
        };

    let mut items: Vec<(Point, FrameItem)> = Vec::new();
    let mut ascent: f64 = 0.0;
    let mut descent: f64 = 0.0;
    let mut run: Option<(Point, TextRun)> = None;
    let mut decorations: Vec<Deco> = Vec::new();
    // A line is almost always one run: sized once, its glyphs are not
    // copied again as each word is appended (+2: a hyphen, a split one).
    let mut glyphs_left: usize = parts.iter().map(|pt| pt.shaped.glyphs.len()).sum::<usize>() + 2;

    for &i in &order {
        let part = &parts[i];
        let style = p.styles[part.style];
        let size = glyph_size(style);
        let rise = if style.superscript {
            style.size * SUPERSCRIPT_RISE
        } else {
            0.0
        };
        let face = book.face(part.font).expect("fonts in atoms exist");
        ascent = ascent.max(face.metrics.ascender * size + rise);
        descent = descent.max(face.metrics.descender * size - rise);
        let (k, track) = scale(style, &part.shaped);
        // A space's width is its glue's; it shares the run's scale only so
        // that a line's words and spaces stay one run.
        let stretch_by = if part.flex { 1.0 + expansion } else { 1.0 };
        let k = if part.glue { k } else { k * stretch_by };
        let x0 = x;
        let mut glyphs = glyphs_of(&part.shaped, k, track);
        if part.glue
            && let Some(last) = glyphs.last_mut()
        {
            last.x_advance += glue_extra(widths[i]);
        }
        if letter_space > 0.0 && spaceable(p, part) {
            let extra = letter_space * size;
            let line_end = order.last() == Some(&i);
            let n = glyphs.len();
            for j in 0..n {
                // After the last glyph of each cluster (marks stay on their
                // base), but not after the line's final glyph.
                let cluster_end = j + 1 == n || !glyphs[j + 1].text.is_empty();
                if cluster_end && !(line_end && j + 1 == n && !part.hyphen) {
                    glyphs[j].x_advance += extra;
                }
            }
        }
        // A genuine hyphen ending the line: poppler's pdftotext joins a line
        // ending in U+002D with the next and drops the hyphen ("Kyungwha";
        // checked with a hand-made PDF), so it carries the text U+2010
        // HYPHEN ("Kyung‐" + "wha"; copies as a hyphen). A PDF maps each
        // glyph of a font to one text, so where the font's U+2010 is its
        // U+002D glyph (Source Serif, Source Sans) it is drawn in the
        // face's alias font.
        let mut split: Option<(FontId, Glyph)> = None;
        if part.line_end_hyphen
            && let Some(pos) = glyphs.iter().rposition(|g| g.text == "-")
        {
            let distinct = face
                .glyph('\u{2010}')
                .filter(|&id| Some(id) != face.glyph('-'));
            match (distinct, book.alias(part.font)) {
                (Some(id), _) => {
                    glyphs[pos].id = id;
                    glyphs[pos].text = "\u{2010}".into();
                }
                (None, Some(alias)) if pos + 1 == glyphs.len() => {
                    let mut g = glyphs.remove(pos);
                    g.text = "\u{2010}".into();
                    split = Some((alias, g));
                }
                _ => {}
            }
        }
        if part.hyphen {
            let h = hyphen_shaped(book, part.font);
            for g in &h.glyphs {
                glyphs.push(Glyph {
                    id: g.id,
                    x_advance: f64::from(g.advance) * k + track,
                    x_offset: f64::from(g.x_offset) * k,
                    y_offset: f64::from(g.y_offset) * k,
                    text: "-".into(),
                });
            }
        }
        // After letter spacing, which finds cluster ends by the empty text
        // of a cluster's later glyphs.
        own_characters(&mut glyphs, face);
        let main_width: f64 = glyphs.iter().map(|g| g.x_advance).sum();
        let pen = Pen {
            size,
            color: style.color,
            y: -rise,
            scale: stretch_by,
        };
        let n = glyphs.len();
        push_glyphs(
            &mut items,
            &mut run,
            x0,
            part.font,
            pen,
            glyphs,
            glyphs_left,
        );
        glyphs_left = glyphs_left.saturating_sub(n);
        let mut width = main_width;
        if let Some((alias, g)) = split {
            width += g.x_advance;
            let at = x0 + main_width;
            push_glyphs(&mut items, &mut run, at, alias, pen, vec![g], glyphs_left);
        }
        decorations.push(Deco {
            x: x0,
            width,
            style,
            metrics: face.metrics,
        });
        x += width;
    }
    if let Some((at, r)) = run.take() {
        items.push((at, FrameItem::Text(r)));
    }
    if parts.is_empty() {
        // An empty line (two explicit breaks): keep the style's height.
        if let Some(style) = p.styles.first() {
            let m = book.metrics(style.family, style.weight, style.italic);
            ascent = m.ascender * style.size;
            descent = m.descender * style.size;
        }
    }
    decorate(&mut items, &decorations, ascent, descent);
    Line {
        items,
        width: x,
        ascent,
        descent,
        hyphenated: end.hyphen,
        hyphen_end: end.hyphen,
        last: end.last,
        ratio,
        letter_space,
        expansion,
        hang: if stretched { hang_right } else { 0.0 },
        chars_before: 0,
    }
}

/// How far the line's first and last glyphs hang into the margins (see
/// `protrusion`): only for left-to-right lines of a text face that start
/// flush left, and only on the left unless the line is justified.
fn hang(
    book: &FontBook,
    p: &Prepared<'_>,
    parts: &[Part],
    order: &[usize],
    set: &Setting,
) -> (f64, f64) {
    let text_face = |pt: &Part| !pt.rtl && p.styles[pt.style].family != Family::Mono;
    if !matches!(set.align, Align::Justify | Align::Left) || parts.iter().any(|pt| pt.rtl) {
        return (0.0, 0.0);
    }
    let advance = |pt: &Part, glyph: Option<&super::shaping::RawGlyph>| {
        let (k, track) = scale(p.styles[pt.style], &pt.shaped);
        glyph.map_or(0.0, |g| f64::from(g.advance) * k + track)
    };
    let mut left = 0.0;
    if set.indent == 0.0
        && let Some(first) = order.first().map(|&i| &parts[i])
        && !first.glue
        && text_face(first)
        && let Some(c) = p.text[first.range.clone()].chars().next()
    {
        left = super::protrusion::left(c) * advance(first, first.shaped.glyphs.first());
    }
    let mut right = 0.0;
    if set.align == Align::Justify
        && let Some(last) = order.last().map(|&i| &parts[i])
        && !last.glue
        && text_face(last)
    {
        right = if last.hyphen {
            let h = hyphen_shaped(book, last.font);
            let (k, track) = scale(p.styles[last.style], &h);
            super::protrusion::right('-') * (f64::from(h.advance) * k + track)
        } else {
            let c = p.text[last.range.clone()]
                .chars()
                .next_back()
                .unwrap_or(' ');
            super::protrusion::right(c) * advance(last, last.shaped.glyphs.last())
        };
    }
    (left, right)
}

/// Where letter spacing starts: spaces stretched beyond this ratio (1.5×
/// natural with a stretch of half the space).
const LETTERSPACE_FROM: f64 = 1.0;
/// Most extra letter space, in em: about what InDesign's "letter spacing
/// max 3%" setting allows, below what readers notice in running text.
const MAX_LETTER_SPACE: f64 = 0.03;

/// Whether a part may be letter-spaced: a left-to-right word in a text
/// face, in scripts whose letters do not join.
fn spaceable(p: &Prepared<'_>, part: &Part) -> bool {
    !part.glue
        && !part.rtl
        && p.styles[part.style].family != Family::Mono
        && p.text[part.range.clone()].chars().all(|c| {
            c < '\u{0590}'
                // Thai and Lao: no spaces between words, so a loose line
                // spreads between letters (marks stay on their base).
                || ('\u{0E00}'..='\u{0EFF}').contains(&c)
                || ('\u{1E00}'..='\u{206F}').contains(&c)
                || ('\u{3000}'..='\u{9FFF}').contains(&c)
                || ('\u{AC00}'..='\u{D7A3}').contains(&c)
        })
}

/// Number of clusters in a shaped run.
fn clusters(shaped: &Shaped) -> usize {
    shaped
        .glyphs
        .iter()
        .enumerate()
        .filter(|(j, g)| *j == 0 || shaped.glyphs[j - 1].cluster != g.cluster)
        .count()
}

/// Size, colour and baseline shift shared by the glyphs of a run.
#[derive(Clone, Copy)]
struct Pen {
    size: f64,
    color: Rgb,
    y: f64,
    /// Horizontal scale of the letters (font expansion).
    scale: f64,
}

/// Appends glyphs to the current run if font and pen match, else starts a
/// new run at `x` with room for `room` glyphs (what the line has left).
fn push_glyphs(
    items: &mut Vec<(Point, FrameItem)>,
    run: &mut Option<(Point, TextRun)>,
    x: f64,
    font: FontId,
    pen: Pen,
    glyphs: Vec<Glyph>,
    room: usize,
) {
    if let Some((at, r)) = run
        && r.font == font
        && r.size == pen.size
        && r.color == pen.color
        && r.scale == pen.scale
        && at.y == pen.y
    {
        r.glyphs.extend(glyphs);
        return;
    }
    if let Some((at, r)) = run.take() {
        items.push((at, FrameItem::Text(r)));
    }
    let mut all = Vec::with_capacity(room.max(glyphs.len()));
    all.extend(glyphs);
    *run = Some((
        Point::new(x, pen.y),
        TextRun {
            font,
            size: pen.size,
            color: pen.color,
            glyphs: all,
            scale: pen.scale,
            tag: None,
            lang: None,
        },
    ));
}

struct Deco<'a> {
    x: f64,
    width: f64,
    style: &'a TextStyle,
    metrics: crate::layout::font::FontMetrics,
}

/// Underline and strike rectangles and link areas, merged across parts
/// with the same decoration.
fn decorate(items: &mut Vec<(Point, FrameItem)>, decos: &[Deco<'_>], ascent: f64, descent: f64) {
    let mut i = 0;
    while i < decos.len() {
        let d = &decos[i];
        let mut j = i + 1;
        let mut end = d.x + d.width;
        while j < decos.len()
            && decos[j].style.underline == d.style.underline
            && decos[j].style.strike == d.style.strike
            && decos[j].style.color == d.style.color
            && decos[j].style.link == d.style.link
            && (decos[j].x - end).abs() < 0.01
        {
            end = decos[j].x + decos[j].width;
            j += 1;
        }
        let size = d.style.size;
        let width = end - d.x;
        if d.style.underline {
            let t = d.metrics.underline_thickness * size;
            let y = d.metrics.underline_offset * size - t / 2.0;
            items.push((Point::new(d.x, y), rect(width, t, d.style.color)));
        }
        if d.style.strike {
            let t = d.metrics.underline_thickness * size;
            let y = -d.metrics.strike_offset * size - t / 2.0;
            items.push((Point::new(d.x, y), rect(width, t, d.style.color)));
        }
        if let Some(target) = &d.style.link {
            items.push((
                Point::new(d.x, -ascent),
                FrameItem::Link {
                    size: Size::new(width, ascent + descent),
                    target: LinkTarget::clone(target),
                    tag: None,
                },
            ));
        }
        i = j;
    }
}

fn rect(width: f64, height: f64, color: Rgb) -> FrameItem {
    FrameItem::Rect {
        size: Size::new(width, height),
        color,
    }
}

fn hyphen_shaped(book: &FontBook, font: FontId) -> Arc<Shaped> {
    shape(book, "-", font, Features::Plain, false)
}

/// Scaled glyphs with their source text (worked out once per shaped
/// word: see `Shaped::texts`).
pub(crate) fn glyphs_of(shaped: &Shaped, k: f64, track: f64) -> Vec<Glyph> {
    shaped
        .glyphs
        .iter()
        .zip(&shaped.texts)
        .map(|(g, text)| Glyph {
            id: g.id,
            x_advance: f64::from(g.advance) * k + track,
            x_offset: f64::from(g.x_offset) * k,
            y_offset: f64::from(g.y_offset) * k,
            text: text.clone(),
        })
        .collect()
}

/// Splits a cluster's text over its glyphs, so a PDF font, which maps each
/// glyph to one text, maps every glyph to the same text wherever it
/// appears (a mark glyph carrying a whole cluster's text, or an empty one,
/// would take that text everywhere):
///
/// - one glyph per character in the text's order, the base's own glyph
///   first (a Thai consonant and its marks, also when a mark takes a
///   contextual form; a Devanagari consonant and a vowel sign after it):
///   each glyph carries its character;
/// - otherwise each glyph that is the face's own glyph for a character of
///   the cluster carries that character, and the first other glyph (a
///   conjunct, a ligature) the rest. A vowel sign drawn before its
///   consonant then reads back after it in glyph order; only ActualText
///   can restore that order.
fn own_characters(glyphs: &mut [Glyph], face: &crate::layout::font::Face) {
    let mut i = 0;
    while i < glyphs.len() {
        let mut j = i + 1;
        while j < glyphs.len() && glyphs[j].text.is_empty() {
            j += 1;
        }
        if j - i > 1 && !glyphs[i].text.is_ascii() {
            split_cluster(&mut glyphs[i..j], face);
        }
        i = j;
    }
}

fn split_cluster(glyphs: &mut [Glyph], face: &crate::layout::font::Face) {
    let chars: Vec<char> = glyphs[0]
        .text
        .chars()
        .filter(|c| !crate::layout::font::is_ignorable(*c))
        .collect();
    let cmap: Vec<Option<u16>> = chars.iter().map(|&c| face.glyph(c)).collect();
    let own = |g: &Glyph| cmap.contains(&Some(g.id));
    let positional = chars.len() == glyphs.len()
        && cmap[0] == Some(glyphs[0].id)
        && glyphs
            .iter()
            .enumerate()
            .all(|(n, g)| cmap[n] == Some(g.id) || !own(g));
    let mut texts: Vec<String> = vec![String::new(); glyphs.len()];
    if positional {
        for (t, c) in texts.iter_mut().zip(&chars) {
            t.push(*c);
        }
    } else {
        let mut taken = vec![false; chars.len()];
        for (t, g) in texts.iter_mut().zip(glyphs.iter()) {
            if let Some(k) = (0..chars.len()).find(|&k| !taken[k] && cmap[k] == Some(g.id)) {
                taken[k] = true;
                t.push(chars[k]);
            }
        }
        let rest: String = (0..chars.len())
            .filter(|&k| !taken[k])
            .map(|k| chars[k])
            .collect();
        if !rest.is_empty() {
            match texts.iter().position(String::is_empty) {
                Some(free) => texts[free] = rest,
                // Every glyph is some character's own: keep the text whole.
                None => return,
            }
        }
    }
    for (g, t) in glyphs.iter_mut().zip(texts) {
        g.text = GlyphText::new(&t);
    }
}

/// Parts in visual order: runs from unicode-bidi (rule L2), parts of an
/// odd-level run reversed.
fn visual_order(
    info: &unicode_bidi::ParagraphBidiInfo<'_>,
    line: &Range<usize>,
    parts: &[Part],
) -> Vec<usize> {
    let (levels, runs) = info.visual_runs(line.clone());
    let mut order = Vec::with_capacity(parts.len());
    for run in runs {
        let rtl = levels.get(run.start).is_some_and(|l| l.is_rtl());
        let mut inside: Vec<usize> = (0..parts.len())
            .filter(|&i| parts[i].range.start >= run.start && parts[i].range.start < run.end)
            .collect();
        if rtl {
            inside.reverse();
        }
        order.extend(inside);
    }
    // Parts the runs missed (should not happen) keep logical order at the end.
    if order.len() < parts.len() {
        for i in 0..parts.len() {
            if !order.contains(&i) {
                order.push(i);
            }
        }
    }
    order
}
