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

/// One briefing an entity appears in; for a person, which of its participants they were (their
/// role and organization there are read from the briefing, not copied: a corpus names people
/// millions of times).
/// Eight bytes: an index of names holds millions of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appearance {
    /// Index into `corpus.briefings` (of the corpus the index was built over).
    briefing: u32,
    /// Index into that briefing's participants, or [`Appearance::NO_PARTICIPANT`].
    participant: u32,
}

impl Appearance {
    const NO_PARTICIPANT: u32 = u32::MAX;

    /// `None` past four billion briefings or participants, which no corpus that fits in
    /// memory reaches.
    fn new(briefing: usize, participant: Option<usize>) -> Option<Appearance> {
        Some(Appearance {
            briefing: u32::try_from(briefing).ok()?,
            participant: match participant {
                Some(n) => u32::try_from(n)
                    .ok()
                    .filter(|&n| n != Self::NO_PARTICIPANT)?,
                None => Self::NO_PARTICIPANT,
            },
        })
    }

    /// Index into `corpus.briefings` (of the corpus the index was built over).
    pub fn briefing(&self) -> usize {
        self.briefing as usize
    }

    fn participant<'c>(&self, corpus: &'c Corpus) -> Option<&'c crate::model::Participant> {
        if self.participant == Self::NO_PARTICIPANT {
            return None;
        }
        let n = usize::try_from(self.participant).ok()?;
        corpus
            .briefings
            .get(self.briefing())?
            .briefing
            .participants
            .get(n)
    }

    /// A person's role in this briefing, as written.
    pub fn role<'c>(&self, corpus: &'c Corpus) -> Option<&'c str> {
        self.participant(corpus)?.role.as_deref()
    }

    /// A person's organization in this briefing, as written.
    pub fn organization<'c>(&self, corpus: &'c Corpus) -> Option<&'c str> {
        self.participant(corpus)?.organization.as_deref()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    pub kind: EntityKind,
    /// The spelling of the newest briefing that names it.
    pub name: String,
    /// The name folded: what makes two spellings one entity.
    #[serde(skip)]
    pub key: String,
    /// Other names of a person (their `aliases`, and names that are someone's alias), as written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
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
        // People (joined through their aliases) and the other kinds share nothing: found side
        // by side. Each kind's entities keep the order they were met in, so the result is the
        // same as in one pass.
        let (mut entities, others) = rayon::join(
            || EntityIndex::of_kinds(corpus, &[EntityKind::Person]),
            || {
                EntityIndex::of_kinds(
                    corpus,
                    &[
                        EntityKind::Organization,
                        EntityKind::Country,
                        EntityKind::Tag,
                        EntityKind::Kind,
                    ],
                )
            },
        );
        entities.extend(others);
        // By the name shown (a person's key may be one of their aliases); a stable sort.
        entities.sort_by_cached_key(|e| (e.kind, std::cmp::Reverse(e.count()), name_key(&e.name)));
        EntityIndex { entities }
    }

    /// The entities of `kinds`, in the order they are first met (newest briefing first).
    fn of_kinds<'a>(corpus: &'a Corpus, kinds: &[EntityKind]) -> Vec<Entity> {
        let people = kinds
            .contains(&EntityKind::Person)
            .then(|| PersonKeys::build(corpus));
        let mut by_key: HashMap<(EntityKind, String), usize> = HashMap::new();
        // Names repeat across briefings (a country in thousands): each spelling is folded and
        // looked up once, then known by its text (`None`: it folds to nothing).
        let mut by_text: HashMap<(EntityKind, &str), Option<usize>> = HashMap::new();
        let mut entities: Vec<Entity> = Vec::new();
        let mut add =
            |kind: EntityKind, name: &'a str, briefing: usize, participant: Option<usize>| {
                if !kinds.contains(&kind) {
                    return;
                }
                let known = *by_text.entry((kind, name)).or_insert_with(|| {
                    let mut key = name_key(name);
                    if key.is_empty() {
                        return None;
                    }
                    if let Some(people) = people.as_ref().filter(|_| kind == EntityKind::Person) {
                        key = people.canonical(&key);
                    }
                    Some(*by_key.entry((kind, key.clone())).or_insert_with(|| {
                        entities.push(Entity {
                            kind,
                            name: name.trim().to_string(),
                            key,
                            aliases: Vec::new(),
                            appearances: Vec::new(),
                        });
                        entities.len() - 1
                    }))
                });
                let Some(i) = known else {
                    return;
                };
                let e = &mut entities[i];
                if e.appearances
                    .last()
                    .is_none_or(|a| a.briefing() != briefing)
                    && let Some(a) = Appearance::new(briefing, participant)
                {
                    e.appearances.push(a);
                }
            };
        for (i, entry) in corpus.briefings.iter().enumerate() {
            let b = &entry.briefing;
            for (n, p) in b.participants.iter().enumerate() {
                add(EntityKind::Person, &p.name, i, Some(n));
                if let Some(o) = &p.organization {
                    add(EntityKind::Organization, o, i, None);
                }
                if let Some(c) = &p.country {
                    add(EntityKind::Country, c, i, None);
                }
            }
            if let Some(c) = b.location.as_ref().and_then(|l| l.country.as_ref()) {
                add(EntityKind::Country, c, i, None);
            }
            for t in b.tags.iter().chain(b.agenda.iter().flat_map(|a| &a.tags)) {
                add(EntityKind::Tag, t, i, None);
            }
            for k in b.outcomes.iter().filter_map(|o| o.kind) {
                add(EntityKind::Kind, k.as_str(), i, None);
            }
        }
        // Lists grown one appearance at a time hold up to twice what they need.
        for e in &mut entities {
            e.appearances.shrink_to_fit();
        }
        // Every spelling a person is known by, but the one shown as their name.
        if let Some(people) = &people {
            for e in entities.iter_mut().filter(|e| e.kind == EntityKind::Person) {
                let shown = name_key(&e.name);
                e.aliases = people
                    .spellings(&e.key)
                    .into_iter()
                    .filter(|s| name_key(s) != shown)
                    .collect();
            }
        }
        entities
    }

    pub fn of_kind(&self, kind: EntityKind) -> impl Iterator<Item = &Entity> {
        self.entities.iter().filter(move |e| e.kind == kind)
    }

    /// The entity of `kind` with this name, compared without case and diacritics.
    pub fn find(&self, kind: EntityKind, name: &str) -> Option<&Entity> {
        let key = name_key(name);
        self.of_kind(kind).find(|e| e.key == key)
    }

    /// Entities of `kind` that every word of `query` matches, by the search's matching rule
    /// (names fuzzily, with the typo tier), in their name or one of their aliases.
    pub fn matching(&self, kind: EntityKind, query: &str) -> Vec<&Entity> {
        use crate::search::rule::{Pattern, score};
        use crate::search::{FieldKind, MatchKind};
        let field = match kind {
            EntityKind::Person => FieldKind::Name,
            EntityKind::Organization => FieldKind::Organization,
            EntityKind::Country => FieldKind::ParticipantCountry,
            EntityKind::Tag => FieldKind::Tag,
            EntityKind::Kind => FieldKind::OutcomeKind,
        };
        let words: Vec<String> = name_key(query)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect();
        self.of_kind(kind)
            .filter(|e| {
                let keys: Vec<String> = std::iter::once(e.key.clone())
                    .chain(e.aliases.iter().map(|a| name_key(a)))
                    .collect();
                words.iter().all(|w| {
                    let pattern = Pattern::new(w);
                    keys.iter()
                        .any(|k| score(k, field, MatchKind::Fuzzy, &pattern).is_some())
                })
            })
            .collect()
    }
}

