//! Atoms → boxes, glue and penalties → the best set of breaks.
//!
//! Knuth and Plass, "Breaking Paragraphs into Lines" (Software: Practice
//! and Experience 11, 1981): total-fit over all feasible breaks, with
//! demerits for loose and tight lines, for a hyphen before the last line,
//! and for lines of very different tightness next to each other (fitness
//! classes). Cost constants are TeX's defaults (The TeXbook, ch. 14;
//! plain.tex), because those are the values two generations of readers
//! have seen as "good typesetting".
//!
//! Like TeX, the breaker works in passes ([`Pass`]): first without
//! hyphenation, accepting the result only if every line is within a
//! pretolerance; then with hyphenation at the words' good points; then,
//! when nothing fits within tolerance, with emergency stretch and every
//! point, good or not. Two hyphenated lines in a row are refused in the
//! first two passes (TeX only charges `\doublehyphendemerits` for them).
//!
//! In justified text a word's letters may be expanded or condensed a
//! little (`expansion`, pdfTeX's font expansion): its width times those
//! limits counts as stretch and shrink beside the spaces', so a line has
//! more room to reach the measure without a hyphen or a loose space.
//!
//! Cost stays linear in the paragraph: a candidate line that is already
//! overfull deactivates its start node, so only breaks within about one
//! line's width of the current position are ever active.

use super::expansion;
use super::hyphenate::Grade;
use super::prepare::{After, Atom, AtomKind, Prepared, scale};
use super::shaping::Shaped;
use super::{Align, ParagraphSpec};

/// Added to the badness of every line (TeX `\linepenalty` = 10): prefers
/// fewer lines.
const LINE_PENALTY: f64 = 10.0;
/// Cost of breaking at a good hyphenation point (TeX `\hyphenpenalty` =
/// 50, doubled: with Source Serif's narrow spaces a line costs about three
/// times TeX's badness for the same visible stretch, and at 50 one line in
/// five ended in a hyphen).
const HYPHEN_PENALTY: f64 = 100.0;
/// Cost of a fair hyphenation point (a six-letter word, two letters before
/// the hyphen; see [`Grade`]): taken where the alternative is a line at
/// about badness 400 instead of a decent one.
const FAIR_HYPHEN_PENALTY: f64 = 500.0;
/// Cost of a poor hyphenation point (a short word, a name), taken in the
/// emergency pass only, and even there as dear as an emergency break.
const POOR_HYPHEN_PENALTY: f64 = 1_000.0;
/// Cost of breaking after an explicit hyphen or dash (TeX `\exhyphenpenalty` = 50).
const EX_HYPHEN_PENALTY: f64 = 50.0;
/// Two hyphenated lines in a row, in the emergency pass (the first two
/// refuse them outright): as much as one line at badness 1000 (TeX's
/// `\doublehyphendemerits` is 10000, a line at badness 90), so a stack is
/// set only where the alternative is a line with holes.
const DOUBLE_HYPHEN_DEMERITS: f64 = 1_000_000.0;
/// A hyphen ending the second-to-last line (TeX `\finalhyphendemerits` =
/// 5000, scaled ×8: it costs as much as one line at the tolerance limit,
/// so the last line starts with a fresh word unless that loosens the
/// paragraph badly. The last word itself is never hyphenated at all).
const FINAL_HYPHEN_DEMERITS: f64 = 40_000.0;
/// Adjacent lines more than one fitness class apart (TeX `\adjdemerits` = 10000).
const ADJ_DEMERITS: f64 = 10_000.0;
/// The pass without hyphenation accepts its result only if every line is
/// within this badness. TeX's `\pretolerance` is 100 (ratio 1: here
/// letters 2 % wide and spaces 1.5× natural, where letter spacing starts);
/// 250 (ratio 1.36) lets a paragraph keep its words whole when it costs
/// a line a little letter spacing, and sends it to the hyphenating pass
/// only when some line would be worse. Measured on the 60-item issue
/// (bench/typography.py): 100 hyphenated 9.6 % of lines, 250 8.8 %, with
/// the same 95th-percentile gap and 1 % of lines letter-spaced.
const PRETOLERANCE: f64 = 250.0;
/// The pass with hyphenation accepts lines up to this badness (TeX
/// `\tolerance` = 200).
const TOLERANCE: f64 = 200.0;
/// Second pass: extra stretch per line (in em) so that, when no solution
/// within tolerance exists, looseness is spread evenly (TeX
/// `\emergencystretch`, commonly set to 1–3em).
const EMERGENCY_STRETCH_EM: f64 = 0.5;
/// Cost of a break inside an overlong word (no hyphen is drawn): high, so
/// it is taken only when nothing else fits, but finite.
const EMERGENCY_PENALTY: f64 = 1_000.0;
/// Breaks with no space and no hyphen (after a slash, between CJK
/// characters) cost a little more than a space.
const PLAIN_BREAK_PENALTY: f64 = 0.0;
/// Inside a URL, a break before a slash keeps path segments whole; one
/// before a hyphen, dot or other sign (see `urls`) costs as much as a
/// hyphenation, so it is taken only where it fits clearly better.
const URL_SIGN_PENALTY: f64 = 50.0;
/// Justified interword glue: TeX's Computer Modern gives the space
/// stretch 1/2 and shrink 1/3 of its width.
pub(crate) const SPACE_STRETCH: f64 = 0.5;
pub(crate) const SPACE_SHRINK: f64 = 1.0 / 3.0;
/// Ragged-right lines may fall short by this much (em) at badness 100
/// (ragged2e's `\RaggedRightRightskip` is 0pt plus 2em).
const RAGGED_STRETCH_EM: f64 = 2.0;

