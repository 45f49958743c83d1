//! The server binary as an operator runs it: flags, environment, and the one
//! start-up line that says where it listens and on which database.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Starts the binary and returns it with the first line that says `listening`.
fn start(args: &[&str], envs: &[(&str, &str)]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_api"))
        .args(args)
        .envs(envs.iter().copied())
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the binary starts");

    let stdout = child.stdout.take().expect("stdout");
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut lines = BufReader::new(stdout).lines();
    while Instant::now() < deadline {
        match lines.next() {
            Some(Ok(line)) if line.contains("listening") => return (child, line),
            Some(Ok(_)) => continue,
            _ => break,
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server never said it was listening");
}

fn temp_sqlite() -> String {
    let folder = std::env::temp_dir().join(format!("rc-bin-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    format!("sqlite://{}/db.sqlite?mode=rwc", folder.display())
}

#[test]
fn the_startup_line_names_the_address_and_the_database_kind() {
    let (mut child, line) = start(
        &["--listen", "127.0.0.1:0", "--database-url", &temp_sqlite()],
        &[],
    );
    let _ = child.kill();
    let _ = child.wait();

    assert!(line.contains("addr=127.0.0.1:"), "{line}");
    assert!(
        line.contains("database=\"sqlite\"") || line.contains("database=sqlite"),
        "{line}"
    );
}

#[test]
fn environment_variables_stand_in_for_flags() {
    let url = temp_sqlite();
    let (mut child, line) = start(
        &[],
        &[("LISTEN_ADDR", "127.0.0.1:0"), ("DATABASE_URL", &url)],
    );
    let _ = child.kill();
    let _ = child.wait();

    assert!(line.contains("addr=127.0.0.1:"), "{line}");
    assert!(line.contains("sqlite"), "{line}");
}

#[test]
fn a_database_password_never_reaches_the_log() {
    let output = Command::new(env!("CARGO_BIN_EXE_api"))
        .args(["--listen", "127.0.0.1:0"])
        .env(
            "DATABASE_URL",
            "postgres://postgres:not-a-real-secret@127.0.0.1:1/none",
        )
        .env("RUST_LOG", "debug")
        .output()
        .expect("the binary runs");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );

    assert!(
        !output.status.success(),
        "an unreachable database stops the start"
    );
    assert!(printed.contains("could not start"), "{printed}");
    assert!(!printed.contains("not-a-real-secret"), "{printed}");
}

#[test]
fn help_lists_every_setting_with_its_environment_variable() {
    let output = Command::new(env!("CARGO_BIN_EXE_api"))
        .arg("--help")
        .output()
        .expect("--help runs");
    let help = String::from_utf8_lossy(&output.stdout);

    for setting in [
        "--listen",
        "LISTEN_ADDR",
        "--database-url",
        "DATABASE_URL",
        "IDEMPOTENCY_RETENTION_SECS",
        "CORS_ALLOW_ORIGINS",
    ] {
        assert!(help.contains(setting), "--help lacks {setting}");
    }
}
