//! People, organizations, countries, tags and outcome kinds across all briefings: each with the
//! briefings it appears in. The same name in several briefings is one entity, compared without
//! case and diacritics.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::Corpus;
use crate::search::fold_lower;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Organization,
    Country,
    Tag,
    Kind,
}

impl EntityKind {
    pub const BROWSABLE: [EntityKind; 4] = [
        EntityKind::Person,
        EntityKind::Organization,
        EntityKind::Country,
        EntityKind::Tag,
    ];

    pub fn label(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Country => "country",
            EntityKind::Tag => "tag",
            EntityKind::Kind => "kind",
        }
    }
}

/// One briefing an entity appears in, with what it was there (a person's role and organization).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Appearance {
    /// Index into `corpus.briefings`.
    #[serde(skip)]
    pub briefing: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    pub kind: EntityKind,
    /// The spelling of the newest briefing that names it.
    pub name: String,
    /// The name folded: what makes two spellings one entity.
    #[serde(skip)]
    pub key: String,
    /// One per briefing, newest first.
    #[serde(skip)]
    pub appearances: Vec<Appearance>,
}

impl Entity {
    pub fn count(&self) -> usize {
        self.appearances.len()
    }
}

/// Folds a name for comparison: no case, no diacritics, single spaces.
pub fn name_key(name: &str) -> String {
    crate::text::one_line(&fold_lower(name))
}

#[derive(Debug, Clone, Default)]
pub struct EntityIndex {
    /// By kind, then most briefings first, then name.
    pub entities: Vec<Entity>,
}

impl EntityIndex {
    pub fn build(corpus: &Corpus) -> EntityIndex {
        let mut by_key: HashMap<(EntityKind, String), usize> = HashMap::new();
        let mut entities: Vec<Entity> = Vec::new();
        let mut add = |kind: EntityKind,
                       name: &str,
                       briefing: usize,
                       role: Option<&String>,
                       org: Option<&String>| {
            let key = name_key(name);
            if key.is_empty() {
                return;
            }
            let i = *by_key.entry((kind, key.clone())).or_insert_with(|| {
                entities.push(Entity {
                    kind,
                    name: name.trim().to_string(),
                    key,
                    appearances: Vec::new(),
                });
                entities.len() - 1
            });
            let e = &mut entities[i];
            if e.appearances.last().is_none_or(|a| a.briefing != briefing) {
                e.appearances.push(Appearance {
                    briefing,
                    role: role.cloned(),
                    organization: org.cloned(),
                });
            }
        };
        for (i, entry) in corpus.briefings.iter().enumerate() {
            let b = &entry.briefing;
            for p in &b.participants {
                add(
                    EntityKind::Person,
                    &p.name,
                    i,
                    p.role.as_ref(),
                    p.organization.as_ref(),
                );
                if let Some(o) = &p.organization {
                    add(EntityKind::Organization, o, i, None, None);
                }
                if let Some(c) = &p.country {
                    add(EntityKind::Country, c, i, None, None);
                }
            }
            if let Some(c) = b.location.as_ref().and_then(|l| l.country.as_ref()) {
                add(EntityKind::Country, c, i, None, None);
            }
            for t in b.tags.iter().chain(b.agenda.iter().flat_map(|a| &a.tags)) {
                add(EntityKind::Tag, t, i, None, None);
            }
            for k in b.outcomes.iter().filter_map(|o| o.kind) {
                add(EntityKind::Kind, k.as_str(), i, None, None);
            }
        }
        entities.sort_by(|a, b| {
            a.kind
                .cmp(&b.kind)
                .then(b.count().cmp(&a.count()))
                .then_with(|| a.key.cmp(&b.key))
        });
        EntityIndex { entities }
    }

    pub fn of_kind(&self, kind: EntityKind) -> impl Iterator<Item = &Entity> {
        self.entities.iter().filter(move |e| e.kind == kind)
    }

    /// The entity of `kind` with this name, compared without case and diacritics.
    pub fn find(&self, kind: EntityKind, name: &str) -> Option<&Entity> {
        let key = name_key(name);
        self.of_kind(kind).find(|e| e.key == key)
    }

    /// Entities of `kind` whose folded name contains every word of `query`.
    pub fn matching(&self, kind: EntityKind, query: &str) -> Vec<&Entity> {
        let words: Vec<String> = name_key(query)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect();
        self.of_kind(kind)
            .filter(|e| words.iter().all(|w| e.key.contains(w.as_str())))
            .collect()
    }
}
