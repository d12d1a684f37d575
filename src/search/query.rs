//! The query language: words ANDed, `|` ORs neighbours, fzf's extended forms, field scopes and
//! date ranges. Parsing is pure and reports errors with the column of the offending word.

use chrono::{Datelike, NaiveDate};

use super::fold::{fold_keep_case, fold_lower, has_upper};

/// Which fields a term looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Any,
    Who,
    Org,
    Country,
    Where,
    Topic,
    Outcome,
    Kind,
    Tag,
    Source,
    Title,
}

/// The field scopes as written in queries (`date:` is handled apart).
pub const SCOPES: [(&str, Scope); 10] = [
    ("who", Scope::Who),
    ("org", Scope::Org),
    ("country", Scope::Country),
    ("where", Scope::Where),
    ("topic", Scope::Topic),
    ("outcome", Scope::Outcome),
    ("kind", Scope::Kind),
    ("tag", Scope::Tag),
    ("source", Scope::Source),
    ("title", Scope::Title),
];

/// How a term's text matches a field, as in fzf's extended search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// `word`: the letters in order (in long text: a word starting with it).
    Fuzzy,
    /// `'word`: the exact text anywhere.
    Exact,
    /// `^word`: the field starts with it.
    Prefix,
    /// `word$`: the field ends with it.
    Suffix,
    /// `^word$`: the field is exactly it.
    Equal,
}

/// An inclusive range of days; open ends are the far past or future.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl DateRange {
    pub fn overlaps(&self, start: NaiveDate, end: NaiveDate) -> bool {
        start <= self.to && end >= self.from
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermKind {
    Text {
        kind: MatchKind,
        /// Folded and lower-cased, for the fast case-blind pass.
        folded: String,
        /// Folded with case kept; `Some` when the pattern has a capital (smart case).
        case_sensitive: Option<String>,
    },
    Date(DateRange),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub negate: bool,
    pub scope: Scope,
    pub kind: TermKind,
}

/// A parsed query: every group must match; a group matches when any of its terms does.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub groups: Vec<Vec<Term>>,
}

impl Query {
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The text terms that select (not exclude) fields: what is highlighted.
    pub fn positive_terms(&self) -> impl Iterator<Item = &Term> {
        self.groups
            .iter()
            .flatten()
            .filter(|t| !t.negate && matches!(t.kind, TermKind::Text { .. }))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// 1-based column (in characters) of the word at fault.
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

/// The longest query, in characters: far more than anyone types, and it bounds what a pasted
/// text can cost every field it is matched against.
pub const MAX_QUERY_CHARS: usize = 256;

/// Parses a query. An empty query (or only operators) gives an empty `Query`, matching all.
pub fn parse(text: &str) -> Result<Query, QueryError> {
    let length = text.chars().count();
    if length > MAX_QUERY_CHARS {
        return Err(QueryError {
            column: MAX_QUERY_CHARS + 1,
            message: format!(
                "the query is {length} characters long; the limit is {MAX_QUERY_CHARS}"
            ),
        });
    }
    let mut groups: Vec<Vec<Term>> = Vec::new();
    let mut join_next = false;
    for (column, word) in words(text) {
        if word == "|" {
            join_next = !groups.is_empty();
            continue;
        }
        let Some(term) = parse_term(word).map_err(|(offset, message)| QueryError {
            column: column + word[..offset].chars().count(),
            message,
        })?
        else {
            continue;
        };
        match groups.last_mut() {
            Some(group) if join_next => group.push(term),
            _ => groups.push(vec![term]),
        }
        join_next = false;
    }
    Ok(Query { groups })
}

/// Words with their 1-based character columns.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut column = 0;
    let mut start: Option<(usize, usize)> = None;
    let mut out = Vec::new();
    for (byte, ch) in text.char_indices() {
        column += 1;
        match (ch.is_whitespace(), start) {
            (true, Some((b, c))) => {
                out.push((c, &text[b..byte]));
                start = None;
            }
            (false, None) => start = Some((byte, column)),
            _ => {}
        }
    }
    if let Some((b, c)) = start {
        out.push((c, &text[b..]));
    }
    out.into_iter()
}

/// One word of a query; `None` for a word that says nothing (`!`, `'`). An error carries the
/// byte offset of the bad part in the word, so that the message can point at it.
fn parse_term(word: &str) -> Result<Option<Term>, (usize, String)> {
    let mut rest = word;
    let mut negate = false;
    if let Some(r) = rest.strip_prefix('!') {
        negate = true;
        rest = r;
    }
    let mut scope = Scope::Any;
    if let Some((name, value)) = split_scope(rest) {
        let value_at = word.len() - value.len();
        if name == "date" {
            if value.is_empty() {
                return Err((
                    value_at,
                    "`date:` needs a date after it: date:2023, date:2023-11, date:2022..2023-06"
                        .into(),
                ));
            }
            return parse_date(value)
                .map(|range| {
                    Some(Term {
                        negate,
                        scope: Scope::Any,
                        kind: TermKind::Date(range),
                    })
                })
                .map_err(|(at, message)| (value_at + at, message));
        }
        scope = match SCOPES.iter().find(|(n, _)| *n == name) {
            Some((_, s)) => *s,
            None => {
                let names: Vec<&str> = SCOPES.iter().map(|(n, _)| *n).chain(["date"]).collect();
                let hint = match crate::model::closest(name, names.iter().copied()) {
                    Some(s) => format!("did you mean `{s}:`?"),
                    None => format!(
                        "fields are {}",
                        names
                            .iter()
                            .map(|n| format!("{n}:"))
                            .collect::<Vec<_>>()
                            .join(" ")
                    ),
                };
                return Err((
                    word.len() - rest.len(),
                    format!(
                        "unknown field `{name}:`; {hint} (quote with ' to search for the text)"
                    ),
                ));
            }
        };
        rest = value;
        if let Some(r) = rest.strip_prefix('!') {
            negate = !negate;
            rest = r;
        }
    }
    // fzf's rules: a negated term is exact unless quoted; `'` makes a plain term exact.
    let mut kind = if negate {
        MatchKind::Exact
    } else {
        MatchKind::Fuzzy
    };
    if rest.len() > 1 && rest.ends_with('$') && !rest.ends_with("\\$") {
        kind = MatchKind::Suffix;
        rest = &rest[..rest.len() - 1];
    }
    if let Some(r) = rest.strip_prefix('\'') {
        kind = match kind {
            MatchKind::Fuzzy => MatchKind::Exact,
            MatchKind::Exact if negate => MatchKind::Fuzzy,
            other => other,
        };
        rest = r;
    } else if let Some(r) = rest.strip_prefix('^') {
        kind = if kind == MatchKind::Suffix {
            MatchKind::Equal
        } else {
            MatchKind::Prefix
        };
        rest = r;
    }
    if rest.is_empty() {
        if scope != Scope::Any {
            let name = SCOPES
                .iter()
                .find(|(_, s)| *s == scope)
                .map_or("", |(n, _)| *n);
            return Err((word.len(), format!("`{name}:` needs a word after it")));
        }
        return Ok(None);
    }
    let case_sensitive = has_upper(rest).then(|| fold_keep_case(rest));
    Ok(Some(Term {
        negate,
        scope,
        kind: TermKind::Text {
            kind,
            folded: fold_lower(rest),
            case_sensitive,
        },
    }))
}

/// `name:value` when `name` is a plain lower-case word, else `None` (`10:30` is text).
fn split_scope(word: &str) -> Option<(&str, &str)> {
    let (name, value) = word.split_once(':')?;
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase())).then_some((name, value))
}

