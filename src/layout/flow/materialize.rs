//! Placements → page items.

use super::{Chunk, Geometry, Note, PageOut};
use crate::layout::{FrameItem, Point, Size};

/// Where a page's items come from.
#[derive(Debug, Clone, Copy)]
pub(super) enum Source {
    /// Chunk `index` of the sequence, its top-left at `at`; `repeated`
    /// for a table header set again on a later page (an artifact there).
    Chunk {
        index: usize,
        at: Point,
        repeated: bool,
    },
    /// The footnote separator rule.
    Rule(Point),
    NoteLine {
        note: usize,
        line: usize,
        at: Point,
    },
}

/// Moves the chunks' items onto the pages [`paginate`] placed them on
/// (a chunk set twice, a repeated table header, is copied). Moving, not
/// copying, every glyph of the packet was a sixth of the layout time.
pub(crate) fn materialize(
    pages: &mut [PageOut],
    chunks: Vec<Chunk>,
    mut notes: Vec<Note>,
    geo: &Geometry,
) {
    let mut items: Vec<Vec<(Point, FrameItem)>> = chunks.into_iter().map(|c| c.items).collect();
    let mut uses = vec![0u32; items.len()];
    for page in pages.iter() {
        for source in &page.sources {
            if let Source::Chunk { index, .. } = source
                && let Some(n) = uses.get_mut(*index)
            {
                *n += 1;
            }
        }
    }
    for page in pages.iter_mut() {
        // Sized once: growing by doubling copied every page's items again.
        let count: usize = page
            .sources
            .iter()
            .map(|s| match s {
                Source::Chunk { index, .. } => items.get(*index).map_or(0, Vec::len),
                Source::NoteLine { note, line, .. } => notes
                    .get(*note)
                    .and_then(|n| n.lines.get(*line))
                    .map_or(0, |c| c.items.len()),
                Source::Rule(_) => 1,
            })
            .sum();
        page.items.reserve(count);
        for source in std::mem::take(&mut page.sources) {
            let (from, origin) = match source {
                Source::Chunk {
                    index,
                    at,
                    repeated,
                } => {
                    let (Some(n), Some(list)) = (uses.get_mut(index), items.get_mut(index)) else {
                        continue;
                    };
                    *n -= 1;
                    let mut list = if *n == 0 {
                        std::mem::take(list)
                    } else {
                        list.clone()
                    };
                    if repeated {
                        untag(&mut list);
                    }
                    (list, at)
                }
                Source::Rule(at) => {
                    page.items.push((
                        at,
                        FrameItem::Rect {
                            size: Size::new(geo.note_rule, 0.5),
                            color: geo.rule_color,
                        },
                    ));
                    continue;
                }
                Source::NoteLine { note, line, at } => {
                    let Some(chunk) = notes.get_mut(note).and_then(|n| n.lines.get_mut(line))
                    else {
                        continue;
                    };
                    (std::mem::take(&mut chunk.items), at)
                }
            };
            page.items.extend(
                from.into_iter()
                    .map(|(at, item)| (Point::new(origin.x + at.x, origin.y + at.y), item)),
            );
        }
    }
}

/// Makes text and images artifacts (no structure element).
fn untag(items: &mut [(Point, FrameItem)]) {
    for (_, item) in items {
        match item {
            FrameItem::Text(run) => run.tag = None,
            FrameItem::Image(img) => img.tag = None,
            FrameItem::Link { tag, .. } => *tag = None,
            _ => {}
        }
    }
}
