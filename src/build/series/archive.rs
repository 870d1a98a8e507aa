//! The web archive and the Atom feed (see [`crate::archive`] for the
//! layout): `SERIES.index.html` and `SERIES.feed.xml` for each series of
//! the run, `index.html` and `feed.xml` over every series in the folder.
//!
//! It runs after the catalog and lists what the catalog lists: the entries
//! of the series' OPDS 2.0 feed as the catalog has just written it (ids,
//! titles, files present, cover thumbnails), so the two cannot disagree.

use super::catalog::shelf;
use super::{Series, SeriesContext, SeriesEdition};
use crate::archive::{self, Item, atom, html};
use crate::build::Output;
use crate::catalog::{self, Entry};
use crate::diag::{StageResult, Warned};
use crate::model::Issue;

pub(super) struct Archive;

impl SeriesEdition for Archive {
    fn name(&self) -> &'static str {
        "archive"
    }

    fn render(&self, series: &Series, ctx: &SeriesContext<'_>) -> StageResult<Vec<Output>> {
        let stem = catalog::series_stem(&series.slug);
        let entries: Vec<Entry> = catalog::read_feed(&stem, |p| ctx.folder.bytes(p))
            .map(|(_, entries)| entries)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|e| super::catalog::still_there(e, ctx))
            .collect();
        let issues: Vec<&Issue> = series.issues.iter().collect();
        let items = archive::items(&entries, &issues, |p| ctx.folder.has(p));
        let base = ctx
            .base_url
            .or(series.site_url.as_deref())
            .unwrap_or_default();
        let page = archive::series_page(&series.slug);
        let feed = archive::series_feed(&series.slug);
        Ok(Warned {
            output: write(
                &series.name,
                &items,
                None,
                base,
                &page,
                &feed,
                ctx.timestamp,
            ),
            warnings: Vec::new(),
        })
    }

    fn render_folder(
        &self,
        series: &[Series],
        ctx: &SeriesContext<'_>,
    ) -> StageResult<Vec<Output>> {
        let shelf = shelf(ctx);
        let issues: Vec<&Issue> = series.iter().flat_map(|s| s.issues.iter()).collect();
        let base = ctx
            .base_url
            .or_else(|| series.iter().find_map(|s| s.site_url.as_deref()))
            .unwrap_or_default();
        let (page, feed) = (archive::ROOT_PAGE, archive::ROOT_FEED);
        let output = match shelf.as_slice() {
            [] => Vec::new(),
            [(_, title, entries)] => {
                let items = archive::items(entries, &issues, |p| ctx.folder.has(p));
                write(title, &items, None, base, page, feed, ctx.timestamp)
            }
            many => {
                let shelved: Vec<(String, &str, Vec<Item>)> = many
                    .iter()
                    .map(|(stem, title, entries)| {
                        let slug = stem.strip_suffix(".catalog").unwrap_or(stem);
                        let own = archive::series_page(slug);
                        let items = archive::items(entries, &issues, |p| ctx.folder.has(p));
                        (own, title.as_str(), items)
                    })
                    .collect();
                let sections: Vec<html::Section<'_>> = shelved
                    .iter()
                    .map(|(own, title, items)| html::Section {
                        title: Some(*title),
                        href: ctx.folder.has(own).then_some(own.as_str()),
                        items,
                    })
                    .collect();
                let mut all: Vec<Item> = shelved
                    .iter()
                    .flat_map(|(_, _, i)| i.iter().cloned())
                    .collect();
                all.sort_by(|a, b| Entry::newest_first(&a.entry, &b.entry));
                let titles: Vec<&str> = shelved.iter().map(|(_, t, _)| *t).collect();
                write(
                    &titles.join(" · "),
                    &all,
                    Some(sections),
                    base,
                    page,
                    feed,
                    ctx.timestamp,
                )
            }
        };
        Ok(Warned {
            output,
            warnings: Vec::new(),
        })
    }
}

/// The archive page `page` and the feed `feed` over `items` (newest
/// first). `sections` lists several series; None lists `items` alone.
fn write(
    title: &str,
    items: &[Item],
    sections: Option<Vec<html::Section<'_>>>,
    base: &str,
    page: &str,
    feed: &str,
    timestamp: i64,
) -> Vec<Output> {
    if items.is_empty() {
        return Vec::new();
    }
    let newest = &items[0].entry;
    let lang = newest.language.as_deref().unwrap_or("en");
    let updated = items
        .iter()
        .map(|i| i.entry.updated.as_str())
        .max()
        .map_or_else(|| catalog::entries::rfc3339(timestamp), str::to_owned);
    let sections = sections.unwrap_or_else(|| {
        vec![html::Section {
            title: None,
            href: None,
            items,
        }]
    });
    let html = html::write(&html::Page {
        lang,
        title,
        feed: Some(feed),
        sections,
    });
    let atom = atom::write(&atom::Feed {
        id: catalog::feed_id(feed),
        title,
        updated,
        author: newest.publisher.as_deref().unwrap_or(title),
        language: newest.language.as_deref(),
        base,
        file: feed,
        page: Some(page),
        items,
    });
    vec![
        Output {
            path: page.into(),
            bytes: html,
        },
        Output {
            path: feed.into(),
            bytes: atom,
        },
    ]
}