/// A last line narrower than this share of the measure is a runt…
const RUNT_SHARE: f64 = 0.1;
/// …which costs a little more than a hyphen ending the second-to-last
/// line, about one line at badness 210: set only when nothing within
/// tolerance avoids it. (Not in TeX; the house rule of magazines that
/// fix runts by hand.) It was 3,000, a line at badness 45; once font
/// expansion made loose lines cheap, a two-line list item took a third
/// line for its last word ("third.") rather than a hyphen on its first.
const RUNT_DEMERITS: f64 = 50_000.0;

const INF_PENALTY: f64 = 10_000.0;
const BADNESS_CAP: f64 = 10_000.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Kind {
    Box,
    Glue,
    Penalty,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Item {
    pub kind: Kind,
    pub width: f64,
    pub stretch: f64,
    /// Infinite (fil) stretch: the parfillskip at a forced break.
    pub fil: bool,
    pub shrink: f64,
    /// A box whose letters may be expanded (see `expansion`): its width
    /// counts towards the line's stretch and shrink.
    pub flex: bool,
    pub penalty: f64,
    pub flagged: bool,
    /// The first pass this break may be taken in.
    pub pass: Pass,
    /// Byte range: a box's text, a glue's spaces, a penalty's position.
    pub start: usize,
    pub end: usize,
}

impl Item {
    pub(crate) fn boxed(width: f64, start: usize, end: usize) -> Item {
        Item {
            kind: Kind::Box,
            width,
            stretch: 0.0,
            fil: false,
            shrink: 0.0,
            flex: false,
            penalty: 0.0,
            flagged: false,
            pass: Pass::Plain,
            start,
            end,
        }
    }
    pub(crate) fn glue(width: f64, stretch: f64, shrink: f64, start: usize, end: usize) -> Item {
        Item {
            kind: Kind::Glue,
            width,
            stretch,
            fil: false,
            shrink,
            flex: false,
            penalty: 0.0,
            flagged: false,
            pass: Pass::Plain,
            start,
            end,
        }
    }
    pub(crate) fn penalty(width: f64, penalty: f64, flagged: bool, at: usize) -> Item {
        Item {
            kind: Kind::Penalty,
            width,
            stretch: 0.0,
            fil: false,
            shrink: 0.0,
            flex: false,
            penalty,
            flagged,
            pass: Pass::Plain,
            start: at,
            end: at,
        }
    }
    /// A discretionary hyphen: a good or fair point from the second pass
    /// on, a poor one only in the emergency pass.
    pub(crate) fn hyphen(width: f64, grade: Grade, at: usize) -> Item {
        let (penalty, pass) = match grade {
            Grade::Good => (HYPHEN_PENALTY, Pass::Hyphens),
            Grade::Fair => (FAIR_HYPHEN_PENALTY, Pass::Hyphens),
            Grade::Poor => (POOR_HYPHEN_PENALTY, Pass::Emergency),
        };
        let mut it = Item::penalty(width, penalty, true, at);
        it.pass = pass;
        it
    }
    fn forced(&self) -> bool {
        self.kind == Kind::Penalty && self.penalty <= -INF_PENALTY
    }
}

/// Width of an atom's text before byte `at` (absolute), from its shaping.
/// A point inside a ligature counts the ligature as after it; the line is
/// reshaped exactly when set.
pub(crate) fn prefix_width(atom: &Atom, shaped: &Shaped, k: f64, track: f64, at: usize) -> f64 {
    let rel = (at - atom.range.start) as u32;
    shaped
        .glyphs
        .iter()
        .filter(|g| g.cluster < rel)
        .map(|g| f64::from(g.advance) * k + track)
        .sum()
}

/// Glue for a space atom: (width, stretch, shrink).
pub(crate) fn space_glue(atom: &Atom, justify: bool) -> (f64, f64, f64) {
    if justify {
        (
            atom.width,
            atom.width * SPACE_STRETCH,
            atom.width * SPACE_SHRINK,
        )
    } else {
        (atom.width, 0.0, 0.0)
    }
}

/// Width of the hyphen drawn at a discretionary break in this atom.
pub(crate) fn hyphen_width(
    p: &Prepared<'_>,
    book: &crate::layout::font::FontBook,
    atom: &Atom,
) -> f64 {
    let style = p.styles[atom.style];
    let shaped =
        super::shaping::shape(book, "-", atom.font, super::shaping::Features::Plain, false);
    let (k, track) = scale(style, &shaped);
    f64::from(shaped.advance) * k + track
}

/// The boxes, glue and penalties of a prepared paragraph.
pub(crate) fn items(
    p: &Prepared<'_>,
    book: &crate::layout::font::FontBook,
    justify: bool,
) -> Vec<Item> {
    let mut items = Vec::with_capacity(p.atoms.len() * 2 + 2);
    let last_word = last_word_start(p);
    for (n, atom) in p.atoms.iter().enumerate() {
        let r = atom.range.clone();
        match atom.kind {
            AtomKind::Word => {
                let shaped = atom.shaped.as_ref().expect("word atoms are shaped");
                let (k, track) = scale(p.styles[atom.style], shaped);
                let flex = justify
                    && super::expansion::expandable(
                        p.styles[atom.style],
                        &p.text[r.clone()],
                        atom.rtl,
                    );
                let boxed = |w: f64, a: usize, b: usize| {
                    let mut it = Item::boxed(w, a, b);
                    it.flex = flex;
                    it
                };
                // Merge hyphenation and emergency points.
                // The paragraph's last word is never hyphenated: a
                // fragment alone on the last line ("ing.") reads as an error.
                let hyphens: &[usize] = if n >= last_word { &[] } else { &atom.hyphens };
                let mut points: Vec<(usize, bool)> = hyphens
                    .iter()
                    .map(|&h| (h, true))
                    .chain(atom.emergency.iter().map(|&e| (e, false)))
                    .collect();
                points.sort_by_key(|&(pos, hyph)| (pos, !hyph));
                points.dedup_by_key(|(pos, _)| *pos);
                let hyph_w = if hyphens.is_empty() {
                    0.0
                } else {
                    hyphen_width(p, book, atom)
                };
                let mut last_pos = r.start;
                let mut last_w = 0.0;
                for (pos, hyph) in points {
                    let w = prefix_width(atom, shaped, k, track, pos);
                    items.push(boxed(w - last_w, last_pos, pos));
                    if hyph {
                        let grade = super::hyphenate::grade(&p.text, r.clone(), pos);
                        items.push(Item::hyphen(hyph_w, grade, pos));
                    } else {
                        items.push(Item::penalty(0.0, EMERGENCY_PENALTY, false, pos));
                    }
                    last_pos = pos;
                    last_w = w;
                }
                items.push(boxed(atom.width - last_w, last_pos, r.end));
                let next_is_space = p.atoms.get(n + 1).is_some_and(|a| {
                    matches!(
                        a.kind,
                        AtomKind::Space | AtomKind::HardBreak | AtomKind::Shy
                    )
                });
                match atom.after {
                    After::Allowed if !next_is_space && r.end < p.text.len() => {
                        let last = p.text[r.clone()].chars().next_back();
                        let hyphen = matches!(last, Some('-' | '\u{2010}' | '\u{2013}'));
                        // UAX #14 never breaks before these: only a URL does.
                        let url_sign =
                            p.text[r.end..].starts_with(['-', '.', '_', ',', '~', '?', '#', '%']);
                        let cost = if hyphen {
                            EX_HYPHEN_PENALTY
                        } else if url_sign {
                            URL_SIGN_PENALTY
                        } else {
                            PLAIN_BREAK_PENALTY
                        };
                        items.push(Item::penalty(0.0, cost, hyphen, r.end));
                    }
                    After::Emergency => {
                        items.push(Item::penalty(0.0, EMERGENCY_PENALTY, false, r.end))
                    }
                    _ => {}
                }
            }
            AtomKind::Space | AtomKind::Nbsp => {
                let (w, st, sh) = space_glue(atom, justify);
                if atom.after == After::Emergency {
                    items.push(Item::penalty(0.0, EMERGENCY_PENALTY, false, r.start));
                } else if atom.kind == AtomKind::Nbsp || atom.after == After::None {
                    items.push(Item::penalty(0.0, INF_PENALTY, false, r.start));
                }
                items.push(Item::glue(w, st, sh, r.start, r.end));
            }
            AtomKind::Shy => {
                let w = p
                    .atoms
                    .get(n.wrapping_sub(1))
                    .filter(|a| a.kind == AtomKind::Word)
                    .map_or(0.0, |a| hyphen_width(p, book, a));
                // The author's own point: always a good one.
                items.push(Item::hyphen(w, Grade::Good, r.start));
            }
            AtomKind::HardBreak => {
                let mut fill = Item::glue(0.0, 0.0, 0.0, r.start, r.start);
                fill.fil = true;
                items.push(fill);
                let mut brk = Item::penalty(0.0, -INF_PENALTY, false, r.start);
                brk.end = r.end;
                items.push(brk);
            }
        }
    }
    let end = p.text.len();
    let mut fill = Item::glue(0.0, 0.0, 0.0, end, end);
    fill.fil = true;
    items.push(fill);
    items.push(Item::penalty(0.0, -INF_PENALTY, false, end));
    items
}

/// Index of the first atom of the paragraph's last word (the run of word
/// atoms before the end, ignoring trailing spaces); `atoms.len()` if none.
fn last_word_start(p: &Prepared<'_>) -> usize {
    let is_word = |k: usize| p.atoms[k].kind == AtomKind::Word;
    let Some(end) = (0..p.atoms.len()).rev().find(|&k| is_word(k)) else {
        return p.atoms.len();
    };
    let mut start = end;
    while start > 0 && is_word(start - 1) {
        start -= 1;
    }
    start
}

/// A chosen break: index into the items, and the adjustment ratio of the
/// line it ends.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Break {
    pub item: usize,
}

