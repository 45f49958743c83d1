//! The game's content and rules, with no database, no HTTP and no async.
//!
//! The scenario bank and the game's texts are TOML files under `content/`,
//! embedded into the binary at build time. [`Bank::embedded`] parses and
//! validates them; [`round`] picks the scenarios of a clinic round from a
//! seed; [`grade`] turns a player's choice into a verdict with feedback.

mod bank;
mod error;
pub mod grade;
mod load;
mod model;
pub mod round;
pub mod validate;

pub use bank::Bank;
pub use error::{ContentError, ContentProblem};
pub use grade::{Grade, MAX_POINTS};
pub use model::{
    Choice, Concept, ConceptInfo, ConceptNote, FaqEntry, GameTexts, ReadingLink, Reference,
    Scenario, Verdict,
};
pub use round::{DEFAULT_ROUND_SIZE, MAX_ROUND_SIZE, PlannedScenario, RoundPlan};
