//! The briefing format, version 1. Field names here are the format: see `docs/FORMAT.md`.

use std::borrow::Cow;
use std::fmt;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use super::shared::Shared;

/// One meeting briefing, as written in one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "brief briefing, format version 1")]
pub struct Briefing {
    /// Unique identifier; defaults to the file name without its extension.
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_none")]
    pub id: Option<String>,
    /// What the meeting was; required and non-empty.
    pub title: String,
    /// The day the meeting took place (or began).
    pub date: Date,
    /// The last day of a meeting of several days; not before `date`.
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_none")]
    pub end_date: Option<Date>,
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_none")]
    pub location: Option<Location>,
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_empty")]
    pub tags: Vec<Shared>,
    /// Where the facts come from.
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_empty")]
    pub sources: Vec<SourceRef>,
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_empty")]
    pub participants: Vec<Participant>,
    /// What happened, in order.
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_empty")]
    pub timeline: Vec<TimelineEvent>,
    /// The topics discussed.
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_empty")]
    pub agenda: Vec<AgendaItem>,
    /// What was agreed, decided, stated, committed to or left to follow up.
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_empty")]
    pub outcomes: Vec<Outcome>,
}

impl Briefing {
    /// "2023-11-14", or "2023-11-14..2023-11-16" for a meeting of several days.
    pub fn dates(&self) -> String {
        match self.end_date {
            Some(end) if end != self.date => format!("{}..{end}", self.date),
            _ => self.date.to_string(),
        }
    }

    /// Gives back the room its lists hold beyond their items, in the lists within them too.
    pub fn shrink_to_fit(&mut self) {
        self.tags.shrink_to_fit();
        self.sources.shrink_to_fit();
        self.participants.shrink_to_fit();
        for p in &mut self.participants {
            p.aliases.shrink_to_fit();
        }
        self.timeline.shrink_to_fit();
        for e in &mut self.timeline {
            e.participants.shrink_to_fit();
        }
        self.agenda.shrink_to_fit();
        for a in &mut self.agenda {
            a.tags.shrink_to_fit();
        }
        self.outcomes.shrink_to_fit();
        for o in &mut self.outcomes {
            o.parties.shrink_to_fit();
        }
    }

