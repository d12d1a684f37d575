//! Folding text for matching: diacritics removed (`Jörg` → `Jorg`), Latin letters that do not
//! decompose transliterated (`ð` → `d`, `þ` → `th`, `æ` → `ae`, `ß` → `ss`, through deunicode),
//! optionally lower-cased. A character may fold to several (`þ` → `th`), so the folded text comes
//! with a map back to the original characters for highlighting.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// What one character folds to.
enum Folded {
    One(char),
    Several(&'static str),
}

/// One character folded: its base letter when it decomposes into a base and combining marks
/// (`é`, `ş`, `İ`); a Latin letter that does not decompose, transliterated (`ø`, `ł`, `đ`, `ı`,
/// `ð`, `þ`, `æ`, `ß`, `œ`); else itself. Other scripts are kept as they are (Hangul syllables
/// are not split into jamo, CJK is not romanized).
fn fold_one(c: char) -> Folded {
    if c.is_ascii() {
        return Folded::One(c);
    }
    let mut parts = std::iter::once(c).nfd();
    if let Some(base) = parts.next()
        && base != c
        && parts.all(is_combining_mark)
    {
        return Folded::One(base);
    }
    let latin = matches!(u32::from(c), 0x00C0..=0x024F | 0x1E00..=0x1EFF);
    if latin
        && let Some(ascii) = deunicode::deunicode_char(c)
        && !ascii.is_empty()
        && ascii.chars().all(|a| a.is_ascii_alphabetic())
    {
        let mut chars = ascii.chars();
        return match (chars.next(), chars.next()) {
            (Some(one), None) => Folded::One(one),
            _ => Folded::Several(ascii),
        };
    }
    Folded::One(c)
}

/// Folds `text` with `each` applied to every character out, and the map from each character out
/// to the character in that it came from.
fn fold_with(text: &str, each: impl Fn(char) -> char) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        match fold_one(c) {
            Folded::One(f) => {
                out.push(each(f));
                map.push(i);
            }
            Folded::Several(s) => {
                for f in s.chars() {
                    out.push(each(f));
                    map.push(i);
                }
            }
        }
    }
    (out, map)
}

fn lower(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// Folded and lower-cased: what queries without capitals are matched against.
pub fn fold_lower(text: &str) -> String {
    fold_runs(text, true)
}

/// Folded, case kept: what queries with capitals (smart case) are matched against.
pub fn fold_keep_case(text: &str) -> String {
    fold_runs(text, false)
}

/// The text of [`fold_with`] without the map. Every briefing's text is folded as the index is
/// built, so runs of ASCII, which fold to themselves, are copied a run at a time.
fn fold_runs(text: &str, lower_case: bool) -> String {
    let each = if lower_case { lower } else { |c| c };
    let mut out = String::with_capacity(text.len());
    for run in runs(text) {
        match run {
            Run::Ascii(ascii) => {
                let start = out.len();
                out.push_str(ascii);
                if lower_case {
                    out[start..].make_ascii_lowercase();
                }
            }
            Run::Other(c) => match fold_one(c) {
                Folded::One(f) => out.push(each(f)),
                Folded::Several(s) => out.extend(s.chars().map(each)),
            },
        }
    }
    out
}

/// A piece of a text as [`runs`] cuts it.
pub(super) enum Run<'a> {
    /// Characters that are all ASCII, as many as there are in a row.
    Ascii(&'a str),
    /// One character that is not.
    Other(char),
}

/// A text as runs of ASCII and the characters between them, so that a pass over every
/// briefing's text can treat ASCII, nearly all of it, a run at a time.
pub(super) fn runs(text: &str) -> impl Iterator<Item = Run<'_>> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        if ascii > 0 {
            let (run, after) = rest.split_at(ascii);
            rest = after;
            return Some(Run::Ascii(run));
        }
        let mut chars = rest.chars();
        let c = chars.next()?;
        rest = chars.as_str();
        Some(Run::Other(c))
    })
}

/// [`fold_lower`] with the map from folded characters to original ones.
pub fn fold_lower_mapped(text: &str) -> (String, Vec<usize>) {
    fold_with(text, lower)
}

/// [`fold_keep_case`] with the map from folded characters to original ones.
pub fn fold_keep_case_mapped(text: &str) -> (String, Vec<usize>) {
    fold_with(text, |c| c)
}

/// Smart case: a pattern with a capital letter matches case-sensitively.
pub fn has_upper(text: &str) -> bool {
    text.chars().any(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The run-at-a-time fold gives what folding character by character gives.
        #[test]
        fn folding_runs_of_ascii_at_once_is_folding_each_character(
            text in "\\PC*|[ -~\u{C0}-\u{24F}\u{300}-\u{36F}\u{1E00}-\u{1EFF}\u{370}-\u{3FF}ǅİıßþ岸윤]*"
        ) {
            proptest::prop_assert_eq!(fold_lower(&text), fold_lower_mapped(&text).0);
            proptest::prop_assert_eq!(fold_keep_case(&text), fold_keep_case_mapped(&text).0);
        }
    }

    #[test]
    fn diacritics_fold_to_their_base_letter() {
        assert_eq!(
            fold_lower("Jörg Brasília Erdoğan İlham Əliyev São Paulo Łódź"),
            "jorg brasilia erdogan ilham əliyev sao paulo lodz"
        );
        assert_eq!(fold_keep_case("Jörg"), "Jorg");
    }

    #[test]
    fn latin_letters_that_do_not_decompose_are_transliterated() {
        assert_eq!(
            fold_lower("Guðlaugur Þór Þórðarson Ærø Straße Đorđe Kırıkkale Łódź œuvre"),
            "gudlaugur thor thordarson aero strasse dorde kirikkale lodz oeuvre"
        );
        assert_eq!(fold_lower("ǅemal"), "dzemal");
        let (folded, map) = fold_lower_mapped("Þór");
        assert_eq!(folded, "thor");
        assert_eq!(map, [0, 0, 1, 2]);
    }

    #[test]
    fn other_scripts_keep_one_character_out_for_each_in() {
        for text in ["岸田文雄 윤석열 Ἀθῆναι FIne İ", "Նիկոլ Փաշինյան", "Jörg"]
        {
            assert_eq!(
                fold_lower(text).chars().count(),
                text.chars().count(),
                "{text}"
            );
        }
        // Hangul is not decomposed into its jamo.
        assert_eq!(fold_lower("윤석열"), "윤석열");
    }
}
