//! One page of an OPDS 2.0 catalog (JSON), and reading such a page back:
//! a series' own feed is what the next build knows of issues it does not
//! rebuild (see [`super::read`]).

use serde_json::{Map, Value, json};

use super::entries::{Acquisition, Entry, Image};
use super::{Content, Format, Page, Shelved};

pub const MEDIA_TYPE: &str = "application/opds+json";
/// schema.org's type for one issue of a periodical.
const ISSUE_TYPE: &str = "http://schema.org/PublicationIssue";

/// The page as JSON (keys sorted, so the bytes are stable).
pub fn write(page: &Page<'_>) -> Vec<u8> {
    let links: Vec<Value> = page
        .links(Format::Json)
        .into_iter()
        .map(|l| json!({ "rel": l.rel, "href": l.href, "type": l.media_type }))
        .collect();
    let mut metadata = Map::new();
    metadata.insert("title".into(), page.title.clone().into());
    metadata.insert("identifier".into(), page.id.clone().into());
    metadata.insert("modified".into(), page.updated.clone().into());
    metadata.insert("numberOfItems".into(), page.total_items.into());
    metadata.insert("itemsPerPage".into(), super::PER_PAGE.into());
    metadata.insert("currentPage".into(), page.number.into());
    let mut feed = Map::new();
    feed.insert("metadata".into(), Value::Object(metadata));
    feed.insert("links".into(), Value::Array(links));
    match page.content {
        Content::Publications(entries) => {
            let pubs = entries.iter().map(|e| publication(e, page.base)).collect();
            feed.insert("publications".into(), Value::Array(pubs));
        }
        Content::Navigation(shelf) => {
            let nav = shelf.iter().map(|s| navigation(s, page.base)).collect();
            feed.insert("navigation".into(), Value::Array(nav));
        }
    }
    let mut bytes =
        serde_json::to_vec_pretty(&Value::Object(feed)).expect("a JSON value always serialises");
    bytes.push(b'\n');
    bytes
}

fn publication(e: &Entry, base: &str) -> Value {
    let mut m = Map::new();
    m.insert("@type".into(), ISSUE_TYPE.into());
    m.insert("identifier".into(), e.id.clone().into());
    m.insert("title".into(), e.title.clone().into());
    if let Some(lead) = &e.lead {
        m.insert("subtitle".into(), lead.clone().into());
    }
    if !e.authors.is_empty() {
        let authors: Vec<Value> = e.authors.iter().map(|a| json!({ "name": a })).collect();
        m.insert("author".into(), authors.into());
    }
    m.insert("modified".into(), e.updated.clone().into());
    m.insert("published".into(), e.issued.clone().into());
    // No `language`: the Readium schema's BCP 47 pattern uses named
    // groups that the validator's regex engine rejects, so any value fails
    // validation there. OPDS 1 carries it (`dc:language`).
    if let Some(p) = &e.publisher {
        m.insert("publisher".into(), json!([{ "name": p }]));
    }
    if let Some(s) = &e.summary {
        m.insert("description".into(), s.clone().into());
    }
    if !e.categories.is_empty() {
        let subjects: Vec<Value> = e.categories.iter().map(|c| json!({ "name": c })).collect();
        m.insert("subject".into(), subjects.into());
    }
    let mut series = json!({ "name": e.series });
    if let Some(p) = e.position {
        series["position"] = p.into();
    }
    m.insert("belongsTo".into(), json!({ "series": [series] }));
    let links: Vec<Value> = e
        .acquisitions
        .iter()
        .map(|a| {
            json!({
                "rel": super::REL_ACQUISITION,
                "href": format!("{base}{}", a.href),
                "type": a.media_type,
            })
        })
        .collect();
    let mut p = Map::new();
    p.insert("metadata".into(), Value::Object(m));
    p.insert("links".into(), links.into());
    let images: Vec<Value> = [
        (&e.cover, super::REL_IMAGE),
        (&e.thumbnail, super::REL_THUMBNAIL),
    ]
    .into_iter()
    .filter_map(|(i, rel)| i.as_ref().map(|i| image(i, rel, base)))
    .collect();
    if !images.is_empty() {
        p.insert("images".into(), images.into());
    }
    Value::Object(p)
}

