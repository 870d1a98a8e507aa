//! The manifest exactly as written: serde structs, strict about keys.
//! Validation (validate.rs) turns these into the model.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Unexpected, Visitor};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIssue {
    pub newsletter: Option<String>,
    pub issue: Option<RawNumber>,
    pub date: Option<Scalar>,
    pub language: Option<String>,
    pub publisher: Option<String>,
    pub description: Option<String>,
    pub editors: Option<OneOrMany>,
    pub cover: Option<String>,
    pub lead: Option<RawLead>,
    #[serde(default)]
    pub related: Vec<RawRelated>,
    #[serde(default)]
    pub links: Vec<RawLink>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSeries {
    pub newsletter: Option<String>,
    pub publisher: Option<String>,
    pub language: Option<String>,
    pub description: Option<String>,
    pub editors: Option<OneOrMany>,
    pub formats: Option<Vec<String>>,
    pub site_url: Option<String>,
    pub style: Option<RawStyle>,
    pub delivery: Option<RawDelivery>,
}

/// `delivery:` in series.yaml: the email edition's sender and `pressrun
/// send`'s server.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDelivery {
    pub from: Option<String>,
    pub reply_to: Option<String>,
    pub list_unsubscribe: Option<OneOrMany>,
    pub smtp: Option<RawSmtp>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSmtp {
    pub host: Option<String>,
    pub port: Option<Scalar>,
    pub security: Option<String>,
    pub username: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLead {
    pub kind: Option<String>,
    pub title: Option<String>,
    pub dek: Option<String>,
    pub authors: Option<OneOrMany>,
    pub date: Option<Scalar>,
    pub body: Option<String>,
    pub text: Option<String>,
    pub source: Option<RawSource>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub outlet: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRelated {
    pub kind: Option<String>,
    pub title: Option<String>,
    pub date: Option<Scalar>,
    pub authors: Option<OneOrMany>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub summary: Option<String>,
    pub body: Option<String>,
    pub text: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLink {
    pub label: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStyle {
    pub paper: Option<String>,
    pub font_size: Option<f64>,
    pub paragraph: Option<String>,
    pub article_break: Option<String>,
    pub related_columns: Option<u8>,
    pub links: Option<String>,
    pub hyphenate: Option<bool>,
    pub accent: Option<String>,
    pub epub_fonts: Option<bool>,
    pub system_fonts: Option<bool>,
    pub fonts: Option<RawFonts>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFonts {
    pub body: Option<String>,
    pub heading: Option<String>,
    pub mono: Option<String>,
}

/// `issue:` is a positive integer or a short label.
#[derive(Debug)]
pub enum RawNumber {
    Int(i64),
    Label(String),
}

/// A string, or a list of strings (`authors`, `editors`).
#[derive(Debug)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn into_vec(self) -> Vec<String> {
        match self {
            Self::One(s) => vec![s],
            Self::Many(v) => v,
        }
    }
}

/// A scalar read as text whatever YAML made of it (dates stay as written).
#[derive(Debug)]
pub enum Scalar {
    Text(String),
    Int(i64),
    Float(f64),
}

// Hand-written visitors instead of `#[serde(untagged)]`: an untagged enum
// buffers the value, so its error ("data did not match any variant of
// untagged enum …") names neither the field nor the bad item and points
// at the wrong place. These fail at the bad value, in plain words.

impl<'de> Deserialize<'de> for RawNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawNumber;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a positive whole number or a short label")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawNumber, E> {
                Ok(RawNumber::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawNumber, E> {
                i64::try_from(v)
                    .map(RawNumber::Int)
                    .map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawNumber, E> {
                Ok(RawNumber::Label(v.to_owned()))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a name or a list of names")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(v.to_owned()))
            }
            // A bare number or boolean is a name as written (as `String` takes it).
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element::<String>()? {
                    names.push(name);
                }
                Ok(OneOrMany::Many(names))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date (YYYY-MM-DD) or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::Text(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(i64::try_from(v).map_or_else(|_| Scalar::Text(v.to_string()), Scalar::Int))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar::Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar::Float(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// Keys each mapping accepts, for did-you-mean hints and the key check that
/// reports every unknown key at once (serde stops at the first).
pub mod keys {
    pub const ISSUE: &[&str] = &[
        "newsletter",
        "issue",
        "date",
        "language",
        "publisher",
        "description",
        "editors",
        "cover",
        "lead",
        "related",
        "links",
    ];
    pub const SERIES: &[&str] = &[
        "newsletter",
        "publisher",
        "language",
        "description",
        "editors",
        "formats",
        "site_url",
        "style",
        "delivery",
    ];
    pub const LEAD: &[&str] = &[
        "kind", "title", "dek", "authors", "date", "body", "text", "source",
    ];
    pub const SOURCE: &[&str] = &["outlet", "url"];
    pub const RELATED: &[&str] = &[
        "kind", "title", "date", "authors", "outlet", "url", "summary", "body", "text",
    ];
    pub const LINK: &[&str] = &["label", "url"];
    pub const STYLE: &[&str] = &[
        "paper",
        "font_size",
        "paragraph",
        "article_break",
        "related_columns",
        "links",
        "hyphenate",
        "accent",
        "epub_fonts",
        "system_fonts",
        "fonts",
    ];
    pub const FONTS: &[&str] = &["body", "heading", "mono"];
    pub const DELIVERY: &[&str] = &["from", "reply_to", "list_unsubscribe", "smtp"];
    pub const SMTP: &[&str] = &["host", "port", "security", "username"];
}
