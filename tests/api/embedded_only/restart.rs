use std::os::unix::fs::PermissionsExt;

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::process::{BinaryServer as Server, free_port};

#[tokio::test]
async fn data_and_revocations_survive_a_restart_of_the_default_binary() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let email = "newcomer@example.com";

    let server = Server::start(dir.path(), port, &[]).await;
    let client = Client::new();
    server.register(email).await;
    let leaving = server.session(email).await;
    let staying = server.session(email).await;
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

    let server = Server::start(dir.path(), port, &[]).await;
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
