//! `WWW-Authenticate` challenges (RFC 7235), as registries send them on `401`.

use std::fmt;

use crate::Error;

/// The authentication scheme a registry asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scheme {
    /// `Basic`: username and password on every request.
    Basic,
    /// `Bearer`: a token from the `realm` (distribution's token authentication).
    Bearer,
    /// Any other scheme, as written by the server.
    Other(String),
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scheme::Basic => f.write_str("Basic"),
            Scheme::Bearer => f.write_str("Bearer"),
            Scheme::Other(s) => f.write_str(s),
        }
    }
}

/// One challenge: a scheme and its parameters in the order the server sent them.
///
/// ```
/// use berth_registry::{Challenge, Scheme};
/// let c = Challenge::parse(
///     r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull""#,
/// ).unwrap();
/// assert_eq!(c.scheme, Scheme::Bearer);
/// assert_eq!(c.realm(), Some("https://auth.docker.io/token"));
/// assert_eq!(c.scopes(), vec!["repository:library/ubuntu:pull"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// The scheme.
    pub scheme: Scheme,
    /// Parameters; names are lowercased, values unquoted. A name may repeat (`scope`).
    pub params: Vec<(String, String)>,
}

impl Challenge {
    /// Parses a header holding exactly one challenge (the common case); with several, the first.
    pub fn parse(header: &str) -> Result<Challenge, Error> {
        Challenge::parse_all(header)?
            .into_iter()
            .next()
            .ok_or_else(|| Error::MalformedChallenge(header.to_owned()))
    }

    /// Parses every challenge in a header value. Browsers join repeated headers with `", "`,
    /// so `Basic realm="a", Bearer realm="b"` yields two challenges.
    pub fn parse_all(header: &str) -> Result<Vec<Challenge>, Error> {
        let malformed = || Error::MalformedChallenge(header.to_owned());
        let mut lexer = Lexer { rest: header };
        let mut out: Vec<Challenge> = Vec::new();
        loop {
            lexer.skip_separators();
            if lexer.rest.is_empty() {
                break;
            }
            let word = lexer.token().ok_or_else(malformed)?;
            lexer.skip_spaces();
            if lexer.rest.starts_with('=') && !out.is_empty() {
                // `name=value`: a parameter of the current challenge.
                lexer.rest = &lexer.rest[1..];
                lexer.skip_spaces();
                let value = lexer.value().ok_or_else(malformed)?;
                let current = out.last_mut().ok_or_else(malformed)?;
                current.params.push((word.to_ascii_lowercase(), value));
            } else {
                out.push(Challenge {
                    scheme: scheme_of(word),
                    params: Vec::new(),
                });
            }
        }
        if out.is_empty() {
            return Err(malformed());
        }
        Ok(out)
    }

    /// The first value of a parameter (names are case-insensitive).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `realm`: the token service for Bearer, a label for Basic.
    pub fn realm(&self) -> Option<&str> {
        self.param("realm")
    }

    /// `service`, sent back to the token service.
    pub fn service(&self) -> Option<&str> {
        self.param("service")
    }

    /// Every `scope`: repeated parameters and space-separated scopes inside one value.
    pub fn scopes(&self) -> Vec<&str> {
        self.params
            .iter()
            .filter(|(k, _)| k == "scope")
            .flat_map(|(_, v)| v.split(' '))
            .filter(|s| !s.is_empty())
            .collect()
    }
}

fn scheme_of(word: &str) -> Scheme {
    if word.eq_ignore_ascii_case("basic") {
        Scheme::Basic
    } else if word.eq_ignore_ascii_case("bearer") {
        Scheme::Bearer
    } else {
        Scheme::Other(word.to_owned())
    }
}

struct Lexer<'a> {
    rest: &'a str,
}

impl<'a> Lexer<'a> {
    fn skip_spaces(&mut self) {
        self.rest = self.rest.trim_start_matches([' ', '\t']);
    }

    fn skip_separators(&mut self) {
        self.rest = self.rest.trim_start_matches([' ', '\t', ',']);
    }

    /// An RFC 7230 token (also accepts token68 padding `=` only at a value position).
    fn token(&mut self) -> Option<&'a str> {
        let end = self
            .rest
            .find(|c: char| !is_tchar(c))
            .unwrap_or(self.rest.len());
        if end == 0 {
            return None;
        }
        let (tok, rest) = self.rest.split_at(end);
        self.rest = rest;
        Some(tok)
    }

    /// A token or a quoted string with `\` escapes.
    fn value(&mut self) -> Option<String> {
        if let Some(body) = self.rest.strip_prefix('"') {
            let mut out = String::new();
            let mut chars = body.char_indices();
            while let Some((i, c)) = chars.next() {
                match c {
                    '"' => {
                        self.rest = &body[i + 1..];
                        return Some(out);
                    }
                    '\\' => out.push(chars.next()?.1),
                    c => out.push(c),
                }
            }
            None
        } else {
            self.token().map(str::to_owned)
        }
    }
}

fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~/:".contains(c)
}
