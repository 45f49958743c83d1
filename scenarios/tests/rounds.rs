//! Round composition and grading.

use std::collections::HashSet;

use scenarios::grade::{grade, points_for};
use scenarios::{Bank, Verdict};

fn bank() -> &'static Bank {
    Bank::embedded().unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn every_seeded_round_of_eight_mixes_all_families_without_repeats_and_rises() {
    let bank = bank();

    for seed in 0..2_000 {
        let plan = bank.plan_round(8, seed);

        assert_eq!(plan.scenarios.len(), 8, "seed {seed}");
        let ids: HashSet<&str> = plan
            .scenarios
            .iter()
            .map(|p| p.scenario_id.as_str())
            .collect();
        assert_eq!(ids.len(), 8, "seed {seed} repeats a scenario");
        let scenarios: Vec<_> = plan
            .scenarios
            .iter()
            .map(|p| bank.scenario(&p.scenario_id).unwrap())
            .collect();
        let families: HashSet<_> = scenarios.iter().map(|s| s.concept).collect();
        assert_eq!(families.len(), 3, "seed {seed} misses a family");
        assert!(
            scenarios
                .windows(2)
                .all(|w| w[0].difficulty <= w[1].difficulty),
            "seed {seed}: difficulty must rise"
        );
        assert_eq!(
            scenarios.first().unwrap().difficulty,
            1,
            "seed {seed} starts easy"
        );
        assert_eq!(
            scenarios.last().unwrap().difficulty,
            3,
            "seed {seed} ends hard"
        );
    }
}

#[test]
fn the_same_seed_plans_the_same_round_and_choice_orders_are_permutations() {
    let bank = bank();

    let first = bank.plan_round(8, 42);
    let again = bank.plan_round(8, 42);

    assert_eq!(first, again);
    for planned in &first.scenarios {
        let scenario = bank.scenario(&planned.scenario_id).unwrap();
        let mut shown = planned.choice_order.clone();
        shown.sort();
        let mut all: Vec<String> = scenario.choices.iter().map(|c| c.id.clone()).collect();
        all.sort();
        assert_eq!(shown, all);
    }
}

#[test]
fn rounds_vary_between_seeds() {
    let bank = bank();
    let rounds: HashSet<Vec<String>> = (0..50)
        .map(|seed| {
            bank.plan_round(8, seed)
                .scenarios
                .into_iter()
                .map(|p| p.scenario_id)
                .collect()
        })
        .collect();
    assert!(rounds.len() > 40, "only {} distinct rounds", rounds.len());
}

#[test]
fn a_practice_round_holds_exactly_the_chosen_scenarios_and_refuses_unknown_ones() {
    let bank = bank();
    let ids: Vec<String> = bank
        .scenarios()
        .iter()
        .take(3)
        .map(|s| s.id.clone())
        .collect();

    let plan = bank.plan_practice(&ids, 7).unwrap();
    let unknown = bank.plan_practice(&["no-such-scenario".to_owned()], 7);

    let planned: HashSet<&str> = plan
        .scenarios
        .iter()
        .map(|p| p.scenario_id.as_str())
        .collect();
    let wanted: HashSet<&str> = ids.iter().map(String::as_str).collect();
    assert_eq!(planned, wanted);
    assert_eq!(unknown, Err("no-such-scenario".to_owned()));
}

#[test]
fn grading_gives_full_partial_and_minimal_points() {
    let bank = bank();
    assert_eq!(points_for(Verdict::Safe), 100);
    assert_eq!(points_for(Verdict::Partial), 50);
    assert_eq!(points_for(Verdict::Unsafe), 10);

    for scenario in bank.scenarios() {
        for choice in &scenario.choices {
            let graded = grade(scenario, &choice.id).unwrap();
            assert_eq!(graded.points, points_for(choice.verdict));
            assert_eq!(graded.best_choice().verdict, Verdict::Safe);
        }
        assert!(grade(scenario, "z").is_none());
    }
}
