//! Parsing the content files into scenarios and texts, collecting every
//! problem with the file, scenario and field it concerns.

use serde::de::DeserializeOwned;

use crate::error::ContentProblem;
use crate::model::{GameTexts, Scenario};

/// The scenario files embedded at build time, by path relative to the crate.
pub(crate) const SCENARIO_FILES: &[(&str, &str)] = &[
    (
        "content/natural.toml",
        include_str!("../content/natural.toml"),
    ),
    ("content/keys.toml", include_str!("../content/keys.toml")),
    (
        "content/consistency.toml",
        include_str!("../content/consistency.toml"),
    ),
];

/// The game's texts, embedded at build time.
pub(crate) const GAME_FILE: (&str, &str) =
    ("content/game.toml", include_str!("../content/game.toml"));

/// Parses one scenario file; problems are pushed, readable scenarios returned.
pub(crate) fn parse_scenario_file(
    file: &str,
    text: &str,
    problems: &mut Vec<ContentProblem>,
) -> Vec<Scenario> {
    let problem =
        |scenario: Option<String>, field: Option<String>, message: String| ContentProblem {
            file: file.to_owned(),
            scenario,
            field,
            message,
        };

    let table = match text.parse::<toml::Table>() {
        Ok(table) => table,
        Err(error) => {
            problems.push(problem(None, None, format!("not valid TOML: {error}")));
            return Vec::new();
        }
    };

    for key in table.keys().filter(|key| *key != "scenario") {
        problems.push(problem(
            None,
            Some(key.clone()),
            "unknown top-level key (only [[scenario]] tables belong here)".to_owned(),
        ));
    }

    let Some(entries) = table.get("scenario") else {
        problems.push(problem(None, None, "no [[scenario]] table".to_owned()));
        return Vec::new();
    };
    let Some(entries) = entries.as_array() else {
        problems.push(problem(
            None,
            Some("scenario".to_owned()),
            "must be an array of tables ([[scenario]])".to_owned(),
        ));
        return Vec::new();
    };

    let mut scenarios = Vec::with_capacity(entries.len());
    for (index, entry) in entries.iter().enumerate() {
        let name = entry
            .get("id")
            .and_then(toml::Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| format!("#{}", index + 1));

        match deserialize::<Scenario>(entry.clone()) {
            Ok(scenario) => scenarios.push(scenario),
            Err((field, message)) => problems.push(problem(Some(name), field, message)),
        }
    }
    scenarios
}

/// Parses the game's texts; a problem is pushed when they cannot be read.
pub(crate) fn parse_game_file(
    file: &str,
    text: &str,
    problems: &mut Vec<ContentProblem>,
) -> Option<GameTexts> {
    let value = match text.parse::<toml::Table>() {
        Ok(table) => toml::Value::Table(table),
        Err(error) => {
            problems.push(ContentProblem {
                file: file.to_owned(),
                scenario: None,
                field: None,
                message: format!("not valid TOML: {error}"),
            });
            return None;
        }
    };

    match deserialize::<GameTexts>(value) {
        Ok(game) => Some(game),
        Err((field, message)) => {
            problems.push(ContentProblem {
                file: file.to_owned(),
                scenario: None,
                field,
                message,
            });
            None
        }
    }
}

/// Deserializes a TOML value, keeping the path of the field that failed.
fn deserialize<T: DeserializeOwned>(value: toml::Value) -> Result<T, (Option<String>, String)> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        let field = (path != ".").then_some(path);
        (field, error.into_inner().to_string())
    })
}