    /// The location in one line, empty when none is given.
    pub fn place(&self) -> String {
        self.location
            .as_ref()
            .map(Location::display)
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Location {
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_none")]
    pub venue: Option<Shared>,
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_none")]
    pub city: Option<Shared>,
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_none")]
    pub country: Option<Shared>,
}

impl Location {
    /// "venue, city, country" with the missing parts left out.
    pub fn display(&self) -> String {
        [&self.venue, &self.city, &self.country]
            .into_iter()
            .flatten()
            .map(Shared::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A source of the briefing's facts: a report, a press release, a readout.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SourceRef {
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_none")]
    pub publisher: Option<Shared>,
    /// Who the publisher reports through (e.g. a ministry's press service).
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_none")]
    pub via: Option<Shared>,
    /// The report's dateline, as printed (e.g. "BAKU, Azerbaijan, November 14").
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_none")]
    pub dateline: Option<String>,
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_none")]
    pub published: Option<Date>,
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_none")]
    pub url: Option<String>,
}

impl SourceRef {
    /// "publisher via X, published" for a header line: who and when, without the address.
    pub fn short(&self) -> String {
        SourceRef {
            url: None,
            dateline: None,
            ..self.clone()
        }
        .display()
    }

    /// "publisher via X, dateline, published" with the missing parts left out.
    pub fn display(&self) -> String {
        let mut parts = Vec::new();
        match (&self.publisher, &self.via) {
            (Some(p), Some(v)) => parts.push(format!("{p} via {v}")),
            (Some(p), None) => parts.push(p.to_string()),
            (None, Some(v)) => parts.push(format!("via {v}")),
            (None, None) => {}
        }
        if let Some(d) = &self.dateline {
            parts.push(d.clone());
        }
        if let Some(d) = &self.published {
            parts.push(d.to_string());
        }
        if let Some(u) = &self.url {
            parts.push(u.clone());
        }
        parts.join(", ")
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Participant {
    pub name: Shared,
    /// Other spellings or scripts of the name (`Ito Akira` for 伊藤 晃): searched as names, and
    /// one person with the name in the index, `brief who` and the person view.
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_empty")]
    pub aliases: Vec<Shared>,
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_none")]
    pub role: Option<Shared>,
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_none")]
    pub organization: Option<Shared>,
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_none")]
    pub country: Option<Shared>,
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_none")]
    pub delegation: Option<Shared>,
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_none")]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TimelineEvent {
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_none")]
    pub at: Option<At>,
    pub event: String,
    /// Names of people in the briefing's `participants`.
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_empty")]
    pub participants: Vec<Shared>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AgendaItem {
    pub topic: String,
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_empty")]
    pub tags: Vec<Shared>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Outcome {
    pub summary: String,
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_none")]
    pub kind: Option<OutcomeKind>,
    /// Countries, organizations or people bound by or party to the outcome.
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_empty")]
    pub parties: Vec<Shared>,
    /// Free text, e.g. "signed", "agreed", "pending ratification".
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_none")]
    pub status: Option<Shared>,
    #[serde(default, skip_serializing_if = "crate::model::cache::leaves_out_none")]
    pub due: Option<Date>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum OutcomeKind {
    Agreement,
    Decision,
    Statement,
    Commitment,
    FollowUp,
}

impl OutcomeKind {
    pub const ALL: [OutcomeKind; 5] = [
        OutcomeKind::Agreement,
        OutcomeKind::Decision,
        OutcomeKind::Statement,
        OutcomeKind::Commitment,
        OutcomeKind::FollowUp,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeKind::Agreement => "agreement",
            OutcomeKind::Decision => "decision",
            OutcomeKind::Statement => "statement",
            OutcomeKind::Commitment => "commitment",
            OutcomeKind::FollowUp => "follow-up",
        }
    }
}

impl fmt::Display for OutcomeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A calendar date written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Date {
    pub fn parse(text: &str) -> Result<Date, String> {
        let t = text.trim();
        match Date::read(t) {
            Some(date) => Ok(date),
            None if Date::shaped(t) => Err(format!("`{t}` is not a real calendar date")),
            None => Err(format!(
                "`{t}` is not a date: write it as YYYY-MM-DD, e.g. 2023-11-14"
            )),
        }
    }

    /// Whether `t` is written as `YYYY-MM-DD`.
    fn shaped(t: &str) -> bool {
        t.len() == 10
            && t.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            })
    }

    /// The date `t` (trimmed) names, if it names one; no message is made for what it is not
    /// (a timeline's times are tried as dates first, and most are not).
    fn read(t: &str) -> Option<Date> {
        if !Date::shaped(t) {
            return None;
        }
        // Shaped as checked: the digits are read directly (a format string is parsed per
        // call, and every briefing has dates).
        let number = |range: std::ops::Range<usize>| {
            t.as_bytes()[range]
                .iter()
                .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'))
        };
        i32::try_from(number(0..4))
            .ok()
            .and_then(|year| NaiveDate::from_ymd_opt(year, number(5..7), number(8..10)))
            .map(Date)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Years are four digits (see `Date::parse`), which NaiveDate writes as YYYY-MM-DD.
        fmt::Display::fmt(&self.0, f)
    }
}

impl Date {
    /// The date `days` after 0000-12-31 (day 1 is 0001-01-01), if it is one `parse` accepts.
    fn from_day_number(days: i32) -> Option<Date> {
        NaiveDate::from_num_days_from_ce_opt(days)
            .filter(|d| (0..=9999).contains(&d.year()))
            .map(Date)
    }
}

/// Text for people (JSON, YAML); for the cache, which is not read by people, the day's number,
/// which is read back without parsing text.
impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.collect_str(self)
        } else {
            s.serialize_i32(self.0.num_days_from_ce())
        }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        // Parsing inside the visitor lets the YAML backend attach the value's position.
        struct DateVisitor;
        impl serde::de::Visitor<'_> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }
        }
        if d.is_human_readable() {
            d.deserialize_str(DateVisitor)
        } else {
            let days = i32::deserialize(d)?;
            Date::from_day_number(days)
                .ok_or_else(|| serde::de::Error::custom(format!("day {days} is not a date")))
        }
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "A calendar date, YYYY-MM-DD."
        })
    }
}

/// When a timeline event happened: as precise as the source allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum At {
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    Time(NaiveTime),
    /// Free text such as "morning" or "after the plenary".
    Text(String),
}

impl At {
    pub fn parse(text: &str) -> At {
        At::read(text).unwrap_or_else(|| At::Text(text.trim().to_string()))
    }

    /// [`At::parse`] of an owned string, kept as it is when it is free text already trimmed.
    fn parse_owned(text: String) -> At {
        match At::read(&text) {
            Some(at) => at,
            None if text.trim().len() == text.len() => At::Text(text),
            None => At::Text(text.trim().to_string()),
        }
    }

