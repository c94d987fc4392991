//! The rows of the images table: made on demand from the store's snapshot, so that a store
//! with thousands of tags costs a keystroke only the listing, and a render only the rows
//! it shows.

use std::ops::Range;
use std::sync::Arc;

use berth_store::{ImageListing, ImageSummary, SortColumn, sort_rows};

use crate::image_store::Snapshot;

/// `docker images` of one snapshot with one set of options.
pub struct ImageRows {
    snapshot: Arc<Snapshot>,
    listing: ImageListing,
    /// With a sort column every row is made (sorting needs them all); in Docker's order
    /// they are made per window.
    sorted: Option<Vec<ImageSummary>>,
}

impl ImageRows {
    /// The listing's rows, in Docker's order or sorted by a column.
    pub fn new(
        snapshot: Arc<Snapshot>,
        listing: ImageListing,
        sort: Option<(SortColumn, bool)>,
    ) -> ImageRows {
        let sorted = sort.map(|(column, descending)| {
            let mut rows = listing.rows(&snapshot.images, &snapshot.index, 0..listing.len());
            sort_rows(&mut rows, column, descending);
            rows
        });
        ImageRows {
            snapshot,
            listing,
            sorted,
        }
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.listing.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.listing.is_empty()
    }

    /// The rows in `range` (clamped).
    pub fn rows(&self, range: Range<usize>) -> Vec<ImageSummary> {
        match &self.sorted {
            Some(rows) => {
                let end = range.end.min(rows.len());
                rows[range.start.min(end)..end].to_vec()
            }
            None => self
                .listing
                .rows(&self.snapshot.images, &self.snapshot.index, range),
        }
    }

    /// Every row.
    pub fn all(&self) -> Vec<ImageSummary> {
        self.rows(0..self.len())
    }
}

impl PartialEq for ImageRows {
    fn eq(&self, other: &ImageRows) -> bool {
        Arc::ptr_eq(&self.snapshot, &other.snapshot)
            && self.listing == other.listing
            && self.sorted == other.sorted
    }
}
