//! The real `tasktracker` binary as a child process, for stories about starting and stopping it.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::json;

use crate::helpers::{PASSWORD, Session, session_of};

pub struct BinaryServer {
    child: Child,
    pub port: u16,
}

impl BinaryServer {
    /// `tasktracker serve` in `dir` with only `env` set (plus plain-HTTP cookies and the cheapest
    /// bcrypt cost the binary accepts), waiting until it answers /healthz.
    pub async fn start(dir: &Path, port: u16, env: &[(&str, String)]) -> Self {
        Self::start_with(&["serve"], dir, port, env).await
    }

    /// The same with other arguments, e.g. `serve --no-worker`.
    pub async fn start_with(args: &[&str], dir: &Path, port: u16, env: &[(&str, String)]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tasktracker"));
        command
            .args(args)
            .current_dir(dir)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("BIND_ADDR", format!("127.0.0.1:{port}"))
            .env("COOKIE_SECURE", "false")
            .env("BCRYPT_COST", "10")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null());
        for (name, value) in env {
            command.env(name, value);
        }
        let server = Self { child: command.spawn().expect("the tasktracker binary starts"), port };
        let deadline = Instant::now() + Duration::from_secs(30);
        while reqwest::get(server.url("/healthz")).await.map(|r| r.status()).ok() != Some(StatusCode::OK) {
            assert!(Instant::now() < deadline, "the server did not answer /healthz within 30 s");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        server
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Registers `email` with the suite's password, asserting the 201.
    pub async fn register(&self, email: &str) {
        let body = json!({"email": email, "password": PASSWORD});
        let response =
            Client::new().post(self.url("/api/v1/auth/register")).json(&body).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
    }

    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        let body = json!({"email": email, "password": password});
        Client::new().post(self.url("/api/v1/auth/login")).json(&body).send().await.unwrap()
    }

    /// Logs `email` in with the suite's password: a new session.
    pub async fn session(&self, email: &str) -> Session {
        let response = self.login(email, PASSWORD).await;
        assert_eq!(response.status(), StatusCode::OK);
        session_of(response).await
    }

    /// SIGTERM, then wait: a graceful stop exits 0.
    pub fn stop(mut self) {
        self.signal("-TERM");
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(exit) = self.child.try_wait().unwrap() {
                assert!(exit.success(), "the server exited with {exit} on SIGTERM");
                return;
            }
            assert!(Instant::now() < deadline, "the server did not stop within 15 s of SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGKILL: no shutdown code runs, as in a power cut of the process.
    pub fn kill_hard(mut self) {
        self.signal("-KILL");
        self.child.wait().unwrap();
    }

    fn signal(&self, signal: &str) {
        let status = Command::new("kill").args([signal, &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
    }
}

/// `tasktracker worker`: a reminder worker process with only `env` set.
pub struct BinaryWorker(Child);

impl BinaryWorker {
    pub fn start(env: &[(&str, String)]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tasktracker"));
        command
            .arg("worker")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null());
        for (name, value) in env {
            command.env(name, value);
        }
        Self(command.spawn().expect("the tasktracker binary starts"))
    }
}

impl Drop for BinaryWorker {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for BinaryServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}
