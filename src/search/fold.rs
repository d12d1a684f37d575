//! Folding text for matching: diacritics removed (`Jörg` → `Jorg`), optionally lower-cased,
//! one character out for every character in, so that match positions in folded text are
//! positions in the original.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// One character folded: its base letter when it decomposes into a base and combining marks
/// (`é`, `ş`, `İ`), a few letters that do not decompose (`ø`, `ł`, `đ`, `ı`), else itself.
/// Hangul syllables and other decompositions into several letters are kept whole.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    match c {
        'ø' => return 'o',
        'Ø' => return 'O',
        'ł' => return 'l',
        'Ł' => return 'L',
        'đ' => return 'd',
        'Đ' => return 'D',
        'ı' => return 'i',
        _ => {}
    }
    let mut parts = std::iter::once(c).nfd();
    match parts.next() {
        Some(base) if parts.all(is_combining_mark) => base,
        _ => c,
    }
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
    text.chars().map(|c| lower(fold_char(c))).collect()
}

/// Folded, case kept: what queries with capitals (smart case) are matched against.
pub fn fold_keep_case(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// Smart case: a pattern with a capital letter matches case-sensitively.
pub fn has_upper(text: &str) -> bool {
    text.chars().any(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diacritics_fold_to_their_base_letter() {
        assert_eq!(
            fold_lower("Jörg Brasília Erdoğan İlham Əliyev São Paulo Łódź"),
            "jorg brasilia erdogan ilham əliyev sao paulo lodz"
        );
        assert_eq!(fold_keep_case("Jörg"), "Jorg");
    }

    #[test]
    fn one_character_out_for_each_in() {
        for text in ["岸田文雄 윤석열 Ἀθῆναι FIne ǅ İ", "Նիկոլ Փաշինյան", "Jörg"]
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
