//! Runs the real-browser tests of `clients/tests` (Playwright driving
//! Debian's Chromium) against this very server binary, so that the README's
//! one test command covers them too.
//!
//! Without Chromium they are skipped loudly, and only outside CI: with `CI`
//! set, a missing browser fails the run.

use std::path::Path;
use std::process::Command;

fn chromium() -> Option<String> {
    let path = std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    Path::new(&path).exists().then_some(path)
}

/// Whether `node_modules` is missing or older than the lock file.
fn packages_outdated(suite: &Path) -> bool {
    let modified =
        |path: std::path::PathBuf| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    match (
        modified(suite.join("package-lock.json")),
        modified(suite.join("node_modules/.package-lock.json")),
    ) {
        (Some(lock), Some(installed)) => lock > installed,
        _ => true,
    }
}

#[test]
fn the_web_client_passes_its_browser_tests() {
    let suite = Path::new(env!("CARGO_MANIFEST_DIR")).join("../clients/tests");
    let Some(chromium) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set and Chromium is missing: install Debian's chromium"
        );
        eprintln!(
            "\n*** SKIPPED: the browser tests need Chromium (apt-get install chromium) ***\n"
        );
        return;
    };

    if packages_outdated(&suite) {
        let installed = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&suite)
            .status()
            .expect("npm runs");
        assert!(installed.success(), "npm ci failed in clients/tests");
    }

    let status = Command::new("npm")
        .arg("test")
        .current_dir(&suite)
        .env("RETRY_CLINIC_BIN", env!("CARGO_BIN_EXE_api"))
        .env("CHROMIUM_PATH", chromium)
        .status()
        .expect("npm runs");

    assert!(
        status.success(),
        "the browser tests failed; their output is above"
    );
}
