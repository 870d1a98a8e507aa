//! Unit tests for pagination.

use super::*;

/// Paginates and materializes copies (the tests reuse their chunks).
fn paginate(chunks: &Seq<'_>, notes: &[Note], geo: &Geometry, _items: bool) -> Vec<PageOut> {
    let mut pages = super::paginate(chunks, notes, geo).expect("pagination progresses");
    let all = chunks.head.iter().chain(chunks.body).cloned().collect();
    materialize(&mut pages, all, notes.to_vec(), geo);
    pages
}

fn geo() -> Geometry {
    Geometry {
        left: 50.0,
        width: 400.0,
        top: 50.0,
        bottom: 250.0,
        gutter: 10.0,
        note_gap: 10.0,
        note_rule: 50.0,
        rule_color: super::super::Rgb::BLACK,
    }
}

/// A paragraph of `n` 10-point lines with the usual keeps.
fn para(id: usize, n: usize) -> Vec<Chunk> {
    (0..n)
        .map(|k| {
            let mut c = Chunk::new(10.0, Vec::new());
            c.keep_with_prev = k > 0 && (k == 1 || k + 1 >= n);
            c.line = Some(LineTag {
                para: id,
                line: k,
                count: n,
            });
            c
        })
        .collect()
}

fn lines_per_page(pages: &[PageOut]) -> Vec<usize> {
    pages.iter().map(|p| p.lines.len()).collect()
}

#[test]
fn no_orphan_or_widow_at_a_break() {
    // 19 lines fit (20 minus the rounding); a 21-line paragraph would
    // leave one line over: the break moves up so two lines go over.
    let chunks = para(0, 21);
    let pages = paginate(
        &Seq {
            head: &[],
            body: &chunks,
        },
        &[],
        &geo(),
        true,
    );
    assert_eq!(lines_per_page(&pages), vec![19, 2]);
    // A paragraph starting with one line of room moves whole.
    let mut chunks = para(0, 19);
    chunks.extend(para(1, 5));
    let pages = paginate(
        &Seq {
            head: &[],
            body: &chunks,
        },
        &[],
        &geo(),
        true,
    );
    assert_eq!(lines_per_page(&pages), vec![19, 5]);
}

#[test]
fn footnotes_go_to_the_foot_and_continue_when_too_long() {
    let mut chunks = para(0, 4);
    chunks[1].notes = vec![0];
    // A 25-line note cannot fit on one page with the text.
    let note = Note {
        lines: (0..25)
            .map(|_| {
                Chunk::new(
                    10.0,
                    vec![(
                        Point::new(0.0, 8.0),
                        FrameItem::Rect {
                            size: super::super::Size::new(5.0, 1.0),
                            color: super::super::Rgb::BLACK,
                        },
                    )],
                )
            })
            .collect(),
    };
    let pages = paginate(
        &Seq {
            head: &[],
            body: &chunks,
        },
        &[note],
        &geo(),
        true,
    );
    assert!(pages.len() >= 2, "note continues on a next page");
    assert_eq!(pages[0].lines.len(), 4, "text stays on page 1");
    // Rule + note lines on page 1 sit below the text, inside the area.
    let note_items = pages[0].items.len();
    assert!(note_items > 5, "{note_items}");
    let total: usize = pages.iter().map(|p| p.items.len()).sum();
    assert_eq!(
        total,
        25 + pages.len(),
        "every note line once, one rule per page"
    );
    for page in &pages {
        for (at, _) in &page.items {
            assert!(at.y <= 250.0 + 0.01 && at.y >= 50.0 - 10.0, "{at:?}");
        }
    }
}

#[test]
fn table_header_repeats_on_a_new_page() {
    let mut header = Chunk::new(20.0, Vec::new());
    header.marks.push(Mark::Article(0));
    let mut chunks = vec![header];
    for _ in 0..15 {
        let mut row = Chunk::new(
            20.0,
            vec![(
                Point::new(0.0, 0.0),
                FrameItem::Rect {
                    size: super::super::Size::new(1.0, 1.0),
                    color: super::super::Rgb::BLACK,
                },
            )],
        );
        row.repeat = Some(0);
        chunks.push(row);
    }
    let pages = paginate(
        &Seq {
            head: &[],
            body: &chunks,
        },
        &[],
        &geo(),
        true,
    );
    assert_eq!(pages.len(), 2);
    // The header's mark is not repeated, but its place is: page 2
    // starts with the header height before the first row.
    assert_eq!(pages[1].marks.len(), 0);
    let first_row_y = pages[1]
        .items
        .iter()
        .map(|(at, _)| at.y)
        .fold(f64::MAX, f64::min);
    assert!((first_row_y - 70.0).abs() < 1e-6, "{first_row_y}");
}