/// Line measures: the first line may be indented.
pub(crate) struct Measure {
    pub first: f64,
    pub rest: f64,
    /// Extra stretch every line gets (ragged right), in points.
    pub line_stretch: f64,
    /// One em of the paragraph's base size, for emergency stretch.
    pub em: f64,
}

impl Measure {
    pub(crate) fn new(spec: &ParagraphSpec, em: f64) -> Measure {
        let justify = spec.align == Align::Justify;
        Measure {
            first: (spec.width - spec.first_indent).max(0.0),
            rest: spec.width.max(0.0),
            line_stretch: if justify { 0.0 } else { RAGGED_STRETCH_EM * em },
            em,
        }
    }
}

/// Running sums of width, stretch and shrink over items.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    width: f64,
    stretch: f64,
    shrink: f64,
    /// Width of expandable boxes.
    flex: f64,
    fil: u32,
}

#[derive(Debug, Clone)]
struct Node {
    item: usize,
    line: usize,
    fitness: u8,
    flagged: bool,
    /// Sums at the start of the next line (after discarded items).
    after: Sums,
    demerits: f64,
    prev: Option<usize>,
}

/// The breaker's passes, in the order they are tried. Each item names
/// the first pass it may break in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Pass {
    /// No hyphenation; every line within [`PRETOLERANCE`] (TeX's first
    /// pass).
    Plain,
    /// Good hyphenation points too; lines within [`TOLERANCE`].
    Hyphens,
    /// Every point, emergency stretch, no tolerance limit, stacked hyphens
    /// allowed (at a price): whatever sets the paragraph least badly.
    Emergency,
}

