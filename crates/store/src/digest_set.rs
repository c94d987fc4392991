//! go-digest's `digestset.Lookup`, which Docker's classic image store uses to find an image
//! by a (short) ID.

use berth_oci::Digest;

/// Finds the one digest `term` names among `ids` (each as algorithm and hex): `term` is a
/// prefix of a hex, or `algorithm:` + prefix; an exact match wins over longer ones.
/// Returns its position in `ids`, or `None` when nothing matches or the prefix is
/// ambiguous (the classic store reports both as not found).
pub(crate) fn lookup<'a>(
    term: &str,
    ids: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Option<usize> {
    // Sorted by hex, then algorithm, as the set keeps them.
    let mut entries: Vec<(&str, &str, usize)> = ids
        .into_iter()
        .enumerate()
        .map(|(at, (alg, hex))| (hex, alg, at))
        .collect();
    entries.sort_unstable();
    entries.dedup_by(|a, b| (a.0, a.1) == (b.0, b.1));
    // A malformed digest is a bare prefix; a well-formed one (even of the wrong length or
    // an unknown algorithm) is split into algorithm and hex.
    let (alg, hex) = match term.parse::<Digest>() {
        Err(berth_oci::Error::DigestInvalidFormat) => ("", term),
        Ok(_) | Err(_) => term.split_once(':').unwrap_or(("", term)),
    };
    let idx = entries.partition_point(|&(val, a, _)| {
        if alg.is_empty() {
            val < term
        } else if val == hex {
            a < alg
        } else {
            val < hex
        }
    });
    let short_match =
        |(val, a, _): (&str, &str, usize)| val.starts_with(hex) && (alg.is_empty() || a == alg);
    let first = *entries.get(idx)?;
    if !short_match(first) {
        return None;
    }
    if first.1 == alg && first.0 == hex {
        return Some(first.2);
    }
    if entries.get(idx + 1).is_some_and(|&next| short_match(next)) {
        return None;
    }
    Some(first.2)
}

#[cfg(test)]
mod tests {
    use super::lookup;

    #[test]
    fn lookup_like_go_digest() {
        // go-digest digestset/set_test.go TestLookup.
        let ids = [
            "1234511111111111111111111111111111111111111111111111111111111111",
            "1234111111111111111111111111111111111111111111111111111111111111",
            "1234611111111111111111111111111111111111111111111111111111111111",
            "5432111111111111111111111111111111111111111111111111111111111111",
            "6543111111111111111111111111111111111111111111111111111111111111",
            "6432111111111111111111111111111111111111111111111111111111111111",
            "6542111111111111111111111111111111111111111111111111111111111111",
            "6532111111111111111111111111111111111111111111111111111111111111",
        ];
        let set = || ids.iter().map(|hex| ("sha256", *hex));
        for (term, want) in [
            ("54", Some(3)),
            ("1234", None), // ambiguous
            ("9876", None), // not found
            ("sha256:12345", Some(0)),
            ("sha256:12346", Some(2)),
            ("12346", Some(2)),
            ("12345", Some(0)),
            // The whole ID, with and without its algorithm; another algorithm is not it.
            (&format!("sha256:{}", ids[1])[..], Some(1)),
            (ids[1], Some(1)),
            (&format!("sha512:{}", ids[1])[..], None),
            // Malformed digests are bare prefixes, which a hex never has.
            ("sha256:", None),
            (":1234", None),
        ] {
            assert_eq!(lookup(term, set()), want, "{term}");
        }
        assert_eq!(lookup("1", std::iter::empty()), None);
    }
}
