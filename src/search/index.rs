//! The index, prepared once at load time so that a keystroke costs only matching: every
//! briefing's fields in a few shared arrays, long text folded with word starts marked, short
//! fields as ids into a table of distinct strings.

use chrono::NaiveDate;

use crate::model::Corpus;

use super::fields::{FieldRef, fields};
use super::fold::{fold_keep_case, fold_lower};
use super::rule;

/// A long field: (field, its position in [`fields`], byte range in its briefing's text).
pub(super) type LongField = (FieldRef, u16, u32, u32);

/// Where one briefing's searchable fields are in the index's shared arrays.
#[derive(Debug, Clone)]
pub(super) struct DocSpan {
    pub(super) text: (usize, usize),
    pub(super) long: (usize, usize),
    pub(super) short: (usize, usize),
    /// The briefing's first and last day, so that `date:` terms need not touch the briefing.
    pub(super) days: (NaiveDate, NaiveDate),
}

/// One briefing's long fields, borrowed from the index: free text folded and lower-cased, with
/// the first letter of each word upper-cased (see [`mark_word_starts`]). Its short fields are
/// ids into the index's table of distinct strings ([`SearchIndex::short`]), since names,
/// countries, organizations and kinds repeat across briefings.
pub(super) struct Doc<'a> {
    /// The index's whole long text and this briefing's range in it, sliced on demand (the
    /// slice's character-boundary checks read the text, which a one-letter pattern never needs).
    all_text: &'a str,
    text: (usize, usize),
    pub(super) long: &'a [LongField],
    /// For each long field, the ASCII letters that start one of its words, and the letters it
    /// has anywhere, as bits: a one-letter query needs no scan of the text at all.
    pub(super) initials: &'a [(u32, u32)],
}

impl<'a> Doc<'a> {
    pub(super) fn long_text(&self) -> &'a str {
        &self.all_text[self.text.0..self.text.1]
    }

    /// The same as bytes: slicing them reads nothing of the text.
    pub(super) fn long_bytes(&self) -> &'a [u8] {
        &self.all_text.as_bytes()[self.text.0..self.text.1]
    }
}

/// Prepared at load time so that a keystroke costs only matching. All briefings' fields sit
/// in a few large arrays, in corpus order, so that a pass reads memory front to back.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    pub(super) docs: Vec<DocSpan>,
    long_text: String,
    long: Vec<LongField>,
    initials: Vec<(u32, u32)>,
    short_ids: Vec<u32>,
    short_refs: Vec<FieldRef>,
    /// Distinct short field texts, folded and lower-cased.
    pub(super) strings: Vec<Box<str>>,
    /// The same, folded with case kept (for smart case).
    pub(super) strings_case: Vec<Box<str>>,
    /// For each distinct string, the kinds of field it appears in, as bits of [`kind_bit`]: a
    /// scoped term (`country:`) scores only the strings its fields hold.
    pub(super) string_kinds: Vec<u32>,
    /// For each distinct string, [`rule::letter_mask`] of its folded text: most strings are
    /// ruled out for a pattern by one comparison ([`rule::may_match`]).
    pub(super) string_letters: Vec<u64>,
}

