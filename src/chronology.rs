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
    /// When the event says in words ("afternoon", "after the plenary").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub text: String,
    /// Where it sorts within its day: its time, or for an untimed event the time of the event
    /// before it in the file, so that untimed events keep their place.
    #[serde(skip)]
    pub order: (Option<NaiveTime>, usize),
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
            label: None,
            text: b.title.clone(),
            order: (None, 0),
        });
        let mut previous: Option<(NaiveDate, NaiveTime)> = None;
        for (n, e) in b.timeline.iter().enumerate() {
            let at = e.at.as_ref();
            let date = at.and_then(|a| a.date()).unwrap_or(b.date.0);
            let time = at.and_then(|a| a.time());
            let inherited = previous.filter(|(d, _)| *d == date).map(|(_, t)| t);
            if let Some(t) = time {
                previous = Some((date, t));
            }
            out.push(ChronoEntry {
                date,
                time,
                briefing: i,
                event: Some(n),
                label: match at {
                    Some(crate::model::At::Text(t)) => Some(crate::text::one_line(t)),
                    _ => None,
                },
                text: crate::text::one_line(&e.event),
                order: (time.or(inherited), n + 1),
            });
        }
    }
    // A briefing's own line comes before its events of the same day; events of one briefing
    // keep their file order where their times do not say otherwise.
    out.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then(a.order.0.cmp(&b.order.0))
            .then(a.briefing.cmp(&b.briefing).reverse())
            .then(a.order.1.cmp(&b.order.1))
    });
    out
}

/// "2023-11" for grouping by month.
pub fn month(date: NaiveDate) -> String {
    date.format("%Y-%m").to_string()
}
