//! The rules content must follow, per scenario and across the bank.

use std::collections::{HashMap, HashSet};
use std::ops::RangeInclusive;

use crate::error::ContentProblem;
use crate::model::{Concept, GameTexts, Scenario, Verdict};

/// Tags naming the situations the bank must cover, each by two scenarios.
pub const SITUATION_TAGS: &[&str] = &[
    "put-replace",
    "delete",
    "set-vs-increment",
    "broken-put",
    "timeout-retry",
    "stored-result",
    "key-reuse",
    "in-progress",
    "key-scope",
    "key-retention",
    "what-to-store",
    "long-running-job",
    "scarce-inventory",
    "unique-constraint",
    "competing-claims",
    "optimistic-concurrency",
    "key-and-effect-transaction",
    "webhook-dedupe",
    "queue-consumer",
    "outbox",
    "exactly-once",
    "backoff-jitter",
    "retry-budget",
    "no-key-no-retry",
    "unknown-outcome",
    "browser-storage",
    "client-ip",
    "timestamp-dedupe",
    "in-memory-dedupe",
];

/// Tags naming the business domain a story is set in.
pub const DOMAIN_TAGS: &[&str] = &[
    "payments",
    "orders",
    "imports",
    "signups",
    "inventory",
    "messaging",
    "bookings",
    "accounts",
];

/// The fewest scenarios each concept family must have.
pub const MIN_PER_CONCEPT: usize = 10;
/// The fewest scenarios each difficulty must have.
pub const MIN_PER_DIFFICULTY: usize = 8;
/// The fewest scenarios each situation tag must appear on.
pub const MIN_PER_SITUATION: usize = 2;
/// The largest share of SAFE choices one position may hold, in percent.
pub const MAX_SAFE_POSITION_SHARE: usize = 40;

const CHOICE_IDS: [&str; 4] = ["a", "b", "c", "d"];

/// Collects problems while checking one scenario.
struct Check<'a> {
    file: &'a str,
    scenario: &'a str,
    problems: &'a mut Vec<ContentProblem>,
}

impl Check<'_> {
    fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.problems.push(ContentProblem {
            file: self.file.to_owned(),
            scenario: Some(self.scenario.to_owned()),
            field: Some(field.to_owned()),
            message: message.into(),
        });
    }

    fn text(&mut self, field: &str, value: &str, bounds: RangeInclusive<usize>) {
        if let Some(message) = length_problem(value, &bounds) {
            self.fail(field, message);
        }
    }
}

/// Says what is wrong with a text's length, if anything.
fn length_problem(value: &str, bounds: &RangeInclusive<usize>) -> Option<String> {
    let length = value.trim().chars().count();
    if length == 0 {
        return Some("must not be empty".to_owned());
    }
    if !bounds.contains(&length) {
        return Some(format!(
            "is {length} characters long; it must be {} to {}",
            bounds.start(),
            bounds.end()
        ));
    }
    None
}

/// Whether a string is a slug: lowercase ASCII letters, digits and single dashes.
fn is_slug(value: &str) -> bool {
    (3..=64).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !value.starts_with('-')
        && !value.ends_with('-')
        && !value.contains("--")
}

/// Checks one scenario's own fields and choices.
pub(crate) fn check_scenario(file: &str, scenario: &Scenario, problems: &mut Vec<ContentProblem>) {
    let mut check = Check {
        file,
        scenario: &scenario.id,
        problems,
    };

    if !is_slug(&scenario.id) {
        check.fail(
            "id",
            "must be a slug of 3-64 characters: a-z, 0-9 and single dashes",
        );
    }
    check.text("title", &scenario.title, 3..=80);
    check.text("operation", &scenario.operation, 3..=80);
    check.text("story", &scenario.story, 20..=700);
    check.text("safer_pattern", &scenario.safer_pattern, 20..=400);
    if !(1..=3).contains(&scenario.difficulty) {
        check.fail("difficulty", "must be 1, 2 or 3");
    }

    if !(1..=6).contains(&scenario.tags.len()) {
        check.fail("tags", "must hold 1 to 6 tags");
    }
    for (index, tag) in scenario.tags.iter().enumerate() {
        if !SITUATION_TAGS.contains(&tag.as_str()) && !DOMAIN_TAGS.contains(&tag.as_str()) {
            check.fail(&format!("tags[{index}]"), format!("unknown tag `{tag}`"));
        }
    }

    if scenario.references.len() > 3 {
        check.fail("reference", "at most 3 references");
    }
    for (index, reference) in scenario.references.iter().enumerate() {
        check.text(
            &format!("reference[{index}].title"),
            &reference.title,
            3..=120,
        );
        if !reference.url.starts_with("https://") {
            check.fail(&format!("reference[{index}].url"), "must be an https URL");
        }
    }

    check_choices(&mut check, scenario);
}

