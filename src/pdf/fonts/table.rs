//! A table indexed by glyph id, in pages of 256 slots made on first use.
//!
//! A flat table sized to the largest id used was 65,536 slots for a CJK
//! face that drew eight Hangul syllables: megabytes of fresh memory per
//! page of the document counted in parallel, and as many slots walked to
//! add the counts up. A map lookup per glyph is slower than indexing.

const PAGE: usize = 256;

/// Values by glyph id; ids never set cost nothing past their page.
#[derive(Clone)]
pub(super) struct GlyphTable<T> {
    pages: Vec<Option<Box<[Option<T>]>>>,
}

impl<T> Default for GlyphTable<T> {
    fn default() -> Self {
        Self { pages: Vec::new() }
    }
}

impl<T> GlyphTable<T> {
    pub fn get(&self, id: u16) -> Option<&T> {
        let id = usize::from(id);
        self.pages.get(id / PAGE)?.as_ref()?[id % PAGE].as_ref()
    }

    /// The slot of `id`, its page made if needed.
    pub fn slot(&mut self, id: u16) -> &mut Option<T> {
        let id = usize::from(id);
        let page = id / PAGE;
        if page >= self.pages.len() {
            self.pages.resize_with(page + 1, || None);
        }
        let slots = self.pages[page]
            .get_or_insert_with(|| std::iter::repeat_with(|| None).take(PAGE).collect());
        &mut slots[id % PAGE]
    }

    /// Every set id and its value, by id.
    pub fn iter(&self) -> impl Iterator<Item = (u16, &T)> {
        self.pages.iter().enumerate().flat_map(|(p, slots)| {
            slots.iter().flat_map(move |slots| {
                slots.iter().enumerate().filter_map(move |(k, v)| {
                    // Ids come from a u16, so every slot's id fits one.
                    Some((u16::try_from(p * PAGE + k).ok()?, v.as_ref()?))
                })
            })
        })
    }

    /// Every set id and its value, by id, taken out of the table.
    pub fn into_entries(self) -> impl Iterator<Item = (u16, T)> {
        self.pages.into_iter().enumerate().flat_map(|(p, slots)| {
            slots.into_iter().flat_map(move |slots| {
                slots
                    .into_vec()
                    .into_iter()
                    .enumerate()
                    .filter_map(move |(k, v)| Some((u16::try_from(p * PAGE + k).ok()?, v?)))
            })
        })
    }

    /// A table of the same ids with each value mapped.
    pub fn map<U>(&self, f: impl Fn(&T) -> U) -> GlyphTable<U> {
        GlyphTable {
            pages: self
                .pages
                .iter()
                .map(|slots| {
                    slots
                        .as_ref()
                        .map(|slots| slots.iter().map(|v| v.as_ref().map(&f)).collect())
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::GlyphTable;

    #[test]
    fn sparse_ids_come_back_in_order() {
        let mut t = GlyphTable::default();
        for id in [40_000u16, 3, 65_535, 255, 256] {
            *t.slot(id) = Some(u32::from(id) * 2);
        }
        assert_eq!(t.get(3), Some(&6));
        assert_eq!(t.get(4), None);
        assert_eq!(t.get(39_999), None);
        assert_eq!(t.get(65_535), Some(&131_070));
        let ids: Vec<u16> = t.iter().map(|(id, _)| id).collect();
        assert_eq!(ids, [3, 255, 256, 40_000, 65_535]);
        let doubled = t.map(|v| v + 1);
        assert_eq!(doubled.get(256), Some(&513));
        let taken: Vec<(u16, u32)> = t.into_entries().collect();
        assert_eq!(taken.len(), 5);
        assert_eq!(taken[4], (65_535, 131_070));
    }
}
