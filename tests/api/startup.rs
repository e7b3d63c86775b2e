//! Starting the real binary with a configuration a person got slightly wrong: it either starts with
//! the defaults or stops with a message that says what to fix, and never prints a password.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use clap::CommandFactory;
use reqwest::StatusCode;
use tasktracker::config::Cli;

use crate::process::free_port;

/// `tasktracker args` in `dir` with only `env` set, its output going to files in `dir`.
fn tasktracker(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_tasktracker"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(dir.join("stdout")).unwrap())
        .stderr(std::fs::File::create(dir.join("stderr")).unwrap())
        .spawn()
        .expect("the tasktracker binary starts")
}

/// Waits (at most 30 s) for `child` to exit; returns its status and what it printed.
async fn exit_of(mut child: Child, dir: &Path) -> (ExitStatus, String) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("tasktracker did not exit within 30 s:\n{}", printed(dir));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    (status, printed(dir))
}

fn printed(dir: &Path) -> String {
    let read = |name| std::fs::read_to_string(dir.join(name)).unwrap_or_default();
    format!("{}{}", read("stdout"), read("stderr"))
}

/// Every environment variable the configuration reads, in every subcommand.
fn configuration_variables() -> BTreeSet<String> {
    fn collect(command: &clap::Command, names: &mut BTreeSet<String>) {
        names.extend(command.get_arguments().filter_map(|a| a.get_env()).map(|e| e.to_string_lossy().into()));
        for sub in command.get_subcommands() {
            collect(sub, names);
        }
    }
    let mut names = BTreeSet::new();
    collect(&Cli::command(), &mut names);
    names.insert("RUST_LOG".into());
    names
}

#[tokio::test]
async fn empty_variables_count_as_unset() {
    // As an env file with `SMTP_URL=` and friends leaves them.
    let names = configuration_variables();
    assert!(names.contains("SMTP_URL") && names.contains("JWT_SECRET") && names.len() > 20, "{names:?}");
    let empty: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "")).collect();

    let dir = tempfile::tempdir().unwrap();
    let (status, output) = exit_of(tasktracker(&["migrate"], dir.path(), &empty), dir.path()).await;
    assert!(status.success(), "migrate with empty variables: {status}\n{output}");
    assert!(dir.path().join("data/tasktracker.db").is_file(), "the default database");

    let port = free_port();
    let bind = format!("127.0.0.1:{port}");
    let mut server = tasktracker(&["serve", "--bind-addr", &bind], dir.path(), &empty);
    let deadline = Instant::now() + Duration::from_secs(30);
    let healthz = format!("http://{bind}/healthz");
    while reqwest::get(&healthz).await.map(|r| r.status()).ok() != Some(StatusCode::OK) {
        if let Some(status) = server.try_wait().unwrap() {
            panic!("serve with empty variables exited with {status}:\n{}", printed(dir.path()));
        }
        assert!(Instant::now() < deadline, "no answer within 30 s:\n{}", printed(dir.path()));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(
        dir.path().join("data/jwt_secret").is_file(),
        "an empty JWT_SECRET is no secret: one is generated"
    );
    // RUST_LOG's default, info, is in force.
    assert!(printed(dir.path()).contains("listening"), "{}", printed(dir.path()));

    let mut worker = tasktracker(&["worker"], dir.path(), &empty);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let exited = worker.try_wait().unwrap();
    let _ = worker.kill();
    let _ = worker.wait();
    assert!(exited.is_none(), "worker with empty variables exited with {exited:?}:\n{}", printed(dir.path()));
}

#[tokio::test]
async fn an_address_in_use_is_named() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let server = tasktracker(&["serve"], dir.path(), &[("BIND_ADDR", &addr)]);
    let (status, output) = exit_of(server, dir.path()).await;
    assert!(!status.success(), "{output}");
    assert!(output.contains(&format!("cannot listen on {addr}")), "{output}");
    assert!(output.to_lowercase().contains("address already in use"), "{output}");
}

#[tokio::test]
async fn an_unreachable_database_is_named_without_its_password() {
    // Nothing listens on port 1.
    let url = "postgres://someone:hunter2-secret@127.0.0.1:1/tasks";
    for args in [&["migrate"][..], &["serve"], &["worker"]] {
        let dir = tempfile::tempdir().unwrap();
        let bind = format!("127.0.0.1:{}", free_port());
        let child = tasktracker(args, dir.path(), &[("DATABASE_URL", url), ("BIND_ADDR", &bind)]);
        let (status, output) = exit_of(child, dir.path()).await;
        assert!(!status.success(), "{args:?}: {output}");
        assert!(output.contains("127.0.0.1:1"), "{args:?} names the address: {output}");
        assert!(!output.contains("hunter2"), "{args:?} prints the password: {output}");
    }
}

#[tokio::test]
async fn log_format_json_writes_one_object_per_line_and_other_formats_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut worker = tasktracker(&["worker"], dir.path(), &[("LOG_FORMAT", "json")]);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let _ = worker.kill();
    let _ = worker.wait();
    let logs = printed(dir.path());
    let lines: Vec<serde_json::Value> =
        logs.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}"))).collect();
    assert!(lines.iter().any(|l| l["fields"]["message"] == "reminder worker started"), "{logs}");

    let (status, output) =
        exit_of(tasktracker(&["worker"], dir.path(), &[("LOG_FORMAT", "xml")]), dir.path()).await;
    assert_eq!(status.code(), Some(2), "{output}");
    assert!(output.contains("xml") && output.contains("json"), "names the value and the choices: {output}");
}
