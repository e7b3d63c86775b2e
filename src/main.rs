use clap::Parser;
use mimalloc::MiMalloc;
use tasktracker::config::{Cli, Command};
use tasktracker::{app, telemetry};

/// A list request allocates for every row and field; glibc's malloc and free were 13% of its CPU.
#[global_allocator]
static ALLOCATOR: MiMalloc = MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init();
    match Cli::parse().command {
        Command::Serve(args) => {
            let listener = tokio::net::TcpListener::bind(args.settings.bind_addr).await?;
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