#[test]
fn separator_rules_are_dropped_at_the_top_of_a_page() {
    let rule = || {
        let mut c = Chunk::new(
            10.0,
            vec![(
                Point::new(0.0, 5.0),
                FrameItem::Rect {
                    size: super::super::Size::new(50.0, 1.0),
                    color: super::super::Rgb::BLACK,
                },
            )],
        );
        c.droppable = true;
        c
    };
    let mut chunks = para(0, 20);
    chunks.push(rule());
    chunks.extend(para(1, 4));
    let pages = paginate(
        &Seq {
            head: &[],
            body: &chunks,
        },
        &[],
        &geo(),
        true,
    );
    assert_eq!(pages.len(), 2);
    assert!(pages[1].items.is_empty(), "no rule on top of page 2");
    assert_eq!(pages[1].lines.len(), 4);
}

#[test]
fn a_figure_that_does_not_fit_floats_to_the_next_page() {
    let mut chunks = para(0, 15);
    let mut figure = Chunk::new(
        80.0,
        vec![(
            Point::new(0.0, 0.0),
            FrameItem::Rect {
                size: super::super::Size::new(5.0, 80.0),
                color: super::super::Rgb::BLACK,
            },
        )],
    );
    figure.floating = true;
    chunks.push(figure);
    chunks.extend(para(1, 6));
    let pages = paginate(
        &Seq {
            head: &[],
            body: &chunks,
        },
        &[],
        &geo(),
        true,
    );
    assert_eq!(pages.len(), 2);
    // Page 1: 15 lines + 4 lines of the next paragraph fill the hole;
    // page 2 opens with the figure, then the last 2 lines.
    assert_eq!(lines_per_page(&pages), vec![19, 2]);
    let fig_y = pages[1]
        .items
        .iter()
        .map(|(at, _)| at.y)
        .fold(f64::MAX, f64::min);
    assert!((fig_y - 50.0).abs() < 1e-6, "{fig_y}");
}

#[test]
fn a_kept_group_starting_mid_page_moves_whole() {
    // 15 lines, then a label kept with a 6-line paragraph: 21 lines in
    // a 20-line page. The group moves; the label is not left behind.
    let mut chunks = para(0, 30);
    let mut label = Chunk::new(10.0, Vec::new());
    label.cols = 1;
    chunks.push(label);
    let mut rest = para(1, 6);
    for c in &mut rest {
        c.keep_with_prev = true;
    }
    chunks.extend(rest);
    // Two columns first (balanced: 15 rows), so the label's column
    // set starts mid-page.
    for c in &mut chunks[..30] {
        c.cols = 2;
    }
    let pages = paginate(
        &Seq {
            head: &[],
            body: &chunks,
        },
        &[],
        &geo(),
        true,
    );
    assert_eq!(lines_per_page(&pages), vec![30, 6]);
}

#[test]
fn a_two_column_run_ends_balanced() {
    // 11 lines in two columns, then one-column text: 6 + 5, and the
    // text after starts under the longer column, not under 11 lines.
    let mut chunks = para(0, 11);
    for c in &mut chunks {
        c.cols = 2;
    }
    let mut after = para(1, 3);
    after[0].items.push((
        Point::new(0.0, 0.0),
        FrameItem::Rect {
            size: crate::layout::Size::new(1.0, 1.0),
            color: super::super::Rgb::BLACK,
        },
    ));
    chunks.extend(after);
    let pages = paginate(
        &Seq {
            head: &[],
            body: &chunks,
        },
        &[],
        &geo(),
        true,
    );
    assert_eq!(pages.len(), 1);
    let count = |region: usize| {
        pages[0]
            .lines
            .iter()
            .filter(|(r, t)| *r == region && t.para == 0)
            .count()
    };
    // Region 0 is the empty one-column start of the page.
    assert_eq!((count(1), count(2)), (6, 5));
    let (at, _) = &pages[0].items[0];
    assert!((at.y - (50.0 + 60.0)).abs() < 1e-6, "{}", at.y);
}

#[test]
fn a_note_referenced_on_two_pages_is_printed_once() {
    let mut chunks = para(0, 2);
    chunks[0].notes = vec![0];
    let mut later = para(1, 2);
    later[0].page_break_before = true;
    later[0].notes = vec![0];
    chunks.extend(later);
    let notes = vec![Note {
        lines: vec![Chunk::new(8.0, Vec::new())],
    }];
    let pages = paginate(
        &Seq {
            head: &[],
            body: &chunks,
        },
        &notes,
        &geo(),
        true,
    );
    assert_eq!(pages.len(), 2);
    let set_on: Vec<usize> = (0..2)
        .filter(|&p| pages[p].marks.iter().any(|(m, _)| *m == Mark::Note(0)))
        .collect();
    assert_eq!(
        set_on,
        vec![0],
        "printed on its first reference's page only"
    );
}
