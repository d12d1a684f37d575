//! The index, prepared once at load time so that a keystroke costs only matching: every
//! briefing's fields in a few shared arrays, long text folded with word starts marked, short
//! fields as ids into a table of distinct strings. A reload of a few files indexes those
//! files alone, in a part of their own.

use chrono::NaiveDate;

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::{Briefing, Corpus, Entry};

use super::fields::{FieldRef, for_each_field};
use super::fold::{Run, fold_keep_case, fold_lower, runs};
use super::rule;

/// A long field: (field, its position in [`fields`], byte range in its briefing's text).
pub(super) type LongField = (FieldRef, u16, u32, u32);

/// Where one briefing's searchable fields are in the index's shared arrays.
#[derive(Debug, Clone)]
pub(super) struct DocSpan {
    /// The part of the index that holds them ([`SearchIndex::parts`]).
    pub(super) part: u32,
    pub(super) text: (usize, usize),
    pub(super) long: (usize, usize),
    pub(super) short: (usize, usize),
    /// The briefing's first and last day, so that `date:` terms need not touch the briefing.
    pub(super) days: (NaiveDate, NaiveDate),
}

/// One briefing's long fields, borrowed from the index: free text folded and lower-cased, with
/// the first letter of each word upper-cased (see [`mark_word_starts`]). Its short fields are
/// ids into its part's table of distinct strings ([`Part::strings`]), since names,
/// countries, organizations and kinds repeat across briefings.
pub(super) struct Doc<'a> {
    /// The part's whole long text and this briefing's range in it, sliced on demand (the
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

/// The fields of the briefings one build was given, in a few large arrays, so that a pass
/// reads memory front to back.
#[derive(Debug, Default)]
pub(super) struct Part {
    /// How many briefings it was built over (some may since have changed: see
    /// [`SearchIndex::patch`]).
    len: usize,
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

/// One briefing's fields made ready for a [`Part`], on any thread: its long fields folded and
/// marked, one after the other, and its short fields as written.
struct Prepared<'a> {
    /// The long fields' text, each followed by a line end.
    text: String,
    /// Its long fields, with their byte ranges in `text`.
    long: Vec<LongField>,
    initials: Vec<(u32, u32)>,
    short: Vec<(FieldRef, &'a str)>,
    days: (NaiveDate, NaiveDate),
}

impl<'a> Prepared<'a> {
    fn of(b: &'a Briefing) -> Prepared<'a> {
        let mut p = Prepared {
            text: String::new(),
            long: Vec::new(),
            initials: Vec::new(),
            short: Vec::new(),
            days: (b.date.0, b.end_date.unwrap_or(b.date).0),
        };
        let mut n = 0u16;
        for_each_field(b, |r, t| {
            if r.kind.is_long() {
                let start = p.text.len() as u32;
                let marked = mark_word_starts(&fold_lower(t), true);
                p.initials.push(letter_bits(&marked));
                p.text.push_str(&marked);
                p.long.push((r, n, start, p.text.len() as u32));
                // A separator no pattern contains, so that no match spans two fields.
                p.text.push('\n');
            } else {
                p.short.push((r, t));
            }
            n = n.wrapping_add(1);
        });
        p
    }
}

/// Briefings prepared at once, on every core, while the batch before is put in the part: few
/// enough that their folded text is small beside the part's.
const PREPARED_AT_ONCE: usize = 1024;

impl Part {
    /// The part holding `briefings`, and where each one's fields are in it (as part `number`).
    /// Folding and marking the text, most of the work, is done on every core, a batch at a
    /// time; the strings are given ids on this thread, in briefing order, as the batches come.
    fn build<'a>(
        number: u32,
        briefings: impl Iterator<Item = &'a Briefing>,
    ) -> (Part, Vec<DocSpan>) {
        use rayon::prelude::*;
        let briefings: Vec<&Briefing> = briefings.collect();
        let mut part = Part::default();
        // Sized from the fields as written (folding seldom changes a length): arrays grown by
        // doubling would hold up to twice the index at the moment they are copied.
        let (text, long, short) = briefings
            .par_iter()
            .map(|b| {
                let mut size = (0, 0, 0);
                for_each_field(b, |r, t| {
                    if r.kind.is_long() {
                        size = (size.0 + t.len() + 1, size.1 + 1, size.2);
                    } else {
                        size.2 += 1;
                    }
                });
                size
            })
            .reduce(|| (0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2));
        part.long_text.reserve_exact(text);
        part.long.reserve_exact(long);
        part.initials.reserve_exact(long);
        part.short_ids.reserve_exact(short);
        part.short_refs.reserve_exact(short);
        let mut spans = Vec::with_capacity(briefings.len());
        let mut ids: HashMap<&str, u32, foldhash::fast::RandomState> = HashMap::default();
        let mut add = |prepared: Vec<Prepared<'a>>| {
            for p in prepared {
                part.add(p, number, &mut ids, &mut spans);
            }
        };
        let mut pending: Vec<Prepared> = Vec::new();
        for batch in briefings.chunks(PREPARED_AT_ONCE) {
            let ((), next) = rayon::join(
                || add(std::mem::take(&mut pending)),
                || batch.par_iter().map(|b| Prepared::of(b)).collect(),
            );
            pending = next;
        }
        add(pending);
        part.len = spans.len();
        part.long_text.shrink_to_fit();
        part.long.shrink_to_fit();
        part.initials.shrink_to_fit();
        part.short_ids.shrink_to_fit();
        part.short_refs.shrink_to_fit();
        (part, spans)
    }

