//! The tagged-PDF structure tree (PDF 1.7, 14.7–14.8): one structure
//! element per [`StructElem`] of the layout, in reading order, each
//! pointing at its marked content on the pages; a Link element per link
//! annotation; a parent tree from the pages and annotations back to the
//! elements; the catalog marked as tagged. Screen readers and reflow use
//! it; running heads, folios and rules are artifacts and stay out of it.
//!
//! [`prepare`] makes the few changes to existing objects and reserves ids;
//! [`Tree::build`] makes the (thousands of) new objects without touching
//! the document, so it runs while the streams are compressed.

use lopdf::{Dictionary, Document as LoDocument, Object, ObjectId};
use rayon::prelude::*;

use super::metadata::text_string;
use crate::frame::StructElem;

/// What the pages point back to the structure with.
pub(super) struct Marks<'a> {
    /// Per page, the element of each marked-content id.
    pub mcids: &'a [Vec<u32>],
    /// Per page, the element of each link annotation, in order.
    pub links: &'a [Vec<Option<u32>>],
}

/// Everything needed to build the tree's objects, ids reserved.
pub(super) struct Tree<'a> {
    elems: &'a [StructElem],
    mcids: &'a [Vec<u32>],
    page_ids: Vec<ObjectId>,
    root_id: ObjectId,
    parent_tree_id: ObjectId,
    elem_ids: Vec<ObjectId>,
    links: Vec<LinkElem>,
}

/// A link annotation's structure element.
struct LinkElem {
    id: ObjectId,
    annot: ObjectId,
    page: ObjectId,
    /// Index of the element the link's text belongs to.
    parent: usize,
}

/// Reserves the tree's object ids and points the catalog, the pages and
/// the link annotations at it. `None` for an untagged document.
pub(super) fn prepare<'a>(
    doc: &mut LoDocument,
    elems: &'a [StructElem],
    marks: &Marks<'a>,
    page_ids: &[ObjectId],
) -> Result<Option<Tree<'a>>, String> {
    if elems.is_empty() {
        return Ok(None);
    }
    let root_id = doc.new_object_id();
    let parent_tree_id = doc.new_object_id();
    let elem_ids: Vec<ObjectId> = elems.iter().map(|_| doc.new_object_id()).collect();
    let links = link_elements(doc, marks.links, page_ids, elems.len());
    let first_link_key = marks.mcids.len();
    for (n, link) in links.iter().enumerate() {
        let Ok(annot) = doc.get_object_mut(link.annot).and_then(Object::as_dict_mut) else {
            continue;
        };
        annot.set("StructParent", Object::Integer((first_link_key + n) as i64));
        // A description for assistive technology (PDF/UA asks for one).
        if annot.get(b"Contents").is_err() {
            let uri = annot
                .get(b"A")
                .and_then(Object::as_dict)
                .and_then(|a| a.get(b"URI"))
                .and_then(Object::as_str)
                .map(|u| String::from_utf8_lossy(u).into_owned())
                .ok();
            let text = uri.unwrap_or_else(|| "Link within this document".to_owned());
            annot.set("Contents", text_string(&text));
        }
    }
    for (p, page) in page_ids.iter().enumerate() {
        let dict = doc
            .get_object_mut(*page)
            .and_then(Object::as_dict_mut)
            .map_err(|e| format!("page without a dictionary: {e}"))?;
        dict.set("StructParents", Object::Integer(p as i64));
        // Tab order follows the structure.
        dict.set("Tabs", "S");
    }
    let catalog = doc.catalog_mut().map_err(|e| e.to_string())?;
    let mut mark_info = Dictionary::new();
    mark_info.set("Marked", true);
    catalog.set("MarkInfo", mark_info);
    catalog.set("StructTreeRoot", Object::Reference(root_id));
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", true);
    catalog.set("ViewerPreferences", prefs);
    Ok(Some(Tree {
        elems,
        mcids: marks.mcids,
        page_ids: page_ids.to_vec(),
        root_id,
        parent_tree_id,
        elem_ids,
        links,
    }))
}

