use std::process::ExitCode;

use anyhow::Context;
use mimalloc::MiMalloc;
use tasktracker::config::{Cli, Command};
use tasktracker::{app, telemetry};

/// A list request allocates for every row and field; glibc's malloc and free were 13% of its CPU.
#[global_allocator]
static ALLOCATOR: MiMalloc = MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::load();
    telemetry::init(cli.log_format);
    match run(cli.command).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {}", one_line(&err));
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve(args) => {
            let addr = args.settings.bind_addr;
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("cannot listen on {addr} (BIND_ADDR)"))?;
            app::serve(&args, listener, shutdown_signal()).await
        }
        Command::Worker(args) => app::work(&args, shutdown_signal()).await,
        Command::Migrate(database) => app::migrate(&database).await,
        Command::Openapi => {
            println!("{}", tasktracker::http::documented_routes().1.to_pretty_json()?);
            Ok(())
        }
    }
}

/// What failed and why, on one line: each cause after its context, except a cause that the one
/// before it already quotes (sqlx's "error communicating with database: {io error}", then the
/// io error again).
fn one_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    let mut previous = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if !previous.contains(&text) {
            if !line.is_empty() {
                line.push_str(": ");
            }
            line.push_str(&text);
        }
        previous = text;
    }
    line
}

/// Completes on SIGINT or SIGTERM, so in-flight requests can finish before exit.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