    /// The date, date and time, or time that `text` names, if it names one.
    fn read(text: &str) -> Option<At> {
        use chrono::format::{Item, Parsed, StrftimeItems, parse};
        use std::sync::LazyLock;
        // The formats, read once: chrono's `parse_from_str` reads its format at every call.
        fn items(formats: &[&str]) -> Vec<Vec<Item<'static>>> {
            formats
                .iter()
                .map(|f| StrftimeItems::new(f).parse_to_owned().unwrap_or_default())
                .collect()
        }
        static DATE_TIMES: LazyLock<Vec<Vec<Item<'static>>>> =
            LazyLock::new(|| items(&["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]));
        static TIMES: LazyLock<Vec<Vec<Item<'static>>>> =
            LazyLock::new(|| items(&["%H:%M", "%H:%M:%S"]));
        let t = text.trim();
        if let Some(d) = Date::read(t) {
            return Some(At::Date(d.0));
        }
        // Every format below has a `:`, and those with a date a `-`: text without them is
        // free text, found so without asking the parser five times.
        if !t.contains(':') {
            return None;
        }
        let parsed = |items: &Vec<Item<'static>>| {
            let mut parsed = Parsed::new();
            parse(&mut parsed, t, items.iter()).ok().map(|()| parsed)
        };
        if t.contains('-') {
            for items in DATE_TIMES.iter() {
                if let Some(dt) =
                    parsed(items).and_then(|p| p.to_naive_datetime_with_offset(0).ok())
                {
                    return Some(At::DateTime(dt));
                }
            }
        }
        TIMES
            .iter()
            .find_map(|items| parsed(items).and_then(|p| p.to_naive_time().ok()))
            .map(At::Time)
    }

    /// The calendar day, when the value names one.
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            At::Date(d) => Some(*d),
            At::DateTime(dt) => Some(dt.date()),
            At::Time(_) | At::Text(_) => None,
        }
    }

    /// As people read it: `2024-03-06 09:30`, `09:30`, `afternoon` (the serialized form keeps
    /// the `T` of ISO 8601).
    pub fn human(&self) -> String {
        match self {
            At::DateTime(dt) => dt.format("%Y-%m-%d %H:%M").to_string(),
            other => other.to_string(),
        }
    }

    /// The time of day, when the value names one.
    pub fn time(&self) -> Option<NaiveTime> {
        match self {
            At::DateTime(dt) => Some(dt.time()),
            At::Time(t) => Some(*t),
            At::Date(_) | At::Text(_) => None,
        }
    }
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            At::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            At::DateTime(dt) => write!(f, "{}", dt.format("%Y-%m-%dT%H:%M")),
            At::Time(t) => write!(f, "{}", t.format("%H:%M")),
            At::Text(s) => f.write_str(s),
        }
    }
}

/// How the cache keeps a time: its parts as numbers, so that it comes back exactly as parsed
/// (seconds included, which the text form leaves out) and without being parsed again.
#[derive(Serialize, Deserialize)]
enum AtParts<S> {
    Date(i32),
    /// Day number, seconds since midnight, nanoseconds.
    DateTime(i32, u32, u32),
    Time(u32, u32),
    Text(S),
}

impl At {
    fn to_parts(&self) -> AtParts<&str> {
        use chrono::Timelike;
        let time = |t: &NaiveTime| (t.num_seconds_from_midnight(), t.nanosecond());
        match self {
            At::Date(d) => AtParts::Date(d.num_days_from_ce()),
            At::DateTime(dt) => {
                let (secs, nanos) = time(&dt.time());
                AtParts::DateTime(dt.date().num_days_from_ce(), secs, nanos)
            }
            At::Time(t) => {
                let (secs, nanos) = time(t);
                AtParts::Time(secs, nanos)
            }
            At::Text(text) => AtParts::Text(text),
        }
    }

    fn from_parts(parts: AtParts<String>) -> Option<At> {
        let time = NaiveTime::from_num_seconds_from_midnight_opt;
        Some(match parts {
            // A date alone is read as `Date::parse` reads one; with a time, as chrono does.
            AtParts::Date(days) => At::Date(Date::from_day_number(days)?.0),
            AtParts::DateTime(days, secs, nanos) => At::DateTime(NaiveDateTime::new(
                NaiveDate::from_num_days_from_ce_opt(days)?,
                time(secs, nanos)?,
            )),
            AtParts::Time(secs, nanos) => At::Time(time(secs, nanos)?),
            AtParts::Text(text) => At::Text(text),
        })
    }
}

/// Text for people; its parts for the cache (see [`AtParts`]).
impl Serialize for At {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.collect_str(self)
        } else {
            self.to_parts().serialize(s)
        }
    }
}

impl<'de> Deserialize<'de> for At {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<At, D::Error> {
        if d.is_human_readable() {
            Ok(At::parse_owned(String::deserialize(d)?))
        } else {
            At::from_parts(AtParts::deserialize(d)?)
                .ok_or_else(|| serde::de::Error::custom("not a date or time"))
        }
    }
}

impl JsonSchema for At {
    fn schema_name() -> Cow<'static, str> {
        "At".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "When: a date (2024-03-06), a date and time (2024-03-06T09:30), a time (09:30) or free text (morning)."
        })
    }
}