/// Knuth–Plass total fit, in passes (see [`Pass`]): without hyphenation
/// if that sets every line within the pretolerance, else with the good
/// hyphenation points within tolerance, else anything, with emergency
/// stretch; a line that cannot fit even then (a single glyph wider than
/// the measure) is set overfull. A paragraph with no good hyphenation
/// point skips the first pass (it would be the second with a tighter
/// limit).
pub(crate) fn knuth_plass(items: &[Item], m: &Measure) -> Vec<Break> {
    let hyphens = items.iter().any(|it| it.pass == Pass::Hyphens);
    if hyphens && let Some(b) = total_fit(items, m, Pass::Plain) {
        return b;
    }
    if let Some(b) = total_fit(items, m, Pass::Hyphens) {
        return b;
    }
    total_fit(items, m, Pass::Emergency).expect("the final pass always finds breaks")
}

fn total_fit(items: &[Item], m: &Measure, pass: Pass) -> Option<Vec<Break>> {
    let (tolerance, emergency) = match pass {
        Pass::Plain => (Some(PRETOLERANCE), 0.0),
        Pass::Hyphens => (Some(TOLERANCE), 0.0),
        Pass::Emergency => (None, EMERGENCY_STRETCH_EM * m.em),
    };
    // prefix[i] = sums of items[..i]
    let mut prefix = Vec::with_capacity(items.len() + 1);
    let mut s = Sums::default();
    prefix.push(s);
    for it in items {
        if it.kind != Kind::Penalty {
            s.width += it.width;
        }
        if it.flex {
            s.flex += it.width;
        }
        if it.kind == Kind::Glue {
            s.stretch += it.stretch;
            s.shrink += it.shrink;
            s.fil += u32::from(it.fil);
        }
        prefix.push(s);
    }
    let after = |b: usize| -> Sums {
        // Skip glue and non-forced penalties after a break.
        let mut i = b;
        if items[b].kind == Kind::Penalty || items[b].kind == Kind::Glue {
            i = b + 1;
        }
        while i < items.len() && items[i].kind != Kind::Box && !items[i].forced() {
            i += 1;
        }
        prefix[i]
    };

    let mut nodes = vec![Node {
        item: 0,
        line: 0,
        fitness: 1,
        flagged: false,
        after: prefix[0],
        demerits: 0.0,
        prev: None,
    }];
    let mut active: Vec<usize> = vec![0];
    // The nodes still active after a breakpoint: one buffer, swapped with
    // `active` (a fresh list per breakpoint was an allocation per space).
    let mut keep: Vec<usize> = Vec::new();
    let final_pass = tolerance.is_none();

    for b in 0..items.len() {
        let it = &items[b];
        let legal = match it.kind {
            Kind::Penalty => it.penalty < INF_PENALTY && it.pass <= pass,
            Kind::Glue => b > 0 && items[b - 1].kind == Kind::Box,
            Kind::Box => false,
        };
        if !legal {
            continue;
        }
        let flagged = it.kind == Kind::Penalty && it.flagged;
        let mut best: [Option<(f64, usize)>; 4] = [None; 4];
        let mut deactivated_best: Option<(f64, usize)> = None;
        keep.clear();
        for &a in &active {
            let node = &nodes[a];
            let width = if node.line == 0 { m.first } else { m.rest };
            let here = prefix[b];
            let natural = here.width - node.after.width
                + if it.kind == Kind::Penalty {
                    it.width
                } else {
                    0.0
                };
            let fil = here.fil > node.after.fil;
            let flex = here.flex - node.after.flex;
            let ratio = if natural < width {
                let glue = here.stretch - node.after.stretch + m.line_stretch + emergency;
                let letters = flex * expansion::STRETCH;
                if fil {
                    0.0
                } else if glue + letters <= 0.0 {
                    f64::INFINITY
                } else if width - natural <= glue + letters {
                    (width - natural) / (glue + letters)
                } else if glue > 0.0 {
                    // The letters at their limit, the spaces take the rest:
                    // badness is the spaces' looseness.
                    (width - natural - letters) / glue
                } else {
                    f64::INFINITY
                }
            } else if natural > width {
                let shrink = here.shrink - node.after.shrink + flex * expansion::SHRINK;
                if shrink > 0.0 {
                    (width - natural) / shrink
                } else {
                    f64::NEG_INFINITY
                }
            } else {
                0.0
            };
            let deactivate = ratio < -1.0 || it.forced();
            if !deactivate || it.forced() {
                keep.push(a);
            }
            if ratio < -1.0 {
                // Overfull: remember the least overfull in case nothing fits.
                let over = natural - width;
                if deactivated_best.is_none_or(|(o, _)| over < o) {
                    deactivated_best = Some((over, a));
                }
                continue;
            }
            let badness = if final_pass {
                badness_uncapped(ratio)
            } else {
                badness(ratio)
            };
            if tolerance.is_some_and(|t| badness > t) {
                continue;
            }
            // Two hyphenated lines in a row only when nothing else works.
            if flagged && node.flagged && !final_pass {
                continue;
            }
            let penalty = if it.kind == Kind::Penalty {
                it.penalty
            } else {
                0.0
            };
            let fitness = fitness(ratio);
            let d = demerits(
                badness,
                penalty,
                Hyphens {
                    this: flagged,
                    previous: node.flagged,
                    paragraph_end: it.forced() && b + 1 == items.len(),
                },
                fitness.abs_diff(node.fitness),
            );
            // A paragraph ending in a runt (one short word alone on the
            // last line) looks unfinished.
            let runt = b + 1 == items.len()
                && node.line > 0
                && natural < width * RUNT_SHARE
                && m.line_stretch == 0.0;
            let total = node.demerits + d + if runt { RUNT_DEMERITS } else { 0.0 };
            let slot = &mut best[fitness as usize];
            if slot.is_none_or(|(t, _)| total < t) {
                *slot = Some((total, a));
            }
        }
        // A forced break ends every active line; drop the kept nodes after
        // recording candidates.
        std::mem::swap(&mut active, &mut keep);
        if it.forced() {
            active.clear();
        }
        let mut added = false;
        let sums_after = after(b);
        for (fitness, slot) in best.iter().enumerate() {
            if let Some((total, a)) = *slot {
                nodes.push(Node {
                    item: b,
                    line: nodes[a].line + 1,
                    fitness: fitness as u8,
                    flagged,
                    after: sums_after,
                    demerits: total,
                    prev: Some(a),
                });
                active.push(nodes.len() - 1);
                added = true;
            }
        }
        if active.is_empty() && !added {
            if !final_pass {
                return None;
            }
            // Last resort: the least overfull line, set as is.
            let (_, a) = deactivated_best?;
            nodes.push(Node {
                item: b,
                line: nodes[a].line + 1,
                fitness: 0,
                flagged,
                after: sums_after,
                demerits: nodes[a].demerits + BADNESS_CAP * BADNESS_CAP,
                prev: Some(a),
            });
            active.push(nodes.len() - 1);
        }
    }
    // The final forced break created the only active nodes; take the best.
    let last = active
        .iter()
        .copied()
        .filter(|&a| nodes[a].item + 1 == items.len())
        .min_by(|&x, &y| nodes[x].demerits.total_cmp(&nodes[y].demerits))?;
    let mut out = Vec::new();
    let mut cur = Some(last);
    while let Some(n) = cur {
        if nodes[n].prev.is_none() {
            break;
        }
        out.push(Break {
            item: nodes[n].item,
        });
        cur = nodes[n].prev;
    }
    out.reverse();
    Some(out)
}

