//! Where the printed pages fall in the text: plain data that the driver
//! hands to other editions (the EPUB's print page numbers) without them
//! depending on layout.

/// A place in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Anchor {
    /// The masthead and contents.
    Masthead,
    /// The header of article `article` (0 = lead): kind, title, dek, byline.
    Header { article: u32 },
    /// Block `block` of article `article`'s text, counted in document
    /// order over every block, containers included (see
    /// `model::Markdown::block`), at character `offset` (Unicode scalar
    /// values) of the block's plain text (`model::Block::plain_text`).
    Block {
        article: u32,
        block: u32,
        offset: u32,
    },
    /// The line after article `article` linking to where it first appeared.
    Source { article: u32 },
    /// The closing links ("Further reading").
    Closing,
}

impl Anchor {
    /// The same place without the offset into a block.
    pub fn start(self) -> Anchor {
        match self {
            Anchor::Block { article, block, .. } => Anchor::Block {
                article,
                block,
                offset: 0,
            },
            other => other,
        }
    }
}

/// One page: its printed label and the first text set on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageStart {
    pub label: String,
    /// `None` for a page with no text of the issue on it (only footnotes
    /// carried over).
    pub first: Option<Anchor>,
}

/// One block of an article: the page it starts on and, when it runs on,
/// where each further page begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockPages {
    pub article: u32,
    pub block: u32,
    /// Label of the page where the block starts.
    pub start: String,
    /// `(page label, character offset)` for every page the block runs on to.
    pub breaks: Vec<(String, u32)>,
}

/// The page map of a laid-out issue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMap {
    /// Every page in order.
    pub pages: Vec<PageStart>,
    /// Every block of every article set in the packet, in document order.
    pub blocks: Vec<BlockPages>,
}

impl PageMap {
    /// Builds the map from each page's label and the anchors of what is set
    /// on it, in reading order (a block's lines carry rising offsets).
    pub fn new(pages: Vec<(String, Vec<Anchor>)>) -> PageMap {
        let mut map = PageMap::default();
        // Where each block's entry is; a block may come back after a
        // figure that floated past it.
        let mut index: std::collections::BTreeMap<(u32, u32), usize> =
            std::collections::BTreeMap::new();
        for (label, anchors) in pages {
            map.pages.push(PageStart {
                label: label.clone(),
                first: anchors.first().copied(),
            });
            let mut on_page: Vec<(u32, u32)> = Vec::new();
            for anchor in anchors {
                let Anchor::Block {
                    article,
                    block,
                    offset,
                } = anchor
                else {
                    continue;
                };
                let key = (article, block);
                if on_page.contains(&key) {
                    continue;
                }
                on_page.push(key);
                match index.get(&key) {
                    None => {
                        index.insert(key, map.blocks.len());
                        map.blocks.push(BlockPages {
                            article,
                            block,
                            start: label.clone(),
                            breaks: Vec::new(),
                        });
                    }
                    Some(&k) if offset > 0 => map.blocks[k].breaks.push((label.clone(), offset)),
                    // A table or figure running on: no offset to give.
                    Some(_) => {}
                }
            }
        }
        map.blocks.sort_by_key(|b| (b.article, b.block));
        map
    }

    /// The label of the page holding `anchor`'s block start.
    pub fn page_of(&self, article: u32, block: u32) -> Option<&str> {
        self.blocks
            .iter()
            .find(|b| b.article == article && b.block == block)
            .map(|b| b.start.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(block: u32, offset: u32) -> Anchor {
        Anchor::Block {
            article: 0,
            block,
            offset,
        }
    }

    #[test]
    fn a_paragraph_across_a_page_records_the_offset() {
        let map = PageMap::new(vec![
            ("1".into(), vec![Anchor::Masthead]),
            (
                "2".into(),
                vec![
                    Anchor::Header { article: 0 },
                    block(0, 0),
                    block(1, 0),
                    block(1, 80),
                ],
            ),
            ("3".into(), vec![block(1, 160), block(1, 240), block(2, 0)]),
            // A figure floated to the top, then the rest of block 2.
            ("4".into(), vec![block(3, 0), block(2, 90), block(4, 0)]),
        ]);
        assert_eq!(map.pages[2].first, Some(block(1, 160)));
        assert_eq!(map.blocks.len(), 5);
        assert_eq!(map.pages[3].first, Some(block(3, 0)));
        assert_eq!(map.blocks[2].breaks, vec![("4".to_owned(), 90)]);
        assert_eq!(map.blocks[3].start, "4");
        assert_eq!(map.blocks[1].start, "2");
        assert_eq!(map.blocks[1].breaks, vec![("3".to_owned(), 160)]);
        assert_eq!(map.page_of(0, 2), Some("3"));
        assert!(map.blocks[0].breaks.is_empty());
    }
}
