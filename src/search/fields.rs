//! What is searchable in a briefing, field by field: the one list that the index, the
//! highlighting and the "why it matched" labels all read.

use crate::model::Briefing;

use super::query::Scope;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum FieldKind {
    Title,
    Summary,
    Tag,
    Venue,
    City,
    LocationCountry,
    Source,
    Name,
    Role,
    Organization,
    Delegation,
    ParticipantCountry,
    Notes,
    Event,
    Topic,
    AgendaSummary,
    AgendaTag,
    OutcomeSummary,
    OutcomeKind,
    OutcomeStatus,
    OutcomeParty,
}

/// Every kind, for questions about all of them (does a scope include any long field?).
pub const ALL_KINDS: [FieldKind; 21] = [
    FieldKind::Title,
    FieldKind::Summary,
    FieldKind::Tag,
    FieldKind::Venue,
    FieldKind::City,
    FieldKind::LocationCountry,
    FieldKind::Source,
    FieldKind::Name,
    FieldKind::Role,
    FieldKind::Organization,
    FieldKind::Delegation,
    FieldKind::ParticipantCountry,
    FieldKind::Notes,
    FieldKind::Event,
    FieldKind::Topic,
    FieldKind::AgendaSummary,
    FieldKind::AgendaTag,
    FieldKind::OutcomeSummary,
    FieldKind::OutcomeKind,
    FieldKind::OutcomeStatus,
    FieldKind::OutcomeParty,
];

impl FieldKind {
    /// How a field is named where a result says why it matched.
    pub fn label(self) -> &'static str {
        match self {
            FieldKind::Title => "title",
            FieldKind::Summary => "summary",
            FieldKind::Tag | FieldKind::AgendaTag => "tag",
            FieldKind::Venue => "venue",
            FieldKind::City => "city",
            FieldKind::LocationCountry | FieldKind::ParticipantCountry => "country",
            FieldKind::Source => "source",
            FieldKind::Name => "participant",
            FieldKind::Role => "role",
            FieldKind::Organization => "organization",
            FieldKind::Delegation => "delegation",
            FieldKind::Notes => "notes",
            FieldKind::Event => "timeline",
            FieldKind::Topic => "topic",
            FieldKind::AgendaSummary => "agenda",
            FieldKind::OutcomeSummary => "outcome",
            FieldKind::OutcomeKind => "kind",
            FieldKind::OutcomeStatus => "status",
            FieldKind::OutcomeParty => "party",
        }
    }

    /// Long free text is matched word by word (a query word must start a word of the text):
    /// a scattered subsequence in a paragraph is noise. Titles count as long: they are
    /// sentences, nearly all different, and a word of a title is what people type. Short
    /// fields (names, organizations, countries, topics...) are matched fuzzily.
    pub fn is_long(self) -> bool {
        matches!(
            self,
            FieldKind::Title
                | FieldKind::Summary
                | FieldKind::Role
                | FieldKind::Notes
                | FieldKind::Event
                | FieldKind::AgendaSummary
                | FieldKind::OutcomeSummary
        )
    }

    /// A hit in a title or a name counts more than one deep in a summary.
    pub fn weight(self) -> i64 {
        match self {
            FieldKind::Title => 30,
            FieldKind::Name => 25,
            FieldKind::Topic => 20,
            FieldKind::Tag
            | FieldKind::Organization
            | FieldKind::LocationCountry
            | FieldKind::ParticipantCountry => 15,
            FieldKind::Venue | FieldKind::City | FieldKind::Role | FieldKind::AgendaTag => 14,
            FieldKind::Source
            | FieldKind::Delegation
            | FieldKind::OutcomeSummary
            | FieldKind::OutcomeKind => 12,
            FieldKind::Summary | FieldKind::Event | FieldKind::OutcomeParty => 10,
            FieldKind::Notes | FieldKind::AgendaSummary | FieldKind::OutcomeStatus => 8,
        }
    }

    pub fn in_scope(self, scope: Scope) -> bool {
        use FieldKind as F;
        match scope {
            Scope::Any => true,
            Scope::Who => matches!(self, F::Name | F::Role | F::Organization | F::Delegation),
            Scope::Org => self == F::Organization,
            Scope::Country => matches!(self, F::ParticipantCountry | F::LocationCountry),
            Scope::Where => matches!(self, F::Venue | F::City | F::LocationCountry),
            Scope::Topic => matches!(self, F::Topic | F::AgendaSummary | F::AgendaTag),
            Scope::Outcome => matches!(
                self,
                F::OutcomeSummary | F::OutcomeKind | F::OutcomeStatus | F::OutcomeParty
            ),
            Scope::Kind => self == F::OutcomeKind,
            Scope::Tag => matches!(self, F::Tag | F::AgendaTag),
            Scope::Source => self == F::Source,
            Scope::Title => self == F::Title,
        }
    }
}

