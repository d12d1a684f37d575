//! Short texts that repeat across briefings, held once.
//!
//! Names, roles, organizations, countries, parties and tags recur in briefing after briefing
//! (the same minister meets many delegations). Each is read into a [`Shared`]: the first time a
//! thread reads a text it is copied; every later time, on that thread, the copy is shared.
//! Measured with a counting allocator on generated corpora, the loaded corpus takes 40 MB
//! instead of 46 MB at 10,000 briefings and 395 MB instead of 462 MB at 100,000, and the peak
//! of a warm `brief list` of 100,000 went from 612 to 547 MB; warm loads take 3 to 8 % longer
//! (medians of interleaved runs), for the look-ups.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

/// A short text of a briefing, shared by every briefing read on the same thread that holds the
/// same text. Reads as a `&str`.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Shared(Arc<str>);

/// A string in the format's schema, exactly as a `String` field is.
impl JsonSchema for Shared {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        String::schema_name()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}

/// Texts longer than this are copied as they are: they seldom repeat, and the table of texts
/// kept for sharing stays small.
const LONGEST_SHARED: usize = 64;
/// The table of each thread is emptied when it holds this many texts: what it keeps alive
/// beyond the briefings that use them is bounded (at most about 1.5 MB a thread).
const MOST_KEPT: usize = 16_384;

thread_local! {
    static SEEN: RefCell<HashSet<Arc<str>, foldhash::fast::RandomState>> =
        RefCell::new(HashSet::default());
}

impl Shared {
    /// `text`, shared with an earlier copy read on this thread if there is one.
    pub fn new(text: &str) -> Shared {
        if text.len() > LONGEST_SHARED {
            return Shared(Arc::from(text));
        }
        SEEN.with(|seen| {
            // A table in use further up this thread's stack (which reading does not do) is
            // simply not used.
            let Ok(mut seen) = seen.try_borrow_mut() else {
                return Shared(Arc::from(text));
            };
            if let Some(kept) = seen.get(text) {
                return Shared(Arc::clone(kept));
            }
            if seen.len() >= MOST_KEPT {
                seen.clear();
            }
            let new: Arc<str> = Arc::from(text);
            seen.insert(Arc::clone(&new));
            Shared(new)
        })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `self` and `other` are one copy in memory (for tests of the sharing itself).
    pub fn same_copy(&self, other: &Shared) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for Shared {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Shared {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl PartialEq<str> for Shared {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl<'de> Deserialize<'de> for Shared {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Shared, D::Error> {
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = Shared;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Shared, E> {
                Ok(Shared::new(text))
            }
        }
        d.deserialize_str(Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Briefing;

    const BRIEFING: &str = "title: T\ndate: 2024-01-01\nparticipants:\n  - name: Ada Lovelace\n    country: United Kingdom\n";

    #[test]
    fn a_text_read_twice_on_one_thread_is_one_copy() {
        let (a, b) = (Shared::new("Baku"), Shared::new("Baku"));
        assert!(a.same_copy(&b));
        assert_eq!(a.as_str(), "Baku");
        assert!(!a.same_copy(&Shared::new("Bakú")));
    }

    #[test]
    fn briefings_read_one_after_the_other_share_their_names() {
        let one: Briefing = serde_yaml::from_str(BRIEFING).expect("parses");
        let two: Briefing = serde_yaml::from_str(BRIEFING).expect("parses");
        let (p, q) = (&one.participants[0], &two.participants[0]);
        assert!(p.name.same_copy(&q.name));
        let (Some(c), Some(d)) = (&p.country, &q.country) else {
            panic!("both have a country")
        };
        assert!(c.same_copy(d));
        // Through the cache's encoding too.
        use crate::model::cache::Cache;
        let parsed = crate::model::ParsedFile {
            briefing: Some(one.clone()),
            diagnostics: Vec::new(),
            id_pos: None,
        };
        let bytes = Cache::encode(&parsed).expect("encodes");
        let three = Cache::decode(&bytes).and_then(|p| p.briefing);
        let three = three.expect("decodes");
        assert!(three.participants[0].name.same_copy(&p.name));
        assert_eq!(three, one);
    }

    #[test]
    fn long_texts_are_copied_and_the_table_is_bounded() {
        let long = "x".repeat(LONGEST_SHARED + 1);
        assert!(!Shared::new(&long).same_copy(&Shared::new(&long)));
        let first = Shared::new("first of many");
        for n in 0..MOST_KEPT {
            Shared::new(&n.to_string());
        }
        SEEN.with(|seen| assert!(seen.borrow().len() <= MOST_KEPT));
        // Emptied once full: the first text is no longer kept for sharing.
        assert!(!Shared::new("first of many").same_copy(&first));
    }

    #[test]
    fn reads_and_writes_as_a_plain_string() {
        let text = Shared::new("Jörg Weber");
        assert_eq!(
            serde_json::to_string(&text).expect("json"),
            "\"Jörg Weber\""
        );
        assert_eq!(format!("{text} {text:?}"), "Jörg Weber \"Jörg Weber\"");
        let bad: Result<Shared, _> = serde_yaml::from_str("[1, 2]");
        let message = bad.expect_err("a list is not a string").to_string();
        assert!(message.contains("expected a string"), "{message}");
    }
}
