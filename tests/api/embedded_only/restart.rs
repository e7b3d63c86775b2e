use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, Session, session_of};

/// `tasktracker serve` with nothing configured, run in `dir`.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    async fn start(dir: &Path, port: u16) -> Self {
        let child = Command::new(env!("CARGO_BIN_EXE_tasktracker"))
            .arg("serve")
            .current_dir(dir)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("BIND_ADDR", format!("127.0.0.1:{port}"))
            // Plain HTTP on loopback, and the cheapest cost the binary accepts.
            .env("COOKIE_SECURE", "false")
            .env("BCRYPT_COST", "10")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .expect("the tasktracker binary starts");
        let server = Self { child, base: format!("http://127.0.0.1:{port}") };
        let deadline = Instant::now() + Duration::from_secs(30);
        while reqwest::get(server.url("/healthz")).await.map(|r| r.status()).ok() != Some(StatusCode::OK) {
            assert!(Instant::now() < deadline, "the server did not answer /healthz within 30 s");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        server
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// SIGTERM, then wait: a graceful stop exits 0.
    fn stop(mut self) {
        let status = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
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
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn login(server: &Server, client: &Client, email: &str) -> Session {
    let response = client
        .post(server.url("/api/v1/auth/login"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    session_of(response).await
}

#[tokio::test]
async fn data_and_revocations_survive_a_restart_of_the_default_binary() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let email = "newcomer@example.com";

    let server = Server::start(dir.path(), port).await;
    let client = Client::new();
    let register = client
        .post(server.url("/api/v1/auth/register"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(register.status(), StatusCode::CREATED);
    let leaving = login(&server, &client, email).await;
    let staying = login(&server, &client, email).await;
    let task: Value = client
        .post(server.url("/api/v1/tasks"))
        .bearer_auth(&leaving.access)
        .json(&json!({"title": "Survive a restart"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let logout =
        client.post(server.url("/api/v1/auth/logout")).bearer_auth(&leaving.access).send().await.unwrap();
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    server.stop();

    // The defaults put everything in ./data, with the generated secret readable only by its owner.
    let data = dir.path().join("data");
    assert!(data.join("tasktracker.db").is_file());
    let secret_mode = std::fs::metadata(data.join("jwt_secret")).unwrap().permissions().mode() & 0o777;
    assert_eq!(secret_mode, 0o600);

    let server = Server::start(dir.path(), port).await;
    let tasks: Value = client
        .get(server.url("/api/v1/tasks"))
        .bearer_auth(&staying.access)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(tasks["items"][0], task, "the task is still there");
    let refused =
        client.get(server.url("/api/v1/users/me")).bearer_auth(&leaving.access).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED, "the logged-out token stays refused");
    let refreshed = client
        .post(server.url("/api/v1/auth/refresh"))
        .header("cookie", format!("refresh_token={}", staying.refresh))
        .send()
        .await
        .unwrap();
    assert_eq!(refreshed.status(), StatusCode::OK, "the other session's refresh cookie still works");
    server.stop();
}
