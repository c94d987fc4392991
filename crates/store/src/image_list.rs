//! `docker images`: moby's classic-store listing (`daemon/images/image_list.go`) followed by
//! what docker/cli does with the result (`cli/command/image/list.go`,
//! `cli/command/formatter/image.go`).

use std::cmp::Ordering;
use std::collections::BTreeMap;

use berth_oci::{AnyReference, Digest, Reference, path_match};

use crate::image_filter::{Filters, UnixNanos, go_quote, parse_until, validate_image_filters};
use crate::{Error, ImageRecord, ImageSummary, RefRecord};

/// What `docker images [OPTIONS] [REPOSITORY[:TAG]]` was asked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListOptions {
    /// `-a`: also intermediate images (untagged parents of other images) and untagged
    /// images.
    pub all: bool,
    /// `--digests`: one row per repository digest, as the DIGEST column needs.
    pub digests: bool,
    /// The `REPOSITORY[:TAG]` argument; the CLI adds it to the `reference` filters.
    /// Empty or blank is no argument; more than one word is
    /// [`Error::TooManyArguments`].
    pub reference: Option<String>,
    /// `--filter`, as parsed by [`Filters::parse`].
    pub filters: Filters,
    /// The current time (ms since the epoch), for `until=<duration>`.
    pub now_ms: f64,
    /// The local zone's offset east of UTC, for `until` times written without a zone
    /// (the daemon uses its own local zone).
    pub utc_offset_minutes: i32,
}

/// The columns the images table can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortColumn {
    /// REPOSITORY.
    Repository,
    /// TAG.
    Tag,
    /// IMAGE ID.
    ImageId,
    /// CREATED.
    Created,
    /// SIZE (unknown sizes first when ascending).
    Size,
    /// CONTENT SIZE.
    ContentSize,
}

/// An image as the daemon lists it (Go's `image.Summary`): its `RepoTags` and
/// `RepoDigests`, as references, in the reference store's order.
#[derive(Debug, Clone)]
pub(crate) struct Listed<'a> {
    pub image: &'a ImageRecord,
    /// Where `image` is in the listed slice.
    pub position: usize,
    /// Which of the image's references (positions in [`ListIndex`]'s list) are shown:
    /// `None` for all of them.
    pub shown: Option<Vec<u32>>,
    /// References with a tag (Go's `RepoTags`), each with its familiar name.
    pub tags: Vec<(&'a Reference, &'a str)>,
    /// References with a digest (Go's `RepoDigests`), each with its familiar name.
    pub digests: Vec<(&'a Reference, &'a str)>,
}

/// References by image, and who has children: what every listing of the same store contents
/// shares. Build it once per contents ([`ListIndex::new`]) and list with
/// [`list_images_with`], so that a filter keystroke does not re-parse every reference.
#[derive(Debug, Default)]
pub struct ListIndex {
    /// Per image, in the order of the `images` the index was built from.
    at: Vec<Indexed>,
    /// Where each image is in `at`.
    positions: std::collections::HashMap<Digest, usize>,
    /// Every reference, normalised, with its image.
    all: Vec<(Reference, Digest)>,
}

/// What the index knows of one image.
#[derive(Debug, Default)]
struct Indexed {
    /// Its references sorted by their canonical string (moby `refstore` `References`:
    /// `lexicalRefs`).
    refs: Vec<Reference>,
    /// For each reference, the four strings a `reference` filter matches against (see
    /// [`reference_matches`]); `[1]` is the familiar name.
    targets: Vec<[String; 4]>,
    /// `created` in ns, when it parses: sorting and filters must not re-parse times.
    created: Option<UnixNanos>,
    /// Number of stored images whose parent it is.
    children: usize,
    /// Its rows with every reference shown: without and with `--digests`.
    rows: [usize; 2],
}

static NOT_INDEXED: Indexed = Indexed {
    refs: Vec::new(),
    targets: Vec::new(),
    created: None,
    children: 0,
    rows: [1, 1],
};

/// References with a tag and references with a digest, each with its familiar name.
type ShownRefs<'a> = (Vec<(&'a Reference, &'a str)>, Vec<(&'a Reference, &'a str)>);

