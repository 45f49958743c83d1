//! The embedded bank is valid and covers what the game promises to teach.

use std::collections::{HashMap, HashSet};

use scenarios::validate::{MIN_PER_CONCEPT, MIN_PER_DIFFICULTY, MIN_PER_SITUATION, SITUATION_TAGS};
use scenarios::{Bank, Concept, Verdict};

fn bank() -> &'static Bank {
    Bank::embedded().unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn the_embedded_bank_loads_with_no_problem_and_no_coverage_gap() {
    let bank = bank();

    assert!(
        bank.scenarios().len() >= 40,
        "{} scenarios",
        bank.scenarios().len()
    );
    assert_eq!(bank.coverage_gaps(), Vec::<String>::new());
}

#[test]
fn every_scenario_has_three_or_four_distinct_choices_with_exactly_one_safe() {
    for scenario in bank().scenarios() {
        let choices = &scenario.choices;
        assert!((3..=4).contains(&choices.len()), "{}", scenario.id);
        let safe = choices
            .iter()
            .filter(|c| c.verdict == Verdict::Safe)
            .count();
        assert_eq!(safe, 1, "{}", scenario.id);
        assert!(
            choices.iter().any(|c| c.verdict == Verdict::Unsafe),
            "{}",
            scenario.id
        );
        let texts: HashSet<&str> = choices.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts.len(), choices.len(), "{}", scenario.id);
        for choice in choices {
            assert!(
                choice.explanation.trim().len() >= 20,
                "{}/{}",
                scenario.id,
                choice.id
            );
        }
        let sentences = scenario.safer_pattern.matches(". ").count() + 1;
        assert!(
            sentences <= 4,
            "{}: safer pattern of {sentences} sentences",
            scenario.id
        );
    }
}

#[test]
fn ids_are_unique_across_files() {
    let ids: Vec<&str> = bank().scenarios().iter().map(|s| s.id.as_str()).collect();
    let unique: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len());
}

#[test]
fn each_family_each_difficulty_and_each_situation_is_covered() {
    let bank = bank();

    for concept in Concept::ALL {
        let count = bank
            .scenarios()
            .iter()
            .filter(|s| s.concept == concept)
            .count();
        assert!(count >= MIN_PER_CONCEPT, "{concept:?}: {count}");
    }
    for difficulty in 1..=3 {
        let count = bank
            .scenarios()
            .iter()
            .filter(|s| s.difficulty == difficulty)
            .count();
        assert!(
            count >= MIN_PER_DIFFICULTY,
            "difficulty {difficulty}: {count}"
        );
    }
    let mut per_tag: HashMap<&str, usize> = HashMap::new();
    for scenario in bank.scenarios() {
        for tag in &scenario.tags {
            *per_tag.entry(tag.as_str()).or_default() += 1;
        }
    }
    for tag in SITUATION_TAGS {
        let count = per_tag.get(tag).copied().unwrap_or(0);
        assert!(
            count >= MIN_PER_SITUATION,
            "situation `{tag}` on {count} scenarios"
        );
    }
}

#[test]
fn the_game_texts_hold_what_a_learner_reads() {
    let game = bank().game();

    assert!(game.learning_objectives.len() >= 4);
    assert!(game.common_mistakes.len() >= 4);
    assert!(game.faq.len() >= 6);
    let asks = |needle: &str| game.faq.iter().any(|f| f.question.contains(needle));
    assert!(
        asks("POST"),
        "the FAQ answers whether every POST needs a key"
    );
    assert!(
        asks("PUT"),
        "the FAQ answers whether PUT is always idempotent"
    );
    assert_eq!(game.concepts.len(), 3);
}
