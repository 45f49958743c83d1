//! The GraphQL object types, each a thin shape over a service view or the
//! static content. Nothing here reveals the answer key before an answer.

use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use scenarios::{Bank, MAX_POINTS};

use crate::error::Extended;
use crate::graphql::query::page_bounds;
use crate::services::leaderboard::{Board, Period};
use crate::services::views::{self, AnswerView, EntryView, PlayerView, RunView};
use crate::services::{players, runs};
use crate::state::AppState;

/// The three ideas the game teaches.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum Concept {
    /// The operation's effect is the same however often it runs.
    NaturalIdempotency,
    /// A client-chosen key with the first result stored and replayed.
    IdempotencyKey,
    /// Transactions and constraints that keep competing requests apart.
    Consistency,
}

impl From<scenarios::Concept> for Concept {
    fn from(concept: scenarios::Concept) -> Concept {
        match concept {
            scenarios::Concept::NaturalIdempotency => Concept::NaturalIdempotency,
            scenarios::Concept::IdempotencyKey => Concept::IdempotencyKey,
            scenarios::Concept::Consistency => Concept::Consistency,
        }
    }
}

impl From<Concept> for scenarios::Concept {
    fn from(concept: Concept) -> scenarios::Concept {
        match concept {
            Concept::NaturalIdempotency => scenarios::Concept::NaturalIdempotency,
            Concept::IdempotencyKey => scenarios::Concept::IdempotencyKey,
            Concept::Consistency => scenarios::Concept::Consistency,
        }
    }
}

/// How safe a choice is.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum Verdict {
    /// The right behaviour: full points.
    Safe,
    /// Half right: some points, and the safer pattern.
    Partial,
    /// Duplicates or loses effects: minimal points, and the safer pattern.
    Unsafe,
}

impl From<scenarios::Verdict> for Verdict {
    fn from(verdict: scenarios::Verdict) -> Verdict {
        match verdict {
            scenarios::Verdict::Safe => Verdict::Safe,
            scenarios::Verdict::Partial => Verdict::Partial,
            scenarios::Verdict::Unsafe => Verdict::Unsafe,
        }
    }
}

/// Whether a run still takes answers.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum RunStatus {
    /// Answers are still accepted.
    InProgress,
    /// Closed; the score is final.
    Finished,
}

/// Whether a run may go to the leaderboard.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum RunKind {
    /// Composed by the server; may be submitted to the leaderboard.
    Clinic,
    /// Scenarios chosen by the player; stays off the leaderboard.
    Practice,
}

/// The window a leaderboard covers, in UTC calendar terms.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum LeaderboardPeriod {
    /// Every entry ever submitted.
    AllTime,
    /// The current ISO week (from Monday 00:00 UTC).
    Week,
    /// The current UTC day.
    Day,
}

impl From<LeaderboardPeriod> for Period {
    fn from(period: LeaderboardPeriod) -> Period {
        match period {
            LeaderboardPeriod::AllTime => Period::AllTime,
            LeaderboardPeriod::Week => Period::Week,
            LeaderboardPeriod::Day => Period::Day,
        }
    }
}

impl From<Period> for LeaderboardPeriod {
    fn from(period: Period) -> LeaderboardPeriod {
        match period {
            Period::AllTime => LeaderboardPeriod::AllTime,
            Period::Week => LeaderboardPeriod::Week,
            Period::Day => LeaderboardPeriod::Day,
        }
    }
}

/// A concept family's name and meaning.
#[derive(SimpleObject)]
pub struct ConceptInfo {
    /// Which family.
    pub concept: Concept,
    /// Its display name.
    pub name: String,
    /// What it means.
    pub summary: String,
}

/// A backend concept note.
#[derive(SimpleObject)]
pub struct ConceptNote {
    /// The note's headline.
    pub title: String,
    /// The note.
    pub body: String,
}

/// A question and its answer.
#[derive(SimpleObject)]
pub struct FaqEntry {
    /// The question.
    pub question: String,
    /// The answer.
    pub answer: String,
}

/// A public reference for deeper reading.
#[derive(SimpleObject)]
pub struct ReadingLink {
    /// Its title.
    pub title: String,
    /// Where it is.
    pub url: String,
    /// What it covers.
    pub summary: String,
}