impl Indexed {
    /// The references at the `shown` positions (all of them for `None`), split as Docker's
    /// `RepoTags` and `RepoDigests`.
    fn shown_refs(&self, shown: Option<&[u32]>) -> ShownRefs<'_> {
        let (mut tags, mut digests) = (Vec::new(), Vec::new());
        let mut add = |at: usize| {
            if let (Some(reference), Some(t)) = (self.refs.get(at), self.targets.get(at)) {
                if reference.digest().is_some() {
                    digests.push((reference, t[1].as_str()));
                }
                if reference.tag().is_some() {
                    tags.push((reference, t[1].as_str()));
                }
            }
        };
        match shown {
            Some(list) => list.iter().for_each(|&at| add(at as usize)),
            None => (0..self.refs.len()).for_each(&mut add),
        }
        (tags, digests)
    }
}

impl ListIndex {
    /// Parses every reference once and links children to parents.
    pub fn new(images: &[ImageRecord], refs: &[(String, RefRecord)]) -> ListIndex {
        let mut index = ListIndex {
            at: images
                .iter()
                .map(|image| Indexed {
                    created: created_ns(image.created.as_deref()),
                    ..Indexed::default()
                })
                .collect(),
            positions: images
                .iter()
                .enumerate()
                .map(|(p, image)| (image.id.clone(), p))
                .collect(),
            all: Vec::new(),
        };
        for (key, record) in refs {
            let Ok(reference) = Reference::parse_normalized(key) else {
                continue;
            };
            if let Some(&p) = index.positions.get(&record.image_id) {
                index.at[p].refs.push(reference.clone());
            }
            index.all.push((reference, record.image_id.clone()));
        }
        // A child counts only when its parent is stored (moby's image store links them
        // when both are there).
        for image in images {
            if let Some(&p) = image.parent.as_ref().and_then(|p| index.positions.get(p)) {
                index.at[p].children += 1;
            }
        }
        for (indexed, image) in index.at.iter_mut().zip(images) {
            indexed.refs.sort_by_cached_key(Reference::to_string);
            indexed.refs.dedup();
            indexed.targets = indexed.refs.iter().map(match_targets).collect();
            let (tags, digests) = indexed.shown_refs(None);
            let listed = Listed {
                image,
                position: 0,
                shown: None,
                tags,
                digests,
            };
            let mut rows = [0; 2];
            for (n, digests) in [false, true].into_iter().enumerate() {
                for_each_row(&listed, digests, |_, _, _| rows[n] += 1);
            }
            indexed.rows = rows;
        }
        index
    }

    /// What the index knows of the image at `position` in the indexed images.
    fn at(&self, position: usize) -> &Indexed {
        self.at.get(position).unwrap_or(&NOT_INDEXED)
    }

    fn of(&self, id: &Digest) -> &Indexed {
        self.positions.get(id).map_or(&NOT_INDEXED, |&p| self.at(p))
    }

    pub(crate) fn refs(&self, id: &Digest) -> &[Reference] {
        &self.of(id).refs
    }

    pub(crate) fn has_children(&self, id: &Digest) -> bool {
        self.of(id).children > 0
    }

    /// Whether Docker counts the image as intermediate: no reference at all, and children
    /// (moby `getLayerRefs` and `Images` without `All`).
    pub(crate) fn is_intermediate(&self, id: &Digest) -> bool {
        self.refs(id).is_empty() && self.has_children(id)
    }
}

/// `created` in nanoseconds since the epoch, when it is an RFC 3339 time.
pub(crate) fn created_ns(created: Option<&str>) -> Option<UnixNanos> {
    let s = created?.trim();
    let ms = berth_units::rfc3339_ms(s)?;
    // rfc3339_ms keeps three fraction digits; add the next six.
    let mut sub_ms: i128 = 0;
    if let Some(frac) = s.get(19..).and_then(|r| r.strip_prefix('.')) {
        let digits: Vec<u8> = frac.bytes().take_while(u8::is_ascii_digit).collect();
        for i in 3..9 {
            sub_ms = sub_ms * 10 + digits.get(i).map_or(0, |d| i128::from(d - b'0'));
        }
    }
    Some(ms as i128 * 1_000_000 + sub_ms)
}