    /// Puts one prepared briefing at the end of the part: its text copied, its short fields
    /// given the ids of their strings (new strings are folded here, once each).
    fn add<'a>(
        &mut self,
        p: Prepared<'a>,
        number: u32,
        ids: &mut HashMap<&'a str, u32, foldhash::fast::RandomState>,
        spans: &mut Vec<DocSpan>,
    ) {
        let (text_start, long_start, short_start) =
            (self.long_text.len(), self.long.len(), self.short_ids.len());
        self.long_text.push_str(&p.text);
        self.long.extend(p.long);
        self.initials.extend(p.initials);
        for (r, t) in p.short {
            let id = *ids.entry(t).or_insert_with(|| {
                let folded = fold_lower(t);
                self.string_letters.push(rule::letter_mask(&folded));
                self.strings.push(folded.into());
                self.strings_case.push(fold_keep_case(t).into());
                self.string_kinds.push(0);
                self.strings.len() as u32 - 1
            });
            self.string_kinds[id as usize] |= kind_bit(r.kind);
            self.short_ids.push(id);
            self.short_refs.push(r);
        }
        spans.push(DocSpan {
            part: number,
            text: (text_start, self.long_text.len()),
            long: (long_start, self.long.len()),
            short: (short_start, self.short_ids.len()),
            days: p.days,
        });
    }

    fn heap_bytes(&self) -> usize {
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
            + self.string_kinds.capacity() * size_of::<u32>()
            + strings
    }
}

/// Prepared at load time so that a keystroke costs only matching: for each briefing, in corpus
/// order, where its fields are in one of a few parts. A full build makes one part; a reload
/// that changed a few files adds a part for those alone and shares the rest ([`Self::patch`]).
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    pub(super) docs: Vec<DocSpan>,
    pub(super) parts: Vec<Arc<Part>>,
}

/// Parts kept before the index is put in one piece: a first load adds one per batch of
/// files (batches double in size: 7 parts at 100,000 briefings), and each reload one more.
const MOST_PARTS: usize = 16;

impl SearchIndex {
    pub fn build(corpus: &Corpus) -> SearchIndex {
        let (part, docs) = Part::build(0, corpus.briefings.iter().map(|e| &e.briefing));
        SearchIndex {
            docs,
            parts: vec![Arc::new(part)],
        }
    }