fn check_choices(check: &mut Check<'_>, scenario: &Scenario) {
    let choices = &scenario.choices;
    if !(3..=4).contains(&choices.len()) {
        check.fail(
            "choice",
            format!("has {} choices; it must have 3 or 4", choices.len()),
        );
    }

    let mut texts = HashSet::new();
    for (index, choice) in choices.iter().enumerate() {
        let field = |name: &str| format!("choice[{index}].{name}");
        if CHOICE_IDS.get(index) != Some(&choice.id.as_str()) {
            let expected = CHOICE_IDS.get(index).unwrap_or(&"none");
            check.fail(
                &field("id"),
                format!("must be `{expected}` (ids go a, b, c, d in order)"),
            );
        }
        check.text(&field("text"), &choice.text, 5..=200);
        check.text(&field("explanation"), &choice.explanation, 20..=400);
        if !texts.insert(choice.text.trim().to_lowercase()) {
            check.fail(&field("text"), "repeats the text of another choice");
        }
    }

    let safe = choices
        .iter()
        .filter(|c| c.verdict == Verdict::Safe)
        .count();
    if safe != 1 {
        check.fail(
            "choice",
            format!("has {safe} SAFE choices; it must have exactly one"),
        );
    }
    if !choices.iter().any(|c| c.verdict == Verdict::Unsafe) {
        check.fail("choice", "needs at least one UNSAFE choice");
    }
}

/// Reports scenario ids used more than once, naming the later occurrences.
pub(crate) fn check_unique_ids(
    scenarios: &[(String, Scenario)],
    problems: &mut Vec<ContentProblem>,
) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for (file, scenario) in scenarios {
        if let Some(first) = seen.insert(&scenario.id, file) {
            problems.push(ContentProblem {
                file: file.clone(),
                scenario: Some(scenario.id.clone()),
                field: Some("id".to_owned()),
                message: format!("is already used by a scenario in {first}"),
            });
        }
    }
}

/// Checks that the bank covers every family, difficulty and situation.
pub(crate) fn check_coverage(scenarios: &[Scenario]) -> Vec<String> {
    let mut gaps = Vec::new();

    for concept in Concept::ALL {
        let count = scenarios.iter().filter(|s| s.concept == concept).count();
        if count < MIN_PER_CONCEPT {
            gaps.push(format!(
                "concept `{}` has {count} scenarios; it needs {MIN_PER_CONCEPT}",
                concept.as_str()
            ));
        }
    }

    for difficulty in 1..=3 {
        let count = scenarios
            .iter()
            .filter(|s| s.difficulty == difficulty)
            .count();
        if count < MIN_PER_DIFFICULTY {
            gaps.push(format!(
                "difficulty {difficulty} has {count} scenarios; it needs {MIN_PER_DIFFICULTY}"
            ));
        }
    }

    for tag in SITUATION_TAGS {
        let count = scenarios
            .iter()
            .filter(|s| s.tags.iter().any(|t| t == tag))
            .count();
        if count < MIN_PER_SITUATION {
            gaps.push(format!(
                "situation `{tag}` is tagged on {count} scenarios; it needs {MIN_PER_SITUATION}"
            ));
        }
    }

    let mut positions = [0usize; 4];
    for scenario in scenarios {
        if let Some(position) = scenario
            .choices
            .iter()
            .position(|c| c.verdict == Verdict::Safe)
        {
            positions[position.min(3)] += 1;
        }
    }
    for (position, count) in positions.iter().enumerate() {
        if !scenarios.is_empty() && count * 100 > scenarios.len() * MAX_SAFE_POSITION_SHARE {
            gaps.push(format!(
                "choice `{}` is the SAFE one in {count} of {} scenarios; vary its position",
                CHOICE_IDS[position],
                scenarios.len()
            ));
        }
    }

    gaps
}

/// Checks that every text of the game is present.
pub(crate) fn check_game(file: &str, game: &GameTexts, problems: &mut Vec<ContentProblem>) {
    let mut fail = |field: String, message: String| {
        problems.push(ContentProblem {
            file: file.to_owned(),
            scenario: None,
            field: Some(field),
            message,
        })
    };

    let singles = [
        ("title", &game.title, 3..=60),
        ("tagline", &game.tagline, 10..=200),
        ("concept_explanation", &game.concept_explanation, 50..=1200),
    ];
    for (field, value, bounds) in singles {
        if let Some(message) = length_problem(value, &bounds) {
            fail(field.to_owned(), message);
        }
    }

    let lists = [
        ("learning_objectives", &game.learning_objectives, 4),
        ("how_to_play", &game.how_to_play, 3),
        ("scoring", &game.scoring, 3),
        ("common_mistakes", &game.common_mistakes, 4),
    ];
    for (field, items, minimum) in lists {
        if items.len() < minimum {
            fail(field.to_owned(), format!("needs at least {minimum} items"));
        }
        for (index, item) in items.iter().enumerate() {
            if let Some(message) = length_problem(item, &(10..=500)) {
                fail(format!("{field}[{index}]"), message);
            }
        }
    }

    let concepts: Vec<Concept> = game.concepts.iter().map(|c| c.id).collect();
    if concepts != Concept::ALL {
        fail(
            "concept".to_owned(),
            "must list natural_idempotency, idempotency_key and consistency, in that order"
                .to_owned(),
        );
    }
    if game.concept_notes.len() < 3 {
        fail(
            "concept_note".to_owned(),
            "needs at least 3 notes".to_owned(),
        );
    }
    if game.faq.len() < 6 {
        fail("faq".to_owned(), "needs at least 6 entries".to_owned());
    }
    for (index, entry) in game.faq.iter().enumerate() {
        if let Some(message) = length_problem(&entry.answer, &(10..=800)) {
            fail(format!("faq[{index}].answer"), message);
        }
    }
    for (index, link) in game.related_reading.iter().enumerate() {
        if !link.url.starts_with("https://") {
            fail(
                format!("related_reading[{index}].url"),
                "must be an https URL".to_owned(),
            );
        }
    }
}