/// Looks an image up by reference or ID the way the daemon does for `before=`/`since=`
/// (moby `daemon/images/image.go` `GetImage`): a full ID (`sha256:…` or 64 hex digits),
/// else a reference (`name` means `name:latest`; `name:tag@digest` is looked up by digest),
/// else a unique prefix of an ID (with or without `sha256:`).
///
/// A value that is not a reference is its parse error (`invalid reference format`);
/// anything not found, or an ambiguous prefix, is `No such image: <familiar reference>`
/// (`No such image: foo:latest`).
pub fn resolve_image<'a>(
    images: &'a [ImageRecord],
    refs: &[(String, RefRecord)],
    ref_or_id: &str,
) -> Result<&'a ImageRecord, Error> {
    resolve_in(images, &ListIndex::new(images, refs), ref_or_id)
}

fn resolve_in<'a>(
    images: &'a [ImageRecord],
    index: &ListIndex,
    ref_or_id: &str,
) -> Result<&'a ImageRecord, Error> {
    let any = Reference::parse_any(ref_or_id)?;
    let not_found = || {
        let shown = match &any {
            AnyReference::Named(named) => named.tag_name_only().familiar_string(),
            AnyReference::Digest(digest) => digest.to_string(),
        };
        Error::NoSuchImage(shown)
    };
    let named = match &any {
        AnyReference::Digest(digest) => {
            return images
                .iter()
                .find(|i| &i.id == digest)
                .ok_or_else(not_found);
        }
        AnyReference::Named(named) => named,
    };
    // The reference store (moby refstore `Get`).
    let key = match named.digest() {
        Some(digest) => named.trim_named().with_digest(digest.clone()),
        None => named.tag_name_only(),
    };
    if let Some((_, id)) = index.all.iter().find(|(r, _)| *r == key) {
        if let Some(image) = images.iter().find(|i| &i.id == id) {
            return Ok(image);
        }
    }
    // A (short) ID (moby image store `Search`: go-digest `digestset.Lookup`).
    let ids = images
        .iter()
        .map(|i| (i.id.algorithm().as_str(), i.id.encoded()));
    crate::digest_set::lookup(ref_or_id, ids)
        .map(|at| &images[at])
        .ok_or_else(not_found)
}

/// The daemon's side of `docker images` (moby `ImageService.Images`, classic store).
pub(crate) fn daemon_images<'a>(
    images: &'a [ImageRecord],
    index: &'a ListIndex,
    all: bool,
    args: &Filters,
    now: UnixNanos,
    utc_offset_minutes: i32,
) -> Result<Vec<Listed<'a>>, Error> {
    let dangling_only = validate_image_filters(args)?;

    // `before` resolves to the oldest image, `until` to the earliest time, `since` to the
    // newest image: equivalent to AND-ing the values.
    let mut before: Option<UnixNanos> = None;
    for value in args.get("before") {
        let image = resolve_in(images, index, value)?;
        if let Some(c) = created_ns(image.created.as_deref()) {
            before = Some(before.map_or(c, |b| b.min(c)));
        }
    }
    for value in args.get("until") {
        let ts = parse_until(value, now, utc_offset_minutes)?;
        before = Some(before.map_or(ts, |b| b.min(ts)));
    }
    let mut since: Option<UnixNanos> = None;
    for value in args.get("since") {
        let image = resolve_in(images, index, value)?;
        if let Some(c) = created_ns(image.created.as_deref()) {
            since = Some(since.map_or(c, |s| s.max(c)));
        }
    }
    let patterns = args.get("reference");
    let filter_reference = args.contains("reference");

    let mut listed = Vec::new();
    for (position, image) in images.iter().enumerate() {
        let indexed = index.at(position);
        let has_children = indexed.children > 0;
        if dangling_only && has_children {
            // Only "heads" (images without children) can be dangling.
            continue;
        }
        let created = indexed.created;
        if before.is_some_and(|b| created.is_none_or(|c| c >= b)) {
            continue;
        }
        if since.is_some_and(|s| created.is_none_or(|c| c <= s)) {
            continue;
        }
        if args.contains("label") && !args.match_kv_list("label", &image.labels) {
            continue;
        }
        let mut shown = None;
        if filter_reference {
            let mut matched = Vec::new();
            for (at, t) in indexed.targets.iter().enumerate() {
                if targets_match(&patterns, t)? {
                    matched.push(at as u32);
                }
            }
            shown = Some(matched);
        }
        let (tags, digests) = indexed.shown_refs(shown.as_deref());
        if tags.is_empty() && digests.is_empty() {
            if !all && has_children {
                // An intermediate image.
                continue;
            }
            if args.contains("dangling") && !dangling_only {
                // dangling=false
                continue;
            }
            if filter_reference {
                // Images without (matching) references never match a reference filter.
                continue;
            }
        } else if dangling_only && !tags.is_empty() {
            continue;
        }
        listed.push(Listed {
            image,
            position,
            shown,
            tags,
            digests,
        });
    }
    // Newest first (Go sorts by `Created` in seconds, ties in no particular order; here
    // by the full time, then by ID). An image without a time counts as created at 0.
    listed.sort_by_cached_key(|l| {
        (
            std::cmp::Reverse(index.at(l.position).created.unwrap_or(0)),
            &l.image.id,
        )
    });
    Ok(listed)
}

