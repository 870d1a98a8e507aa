//! The nested outline (bookmarks), built in lopdf because printpdf writes
//! only a flat list.

use lopdf::{Dictionary, Document as LoDocument, Object, ObjectId};

use super::metadata::text_string;
use crate::frame::OutlineEntry;

/// Adds `/Outlines` to the catalog. `pages[i]` is the object of page i,
/// `heights[i]` its height (destinations are measured from the bottom).
pub(super) fn add(
    doc: &mut LoDocument,
    entries: &[OutlineEntry],
    pages: &[ObjectId],
    heights: &[f64],
) -> Option<ObjectId> {
    let entries: Vec<&OutlineEntry> = entries.iter().filter(|e| e.page < pages.len()).collect();
    if entries.is_empty() {
        return None;
    }
    // parent[i]: index of the nearest earlier entry with a lower level.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        while stack
            .last()
            .is_some_and(|&j| entries[j].level >= entry.level)
        {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..entries.len()).filter(|&i| parent[i] == p).collect()
    };
    for (i, entry) in entries.iter().enumerate() {
        let siblings = children(parent[i]);
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let height = heights.get(entry.page).copied().unwrap_or(792.0);
        let mut dict = Dictionary::new();
        dict.set("Title", text_string(&entry.title));
        dict.set(
            "Parent",
            Object::Reference(parent[i].map_or(root, |p| ids[p])),
        );
        dict.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(pages[entry.page]),
                "XYZ".into(),
                Object::Real(0.0),
                Object::Real((height - entry.y) as f32),
                Object::Null,
            ]),
        );
        if pos > 0 {
            dict.set("Prev", Object::Reference(ids[siblings[pos - 1]]));
        }
        if let Some(&next) = siblings.get(pos + 1) {
            dict.set("Next", Object::Reference(ids[next]));
        }
        let kids = children(Some(i));
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            dict.set("First", Object::Reference(ids[first]));
            dict.set("Last", Object::Reference(ids[last]));
            // Top-level entries open (the lead's headings show), deeper closed.
            let count = kids.len() as i64;
            let count = if parent[i].is_none() { count } else { -count };
            dict.set("Count", Object::Integer(count));
        }
        doc.set_object(ids[i], dict);
    }
    let top = children(None);
    let visible: i64 = top
        .iter()
        .map(|&t| 1 + children(Some(t)).len() as i64)
        .sum();
    let mut root_dict = Dictionary::new();
    root_dict.set("Type", "Outlines");
    if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
        root_dict.set("First", Object::Reference(ids[first]));
        root_dict.set("Last", Object::Reference(ids[last]));
    }
    root_dict.set("Count", Object::Integer(visible));
    doc.set_object(root, root_dict);
    Some(root)
}
