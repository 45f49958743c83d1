//! Round composition: which scenarios a round holds, in which order, and
//! in which order each scenario's choices are shown.
//!
//! A clinic round interleaves the three concept families and lets the
//! difficulty rise from its first scenario to its last. The plan depends only
//! on the bank and a seed, so it is reproducible in tests.

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::{IndexedRandom, SliceRandom};
use serde::{Deserialize, Serialize};

use crate::bank::Bank;
use crate::model::{Concept, Scenario};

/// The number of scenarios in a round when the player does not say.
pub const DEFAULT_ROUND_SIZE: usize = 8;
/// The most scenarios one round may hold.
pub const MAX_ROUND_SIZE: usize = 20;

/// One scenario of a round, with the order its choices are shown in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedScenario {
    /// The scenario's id.
    pub scenario_id: String,
    /// Its choice ids, shuffled for this round.
    pub choice_order: Vec<String>,
}

/// The scenarios of a round, in the order they are played.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundPlan {
    /// The scenarios, in play order.
    pub scenarios: Vec<PlannedScenario>,
}

impl Bank {
    /// Plans a clinic round of `size` scenarios (clamped to the bank) from a seed.
    pub fn plan_round(&self, size: usize, seed: u64) -> RoundPlan {
        let mut rng = StdRng::seed_from_u64(seed);
        let size = size.min(self.scenarios().len());

        let mut families = Concept::ALL;
        families.shuffle(&mut rng);

        let mut picked: Vec<&Scenario> = Vec::with_capacity(size);
        for slot in 0..size {
            let family = families[slot % families.len()];
            let target = 1 + (slot * 3 / size.max(1)) as u8;
            let unused = |s: &&Scenario| !picked.iter().any(|p| p.id == s.id);

            let exact: Vec<&Scenario> = self
                .scenarios()
                .iter()
                .filter(|s| s.concept == family && s.difficulty == target)
                .filter(unused)
                .collect();
            let same_family: Vec<&Scenario> = self
                .scenarios()
                .iter()
                .filter(|s| s.concept == family)
                .filter(unused)
                .collect();
            let any: Vec<&Scenario> = self.scenarios().iter().filter(unused).collect();

            let pool = [exact, same_family, any]
                .into_iter()
                .find(|pool| !pool.is_empty())
                .unwrap_or_default();
            if let Some(scenario) = pool.choose(&mut rng) {
                picked.push(scenario);
            }
        }

        picked.sort_by_key(|s| s.difficulty);
        plan(&picked, &mut rng)
    }

    /// Plans a practice round of the given scenarios, easiest first.
    ///
    /// Returns the first id that the bank does not know as the error.
    pub fn plan_practice(&self, ids: &[String], seed: u64) -> Result<RoundPlan, String> {
        let mut rng = StdRng::seed_from_u64(seed);

        let mut picked = Vec::with_capacity(ids.len());
        for id in ids {
            let scenario = self.scenario(id).ok_or_else(|| id.clone())?;
            if !picked.iter().any(|p: &&Scenario| p.id == scenario.id) {
                picked.push(scenario);
            }
        }

        picked.sort_by_key(|s| s.difficulty);
        Ok(plan(&picked, &mut rng))
    }
}

/// Shuffles each scenario's choices into a plan.
fn plan(scenarios: &[&Scenario], rng: &mut StdRng) -> RoundPlan {
    let scenarios = scenarios
        .iter()
        .map(|scenario| {
            let mut choice_order: Vec<String> =
                scenario.choices.iter().map(|c| c.id.clone()).collect();
            choice_order.shuffle(rng);
            PlannedScenario {
                scenario_id: scenario.id.clone(),
                choice_order,
            }
        })
        .collect();
    RoundPlan { scenarios }
}