/// Hyphenation around a candidate line.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Hyphens {
    /// The line ends at a flagged (hyphen) break.
    pub this: bool,
    /// The line before it did.
    pub previous: bool,
    /// The line ends the paragraph (so `previous` is the second-to-last line).
    pub paragraph_end: bool,
}

/// TeX's demerits of one line (The TeXbook, ch. 14): the squared line
/// penalty plus badness, the squared break penalty, and the extra costs of
/// consecutive hyphens, a hyphen on the second-to-last line, and a jump of
/// more than one fitness class.
pub(crate) fn demerits(badness: f64, penalty: f64, hyphens: Hyphens, fitness_jump: u8) -> f64 {
    let mut d = (LINE_PENALTY + badness).powi(2);
    if penalty >= 0.0 {
        d += penalty * penalty;
    } else if penalty > -INF_PENALTY {
        d -= penalty * penalty;
    }
    if hyphens.this && hyphens.previous {
        d += DOUBLE_HYPHEN_DEMERITS;
    }
    if hyphens.paragraph_end && hyphens.previous {
        d += FINAL_HYPHEN_DEMERITS;
    }
    if fitness_jump > 1 {
        d += ADJ_DEMERITS;
    }
    d
}

/// TeX's badness: 100·|r|³, capped.
fn badness(ratio: f64) -> f64 {
    if !ratio.is_finite() {
        return BADNESS_CAP;
    }
    (100.0 * ratio.abs().powi(3)).min(BADNESS_CAP)
}

