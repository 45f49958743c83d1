//! Display names for the public leaderboard, validated before anything is
//! stored. A refused name says why, in words a player can act on.

use rustrict::CensorStr;
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
use unicode_segmentation::UnicodeSegmentation;

/// The fewest grapheme clusters a name may have.
pub const MIN_GRAPHEMES: usize = 2;
/// The most grapheme clusters a name may have.
pub const MAX_GRAPHEMES: usize = 24;
/// The longest raw input looked at, in bytes, before any other work.
const MAX_INPUT_BYTES: usize = 512;

/// A name fit for the public board: trimmed, NFC, 2-24 graphemes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

/// Why a name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// Nothing but spaces, or nothing at all.
    #[error("the display name is empty")]
    Empty,
    /// Fewer than two characters.
    #[error("the display name must be at least {MIN_GRAPHEMES} characters long")]
    TooShort,
    /// More than 24 characters.
    #[error("the display name must be at most {MAX_GRAPHEMES} characters long")]
    TooLong,
    /// A control, format or invisible character.
    #[error("the display name contains an invisible or control character (U+{0:04X})")]
    Invisible(u32),
    /// Whitespace other than a plain space.
    #[error("the display name may only use plain spaces between words")]
    OddSpace,
    /// No letter or digit.
    #[error("the display name needs at least one letter or digit")]
    NoLetters,
    /// Caught by the profanity filter.
    #[error("the display name is not allowed on a public board; choose another")]
    Inappropriate,
}

impl DisplayName {
    /// Validates and normalises a raw name.
    pub fn parse(raw: &str) -> Result<DisplayName, NameError> {
        if raw.len() > MAX_INPUT_BYTES {
            return Err(NameError::TooLong);
        }

        let normalised: String = raw.trim().nfc().collect();
        if normalised.is_empty() {
            return Err(NameError::Empty);
        }

        for c in normalised.chars() {
            if is_invisible(c) {
                return Err(NameError::Invisible(c as u32));
            }
            if c.is_whitespace() && c != ' ' {
                return Err(NameError::OddSpace);
            }
        }

        let collapsed = normalised
            .split(' ')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let length = collapsed.graphemes(true).count();
        if length < MIN_GRAPHEMES {
            return Err(NameError::TooShort);
        }
        if length > MAX_GRAPHEMES {
            return Err(NameError::TooLong);
        }
        if !collapsed.chars().any(char::is_alphanumeric) {
            return Err(NameError::NoLetters);
        }
        if collapsed.as_str().is_inappropriate() {
            return Err(NameError::Inappropriate);
        }

        Ok(DisplayName(collapsed))
    }

    /// The normalised name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Control and format characters, and the blanks that render as nothing.
fn is_invisible(c: char) -> bool {
    let category = c.general_category();
    matches!(
        category,
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::Unassigned
            | GeneralCategory::PrivateUse
            | GeneralCategory::Surrogate
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
    ) || matches!(
        c,
        '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' | '\u{2800}' | '\u{034F}'
    ) || ('\u{FE00}'..='\u{FE0F}').contains(&c)
        || ('\u{E0100}'..='\u{E01EF}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_names_are_trimmed_normalised_and_their_spaces_collapsed() {
        assert_eq!(DisplayName::parse("  Ada  ").unwrap().as_str(), "Ada");
        assert_eq!(
            DisplayName::parse("Zoe\u{0308}").unwrap().as_str(),
            "Zo\u{00EB}"
        );
        assert_eq!(
            DisplayName::parse("Grace   Hopper").unwrap().as_str(),
            "Grace Hopper"
        );
        assert_eq!(DisplayName::parse("李小龙").unwrap().as_str(), "李小龙");
    }

    #[test]
    fn length_counts_graphemes_not_bytes() {
        let family = "👨\u{200D}👩\u{200D}👧";
        assert_eq!(
            DisplayName::parse(&format!("{family}{family}")),
            Err(NameError::Invisible(0x200D))
        );
        assert!(DisplayName::parse(&"é".repeat(24)).is_ok());
        assert_eq!(DisplayName::parse(&"é".repeat(25)), Err(NameError::TooLong));
    }

    #[test]
    fn each_refusal_has_its_own_reason() {
        assert_eq!(DisplayName::parse("   "), Err(NameError::Empty));
        assert_eq!(DisplayName::parse("A"), Err(NameError::TooShort));
        assert_eq!(
            DisplayName::parse("evil\u{202E}exe"),
            Err(NameError::Invisible(0x202E))
        );
        assert_eq!(DisplayName::parse("a\u{3000}b"), Err(NameError::OddSpace));
        assert_eq!(DisplayName::parse("?!?!"), Err(NameError::NoLetters));
        assert_eq!(DisplayName::parse("fuck"), Err(NameError::Inappropriate));
    }
}
