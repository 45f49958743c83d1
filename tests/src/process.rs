//! The server binary as a separate process, for tests that need replicas
//! that share nothing but the database, or a real signal.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A server process.
pub struct ServerProcess {
    /// Where it listens.
    pub addr: SocketAddr,
    /// The process.
    pub child: Child,
}

/// The `api` binary of this build (`cargo test --workspace` builds it).
pub fn binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let debug = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>");
    let binary = debug.join("api");
    assert!(
        binary.exists(),
        "{} is missing: run the workspace tests (cargo test --workspace) or cargo build -p api",
        binary.display()
    );
    binary
}

impl ServerProcess {
    /// Starts the binary on a free port against `database_url`.
    pub fn start(database_url: &str) -> ServerProcess {
        let mut child = Command::new(binary())
            .args(["--listen", "127.0.0.1:0", "--database-url", database_url])
            .env("RUST_LOG", "info")
            .env("SHUTDOWN_GRACE_SECS", "5")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the server binary starts");

        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            let Some(Ok(line)) = lines.next() else { break };
            if let Some(rest) = line.split("addr=").nth(1) {
                let addr = rest.split_whitespace().next().unwrap().parse().unwrap();
                std::thread::spawn(move || for _ in lines {});
                return ServerProcess { addr, child };
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("the server process never said where it listens");
    }

    /// Sends SIGTERM.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
