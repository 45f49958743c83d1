//! The shapes of the content: scenarios, their choices and the game's texts.

use serde::Deserialize;

/// The three ideas the game teaches, one family per scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Concept {
    /// The operation's effect is the same however often it runs.
    NaturalIdempotency,
    /// A client-chosen key with the first result stored and replayed.
    IdempotencyKey,
    /// Transactions and database constraints that keep competing requests apart.
    Consistency,
}

impl Concept {
    /// Every family, in the order the game presents them.
    pub const ALL: [Concept; 3] = [
        Concept::NaturalIdempotency,
        Concept::IdempotencyKey,
        Concept::Consistency,
    ];

    /// The snake_case name used in content files and stored rows.
    pub fn as_str(self) -> &'static str {
        match self {
            Concept::NaturalIdempotency => "natural_idempotency",
            Concept::IdempotencyKey => "idempotency_key",
            Concept::Consistency => "consistency",
        }
    }
}

/// How safe a choice is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The right behaviour: full points.
    Safe,
    /// Half right: some points, and the safer pattern is shown.
    Partial,
    /// Creates duplicates or loses data: minimal points and the safer pattern.
    Unsafe,
}

impl Verdict {
    /// The snake_case name used in content files and stored rows.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Safe => "safe",
            Verdict::Partial => "partial",
            Verdict::Unsafe => "unsafe",
        }
    }

    /// Parses the stored snake_case name back.
    pub fn parse(value: &str) -> Option<Verdict> {
        match value {
            "safe" => Some(Verdict::Safe),
            "partial" => Some(Verdict::Partial),
            "unsafe" => Some(Verdict::Unsafe),
            _ => None,
        }
    }
}

/// A link to a public reference.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// What the reader will find there.
    pub title: String,
    /// An absolute https URL.
    pub url: String,
}

/// One possible server behaviour in a scenario.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// `a` to `d`, stable within its scenario.
    pub id: String,
    /// The behaviour as the player reads it.
    pub text: String,
    /// How safe it is; never shown before the player answers.
    pub verdict: Verdict,
    /// Why it is safe, partly safe or unsafe.
    pub explanation: String,
}

/// A backend operation, its retry story and the behaviours to choose from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Stable slug, unique across the bank.
    pub id: String,
    /// A short headline.
    pub title: String,
    /// The operation, e.g. `POST /payments`.
    pub operation: String,
    /// What happened and what arrives next.
    pub story: String,
    /// The idea this scenario teaches.
    pub concept: Concept,
    /// 1 (basic) to 3 (subtle).
    pub difficulty: u8,
    /// Situation and domain tags.
    pub tags: Vec<String>,
    /// The pattern to use, shown with the feedback.
    pub safer_pattern: String,
    /// Public references for further reading.
    #[serde(default, rename = "reference")]
    pub references: Vec<Reference>,
    /// Three or four behaviours, in file order.
    #[serde(rename = "choice")]
    pub choices: Vec<Choice>,
}

impl Scenario {
    /// The choice with this id, if any.
    pub fn choice(&self, id: &str) -> Option<&Choice> {
        self.choices.iter().find(|choice| choice.id == id)
    }

    /// The one SAFE choice (validation guarantees there is exactly one).
    pub fn best_choice(&self) -> &Choice {
        self.choices
            .iter()
            .find(|choice| choice.verdict == Verdict::Safe)
            .unwrap_or(&self.choices[0])
    }
}

/// A concept family's name and summary.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConceptInfo {
    /// Which family.
    pub id: Concept,
    /// Its display name.
    pub name: String,
    /// What it means, in 1-3 sentences.
    pub summary: String,
}

/// A backend concept note.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConceptNote {
    /// The note's headline.
    pub title: String,
    /// The note itself.
    pub body: String,
}

/// A question and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaqEntry {
    /// The question as a learner would ask it.
    pub question: String,
    /// Our answer.
    pub answer: String,
}

/// Further reading outside the game.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadingLink {
    /// The reference's title.
    pub title: String,
    /// An absolute https URL.
    pub url: String,
    /// What it covers, in one sentence.
    pub summary: String,
}

/// Every text the game shows outside the scenarios.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GameTexts {
    /// The game's name.
    pub title: String,
    /// One line under the title.
    pub tagline: String,
    /// Why retries happen and what the game trains.
    pub concept_explanation: String,
    /// What a learner will be able to do.
    pub learning_objectives: Vec<String>,
    /// The steps of a round.
    pub how_to_play: Vec<String>,
    /// How points are given.
    pub scoring: Vec<String>,
    /// Mistakes the game warns against.
    pub common_mistakes: Vec<String>,
    /// The three families, in order.
    #[serde(rename = "concept")]
    pub concepts: Vec<ConceptInfo>,
    /// Backend concept notes.
    #[serde(rename = "concept_note")]
    pub concept_notes: Vec<ConceptNote>,
    /// Frequently asked questions.
    pub faq: Vec<FaqEntry>,
    /// Public references for deeper study.
    pub related_reading: Vec<ReadingLink>,
}
