//! The catalog: OPDS 1.2 and 2.0 feeds of every issue whose files are in
//! the output folder, one feed per series plus the root `catalog.xml` /
//! `catalog.json` (see [`crate::catalog`] for the layout).
//!
//! An issue built in this run gets a fresh entry (and its cover and
//! thumbnail written again). Any other issue keeps the entry the series'
//! feed already has — it describes the files as they were built — or, if
//! the feed has none, one made from its manifest. Entries whose manifest
//! no longer loads stay while their files are there.

use std::collections::BTreeSet;

use super::{Series, SeriesContext, SeriesEdition};
use crate::build::Output;
use crate::catalog::{self, Acquisition, Entry, FeedInfo, Shelved};
use crate::diag::{Diagnostic, StageResult, Warned};
use crate::model::Issue;

pub(super) struct Catalog;

impl SeriesEdition for Catalog {
    fn name(&self) -> &'static str {
        "catalog"
    }

    fn reads(&self, path: &str) -> bool {
        catalog::is_series_page(path)
    }

    fn render(&self, series: &Series, ctx: &SeriesContext<'_>) -> StageResult<Vec<Output>> {
        let base = ctx
            .base_url
            .or(series.site_url.as_deref())
            .unwrap_or_default();
        let stem = catalog::series_stem(&series.slug);
        let previous = catalog::read_feed(&stem, |p| ctx.folder.bytes(p))
            .map(|(_, entries)| entries)
            .unwrap_or_default();
        let mut outputs = Vec::new();
        let mut warnings = Vec::new();
        let mut entries: Vec<Entry> = Vec::new();
        let mut seen = BTreeSet::new();
        let mut issues: Vec<&Issue> = series.issues.iter().collect();
        issues.sort_by(|a, b| a.slug.cmp(&b.slug));
        for issue in issues {
            let acquisitions = acquisitions(issue, ctx);
            if acquisitions.is_empty() {
                continue; // Not in this folder.
            }
            let id = format!("urn:uuid:{}", crate::epub::identifier(issue));
            if !seen.insert(id.clone()) {
                continue; // Two manifests of one issue: the first by slug.
            }
            let built = ctx.built.contains(&issue.slug);
            let kept = previous.iter().find(|e| e.id == id).filter(|_| !built);
            let mut entry = match kept {
                Some(e) => e.clone(),
                None => catalog::entries::from_issue(issue, &series.name, Vec::new()),
            };
            entry.acquisitions = acquisitions;
            // The OPDS 2 feed it was read from does not carry it.
            entry.language.get_or_insert_with(|| issue.language.clone());
            let have =
                |i: &Option<catalog::Image>| i.as_ref().is_some_and(|i| ctx.folder.has(&i.href));
            if built || !have(&entry.cover) || !have(&entry.thumbnail) {
                match catalog::covers::render(issue) {
                    Ok(c) => {
                        let (cover, cover_bytes) = c.cover;
                        let (thumb, thumb_bytes) = c.thumbnail;
                        for (image, bytes) in [(&cover, cover_bytes), (&thumb, thumb_bytes)] {
                            if built || !ctx.folder.has(&image.href) {
                                outputs.push(Output {
                                    path: image.href.clone().into(),
                                    bytes,
                                });
                            }
                        }
                        entry.cover = Some(cover);
                        entry.thumbnail = Some(thumb);
                    }
                    Err(e) => warnings.push(Diagnostic::warning(format!(
                        "the catalog lists {} without a cover: {e}",
                        issue.slug
                    ))),
                }
            }
            entries.push(entry);
        }
        // Issues no manifest describes now (it fails to load, or is gone)
        // stay listed while their files are there.
        for e in previous {
            if !seen.contains(&e.id)
                && let Some(e) = still_there(e, ctx)
            {
                seen.insert(e.id.clone());
                entries.push(e);
            }
        }
        if entries.is_empty() {
            return Ok(Warned {
                output: outputs,
                warnings,
            });
        }
        let info = series_info(series, &stem, base, &entries, ctx.timestamp);
        outputs.extend(catalog::acquisition_feed(&info, &entries).into_iter().map(
            |(path, bytes)| Output {
                path: path.into(),
                bytes,
            },
        ));
        Ok(Warned {
            output: outputs,
            warnings,
        })
    }

    fn render_folder(
        &self,
        series: &[Series],
        ctx: &SeriesContext<'_>,
    ) -> StageResult<Vec<Output>> {
        let shelf = shelf(ctx);
        let base = ctx
            .base_url
            .or_else(|| series.iter().find_map(|s| s.site_url.as_deref()))
            .unwrap_or_default();
        let files = match shelf.as_slice() {
            [] => Vec::new(),
            [(_, title, entries)] => {
                let mut info =
                    feed_info(catalog::ROOT, title.clone(), base, entries, ctx.timestamp);
                info.root_is_acquisition = true;
                catalog::acquisition_feed(&info, entries)
            }
            many => {
                let shelved: Vec<Shelved> = many
                    .iter()
                    .map(|(stem, title, entries)| {
                        let newest = entries.iter().min_by(|a, b| Entry::newest_first(a, b));
                        Shelved {
                            stem: stem.clone(),
                            id: catalog::feed_id(stem),
                            title: title.clone(),
                            updated: entries
                                .iter()
                                .map(|e| e.updated.clone())
                                .max()
                                .unwrap_or_default(),
                            issues: entries.len(),
                            newest: newest.map(|e| e.title.clone()),
                        }
                    })
                    .collect();
                let titles: Vec<&str> = shelved.iter().map(|s| s.title.as_str()).collect();
                let info = FeedInfo {
                    stem: catalog::ROOT,
                    id: catalog::feed_id(catalog::ROOT),
                    title: titles.join(" · "),
                    author: "pressrun".to_owned(),
                    language: None,
                    base,
                    root_is_acquisition: false,
                    fallback_updated: catalog::entries::rfc3339(ctx.timestamp),
                };
                catalog::navigation_feed(&info, &shelved)
            }
        };
        Ok(Warned {
            output: files
                .into_iter()
                .map(|(path, bytes)| Output {
                    path: path.into(),
                    bytes,
                })
                .collect(),
            warnings: Vec::new(),
        })
    }
}