impl Tree<'_> {
    /// The tree's objects: the root, the parent tree, every element.
    pub fn build(&self) -> Vec<(ObjectId, Object)> {
        let (elems, elem_ids) = (self.elems, &self.elem_ids);
        // Kids in reading order: child elements (made in that order),
        // links, then the element's own marked content, page by page.
        let mut kids: Vec<Vec<Object>> = vec![Vec::new(); elems.len()];
        for (i, e) in elems.iter().enumerate() {
            if let Some(p) = e.parent.and_then(|p| kids.get_mut(p as usize)) {
                p.push(Object::Reference(elem_ids[i]));
            }
        }
        for link in &self.links {
            kids[link.parent].push(Object::Reference(link.id));
        }
        let mut marks: Vec<Vec<(ObjectId, i64)>> = vec![Vec::new(); elems.len()];
        for (page, ids) in self.page_ids.iter().zip(self.mcids) {
            for (mcid, &e) in ids.iter().enumerate() {
                if let Some(m) = marks.get_mut(e as usize) {
                    m.push((*page, mcid as i64));
                }
            }
        }
        // A few thousand small dictionaries in a long issue: in parallel.
        let mut out: Vec<(ObjectId, Object)> = elems
            .par_iter()
            .zip(elem_ids.par_iter())
            .zip(kids.into_par_iter().zip(marks))
            .map(|((e, id), (k, m))| (*id, element(e, k, m, elem_ids, self.root_id)))
            .collect();
        // Page p's marked content maps back through key p, link n's
        // annotation through the key after the pages'.
        let mut nums = Vec::new();
        for (p, ids) in self.mcids.iter().enumerate() {
            nums.push(Object::Integer(p as i64));
            nums.push(Object::Array(
                ids.iter()
                    .filter_map(|&e| elem_ids.get(e as usize))
                    .map(|id| Object::Reference(*id))
                    .collect(),
            ));
        }
        for (n, link) in self.links.iter().enumerate() {
            let mut objr = Dictionary::new();
            objr.set("Type", "OBJR");
            objr.set("Obj", Object::Reference(link.annot));
            objr.set("Pg", Object::Reference(link.page));
            let mut d = Dictionary::new();
            d.set("Type", "StructElem");
            d.set("S", "Link");
            d.set("P", Object::Reference(elem_ids[link.parent]));
            d.set("K", Object::Array(vec![Object::Dictionary(objr)]));
            out.push((link.id, Object::Dictionary(d)));
            nums.push(Object::Integer((self.mcids.len() + n) as i64));
            nums.push(Object::Reference(link.id));
        }
        let mut parent_tree = Dictionary::new();
        parent_tree.set("Nums", Object::Array(nums));
        out.push((self.parent_tree_id, Object::Dictionary(parent_tree)));
        let mut root = Dictionary::new();
        root.set("Type", "StructTreeRoot");
        root.set("K", Object::Reference(elem_ids[0]));
        root.set("ParentTree", Object::Reference(self.parent_tree_id));
        root.set(
            "ParentTreeNextKey",
            Object::Integer((self.mcids.len() + self.links.len()) as i64),
        );
        out.push((self.root_id, Object::Dictionary(root)));
        out
    }
}

/// One structure element's dictionary: its kids (child elements and
/// links, then its marked content `marks` as (page, id)).
fn element(
    e: &StructElem,
    mut kids: Vec<Object>,
    marks: Vec<(ObjectId, i64)>,
    elem_ids: &[ObjectId],
    root_id: ObjectId,
) -> Object {
    let mut d = Dictionary::new();
    // Content on one page (most elements): the page once, bare ids.
    match marks.first() {
        Some(&(page, _)) if marks.iter().all(|&(p, _)| p == page) => {
            d.set("Pg", Object::Reference(page));
            kids.extend(marks.into_iter().map(|(_, mcid)| Object::Integer(mcid)));
        }
        _ => kids.extend(marks.into_iter().map(|(page, mcid)| {
            let mut mcr = Dictionary::new();
            mcr.set("Type", "MCR");
            mcr.set("Pg", Object::Reference(page));
            mcr.set("MCID", Object::Integer(mcid));
            Object::Dictionary(mcr)
        })),
    }
    d.set("Type", "StructElem");
    d.set("S", Object::Name(e.role.name().as_bytes().to_vec()));
    let parent = e
        .parent
        .and_then(|p| elem_ids.get(p as usize))
        .copied()
        .unwrap_or(root_id);
    d.set("P", Object::Reference(parent));
    d.set("K", Object::Array(kids));
    if let Some(alt) = e.alt.as_deref().filter(|a| !a.is_empty()) {
        d.set("Alt", text_string(alt));
    }
    Object::Dictionary(d)
}

/// One Link element per tagged annotation. printpdf writes a page's
/// annotations inline, in the order they were drawn; they are made
/// indirect (a structure element can only point at one of those). A page
/// whose count differs is left untagged rather than mismatched.
fn link_elements(
    doc: &mut LoDocument,
    tags: &[Vec<Option<u32>>],
    page_ids: &[ObjectId],
    count: usize,
) -> Vec<LinkElem> {
    let mut out = Vec::new();
    for (page, tags) in page_ids.iter().zip(tags) {
        let listed: Vec<Object> = doc
            .get_dictionary(*page)
            .and_then(|d| d.get(b"Annots"))
            .and_then(|a| doc.dereference(a))
            .and_then(|(_, a)| a.as_array())
            .cloned()
            .unwrap_or_default();
        if listed.len() != tags.len() || listed.is_empty() {
            continue;
        }
        let annots: Vec<ObjectId> = listed
            .into_iter()
            .map(|a| match a {
                Object::Reference(id) => id,
                other => doc.add_object(other),
            })
            .collect();
        if let Ok(d) = doc.get_object_mut(*page).and_then(Object::as_dict_mut) {
            d.set(
                "Annots",
                Object::Array(annots.iter().map(|&id| Object::Reference(id)).collect()),
            );
        }
        for (annot, tag) in annots.into_iter().zip(tags) {
            if let Some(parent) = tag.map(|t| t as usize).filter(|&t| t < count) {
                out.push(LinkElem {
                    id: doc.new_object_id(),
                    annot,
                    page: *page,
                    parent,
                });
            }
        }
    }
    out
}