/// Whether a reference matches any of the `reference` patterns (moby, since v29.5): each
/// pattern is tried with Go's `path.Match` against the familiar string (`ubuntu:22.04`),
/// the familiar name (`ubuntu`), the canonical string (`docker.io/library/ubuntu:22.04`)
/// and the canonical name (`docker.io/library/ubuntu`). A malformed pattern is an error.
pub fn reference_matches(patterns: &[&str], reference: &Reference) -> Result<bool, Error> {
    targets_match(patterns, &match_targets(reference))
}

/// The strings a `reference` pattern is matched against: familiar string and name,
/// canonical string (with the default tag) and name.
fn match_targets(reference: &Reference) -> [String; 4] {
    [
        reference.familiar_string(),
        reference.familiar_name(),
        reference.tag_name_only().to_string(),
        reference.name(),
    ]
}

fn targets_match(patterns: &[&str], targets: &[String; 4]) -> Result<bool, Error> {
    for pattern in patterns {
        // Only a character class or an escape can make a pattern malformed (an error is
        // never skipped); without them, a name that lacks the pattern's literal start
        // cannot match, and `path_match` need not run.
        let literal = (!pattern.contains(['[', '\\']))
            .then(|| &pattern[..pattern.find(['*', '?']).unwrap_or(pattern.len())]);
        for target in targets {
            if literal.is_some_and(|l| !target.starts_with(l)) {
                continue;
            }
            if path_match(pattern, target)? {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// `docker images`: the rows Docker prints, newest image first.
///
/// The daemon part (moby `daemon/images/image_list.go`, classic store):
///
/// - `--filter` keys other than `before`, `dangling`, `label`, `reference`, `since`,
///   `until` are `invalid filter 'key'`; `dangling` must be `true`/`1` or `false`/`0`;
/// - `before=`/`since=` name an image (see [`resolve_image`]) and keep images created
///   strictly before the oldest / after the newest of them; `until=` is a time or a
///   duration before `now_ms`;
/// - `label=k` / `label=k=v` must all match the config's labels;
/// - `reference=PATTERN` and the `REPOSITORY[:TAG]` argument (OR-ed together): see
///   [`reference_matches`]; an image shows only its matching tags and digests;
/// - `dangling=true` keeps images without tags and without children; `dangling=false`
///   drops images with no reference at all;
/// - without `-a`, intermediate images (no reference, but children) are hidden.
///
/// Then the CLI (docker/cli v29): without `-a`, and unless `dangling=true` was asked,
/// every image without a tag is hidden too (digest-only images included). Each image then
/// gives one row per repository tag; a repository with only digests gives one `<none>` tag
/// row (one per digest with `--digests`); an image with no reference at all is
/// `<none> <none>`.
///
/// `digest` on each row: with `--digests`, the DIGEST column (`None` = `<none>`); without,
/// the repository's first digest, which Docker does not print (for data attributes).
pub fn list_images(
    images: &[ImageRecord],
    refs: &[(String, RefRecord)],
    options: &ListOptions,
) -> Result<Vec<ImageSummary>, Error> {
    list_images_with(images, &ListIndex::new(images, refs), options)
}

/// [`list_images`] with a [`ListIndex`] built beforehand for the same `images` and refs.
pub fn list_images_with(
    images: &[ImageRecord],
    index: &ListIndex,
    options: &ListOptions,
) -> Result<Vec<ImageSummary>, Error> {
    let listing = ImageListing::new(images, index, options)?;
    Ok(listing.rows(images, index, 0..listing.len()))
}

/// One listed image: where it is, which references it shows, how many rows it gives.
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    position: usize,
    shown: Option<Vec<u32>>,
    /// Rows up to and including this image's.
    end: usize,
}

/// The result of [`list_images`] before its rows are made: which images, in which order,
/// with how many rows. A table showing a window of a big store makes only the rows it
/// shows ([`ImageListing::rows`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImageListing {
    entries: Vec<Entry>,
    digests: bool,
}

impl ImageListing {
    /// Lists as [`list_images_with`] does, without making the rows.
    pub fn new(
        images: &[ImageRecord],
        index: &ListIndex,
        options: &ListOptions,
    ) -> Result<ImageListing, Error> {
        let mut args = options.filters.clone();
        if let Some(name) = options.reference.as_deref().map(str::trim) {
            if name.split_whitespace().count() > 1 {
                return Err(Error::TooManyArguments);
            }
            if !name.is_empty() {
                args.add("reference", name);
            }
        }
        let now = (options.now_ms * 1e6) as UnixNanos;
        let mut listed = daemon_images(
            images,
            index,
            options.all,
            &args,
            now,
            options.utc_offset_minutes,
        )?;
        // Without `-a`, images with no reference at all (`<none> <none>`) are hidden, as
        // REFERENCE.md and docker/cli v29 do; an image pulled by digest keeps its repository
        // and stays listed with the tag `<none>` (Docker before v29, and berth's pull
        // contract).
        if !options.all && (!args.contains("dangling") || args.get("dangling").contains(&"false")) {
            listed.retain(|l| !l.tags.is_empty() || !l.digests.is_empty());
        }
        let mut end = 0;
        let entries = listed
            .into_iter()
            .map(|l| {
                end += match l.shown {
                    None => index.at(l.position).rows[usize::from(options.digests)],
                    Some(_) => {
                        let mut count = 0;
                        for_each_row(&l, options.digests, |_, _, _| count += 1);
                        count
                    }
                };
                Entry {
                    position: l.position,
                    shown: l.shown,
                    end,
                }
            })
            .collect();
        Ok(ImageListing {
            entries,
            digests: options.digests,
        })
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.entries.last().map_or(0, |e| e.end)
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The rows in `range` (clamped to [`len`](Self::len)), made from the `images` and
    /// `index` the listing was made from.
    pub fn rows(
        &self,
        images: &[ImageRecord],
        index: &ListIndex,
        range: std::ops::Range<usize>,
    ) -> Vec<ImageSummary> {
        let end = range.end.min(self.len());
        let mut rows = Vec::with_capacity(end.saturating_sub(range.start));
        let first = self.entries.partition_point(|e| e.end <= range.start);
        let mut start = first.checked_sub(1).map_or(0, |p| self.entries[p].end);
        for entry in &self.entries[first..] {
            if start >= end {
                break;
            }
            let Some(image) = images.get(entry.position) else {
                break;
            };
            let (tags, digests) = index.at(entry.position).shown_refs(entry.shown.as_deref());
            let listed = Listed {
                image,
                position: entry.position,
                shown: None,
                tags,
                digests,
            };
            let mut at = start;
            for_each_row(&listed, self.digests, |repo, tag, digest| {
                if (range.start..end).contains(&at) {
                    rows.push(ImageSummary::row(image, repo, tag, digest.cloned()));
                }
                at += 1;
            });
            start = entry.end;
        }
        rows
    }
}

/// docker/cli `imageFormat`: the rows of one image, as (repository, tag, digest).
fn for_each_row(
    listed: &Listed<'_>,
    digests: bool,
    mut row: impl FnMut(&str, &str, Option<&Digest>),
) {
    if listed.tags.is_empty() && listed.digests.is_empty() {
        row("<none>", "<none>", None);
        return;
    }
    // Go walks these maps in random order; here repositories are sorted.
    let mut repo_tags: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (r, name) in &listed.tags {
        if let Some(tag) = r.tag() {
            repo_tags.entry(name).or_default().push(tag);
        }
    }
    let mut repo_digests: BTreeMap<&str, Vec<&Digest>> = BTreeMap::new();
    for (r, name) in &listed.digests {
        if let Some(d) = r.digest() {
            repo_digests.entry(name).or_default().push(d);
        }
    }
    for (repo, tags) in &repo_tags {
        let repo_ds = repo_digests.remove(repo).unwrap_or_default();
        for tag in tags {
            if digests && !repo_ds.is_empty() {
                for d in &repo_ds {
                    row(repo, tag, Some(d));
                }
            } else {
                row(repo, tag, repo_ds.first().copied());
            }
        }
    }
    for (repo, repo_ds) in &repo_digests {
        if digests {
            for d in repo_ds {
                row(repo, "<none>", Some(d));
            }
        } else {
            row(repo, "<none>", repo_ds.first().copied());
        }
    }
}

/// IMAGE ID as Docker prints it: the first 12 characters after the algorithm
/// (`stringid.TruncateID`), or the whole `sha256:…` with `--no-trunc`.
pub fn format_id(id: &Digest, no_trunc: bool) -> String {
    if no_trunc {
        id.to_string()
    } else {
        id.encoded().chars().take(12).collect()
    }
}

/// `docker images -q`: the IMAGE ID of every row, in row order. Like Docker (the quiet
/// format is `{{.ID}}` per row), an image with several tags is printed once per tag.
pub fn quiet_ids(rows: &[ImageSummary], no_trunc: bool) -> Vec<String> {
    rows.iter()
        .map(|row| format_id(&row.image_id, no_trunc))
        .collect()
}

/// Sorts the rows by a column (a UI feature, Docker has none): stable, so rows that
/// compare equal keep Docker's order. Unknown sizes and times sort as the smallest.
pub fn sort_rows(rows: &mut [ImageSummary], column: SortColumn, descending: bool) {
    let compare = |a: &ImageSummary, b: &ImageSummary| -> Ordering {
        match column {
            SortColumn::Repository => a.repository.cmp(&b.repository),
            SortColumn::Tag => a.tag.cmp(&b.tag),
            SortColumn::ImageId => a.image_id.encoded().cmp(b.image_id.encoded()),
            SortColumn::Created => {
                let ka = created_ns(a.created.as_deref());
                let kb = created_ns(b.created.as_deref());
                ka.cmp(&kb)
            }
            SortColumn::Size => a.size.cmp(&b.size),
            SortColumn::ContentSize => a.content_size.cmp(&b.content_size),
        }
    };
    if descending {
        rows.sort_by(|a, b| compare(b, a));
    } else {
        rows.sort_by(compare);
    }
}

/// What `docker images` prints on stderr when nothing matched an argument that is an
/// `image` subcommand (`docker images ls`): docker/cli `printAmbiguousHint`.
pub fn ambiguous_hint(match_name: &str, rows: usize) -> Option<String> {
    const SUBCOMMANDS: [&str; 13] = [
        "build", "history", "import", "inspect", "list", "load", "ls", "prune", "pull", "push",
        "rm", "save", "tag",
    ];
    (rows == 0 && SUBCOMMANDS.contains(&match_name)).then(|| {
        format!(
            "No images found matching {}: did you mean \"docker image {match_name}\"?",
            go_quote(match_name)
        )
    })
}