/// Every text of the game outside the scenarios.
pub struct Game(pub &'static Bank);

#[Object]
impl Game {
    /// The game's name.
    async fn title(&self) -> &str {
        &self.0.game().title
    }

    /// One line under the title.
    async fn tagline(&self) -> &str {
        &self.0.game().tagline
    }

    /// Why retries happen and what the game trains.
    async fn concept_explanation(&self) -> &str {
        &self.0.game().concept_explanation
    }

    /// The three concept families, in the game's order.
    async fn concepts(&self) -> Vec<ConceptInfo> {
        self.0
            .game()
            .concepts
            .iter()
            .map(|c| ConceptInfo {
                concept: c.id.into(),
                name: c.name.clone(),
                summary: c.summary.clone(),
            })
            .collect()
    }

    /// What a learner will be able to do.
    async fn learning_objectives(&self) -> &[String] {
        &self.0.game().learning_objectives
    }

    /// The steps of a round.
    async fn how_to_play(&self) -> &[String] {
        &self.0.game().how_to_play
    }

    /// How points are given.
    async fn scoring(&self) -> &[String] {
        &self.0.game().scoring
    }

    /// Backend concept notes.
    async fn concept_notes(&self) -> Vec<ConceptNote> {
        self.0
            .game()
            .concept_notes
            .iter()
            .map(|n| ConceptNote {
                title: n.title.clone(),
                body: n.body.clone(),
            })
            .collect()
    }

    /// Mistakes the game warns against.
    async fn common_mistakes(&self) -> &[String] {
        &self.0.game().common_mistakes
    }

    /// Frequently asked questions.
    async fn faq(&self) -> Vec<FaqEntry> {
        self.0
            .game()
            .faq
            .iter()
            .map(|f| FaqEntry {
                question: f.question.clone(),
                answer: f.answer.clone(),
            })
            .collect()
    }

    /// Public references for deeper study.
    async fn related_reading(&self) -> Vec<ReadingLink> {
        self.0
            .game()
            .related_reading
            .iter()
            .map(|r| ReadingLink {
                title: r.title.clone(),
                url: r.url.clone(),
                summary: r.summary.clone(),
            })
            .collect()
    }

    /// How many scenarios the bank holds.
    async fn scenario_count(&self) -> usize {
        self.0.scenarios().len()
    }
}

/// One possible server behaviour; its verdict stays hidden until answered.
#[derive(SimpleObject)]
pub struct Choice {
    /// Stable within its scenario.
    pub id: ID,
    /// The behaviour.
    pub text: String,
}

/// A backend operation and its retry story.
pub struct Scenario {
    /// The content.
    pub scenario: &'static scenarios::Scenario,
    /// The choice order of a run, or the content's order.
    pub order: Option<Vec<String>>,
}

#[Object]
impl Scenario {
    /// Stable slug.
    async fn id(&self) -> ID {
        ID(self.scenario.id.clone())
    }

    /// A short headline.
    async fn title(&self) -> &str {
        &self.scenario.title
    }

    /// The operation, e.g. `POST /payments`.
    async fn operation(&self) -> &str {
        &self.scenario.operation
    }

    /// What happened and what arrives next.
    async fn story(&self) -> &str {
        self.scenario.story.trim()
    }

    /// The idea the scenario teaches.
    async fn concept(&self) -> Concept {
        self.scenario.concept.into()
    }

    /// Situation and domain tags.
    async fn tags(&self) -> &[String] {
        &self.scenario.tags
    }

    /// 1 (basic) to 3 (subtle).
    async fn difficulty(&self) -> i32 {
        i32::from(self.scenario.difficulty)
    }

    /// The behaviours to choose from; in a run, in that run's shuffled order.
    async fn choices(&self) -> Vec<Choice> {
        let ids: Vec<&str> = match &self.order {
            Some(order) => order.iter().map(String::as_str).collect(),
            None => self
                .scenario
                .choices
                .iter()
                .map(|c| c.id.as_str())
                .collect(),
        };
        ids.into_iter()
            .filter_map(|id| self.scenario.choice(id))
            .map(|c| Choice {
                id: ID(c.id.clone()),
                text: c.text.clone(),
            })
            .collect()
    }
}

/// The graded answer to one scenario.
pub struct Feedback {
    /// The answer as stored at grading time.
    pub answer: AnswerView,
    /// The scenario's content.
    pub scenario: &'static scenarios::Scenario,
}

impl Feedback {
    /// Feedback for a stored answer, if its scenario is still in the bank.
    pub fn new(bank: &'static Bank, answer: AnswerView) -> Option<Feedback> {
        let scenario = bank.scenario(&answer.scenario_id)?;
        Some(Feedback { answer, scenario })
    }
}

#[Object]
impl Feedback {
    /// The scenario answered.
    async fn scenario_id(&self) -> ID {
        ID(self.answer.scenario_id.clone())
    }

    /// The choice picked.
    async fn choice_id(&self) -> ID {
        ID(self.answer.choice_id.clone())
    }

    /// How safe the picked behaviour is.
    async fn verdict(&self) -> Verdict {
        self.answer.verdict().into()
    }

    /// Points given at grading time: SAFE 100, PARTIAL 50, UNSAFE 10.
    async fn points(&self) -> i32 {
        self.answer.points
    }

    /// The most one scenario can earn.
    async fn max_points(&self) -> i32 {
        MAX_POINTS as i32
    }

    /// Why the picked behaviour is safe, partly safe or unsafe.
    async fn explanation(&self) -> String {
        self.scenario
            .choice(&self.answer.choice_id)
            .map(|c| c.explanation.clone())
            .unwrap_or_default()
    }

    /// The pattern to use.
    async fn safer_pattern(&self) -> &str {
        self.scenario.safer_pattern.trim()
    }

    /// The SAFE choice.
    async fn best_choice_id(&self) -> ID {
        ID(self.scenario.best_choice().id.clone())
    }

    /// Why the SAFE choice is safe.
    async fn best_choice_explanation(&self) -> &str {
        &self.scenario.best_choice().explanation
    }

    /// The idea the scenario teaches.
    async fn concept(&self) -> Concept {
        self.scenario.concept.into()
    }

    /// When the answer was graded.
    async fn answered_at(&self) -> DateTime<Utc> {
        self.answer.answered_at
    }
}

/// The score of one concept family within a run.
#[derive(SimpleObject)]
pub struct ConceptScore {
    /// The family.
    pub concept: Concept,
    /// Points earned in it.
    pub score: i32,
    /// The most it could earn.
    pub max_score: i32,
    /// Its scenarios answered.
    pub answered: i32,
    /// Its scenarios in the run.
    pub total: i32,
}

/// A clinic or practice round.
pub struct Run(pub RunView);

#[Object]
impl Run {
    /// The run's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// Clinic (may be submitted) or practice.
    async fn kind(&self) -> RunKind {
        match self.0.kind {
            views::RunKind::Clinic => RunKind::Clinic,
            views::RunKind::Practice => RunKind::Practice,
        }
    }

    /// In progress or finished.
    async fn status(&self) -> RunStatus {
        match self.0.status {
            views::RunStatus::InProgress => RunStatus::InProgress,
            views::RunStatus::Finished => RunStatus::Finished,
        }
    }

    /// The scenarios in play order, each with its choices in this run's order.
    async fn scenarios(&self, ctx: &Context<'_>) -> Vec<Scenario> {
        let bank = ctx.data_unchecked::<AppState>().bank;
        self.0
            .plan
            .scenarios
            .iter()
            .filter_map(|planned| {
                bank.scenario(&planned.scenario_id)
                    .map(|scenario| Scenario {
                        scenario,
                        order: Some(planned.choice_order.clone()),
                    })
            })
            .collect()
    }

    /// The graded answers, in the order given.
    async fn answers(&self, ctx: &Context<'_>) -> Vec<Feedback> {
        let bank = ctx.data_unchecked::<AppState>().bank;
        self.0
            .answers
            .iter()
            .filter_map(|answer| Feedback::new(bank, answer.clone()))
            .collect()
    }

    /// Points earned, graded by the server.
    async fn score(&self) -> i32 {
        self.0.score
    }

    /// The most points the run can earn (100 per scenario).
    async fn max_score(&self) -> i32 {
        self.0.max_score
    }

    /// Points per concept family in the run.
    async fn breakdown(&self, ctx: &Context<'_>) -> Vec<ConceptScore> {
        let bank = ctx.data_unchecked::<AppState>().bank;
        self.0
            .breakdown(bank)
            .into_iter()
            .map(|b| ConceptScore {
                concept: b.concept.into(),
                score: b.score,
                max_score: b.max_score,
                answered: b.answered,
                total: b.total,
            })
            .collect()
    }

    /// When the run started.
    async fn started_at(&self) -> DateTime<Utc> {
        self.0.started_at
    }

    /// When it was finished.
    async fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.0.finished_at
    }
}

