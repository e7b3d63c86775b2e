//! The web UI is served at `/`, with client-side routes falling back to index.html.

use reqwest::StatusCode;

use crate::helpers::*;

#[tokio::test]
async fn the_ui_is_served_with_an_spa_fallback_and_cache_headers() {
    let web = tempfile::tempdir().unwrap();
    std::fs::write(web.path().join("index.html"), "<!doctype html><title>Task Tracker</title>").unwrap();
    std::fs::create_dir(web.path().join("assets")).unwrap();
    std::fs::write(web.path().join("assets/app-3f2a.js"), "console.log('hi')").unwrap();
    let dir = web.path().to_owned();
    let app =
        spawn_app_with(Options { tweak: Box::new(move |s| s.web_dir = dir), ..Default::default() }).await;

    for path in ["/", "/tasks", "/profile/settings"] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
        assert!(response.text().await.unwrap().contains("<title>Task Tracker</title>"), "{path}");
    }
    let asset = app.client.get(app.url("/assets/app-3f2a.js")).send().await.unwrap();
    assert_eq!(asset.status(), StatusCode::OK);
    assert_eq!(asset.headers()["cache-control"], "public, max-age=31536000, immutable");

    // API paths never fall back to the UI.
    for path in ["/api/v1/nope", "/api/nope", "/api"] {
        assert_error(app.client.get(app.url(path)).send().await.unwrap(), StatusCode::NOT_FOUND, "not_found")
            .await;
    }
}

#[tokio::test]
async fn without_a_built_ui_unknown_paths_are_json_404s() {
    let app = spawn_app().await;
    assert_error(app.client.get(app.url("/")).send().await.unwrap(), StatusCode::NOT_FOUND, "not_found")
        .await;
}
