//! The password-reset limits are kept in Redis, so two servers count against the same ones.

use reqwest::StatusCode;

use crate::helpers::*;
use crate::password_reset::{request_reset, with_email};
use crate::smtp::SmtpSink;

#[tokio::test]
async fn the_reset_limit_holds_across_two_servers() {
    let sink = SmtpSink::start(0).await;
    let mut options = with_email(sink.url(), |s| s.login_max_failures = 3);
    options.backend = Backend::Postgres;
    let a = spawn_app_with(options).await;
    let (database, prefix) = (a.settings.database.database_url.clone(), a.settings.redis_key_prefix.clone());
    let mut options = with_email(sink.url(), move |s| {
        s.login_max_failures = 3;
        s.redis_key_prefix = prefix;
    });
    options.backend = Backend::Postgres;
    options.database_url = Some(database);
    let b = spawn_app_with(options).await;

    let email = unique_email();
    a.signed_up(&email).await;
    for (i, server) in [&a, &b, &a].into_iter().enumerate() {
        assert_eq!(request_reset(server, &email).await.status(), StatusCode::ACCEPTED, "request {i}");
    }
    assert_error(request_reset(&b, &email).await, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert_error(request_reset(&a, &email).await, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}
