//! The checked-in SDL at `api/schema.graphql` must match the code.

#[test]
fn the_checked_in_sdl_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../api/schema.graphql");
    let checked_in = std::fs::read_to_string(path).unwrap_or_default();

    let current = api::graphql::sdl();

    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(path, &current).expect("write api/schema.graphql");
        return;
    }
    assert!(
        checked_in == current,
        "api/schema.graphql is out of date; run `UPDATE_SCHEMA=1 cargo test -p tests --test api schema` and commit it"
    );
}