/// An anonymous player.
pub struct Player(pub PlayerView);

#[Object]
impl Player {
    /// The player's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// When the player was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// The player's runs, newest first.
    async fn runs(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 10, desc = "1 to 100")] first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<usize, Run, RunPage, EmptyFields>> {
        let state = ctx.data_unchecked::<AppState>();
        let (offset, limit) = page_bounds(first.unwrap_or(10), after.as_deref()).extended()?;

        let (rows, total) = runs::list(state.db.conn(), self.0.id, offset as u64, limit as u64)
            .await
            .extended()?;

        let mut connection = Connection::with_additional_fields(
            offset > 0,
            offset + rows.len() < total as usize,
            RunPage {
                total_count: total as usize,
            },
        );
        connection.edges.extend(
            rows.into_iter()
                .enumerate()
                .map(|(index, run)| Edge::new(offset + index, Run(run))),
        );
        Ok(connection)
    }
}

/// Extra fields of the run connection.
#[derive(SimpleObject)]
pub struct RunPage {
    /// How many runs the player has.
    pub total_count: usize,
}

/// A player's run on the leaderboard.
#[derive(SimpleObject)]
pub struct LeaderboardEntry {
    /// The entry's id.
    pub id: ID,
    /// 1-based position on the board.
    pub rank: i32,
    /// The player's chosen display name.
    pub display_name: String,
    /// The server-graded score.
    pub score: i32,
    /// The run's maximum score.
    pub max_score: i32,
    /// score / maxScore, from 0 to 1.
    pub accuracy: f64,
    /// When it was submitted.
    pub submitted_at: DateTime<Utc>,
}

