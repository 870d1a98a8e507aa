//! Column balancing where a multi-column run ends on a page.

use super::{Cursor, Geometry, PageState, Placed, Seq, col_width};

/// Balances the columns of the column set the cursor is in, where a
/// multi-column run ends on this page: its chunks are split, at an allowed
/// break, so that the taller column is as short as possible (the left one
/// taking the extra line). Sets with repeated table headers or floated
/// figures are left as they are.
pub(super) fn balance(page: &mut PageState, chunks: &Seq<'_>, geo: &Geometry, cur: &mut Cursor) {
    if cur.cols != 2 {
        return;
    }
    let first_region = cur.region - usize::from(cur.col);
    let in_set = |p: &Placed| p.region >= first_region && p.region <= cur.region;
    if page
        .placed
        .iter()
        .any(|p| in_set(p) && (p.repeated || p.floated))
    {
        return;
    }
    let set = page.placed.iter().filter(|p| in_set(p)).map(|p| p.chunk);
    let (Some(lo), Some(hi)) = (set.clone().min(), set.max()) else {
        return;
    };
    // Where the set starts mid-page its first separator stays.
    let mid_page = cur.col_top > geo.top + 0.01;
    // The whole run, with the separators dropped at column tops.
    let ids: Vec<usize> = (lo..=hi).collect();
    if ids.len() < 2 {
        return;
    }
    // Height of ids[from..to] set as one column (space and separators
    // dropped at its top).
    let column = |from: usize, to: usize| -> (f64, Vec<(usize, f64)>) {
        let mut y = 0.0;
        let mut at = Vec::new();
        for &c in &ids[from..to] {
            let top = at.is_empty();
            if top && chunks[c].droppable && (from > 0 || !mid_page) {
                continue;
            }
            let space = if top { 0.0 } else { chunks[c].space_before };
            at.push((c, y + space));
            y += space + chunks[c].height;
        }
        (y, at)
    };
    let mut best: Option<(f64, usize)> = None;
    for j in 1..ids.len() {
        if chunks[ids[j]].keep_with_prev {
            continue;
        }
        let (h1, _) = column(0, j);
        let (h2, _) = column(j, ids.len());
        // The left column may be longer, never shorter.
        let mut cost = h1.max(h2) + if h2 > h1 + 0.01 { 0.5 } else { 0.0 };
        // Starting the right column with a new article (its separator
        // dropped) is worth a few lines of imbalance.
        if chunks[ids[j]].droppable {
            cost -= chunks[ids[j]].height * 2.0;
        }
        if best.is_none_or(|(c, _)| cost < c - 0.01) {
            best = Some((cost, j));
        }
    }
    let Some((_, j)) = best else { return };
    let (_, left) = column(0, j);
    let (h2, right) = column(j, ids.len());
    page.placed.retain(|p| !in_set(p));
    let w = col_width(geo, 2) + geo.gutter;
    for (k, col) in [left, right].into_iter().enumerate() {
        for (chunk, y) in col {
            page.placed.push(Placed {
                chunk,
                x: geo.left + w * k as f64,
                y: cur.col_top + y,
                region: first_region + k,
                repeated: false,
                floated: false,
            });
        }
    }
    cur.col = 1;
    cur.region = first_region + 1;
    cur.y = cur.col_top + h2;
}
