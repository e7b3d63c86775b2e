//! Rules about text that several domain types share.

use std::sync::LazyLock;

use regex::Regex;

/// Characters that show nothing: whitespace, format characters (zero-width space and joiners, the
/// word joiner, the byte-order mark, direction marks: category Cf) and the other code points that
/// Unicode says renderers ignore (fillers, variation selectors).
static INVISIBLE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\p{White_Space}\p{Cf}\p{Default_Ignorable_Code_Point}]*$").expect("a valid pattern")
});

/// Whether `text` would look empty on screen: only whitespace and invisible characters (or nothing).
pub fn looks_empty(text: &str) -> bool {
    INVISIBLE_ONLY.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_and_invisible_characters_look_empty() {
        for blank in [
            "",
            " \t\n",
            "\u{200B}",
            "\u{200B}\u{200C}\u{200D}",
            "\u{2060}",
            "\u{FEFF}",
            " \u{200E}\u{00AD} ",
            "\u{3164}",
            "\u{FE0F}",
        ] {
            assert!(looks_empty(blank), "{blank:?}");
        }
        for visible in ["a", "\u{200B}a", "😀", "\u{200D}x\u{200D}", "-"] {
            assert!(!looks_empty(visible), "{visible:?}");
        }
    }
}