/// A `date:` value; an error carries the byte offset of the bad part in `value`.
fn parse_date(value: &str) -> Result<DateRange, (usize, String)> {
    let far_past = NaiveDate::MIN;
    let far_future = NaiveDate::MAX;
    let span = |text: &str, at: usize| date_span(text).map_err(|m| (at, m));
    let range = if let Some((a, b)) = value.split_once("..") {
        if a.is_empty() && b.is_empty() {
            return Err((0, "`date:..` needs a date on at least one side".into()));
        }
        let from = if a.is_empty() {
            far_past
        } else {
            span(a, 0)?.from
        };
        let to = if b.is_empty() {
            far_future
        } else {
            span(b, a.len() + 2)?.to
        };
        DateRange { from, to }
    } else if let Some(v) = value.strip_prefix(">=") {
        DateRange {
            from: span(v, 2)?.from,
            to: far_future,
        }
    } else if let Some(v) = value.strip_prefix("<=") {
        DateRange {
            from: far_past,
            to: span(v, 2)?.to,
        }
    } else if let Some(v) = value.strip_prefix('>') {
        DateRange {
            from: span(v, 1)?.to.succ_opt().unwrap_or(far_future),
            to: far_future,
        }
    } else if let Some(v) = value.strip_prefix('<') {
        DateRange {
            from: far_past,
            to: span(v, 1)?.from.pred_opt().unwrap_or(far_past),
        }
    } else {
        span(value, 0)?
    };
    if range.from > range.to {
        return Err((
            0,
            format!("`date:{value}` is an empty range: its start is after its end"),
        ));
    }
    Ok(range)
}

/// The days a written date covers: a year, a month or one day.
fn date_span(text: &str) -> Result<DateRange, String> {
    let bad = || format!("`{text}` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD");
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, len: usize| -> Result<u32, String> {
        if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().map_err(|_| bad())
        } else {
            Err(bad())
        }
    };
    let year = number(parts[0], 4)? as i32;
    match parts.len() {
        1 => {
            let from = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(bad)?;
            let to = NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(bad)?;
            Ok(DateRange { from, to })
        }
        2 => {
            let month = number(parts[1], 2)?;
            let from = NaiveDate::from_ymd_opt(year, month, 1)
                .ok_or_else(|| format!("`{text}`: month {month} does not exist"))?;
            let next = if month == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(year, month + 1, 1)
            };
            let to = next.and_then(|d| d.pred_opt()).ok_or_else(bad)?;
            Ok(DateRange { from, to })
        }
        3 => {
            let month = number(parts[1], 2)?;
            let day = number(parts[2], 2)?;
            if !(1..=12).contains(&month) {
                return Err(format!("`{text}`: month {month} does not exist"));
            }
            let d = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
                format!("`{text}`: day {day} does not exist in {year}-{month:02}")
            })?;
            debug_assert_eq!(d.year(), year);
            Ok(DateRange { from: d, to: d })
        }
        _ => Err(bad()),
    }
}
