//! An API token revoked on one server is refused at once on another (through the shared token
//! store), although the other had just used — and so cached — its grant.

use reqwest::{Client, StatusCode};

use super::live_events::second_server;
use crate::api_tokens::{api_token, secret};
use crate::helpers::*;

#[tokio::test]
async fn a_token_revoked_on_one_server_is_refused_at_once_on_another() {
    let a = spawn_app_with(Options { backend: Backend::Postgres, ..Default::default() }).await;
    let b = second_server(&a).await;
    let owner = a.new_user().await;
    let token = api_token(&a, &owner, &["tasks:read"]).await;
    let list = |server: &TestApp| Client::new().get(server.api("/tasks")).bearer_auth(secret(&token)).send();
    assert_eq!(list(&b).await.unwrap().status(), StatusCode::OK);
    assert_eq!(list(&a).await.unwrap().status(), StatusCode::OK);

    let revoked = a
        .client
        .delete(a.api(&format!("/users/me/api-tokens/{}", token["id"])))
        .bearer_auth(&owner.access)
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    assert_error(list(&b).await.unwrap(), StatusCode::UNAUTHORIZED, "unauthorized").await;
}