    /// The index of `corpus`, given this index of `previous`: the briefings the two share (the
    /// same `Arc`, as [`Corpus::patch`] and the parts of a load keep them) keep their place in
    /// this index's parts, and only the others are read, into a new part. The same as
    /// [`Self::build`] for every search. Put in one piece ([`Self::in_one_piece`]), which
    /// copies rather than reads the briefings, when the parts would be more than
    /// [`MOST_PARTS`], or when the briefings gone that they still hold are more than a quarter
    /// of those in `corpus`.
    pub fn patch(&self, previous: &Corpus, corpus: &Corpus) -> SearchIndex {
        if self.docs.len() != previous.briefings.len() {
            return SearchIndex::build(corpus);
        }
        let was: std::collections::HashMap<*const Entry, usize> = previous
            .briefings
            .iter()
            .enumerate()
            .map(|(n, e)| (Arc::as_ptr(e), n))
            .collect();
        let kept: Vec<Option<usize>> = corpus
            .briefings
            .iter()
            .map(|e| was.get(&Arc::as_ptr(e)).copied())
            .collect();
        let mut live = vec![0usize; self.parts.len()];
        for n in kept.iter().flatten() {
            live[self.docs[*n].part as usize] += 1;
        }
        let held: usize = self.parts.iter().map(|p| p.len).sum();
        let gone = held - live.iter().sum::<usize>();
        // Parts nothing refers to any longer are let go; the rest are numbered anew.
        let mut number = vec![u32::MAX; self.parts.len()];
        let mut parts = Vec::new();
        for (p, part) in self.parts.iter().enumerate() {
            if live[p] > 0 {
                number[p] = parts.len() as u32;
                parts.push(Arc::clone(part));
            }
        }
        let (part, spans) = Part::build(
            parts.len() as u32,
            corpus
                .briefings
                .iter()
                .zip(&kept)
                .filter(|(_, k)| k.is_none())
                .map(|(e, _)| &e.briefing),
        );
        if part.len > 0 {
            parts.push(Arc::new(part));
        }
        let mut spans = spans.into_iter();
        let mut docs = Vec::with_capacity(kept.len());
        for k in &kept {
            let span = match k {
                Some(n) => {
                    let mut span = self.docs[*n].clone();
                    span.part = number[span.part as usize];
                    span
                }
                // One span was made for each briefing not kept.
                None => match spans.next() {
                    Some(span) => span,
                    None => return SearchIndex::build(corpus),
                },
            };
            docs.push(span);
        }
        let patched = SearchIndex { docs, parts };
        if patched.parts.len() > MOST_PARTS || gone > corpus.briefings.len() / 4 {
            return patched.in_one_piece();
        }
        patched
    }

    /// This index in one part, for faster searches (a first load leaves one part per batch of
    /// files): each briefing's fields copied from its part, in corpus order, with no briefing
    /// read or folded again. A search over it gives what one over [`Self::build`] gives; a
    /// string that two parts both hold is held once.
    pub fn in_one_piece(&self) -> SearchIndex {
        // One part that holds no briefing gone is one piece already.
        if self.parts.len() <= 1 && self.parts.iter().all(|p| p.len == self.docs.len()) {
            return self.clone();
        }
        let mut part = Part::default();
        let (text, long, short) = self.docs.iter().fold((0, 0, 0), |(t, l, s), d| {
            (
                t + d.text.1 - d.text.0,
                l + d.long.1 - d.long.0,
                s + d.short.1 - d.short.0,
            )
        });
        part.long_text.reserve_exact(text);
        part.long.reserve_exact(long);
        part.initials.reserve_exact(long);
        part.short_ids.reserve_exact(short);
        part.short_refs.reserve_exact(short);
        // Each part's string ids to the new ones, found once per string a briefing still uses.
        let mut renumbered: Vec<Vec<u32>> = self
            .parts
            .iter()
            .map(|p| vec![u32::MAX; p.strings.len()])
            .collect();
        let mut ids: HashMap<&str, u32, foldhash::fast::RandomState> = HashMap::default();
        let mut docs = Vec::with_capacity(self.docs.len());
        for span in &self.docs {
            let from = self.part(span);
            let (text_start, long_start, short_start) =
                (part.long_text.len(), part.long.len(), part.short_ids.len());
            part.long_text
                .push_str(&from.long_text[span.text.0..span.text.1]);
            part.long
                .extend_from_slice(&from.long[span.long.0..span.long.1]);
            part.initials
                .extend_from_slice(&from.initials[span.long.0..span.long.1]);
            let renumbered = &mut renumbered[span.part as usize];
            for n in span.short.0..span.short.1 {
                let (old, r) = (from.short_ids[n] as usize, from.short_refs[n]);
                if renumbered[old] == u32::MAX {
                    renumbered[old] = *ids.entry(&from.strings_case[old]).or_insert_with(|| {
                        part.strings.push(from.strings[old].clone());
                        part.strings_case.push(from.strings_case[old].clone());
                        part.string_letters.push(from.string_letters[old]);
                        part.string_kinds.push(0);
                        part.strings.len() as u32 - 1
                    });
                }
                let id = renumbered[old];
                part.string_kinds[id as usize] |= kind_bit(r.kind);
                part.short_ids.push(id);
                part.short_refs.push(r);
            }
            docs.push(DocSpan {
                part: 0,
                text: (text_start, part.long_text.len()),
                long: (long_start, part.long.len()),
                short: (short_start, part.short_ids.len()),
                days: span.days,
            });
        }
        part.len = docs.len();
        SearchIndex {
            docs,
            parts: vec![Arc::new(part)],
        }
    }

