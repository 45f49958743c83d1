//! The validated scenario bank and the game's texts.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::error::{ContentError, ContentProblem};
use crate::load::{GAME_FILE, SCENARIO_FILES, parse_game_file, parse_scenario_file};
use crate::model::{GameTexts, Scenario};
use crate::validate::{check_coverage, check_game, check_scenario, check_unique_ids};

/// Every scenario and text of the game, validated.
#[derive(Debug, Clone)]
pub struct Bank {
    scenarios: Vec<Scenario>,
    index: HashMap<String, usize>,
    game: GameTexts,
}

impl Bank {
    /// The content embedded in this binary, parsed and validated once,
    /// including the coverage rules (families, difficulties, situations).
    pub fn embedded() -> Result<&'static Bank, &'static ContentError> {
        static BANK: OnceLock<Result<Bank, ContentError>> = OnceLock::new();
        BANK.get_or_init(|| {
            let bank = Bank::from_sources(SCENARIO_FILES, GAME_FILE)?;
            let gaps = bank.coverage_gaps();
            if gaps.is_empty() {
                return Ok(bank);
            }
            let problems = gaps
                .into_iter()
                .map(|message| ContentProblem {
                    file: "content/".to_owned(),
                    scenario: None,
                    field: None,
                    message,
                })
                .collect();
            Err(ContentError { problems })
        })
        .as_ref()
    }

    /// Parses and validates content given as `(file name, text)` pairs.
    ///
    /// Checks each scenario and the uniqueness of ids; the coverage rules
    /// are for the whole bank and live in [`Bank::coverage_gaps`].
    pub fn from_sources(
        scenario_files: &[(&str, &str)],
        game_file: (&str, &str),
    ) -> Result<Bank, ContentError> {
        let mut problems = Vec::new();

        let mut scenarios = Vec::new();
        for (file, text) in scenario_files {
            for scenario in parse_scenario_file(file, text, &mut problems) {
                check_scenario(file, &scenario, &mut problems);
                scenarios.push(((*file).to_owned(), scenario));
            }
        }
        check_unique_ids(&scenarios, &mut problems);

        let game = parse_game_file(game_file.0, game_file.1, &mut problems);
        if let Some(game) = &game {
            check_game(game_file.0, game, &mut problems);
        }

        match game {
            Some(game) if problems.is_empty() => {
                let scenarios: Vec<Scenario> = scenarios.into_iter().map(|(_, s)| s).collect();
                let index = scenarios
                    .iter()
                    .enumerate()
                    .map(|(position, scenario)| (scenario.id.clone(), position))
                    .collect();
                Ok(Bank {
                    scenarios,
                    index,
                    game,
                })
            }
            _ => Err(ContentError { problems }),
        }
    }

    /// What the bank lacks to cover every family, difficulty and situation.
    pub fn coverage_gaps(&self) -> Vec<String> {
        check_coverage(&self.scenarios)
    }

    /// Every scenario, in file order.
    pub fn scenarios(&self) -> &[Scenario] {
        &self.scenarios
    }

    /// The scenario with this id.
    pub fn scenario(&self, id: &str) -> Option<&Scenario> {
        self.index
            .get(id)
            .map(|&position| &self.scenarios[position])
    }

    /// The game's texts.
    pub fn game(&self) -> &GameTexts {
        &self.game
    }
}
