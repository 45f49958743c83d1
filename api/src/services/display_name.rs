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
