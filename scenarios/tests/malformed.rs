//! Malformed content is refused with a message that names the file, the
//! scenario and the field.

use scenarios::Bank;

const GAME: (&str, &str) = ("content/game.toml", include_str!("../content/game.toml"));

const VALID: &str = r#"
[[scenario]]
id = "valid-one"
title = "A valid scenario"
operation = "POST /payments"
story = "A client timed out and sent the same payment again a second later."
concept = "idempotency_key"
difficulty = 1
tags = ["timeout-retry", "payments"]
safer_pattern = "Store the first result under the key and replay it."

[[scenario.choice]]
id = "a"
text = "Charge again"
verdict = "unsafe"
explanation = "The customer pays twice for one order."

[[scenario.choice]]
id = "b"
text = "Replay the stored result"
verdict = "safe"
explanation = "The retry sees the first outcome and nothing runs twice."

[[scenario.choice]]
id = "c"
text = "Reject the retry with 400"
verdict = "partial"
explanation = "No double charge, but the client never learns the outcome."
"#;

fn problems_of(text: &str) -> Vec<String> {
    match Bank::from_sources(&[("content/broken.toml", text)], GAME) {
        Ok(_) => Vec::new(),
        Err(error) => error.problems.iter().map(ToString::to_string).collect(),
    }
}

fn assert_names(text: &str, scenario: &str, field: &str) {
    let problems = problems_of(text);
    assert!(
        problems.iter().any(|p| p.contains("content/broken.toml")
            && p.contains(&format!("scenario `{scenario}`"))
            && p.contains(&format!("field `{field}`"))),
        "expected a problem naming `{scenario}` and `{field}`, got {problems:#?}"
    );
}

#[test]
fn the_valid_sample_is_accepted() {
    assert_eq!(problems_of(VALID), Vec::<String>::new());
}

#[test]
fn invalid_toml_is_refused_with_the_file_and_line() {
    let problems = problems_of("[[scenario]\nid = ");
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].starts_with("content/broken.toml: not valid TOML"),
        "{problems:?}"
    );
    assert!(problems[0].contains("line"), "{problems:?}");
}

#[test]
fn an_unknown_verdict_names_the_choice_field() {
    assert_names(
        &VALID.replace("verdict = \"partial\"", "verdict = \"maybe\""),
        "valid-one",
        "choice[2].verdict",
    );
}

#[test]
fn a_missing_field_names_the_scenario() {
    let text = VALID.replace("operation = \"POST /payments\"\n", "");
    let problems = problems_of(&text);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("scenario `valid-one`") && p.contains("operation")),
        "{problems:?}"
    );
}

#[test]
fn two_safe_choices_are_refused() {
    assert_names(
        &VALID.replace("verdict = \"partial\"", "verdict = \"safe\""),
        "valid-one",
        "choice",
    );
}

#[test]
fn no_unsafe_choice_is_refused() {
    assert_names(
        &VALID.replace("verdict = \"unsafe\"", "verdict = \"partial\""),
        "valid-one",
        "choice",
    );
}

#[test]
fn duplicate_choice_texts_are_refused() {
    assert_names(
        &VALID.replace("Reject the retry with 400", "Charge again"),
        "valid-one",
        "choice[2].text",
    );
}

#[test]
fn a_difficulty_out_of_range_is_refused() {
    assert_names(
        &VALID.replace("difficulty = 1", "difficulty = 4"),
        "valid-one",
        "difficulty",
    );
}

#[test]
fn a_story_too_short_is_refused() {
    assert_names(
        &VALID.replace(
            "A client timed out and sent the same payment again a second later.",
            "Too short.",
        ),
        "valid-one",
        "story",
    );
}

#[test]
fn an_unknown_tag_is_refused() {
    assert_names(
        &VALID.replace("\"payments\"]", "\"paymnets\"]"),
        "valid-one",
        "tags[1]",
    );
}

#[test]
fn a_bad_slug_is_refused() {
    assert_names(
        &VALID.replace("id = \"valid-one\"", "id = \"Valid One\""),
        "Valid One",
        "id",
    );
}

#[test]
fn choice_ids_out_of_order_are_refused() {
    assert_names(
        &VALID.replace("id = \"b\"", "id = \"x\""),
        "valid-one",
        "choice[1].id",
    );
}

#[test]
fn an_unknown_field_is_refused() {
    let text = VALID.replace("difficulty = 1", "difficulty = 1\nanswer = \"b\"");
    let problems = problems_of(&text);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("scenario `valid-one`") && p.contains("answer")),
        "{problems:?}"
    );
}

#[test]
fn a_duplicate_id_across_files_names_both_files() {
    let error = Bank::from_sources(
        &[("content/one.toml", VALID), ("content/two.toml", VALID)],
        GAME,
    )
    .expect_err("a duplicate id is refused");
    let text = error.to_string();
    assert!(
        text.contains("content/two.toml: scenario `valid-one`: field `id`"),
        "{text}"
    );
    assert!(text.contains("content/one.toml"), "{text}");
}
