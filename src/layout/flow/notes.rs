//! Footnotes at the foot of the page, and finishing a page.

use super::materialize::Source;
use super::{Geometry, Mark, Note, PageOut, PageState, Seq, content_bottom};
use crate::layout::Point;

/// Notes referenced by the chunks on a page (plus `extra`), in order.
pub(super) fn page_notes(page: &PageState, chunks: &Seq<'_>, extra: Option<usize>) -> Vec<usize> {
    let mut ids: Vec<usize> = Vec::new();
    let placed = page.placed.iter().filter(|p| !p.repeated).map(|p| p.chunk);
    for c in placed.chain(extra) {
        for &n in &chunks[c].notes {
            if !ids.contains(&n)
                && !page.carry.iter().any(|&(cn, _)| cn == n)
                && !page.printed.contains(&n)
            {
                ids.push(n);
            }
        }
    }
    ids
}

/// Height the footnote area must have: carried lines (at most a third of
/// the page), every note in full except a long last one, which needs two
/// lines.
pub(super) fn notes_needed(
    page: &PageState,
    chunks: &Seq<'_>,
    notes: &[Note],
    geo: &Geometry,
    extra: Option<usize>,
) -> f64 {
    let ids = page_notes(page, chunks, extra);
    if ids.is_empty() && page.carry.is_empty() {
        return 0.0;
    }
    let line_h = |n: usize, l: usize| {
        notes
            .get(n)
            .and_then(|x| x.lines.get(l))
            .map_or(0.0, |c| c.height)
    };
    let carry: f64 = page.carry.iter().map(|&(n, l)| line_h(n, l)).sum();
    let mut h = carry.min((geo.bottom - geo.top) / 3.0);
    for (k, &n) in ids.iter().enumerate() {
        let full: f64 = notes
            .get(n)
            .map_or(0.0, |x| x.lines.iter().map(|c| c.height).sum());
        // The newest note may run on to the next page, but a short one
        // (three lines or fewer) is not split, and a long one leaves two.
        let count = notes.get(n).map_or(0, |x| x.lines.len());
        h += if k + 1 == ids.len() && count > 3 {
            line_h(n, 0) + line_h(n, 1)
        } else {
            full
        };
    }
    h + geo.note_gap
}

/// Turns the last page state into a [`PageOut`]; returns footnote lines
/// that did not fit.
pub(super) fn finish_page(
    page: &PageState,
    outs: &mut Vec<PageOut>,
    chunks: &Seq<'_>,
    notes: &[Note],
    geo: &Geometry,
) -> Vec<(usize, usize)> {
    let mut out = PageOut::default();
    for p in &page.placed {
        let chunk = &chunks[p.chunk];
        out.sources.push(Source::Chunk {
            index: p.chunk,
            at: Point::new(p.x, p.y),
            repeated: p.repeated,
        });
        if !p.repeated {
            for mark in &chunk.marks {
                out.marks.push((mark.clone(), Point::new(p.x, p.y)));
            }
            if let Some(tag) = chunk.line {
                out.lines.push((p.region, tag));
            }
            out.anchors.extend(chunk.anchor);
        }
    }
    // Footnote lines: carried first, then this page's notes.
    let mut lines: Vec<(usize, usize)> = page.carry.clone();
    for n in page_notes(page, chunks, None) {
        let count = notes.get(n).map_or(0, |x| x.lines.len());
        lines.extend((0..count).map(|l| (n, l)));
    }
    let mut carry = Vec::new();
    if !lines.is_empty() {
        let bottom = content_bottom(page, chunks, geo.top);
        let room = geo.bottom - bottom - geo.note_gap;
        let mut used = 0.0;
        let mut fit = 0;
        for &(n, l) in &lines {
            let h = notes[n].lines[l].height;
            if used + h > room + 0.01 && fit > 0 {
                break;
            }
            used += h;
            fit += 1;
        }
        // A note running on to the next page does not leave a hyphen at
        // this one's foot (its first line stays, under its reference).
        while fit > 1
            && fit < lines.len()
            && lines[fit].1 >= 2
            && notes[lines[fit].0].lines[lines[fit].1].after_hyphen
        {
            used -= notes[lines[fit - 1].0].lines[lines[fit - 1].1].height;
            fit -= 1;
        }
        let mut y = geo.bottom - used;
        // The separator: a short rule above the notes.
        out.sources
            .push(Source::Rule(Point::new(geo.left, y - geo.note_gap / 2.0)));
        for &(n, l) in &lines[..fit] {
            if l == 0 {
                out.marks.push((Mark::Note(n), Point::new(geo.left, y)));
            }
            out.sources.push(Source::NoteLine {
                note: n,
                line: l,
                at: Point::new(geo.left, y),
            });
            y += notes[n].lines[l].height;
        }
        carry = lines[fit..].to_vec();
    }
    outs.push(out);
    carry
}