impl From<&EntryView> for LeaderboardEntry {
    fn from(entry: &EntryView) -> LeaderboardEntry {
        let accuracy = if entry.max_score > 0 {
            f64::from(entry.score) / f64::from(entry.max_score)
        } else {
            0.0
        };
        LeaderboardEntry {
            id: ID(entry.id.to_string()),
            rank: entry.rank as i32,
            display_name: entry.display_name.clone(),
            score: entry.score,
            max_score: entry.max_score,
            accuracy: (accuracy * 1000.0).round() / 1000.0,
            submitted_at: entry.submitted_at,
        }
    }
}

/// The top entries of a period.
#[derive(SimpleObject)]
pub struct Leaderboard {
    /// The period covered.
    pub period: LeaderboardPeriod,
    /// The top entries, best first.
    pub entries: Vec<LeaderboardEntry>,
    /// How many entries the period holds in all.
    pub total_entries: i32,
    /// When the board was computed.
    pub updated_at: DateTime<Utc>,
}

impl Leaderboard {
    /// The first `first` entries of a board.
    pub fn from_board(board: &Board, first: usize) -> Leaderboard {
        Leaderboard {
            period: board.period.into(),
            entries: board
                .entries
                .iter()
                .take(first)
                .map(LeaderboardEntry::from)
                .collect(),
            total_entries: board.total_entries as i32,
            updated_at: board.updated_at,
        }
    }
}

/// Looks the token's player up, for resolvers that need a caller.
pub async fn caller(ctx: &Context<'_>) -> crate::error::ApiResult<PlayerView> {
    let state = ctx.data_unchecked::<AppState>();
    let token = ctx.data_opt::<crate::auth::BearerToken>();
    players::authenticate(state.db.conn(), token.and_then(|t| t.0.as_deref())).await
}
