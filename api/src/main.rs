//! The Retry Clinic server binary: parse the configuration, start, serve.

use api::server::shutdown_signal;
use api::{Config, Server, telemetry};
use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let config = Config::parse();
    telemetry::init(config.log_json);

    let server = match Server::bind(config).await {
        Ok(server) => server,
        Err(error) => {
            tracing::error!(%error, "could not start");
            return std::process::ExitCode::FAILURE;
        }
    };
    server.serve(shutdown_signal()).await;
    std::process::ExitCode::SUCCESS
}