/// Which names are one person: a participant's name and aliases, joined across briefings (a
/// name that is someone's alias in one briefing and a name in another is the same person).
struct PersonKeys {
    /// Each folded name's group representative.
    group: HashMap<String, String>,
    /// Each group's spellings as written, by representative.
    spellings: HashMap<String, Vec<String>>,
}

impl PersonKeys {
    fn build(corpus: &Corpus) -> PersonKeys {
        // Union-find over folded names, with path halving; no recursion.
        let mut parent: HashMap<String, String> = HashMap::new();
        fn find(parent: &mut HashMap<String, String>, key: &str) -> String {
            let mut k = key.to_string();
            loop {
                let p = parent.entry(k.clone()).or_insert_with(|| k.clone()).clone();
                if p == k {
                    return k;
                }
                let grand = parent.get(&p).cloned().unwrap_or_else(|| p.clone());
                parent.insert(k.clone(), grand.clone());
                k = grand;
            }
        }
        let mut written: Vec<(String, String)> = Vec::new();
        // A participant written the same way again (name and aliases) adds nothing.
        let mut seen: std::collections::HashSet<(&str, &[crate::model::Shared])> =
            Default::default();
        for p in corpus
            .briefings
            .iter()
            .flat_map(|e| &e.briefing.participants)
            .filter(|p| seen.insert((p.name.as_str(), p.aliases.as_slice())))
        {
            let name = name_key(&p.name);
            if name.is_empty() {
                continue;
            }
            find(&mut parent, &name);
            written.push((name.clone(), p.name.trim().to_string()));
            for alias in &p.aliases {
                let key = name_key(alias);
                if key.is_empty() {
                    continue;
                }
                written.push((key.clone(), alias.trim().to_string()));
                let (a, b) = (find(&mut parent, &name), find(&mut parent, &key));
                if a != b {
                    // The smaller key leads, so that the result does not depend on the order.
                    let (lead, other) = if a < b { (a, b) } else { (b, a) };
                    parent.insert(other, lead);
                }
            }
        }
        let keys: Vec<String> = parent.keys().cloned().collect();
        let group: HashMap<String, String> = keys
            .into_iter()
            .map(|k| {
                let g = find(&mut parent, &k);
                (k, g)
            })
            .collect();
        let mut spellings: HashMap<String, Vec<String>> = HashMap::new();
        for (key, text) in written {
            let list = spellings.entry(group[&key].clone()).or_default();
            if !list.contains(&text) {
                list.push(text);
            }
        }
        for list in spellings.values_mut() {
            list.sort();
        }
        PersonKeys { group, spellings }
    }

    /// The key that stands for the person with this folded name.
    fn canonical(&self, key: &str) -> String {
        self.group
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// Every spelling of the person whose key is `canonical`.
    fn spellings(&self, canonical: &str) -> Vec<String> {
        self.spellings.get(canonical).cloned().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_appearance_is_eight_bytes_and_says_what_it_was_given() {
        assert_eq!(std::mem::size_of::<Appearance>(), 8);
        let corpus = Corpus::from_sources([(
            "a.yaml".to_string(),
            Ok(
                b"title: T\ndate: 2024-01-01\nparticipants:\n  - name: Ada\n    role: Host\n"
                    .to_vec(),
            ),
        )]);
        let with = Appearance::new(0, Some(0)).expect("fits");
        assert_eq!((with.briefing(), with.role(&corpus)), (0, Some("Host")));
        let without = Appearance::new(0, None).expect("fits");
        assert_eq!(without.role(&corpus), None);
        // Only a participant's own place is one: the mark for none is not taken for one.
        assert_eq!(Appearance::new(0, Some(u32::MAX as usize)), None);
        if let Ok(past) = usize::try_from(u64::from(u32::MAX) + 1) {
            assert_eq!(Appearance::new(past, None), None);
        }
    }
}