fn image(i: &Image, rel: &str, base: &str) -> Value {
    json!({
        "rel": rel,
        "href": format!("{base}{}", i.href),
        "type": i.media_type,
        "width": i.width,
        "height": i.height,
    })
}

fn navigation(s: &Shelved, base: &str) -> Value {
    json!({
        "rel": "subsection",
        "href": format!("{base}{}", super::page_file(&s.stem, 1, "json")),
        "type": MEDIA_TYPE,
        "title": s.title,
    })
}

/// One page read back: its title, its entries (hrefs relative again) and
/// the file of the next page, if any.
#[derive(Debug, Default)]
pub struct ReadPage {
    pub title: Option<String>,
    pub entries: Vec<Entry>,
    /// The next page's path, relative to the output folder.
    pub next: Option<String>,
}

/// Reads a page this module wrote (in this build or an earlier one, with
/// or without a base URL). None when it is not such a page.
pub fn read(bytes: &[u8]) -> Option<ReadPage> {
    let feed: Value = serde_json::from_slice(bytes).ok()?;
    let links = feed.get("links")?.as_array()?;
    let href_of = |rel: &str| {
        links
            .iter()
            .find(|l| l.get("rel").and_then(Value::as_str) == Some(rel))
            .and_then(|l| l.get("href")?.as_str())
    };
    // Hrefs were written against the base of that build: the self link
    // is BASE + its file name.
    let self_href = href_of("self")?;
    let base = &self_href[..self_href.rfind('/').map_or(0, |i| i + 1)];
    let relative = |href: &str| -> Option<String> {
        let rel = href.strip_prefix(base)?;
        (!rel.is_empty() && !rel.contains("://") && !rel.starts_with('/')).then(|| rel.to_owned())
    };
    let title = feed
        .pointer("/metadata/title")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let entries = feed
        .get("publications")
        .and_then(Value::as_array)
        .map(|pubs| {
            pubs.iter()
                .filter_map(|p| read_publication(p, &relative))
                .collect()
        })
        .unwrap_or_default();
    Some(ReadPage {
        title,
        entries,
        next: href_of("next").and_then(relative),
    })
}

fn read_publication(p: &Value, relative: &dyn Fn(&str) -> Option<String>) -> Option<Entry> {
    let m = p.get("metadata")?;
    let text = |key: &str| m.get(key).and_then(Value::as_str).map(str::to_owned);
    let names = |key: &str| -> Vec<String> {
        m.get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.get("name")?.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let series = m.pointer("/belongsTo/series/0")?;
    let links = p.get("links").and_then(Value::as_array);
    let acquisitions = links
        .into_iter()
        .flatten()
        .filter_map(|l| {
            Some(Acquisition {
                href: relative(l.get("href")?.as_str()?)?,
                media_type: l.get("type")?.as_str()?.to_owned(),
            })
        })
        .collect();
    let images = p.get("images").and_then(Value::as_array);
    let image = |rel: &str| {
        images.into_iter().flatten().find_map(|i| {
            if i.get("rel")?.as_str()? != rel {
                return None;
            }
            Some(Image {
                href: relative(i.get("href")?.as_str()?)?,
                media_type: i.get("type")?.as_str()?.to_owned(),
                width: u32::try_from(i.get("width")?.as_u64()?).ok()?,
                height: u32::try_from(i.get("height")?.as_u64()?).ok()?,
            })
        })
    };
    Some(Entry {
        id: text("identifier")?,
        title: text("title")?,
        lead: text("subtitle"),
        authors: names("author"),
        updated: text("modified")?,
        issued: text("published")?,
        language: None,
        publisher: names("publisher").into_iter().next(),
        summary: text("description"),
        categories: names("subject"),
        series: series.get("name")?.as_str()?.to_owned(),
        position: series.get("position").and_then(Value::as_u64),
        acquisitions,
        cover: image(super::REL_IMAGE),
        thumbnail: image(super::REL_THUMBNAIL),
    })
}