impl SearchIndex {
    pub fn build(corpus: &Corpus) -> SearchIndex {
        let mut ids: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        let mut index = SearchIndex::default();
        for e in &corpus.briefings {
            let b = &e.briefing;
            let (text_start, long_start, short_start) = (
                index.long_text.len(),
                index.long.len(),
                index.short_ids.len(),
            );
            for (n, (r, t)) in fields(b).into_iter().enumerate() {
                if r.kind.is_long() {
                    let start = (index.long_text.len() - text_start) as u32;
                    let marked = mark_word_starts(&fold_lower(t), true);
                    index.initials.push(letter_bits(&marked));
                    index.long_text.push_str(&marked);
                    index.long.push((
                        r,
                        n as u16,
                        start,
                        (index.long_text.len() - text_start) as u32,
                    ));
                    // A separator no pattern contains, so that no match spans two fields.
                    index.long_text.push('\n');
                } else {
                    let id = *ids.entry(t).or_insert_with(|| {
                        let folded = fold_lower(t);
                        index.string_letters.push(rule::letter_mask(&folded));
                        index.strings.push(folded.into());
                        index.strings_case.push(fold_keep_case(t).into());
                        index.string_kinds.push(0);
                        index.strings.len() as u32 - 1
                    });
                    index.string_kinds[id as usize] |= kind_bit(r.kind);
                    index.short_ids.push(id);
                    index.short_refs.push(r);
                }
            }
            index.docs.push(DocSpan {
                text: (text_start, index.long_text.len()),
                long: (long_start, index.long.len()),
                short: (short_start, index.short_ids.len()),
                days: (b.date.0, b.end_date.unwrap_or(b.date).0),
            });
        }
        index.long_text.shrink_to_fit();
        index.long.shrink_to_fit();
        index.initials.shrink_to_fit();
        index.short_ids.shrink_to_fit();
        index.short_refs.shrink_to_fit();
        index
    }

    pub(super) fn doc(&self, span: &DocSpan) -> Doc<'_> {
        Doc {
            all_text: &self.long_text,
            text: span.text,
            long: &self.long[span.long.0..span.long.1],
            initials: &self.initials[span.long.0..span.long.1],
        }
    }

    /// One briefing's short fields: ids in the table of distinct strings, and beside them the
    /// fields that hold them, so that a pass reads the ids and looks at a field only when its
    /// string matched.
    pub(super) fn short(&self, span: &DocSpan) -> (&[u32], &[FieldRef]) {
        (
            &self.short_ids[span.short.0..span.short.1],
            &self.short_refs[span.short.0..span.short.1],
        )
    }

    /// Bytes held by the index, for comparing with the size of the YAML it came from.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        let strings: usize = self
            .strings
            .iter()
            .chain(&self.strings_case)
            .map(|s| s.len() + size_of::<Box<str>>())
            .sum();
        self.long_text.capacity()
            + self.long.capacity() * size_of::<LongField>()
            + self.initials.capacity() * size_of::<(u32, u32)>()
            + self.short_ids.capacity() * size_of::<u32>()
            + self.short_refs.capacity() * size_of::<FieldRef>()
            + self.string_letters.capacity() * size_of::<u64>()
            + self.docs.capacity() * size_of::<DocSpan>()
            + self.string_kinds.capacity() * size_of::<u32>()
            + strings
    }
}

/// Upper-cases the ASCII letters that start a word (after a character that is not a letter or
/// digit; `first_is_start` says whether the text's first character counts as such). In the
/// index's long text this marks word starts in the text itself, so that a word-prefix search
/// is one substring search for the marked pattern: hits only where a word starts, instead of
/// every occurrence (an `e` is in every other word).
pub fn mark_word_starts(text: &str, first_is_start: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at_start = first_is_start;
    for c in text.chars() {
        out.push(if at_start { c.to_ascii_uppercase() } else { c });
        at_start = !c.is_alphanumeric();
    }
    out
}

/// The bit of an upper-case ASCII letter (a marked word start), or 0.
/// The bit of a field kind in [`SearchIndex::string_kinds`].
pub(super) fn kind_bit(kind: super::fields::FieldKind) -> u32 {
    1 << (kind as u32)
}

pub(super) fn initial_bit(b: u8) -> u32 {
    if b.is_ascii_uppercase() {
        1 << (b - b'A')
    } else {
        0
    }
}

/// The initials (upper-case, marked word starts) and all letters present in marked text.
fn letter_bits(marked: &str) -> (u32, u32) {
    marked.bytes().fold((0, 0), |(initials, all), b| {
        (
            initials | initial_bit(b),
            all | initial_bit(b.to_ascii_uppercase()),
        )
    })
}
