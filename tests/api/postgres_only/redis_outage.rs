//! Redis stopped mid-test: requests that need it get 503 (never a pass), and the server recovers
//! by itself. Runs against a Redis this test starts on its own port, never the shared one.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::helpers::*;

struct OwnRedis {
    port: u16,
    child: Option<Child>,
}

impl OwnRedis {
    fn start(port: u16) -> Self {
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .spawn()
            .expect("redis-server must be installed (make test installs it)");
        let redis = Self { port, child: Some(child) };
        redis.wait_until_ready();
        redis
    }

    fn url(&self) -> String {
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

    fn stop(&mut self) {
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

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
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

    redis.stop();
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
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let status = app.client.get(app.url("/readyz")).send().await.unwrap().status();
        if status == StatusCode::OK {
            break;
        }
        assert!(Instant::now() < deadline, "the server did not recover within 10 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let fresh = app.new_user().await;
    assert_eq!(app.me(&fresh.access).await.status(), StatusCode::OK);
}