/// Which field of a briefing: its kind, the item it belongs to (participant, event, ...) and
/// the position within the item's list (a tag of an agenda item, a party of an outcome).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FieldRef {
    pub kind: FieldKind,
    pub item: u16,
    pub sub: u16,
}

fn push<'a>(
    out: &mut impl FnMut(FieldRef, &'a str),
    kind: FieldKind,
    item: usize,
    sub: usize,
    text: &'a str,
) {
    // Items past u16 are beyond any real briefing; the size limit keeps them out anyway.
    out(
        FieldRef {
            kind,
            item: item as u16,
            sub: sub as u16,
        },
        text,
    );
}

/// Every searchable field of a briefing with its text, in a fixed order.
pub fn fields(b: &Briefing) -> Vec<(FieldRef, &str)> {
    let mut out = Vec::new();
    for_each_field(b, |r, t| out.push((r, t)));
    out
}

/// [`fields`] given one at a time to `out`, with no list made (the index sizes itself by
/// this, for every briefing).
pub fn for_each_field<'a>(b: &'a Briefing, mut out: impl FnMut(FieldRef, &'a str)) {
    let out = &mut out;
    push(out, FieldKind::Title, 0, 0, &b.title);
    if let Some(s) = &b.summary {
        push(out, FieldKind::Summary, 0, 0, s);
    }
    for (i, t) in b.tags.iter().enumerate() {
        push(out, FieldKind::Tag, 0, i, t);
    }
    if let Some(l) = &b.location {
        for (kind, v) in [
            (FieldKind::Venue, &l.venue),
            (FieldKind::City, &l.city),
            (FieldKind::LocationCountry, &l.country),
        ] {
            if let Some(v) = v {
                push(out, kind, 0, 0, v);
            }
        }
    }
    for (i, s) in b.sources.iter().enumerate() {
        let (publisher, via) = (s.publisher.as_deref(), s.via.as_deref());
        for (j, v) in [publisher, via, s.dateline.as_deref()]
            .into_iter()
            .enumerate()
        {
            if let Some(v) = v {
                push(out, FieldKind::Source, i, j, v);
            }
        }
    }
    for (i, p) in b.participants.iter().enumerate() {
        push(out, FieldKind::Name, i, 0, &p.name);
        for (j, alias) in p.aliases.iter().enumerate() {
            push(out, FieldKind::Name, i, j + 1, alias);
        }
        for (kind, v) in [
            (FieldKind::Role, p.role.as_deref()),
            (FieldKind::Organization, p.organization.as_deref()),
            (FieldKind::Delegation, p.delegation.as_deref()),
            (FieldKind::ParticipantCountry, p.country.as_deref()),
            (FieldKind::Notes, p.notes.as_deref()),
        ] {
            if let Some(v) = v {
                push(out, kind, i, 0, v);
            }
        }
    }
    for (i, e) in b.timeline.iter().enumerate() {
        push(out, FieldKind::Event, i, 0, &e.event);
    }
    for (i, a) in b.agenda.iter().enumerate() {
        push(out, FieldKind::Topic, i, 0, &a.topic);
        if let Some(s) = &a.summary {
            push(out, FieldKind::AgendaSummary, i, 0, s);
        }
        for (j, t) in a.tags.iter().enumerate() {
            push(out, FieldKind::AgendaTag, i, j, t);
        }
    }
    for (i, o) in b.outcomes.iter().enumerate() {
        push(out, FieldKind::OutcomeSummary, i, 0, &o.summary);
        if let Some(k) = o.kind {
            push(out, FieldKind::OutcomeKind, i, 0, k.as_str());
        }
        if let Some(s) = &o.status {
            push(out, FieldKind::OutcomeStatus, i, 0, s);
        }
        for (j, p) in o.parties.iter().enumerate() {
            push(out, FieldKind::OutcomeParty, i, j, p);
        }
    }
}

/// The text of one field, found again by its reference.
pub fn field_text(b: &Briefing, r: FieldRef) -> Option<&str> {
    fields(b).into_iter().find(|(f, _)| *f == r).map(|(_, t)| t)
}
