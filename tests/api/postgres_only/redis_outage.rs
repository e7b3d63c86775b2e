//! Redis stopped mid-test: requests that need it get 503 (never a pass), and the server recovers
//! by itself. Runs against a Redis this test starts on its own port, never the shared one.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;

use super::load::{Load, assert_only_successes_and_503s};
use crate::helpers::*;
use crate::process::free_port;

pub(super) struct OwnRedis {
    port: u16,
    child: Option<Child>,
}

impl OwnRedis {
    pub(super) fn start(port: u16) -> Self {
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .spawn()
            .expect("redis-server must be installed (make test installs it)");
        let redis = Self { port, child: Some(child) };
        redis.wait_until_ready();
        redis
    }

    pub(super) fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    fn wait_until_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("redis-server did not start on port {}", self.port);
    }

    pub(super) fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        self.stop();
    }
}

#[tokio::test]
async fn redis_stopping_turns_authenticated_requests_into_503_until_it_returns() {
    let port = free_port();
    let mut redis = OwnRedis::start(port);
    let app = spawn_app_with(Options {
        backend: Backend::Postgres,
        redis_url: Some(redis.url()),
        ..Default::default()
    })
    .await;
    let session = app.new_user().await;
    assert_eq!(app.me(&session.access).await.status(), StatusCode::OK);
    let load = Load::start(app.api(""), session.access.clone(), 4);
    tokio::time::sleep(Duration::from_millis(500)).await;

    redis.stop();
    tokio::time::sleep(Duration::from_secs(2)).await;
    // Redis answers within 2 s or not at all, so nothing hangs longer (plus slack for the machine).
    assert_only_successes_and_503s(&load.stop().await, Duration::from_secs(4));
    // With the denylist out of reach, a token is never let through, and never a 500.
    for _ in 0..3 {
        assert_error(app.me(&session.access).await, StatusCode::SERVICE_UNAVAILABLE, "unavailable").await;
    }
    assert_error(app.login(&unique_email(), PASSWORD).await, StatusCode::SERVICE_UNAVAILABLE, "unavailable")
        .await;
    assert_error(app.refresh_with(&session.refresh).await, StatusCode::SERVICE_UNAVAILABLE, "unavailable")
        .await;
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);

    let _redis = OwnRedis::start(port);
    // The server reconnects by itself. This Redis kept nothing, so the old session is gone, but
    // a new login works.
    let restarted = Instant::now();
    loop {
        let status = app.client.get(app.url("/readyz")).send().await.unwrap().status();
        if status == StatusCode::OK {
            break;
        }
        assert!(restarted.elapsed() < Duration::from_secs(2), "no recovery within 2 s of Redis's restart");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let fresh = app.new_user().await;
    assert_eq!(app.me(&fresh.access).await.status(), StatusCode::OK);
}
