//! Every briefing date and every timeline event across briefings, in date order.

use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

use crate::model::Corpus;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChronoEntry {
    pub date: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<NaiveTime>,
    /// Index into `corpus.briefings`.
    #[serde(skip)]
    pub briefing: usize,
    /// The timeline event's position, or `None` for the briefing itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<usize>,
    pub text: String,
}

/// The chronology of the given briefings (indices into `corpus.briefings`), oldest first. An
/// event without a date of its own (a time, "morning") is placed on its briefing's first day.
pub fn chronology(corpus: &Corpus, briefings: impl IntoIterator<Item = usize>) -> Vec<ChronoEntry> {
    let mut out = Vec::new();
    for i in briefings {
        let Some(entry) = corpus.briefings.get(i) else {
            continue;
        };
        let b = &entry.briefing;
        out.push(ChronoEntry {
            date: b.date.0,
            time: None,
            briefing: i,
            event: None,
            text: b.title.clone(),
        });
        for (n, e) in b.timeline.iter().enumerate() {
            let at = e.at.as_ref();
            out.push(ChronoEntry {
                date: at.and_then(|a| a.date()).unwrap_or(b.date.0),
                time: at.and_then(|a| a.time()),
                briefing: i,
                event: Some(n),
                text: crate::text::one_line(&e.event),
            });
        }
    }
    // Stable: a briefing's own line comes before its events of the same day and time.
    out.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then(a.time.cmp(&b.time))
            .then(a.briefing.cmp(&b.briefing).reverse())
    });
    out
}

/// "2023-11" for grouping by month.
pub fn month(date: NaiveDate) -> String {
    date.format("%Y-%m").to_string()
}