/// Badness without TeX's cap, for the final pass: among lines that are
/// all "infinitely bad" to TeX, still prefer the least loose, so looseness
/// is spread instead of piled on one line.
fn badness_uncapped(ratio: f64) -> f64 {
    if ratio.is_finite() {
        100.0 * ratio.abs().powi(3)
    } else {
        1e9
    }
}

/// TeX's fitness classes: 0 tight, 1 decent, 2 loose, 3 very loose.
fn fitness(ratio: f64) -> u8 {
    if ratio < -0.5 {
        0
    } else if ratio <= 0.5 {
        1
    } else if ratio <= 1.0 {
        2
    } else {
        3
    }
}

/// First fit: each line takes as much as fits (for comparison and tests).
#[cfg(test)]
pub(crate) fn first_fit(items: &[Item], m: &Measure) -> Vec<usize> {
    let mut out = Vec::new();
    let mut line_start_width = 0.0;
    let mut width = 0.0;
    let mut last_legal: Option<(usize, f64)> = None;
    let mut line = 0;
    for (b, it) in items.iter().enumerate() {
        let measure = if line == 0 { m.first } else { m.rest };
        let legal = match it.kind {
            Kind::Penalty => it.penalty < INF_PENALTY,
            Kind::Glue => b > 0 && items[b - 1].kind == Kind::Box,
            Kind::Box => false,
        };
        if legal {
            let extra = if it.kind == Kind::Penalty {
                it.width
            } else {
                0.0
            };
            if width - line_start_width + extra > measure
                && let Some((lb, lw)) = last_legal
            {
                out.push(lb);
                line += 1;
                line_start_width = lw;
            }
            if it.forced() {
                out.push(b);
                line += 1;
                line_start_width = width;
                last_legal = None;
                continue;
            }
            last_legal = Some((
                b,
                width + if it.kind == Kind::Glue { it.width } else { 0.0 },
            ));
        }
        if it.kind != Kind::Penalty {
            width += it.width;
        }
    }
    out
}
