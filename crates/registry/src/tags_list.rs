//! The answer of `GET /v2/<name>/tags/list`.

use serde_json::Value;

use crate::Error;

/// One page of a repository's tags: `{"name": "library/ubuntu", "tags": ["22.04", …]}`.
///
/// ```
/// use berth_registry::TagsList;
/// let page = TagsList::parse(br#"{"name":"library/ubuntu","tags":["22.04","24.04"]}"#).unwrap();
/// assert_eq!(page.name, "library/ubuntu");
/// assert_eq!(page.tags, ["22.04", "24.04"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagsList {
    /// The repository name (`""` if the registry left it out).
    pub name: String,
    /// The tags; empty when the registry sent `null` (a repository without tags) or none.
    pub tags: Vec<String>,
}

impl TagsList {
    /// Parses a `tags/list` body.
    pub fn parse(body: &[u8]) -> Result<TagsList, Error> {
        let invalid = |why: &str| Error::InvalidTagList(why.to_owned());
        let json: Value = serde_json::from_slice(body).map_err(|e| {
            Error::InvalidTagList(format!(
                "not JSON (line {}, column {})",
                e.line(),
                e.column()
            ))
        })?;
        let Value::Object(map) = json else {
            return Err(invalid("expected a JSON object"));
        };
        let name = match map.get("name") {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(_) => return Err(invalid("\"name\" is not a string")),
        };
        let tags = match map.get("tags") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .map(|t| t.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| invalid("\"tags\" is not an array of strings"))?,
            Some(_) => return Err(invalid("\"tags\" is not an array of strings")),
        };
        Ok(TagsList { name, tags })
    }
}