/// Every series whose catalog feed is in the folder, by slug: its feed's
/// stem, title and entries (those whose files are still there). The
/// archive lists the same.
pub(super) fn shelf(ctx: &SeriesContext<'_>) -> Vec<(String, String, Vec<Entry>)> {
    let mut shelf = Vec::new();
    for path in ctx.folder.read.keys() {
        let Some(slug) = catalog::series_feed(path) else {
            continue;
        };
        let stem = catalog::series_stem(slug);
        let Some((title, entries)) = catalog::read_feed(&stem, |p| ctx.folder.bytes(p)) else {
            continue;
        };
        let entries: Vec<Entry> = entries
            .into_iter()
            .filter_map(|e| still_there(e, ctx))
            .collect();
        if !entries.is_empty() {
            let title = title.unwrap_or_else(|| slug.to_owned());
            shelf.push((stem, title, entries));
        }
    }
    shelf
}

/// The edition files in the folder for `issue`, in registry order. The
/// web edition's page is read, not downloaded: the archive links it.
fn acquisitions(issue: &Issue, ctx: &SeriesContext<'_>) -> Vec<Acquisition> {
    ctx.editions
        .iter()
        .map(|e| e.file_name(issue))
        .filter(|f| !f.ends_with(".html") && ctx.folder.has(f))
        .map(|f| Acquisition {
            media_type: media_type(&f).to_owned(),
            href: f,
        })
        .collect()
}

/// The media type of an edition's file, from its name.
fn media_type(file: &str) -> &'static str {
    if file.ends_with(".kepub.epub") {
        "application/kepub+zip"
    } else if file.ends_with(".epub") {
        "application/epub+zip"
    } else if file.ends_with(".pdf") {
        "application/pdf"
    } else {
        "application/octet-stream"
    }
}

/// `e` with only the links whose files are in the folder, or None when no
/// edition file is left.
pub(super) fn still_there(mut e: Entry, ctx: &SeriesContext<'_>) -> Option<Entry> {
    e.acquisitions.retain(|a| ctx.folder.has(&a.href));
    if e.acquisitions.is_empty() {
        return None;
    }
    for image in [&mut e.cover, &mut e.thumbnail] {
        if image.as_ref().is_some_and(|i| !ctx.folder.has(&i.href)) {
            *image = None;
        }
    }
    Some(e)
}

fn series_info<'a>(
    series: &Series,
    stem: &'a str,
    base: &'a str,
    entries: &[Entry],
    timestamp: i64,
) -> FeedInfo<'a> {
    let mut info = feed_info(stem, series.name.clone(), base, entries, timestamp);
    info.id = catalog::feed_id(stem);
    info
}

fn feed_info<'a>(
    stem: &'a str,
    title: String,
    base: &'a str,
    entries: &[Entry],
    timestamp: i64,
) -> FeedInfo<'a> {
    let newest = entries.iter().min_by(|a, b| Entry::newest_first(a, b));
    FeedInfo {
        stem,
        id: catalog::feed_id(stem),
        author: newest
            .and_then(|e| e.publisher.clone())
            .unwrap_or_else(|| title.clone()),
        language: newest.and_then(|e| e.language.clone()),
        title,
        base,
        root_is_acquisition: false,
        fallback_updated: catalog::entries::rfc3339(timestamp),
    }
}
