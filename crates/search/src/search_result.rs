//! The answer of a registry's `GET /v1/search`: one page of repositories.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{Error, SearchCriteria};

/// One repository found (moby `api/types/registry.SearchResult`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResult {
    /// The repository name (`nginx`, `bitnami/nginx`).
    pub name: String,
    /// Its description, as the registry sent it.
    pub description: String,
    /// Its number of stars.
    pub star_count: i64,
    /// Whether it is an official image.
    pub is_official: bool,
    /// Deprecated by Docker Hub; the daemon always reports `false`.
    pub is_automated: bool,
}

/// A search answer (moby `api/types/registry.SearchResults`, plus the paging fields Docker
/// Hub also sends).
///
/// Parsing is as tolerant as Go's `encoding/json` is: missing fields, `null`s and unknown
/// fields are fine, a value of the wrong type is an error. Docker Hub's newer search answers
/// (`repo_name`, `short_description`) are read too.
///
/// ```
/// use berth_search::{SearchCriteria, SearchResults};
/// let body = br#"{"num_results":2,"query":"nginx","results":[
///   {"name":"nginx","description":"Official build of Nginx.","star_count":20000,"is_official":true,"is_automated":false},
///   {"name":"bitnami/nginx","star_count":200,"is_automated":true}]}"#;
/// let page = SearchResults::parse(body).unwrap();
/// let official = SearchCriteria { is_official: Some(true), ..Default::default() };
/// let rows = page.filtered(&official);
/// assert_eq!(rows.len(), 1);
/// assert_eq!(rows[0].name, "nginx");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchResults {
    /// The query as the registry understood it.
    pub query: String,
    /// How many results the registry has for the query (all pages).
    pub num_results: i64,
    /// How many pages there are, when the registry says.
    pub num_pages: Option<i64>,
    /// Which page this is, when the registry says.
    pub page: Option<i64>,
    /// The page size, when the registry says.
    pub page_size: Option<i64>,
    /// The results of this page, in the registry's order.
    pub results: Vec<SearchResult>,
}

impl SearchResults {
    /// Parses a `/v1/search` body.
    pub fn parse(body: &[u8]) -> Result<SearchResults, Error> {
        let json: Value = serde_json::from_slice(body).map_err(|e| {
            Error::InvalidSearchResponse(format!(
                "not JSON (line {}, column {})",
                e.line(),
                e.column()
            ))
        })?;
        let Value::Object(map) = json else {
            return Err(Error::InvalidSearchResponse(
                "expected a JSON object".to_owned(),
            ));
        };
        let results = match map.get("results") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| parse_result(i, item))
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(wrong_type("results", "an array")),
        };
        Ok(SearchResults {
            query: string(&map, &["query"], "query")?,
            num_results: int(&map, "num_results", "num_results")?.unwrap_or(0),
            num_pages: int(&map, "num_pages", "num_pages")?,
            page: int(&map, "page", "page")?,
            page_size: int(&map, "page_size", "page_size")?,
            results,
        })
    }

    /// The results that pass `criteria`, as the daemon returns them
    /// ([`SearchCriteria::apply`]).
    pub fn filtered(self, criteria: &SearchCriteria) -> Vec<SearchResult> {
        criteria.apply(self.results)
    }
}

fn parse_result(index: usize, item: &Value) -> Result<SearchResult, Error> {
    let map = match item {
        Value::Object(map) => map,
        Value::Null => return Ok(SearchResult::default()),
        _ => return Err(wrong_type(&format!("results[{index}]"), "an object")),
    };
    let at = |field: &str| format!("results[{index}].{field}");
    Ok(SearchResult {
        name: string(map, &["name", "repo_name"], &at("name"))?,
        description: string(
            map,
            &["description", "short_description"],
            &at("description"),
        )?,
        star_count: int(map, "star_count", &at("star_count"))?.unwrap_or(0),
        is_official: boolean(map, "is_official", &at("is_official"))?,
        is_automated: boolean(map, "is_automated", &at("is_automated"))?,
    })
}

fn wrong_type(path: &str, expected: &str) -> Error {
    Error::InvalidSearchResponse(format!("{path} is not {expected}"))
}

/// The first of `keys` present with a non-null value, as a string (`""` when none is).
fn string(map: &Map<String, Value>, keys: &[&str], path: &str) -> Result<String, Error> {
    match keys
        .iter()
        .find_map(|k| map.get(*k).filter(|v| !v.is_null()))
    {
        None => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(wrong_type(path, "a string")),
    }
}

fn int(map: &Map<String, Value>, key: &str, path: &str) -> Result<Option<i64>, Error> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .map(Some)
            .ok_or_else(|| wrong_type(path, "an integer")),
        Some(_) => Err(wrong_type(path, "an integer")),
    }
}

fn boolean(map: &Map<String, Value>, key: &str, path: &str) -> Result<bool, Error> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(wrong_type(path, "a boolean")),
    }
}