    /// The part that holds a briefing's fields.
    pub(super) fn part(&self, span: &DocSpan) -> &Part {
        &self.parts[span.part as usize]
    }

    pub(super) fn doc(&self, span: &DocSpan) -> Doc<'_> {
        let part = self.part(span);
        Doc {
            all_text: &part.long_text,
            text: span.text,
            long: &part.long[span.long.0..span.long.1],
            initials: &part.initials[span.long.0..span.long.1],
        }
    }

    /// One briefing's short fields: ids in its part's table of distinct strings, and beside
    /// them the fields that hold them, so that a pass reads the ids and looks at a field only
    /// when its string matched.
    pub(super) fn short(&self, span: &DocSpan) -> (&[u32], &[FieldRef]) {
        let part = self.part(span);
        (
            &part.short_ids[span.short.0..span.short.1],
            &part.short_refs[span.short.0..span.short.1],
        )
    }

    /// How many parts it is in (one after a full build).
    pub fn parts(&self) -> usize {
        self.parts.len()
    }

    /// Bytes held by the index, for comparing with the size of the YAML it came from.
    pub fn heap_bytes(&self) -> usize {
        self.parts.iter().map(|p| p.heap_bytes()).sum::<usize>()
            + self.docs.capacity() * std::mem::size_of::<DocSpan>()
    }
}

/// Upper-cases the ASCII letters that start a word (after a character that is not a letter or
/// digit; `first_is_start` says whether the text's first character counts as such). In the
/// index's long text this marks word starts in the text itself, so that a word-prefix search
/// is one substring search for the marked pattern: hits only where a word starts, instead of
/// every occurrence (an `e` is in every other word).
pub fn mark_word_starts(text: &str, first_is_start: bool) -> String {
    // Built for every briefing's text, so runs of ASCII are marked a byte at a time; other
    // characters are copied as they are.
    let mut out = Vec::with_capacity(text.len());
    let mut at_start = first_is_start;
    for run in runs(text) {
        match run {
            Run::Ascii(ascii) => out.extend(ascii.bytes().map(|b| {
                let marked = if at_start { b.to_ascii_uppercase() } else { b };
                at_start = !b.is_ascii_alphanumeric();
                marked
            })),
            Run::Other(c) => {
                out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                at_start = !c.is_alphanumeric();
            }
        }
    }
    // Only ASCII bytes were changed, each to an ASCII byte: the text is still UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The bit of a field kind in [`SearchIndex::string_kinds`].
pub(super) fn kind_bit(kind: super::fields::FieldKind) -> u32 {
    1 << (kind as u32)
}

/// The bit of an upper-case ASCII letter (a marked word start), or 0.
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Word starts marked a character at a time: what [`mark_word_starts`] must agree with.
    fn mark_each_character(text: &str, first_is_start: bool) -> String {
        let mut out = String::new();
        let mut at_start = first_is_start;
        for c in text.chars() {
            out.push(if at_start { c.to_ascii_uppercase() } else { c });
            at_start = !c.is_alphanumeric();
        }
        out
    }

    #[test]
    fn word_starts_are_marked_after_any_character_that_is_not_a_letter_or_digit() {
        assert_eq!(
            mark_word_starts("jörg-ale x2y é.b", true),
            "Jörg-Ale X2y é.B"
        );
        assert_eq!(mark_word_starts("ab cd", false), "ab Cd");
        assert_eq!(mark_word_starts("éa ña", true), "éa ña");
    }

    proptest::proptest! {
        #[test]
        fn marking_in_place_is_marking_each_character(
            text in "\\PC*|[ -~\u{C0}-\u{24F}\u{370}-\u{3FF}岸윤٣]*",
            first_is_start: bool,
        ) {
            proptest::prop_assert_eq!(
                mark_word_starts(&text, first_is_start),
                mark_each_character(&text, first_is_start)
            );
        }
    }
}
