//! `serde` support: [`Digest`], [`Algorithm`], [`Reference`] and
//! [`AnyReference`] are (de)serialised as their string forms, through
//! `Display` and `FromStr`; and the helpers the JSON views share.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use ::serde::de::{self, Deserialize, DeserializeOwned, Deserializer, Visitor};
use ::serde::ser::{Serialize, Serializer};

use crate::{Algorithm, AnyReference, Digest, Error, Reference};

/// Parses a string with `T::from_str`.
struct ParseVisitor<T> {
    expecting: &'static str,
    marker: PhantomData<T>,
}

impl<T: FromStr<Err = Error>> Visitor<'_> for ParseVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<T, E> {
        s.parse().map_err(E::custom)
    }
}

macro_rules! string_serde {
    ($($ty:ty => $expecting:literal),* $(,)?) => {$(
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(ParseVisitor {
                    expecting: $expecting,
                    marker: PhantomData,
                })
            }
        }
    )*};
}

string_serde! {
    Algorithm => "a digest algorithm such as \"sha256\"",
    Digest => "a digest string such as \"sha256:<hex>\"",
    Reference => "an image reference string",
    AnyReference => "an image reference or digest string",
}

/// For `#[serde(deserialize_with)]`: reads `null` as the default (an empty
/// list or map), as Go writes nil slices and maps without `omitempty`.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Reads a JSON document into `T`. Syntax errors keep serde_json's position
/// (`... at line 1 column 7`); errors about the content (a missing field, a
/// wrong type) are only the message, e.g. ``missing field `config` ``.
pub(crate) fn from_json_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    from_json_value(value)
}

/// Reads an already parsed JSON value into `T`; see [`from_json_slice`].
pub(crate) fn from_json_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, String> {
    if !value.is_object() {
        return Err("expected a JSON object".to_owned());
    }
    T::deserialize(value).map_err(|e| e.to_string())
}
