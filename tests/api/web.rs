//! The web UI is served at `/`, with client-side routes falling back to index.html: the one
//! embedded in the binary, or `WEB_DIR`'s.

use reqwest::StatusCode;

use crate::helpers::*;
use crate::process::{BinaryServer, free_port};

#[tokio::test]
async fn the_ui_is_served_with_an_spa_fallback_and_cache_headers() {
    let web = tempfile::tempdir().unwrap();
    std::fs::write(web.path().join("index.html"), "<!doctype html><title>Task Tracker</title>").unwrap();
    std::fs::create_dir(web.path().join("assets")).unwrap();
    std::fs::write(web.path().join("assets/app-3f2a.js"), "console.log('hi')").unwrap();
    let dir = web.path().to_owned();
    let app =
        spawn_app_with(Options { tweak: Box::new(move |s| s.web_dir = Some(dir)), ..Default::default() })
            .await;

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

/// The UI is in the binary: started from an empty folder (no web/dist there, no `WEB_DIR`), it
/// serves `index.html` and the assets it names. A binary built before the UI fails this test.
#[tokio::test]
async fn the_binary_serves_its_embedded_ui_from_any_folder() {
    let empty = tempfile::tempdir().unwrap();
    let env = [("JWT_SECRET", JWT_SECRET.to_owned())];
    let server = BinaryServer::start(empty.path(), free_port(), &env).await;
    let client = reqwest::Client::new();

    for path in ["/", "/tasks"] {
        let index = client.get(server.url(path)).send().await.unwrap();
        assert_eq!(index.status(), StatusCode::OK, "{path}: was the UI built (make web) before the binary?");
        assert_eq!(index.headers()["content-type"], "text/html", "{path}");
        assert_eq!(index.headers()["cache-control"], "no-cache", "{path}");
        assert!(index.headers().contains_key("content-security-policy"), "{path}");
        let etag = index.headers()["etag"].clone();
        let html = index.text().await.unwrap();
        assert!(html.contains("<title>Task Tracker</title>"), "{path}: {html}");

        let again = client.get(server.url(path)).header("if-none-match", etag).send().await.unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
    }

    let html = client.get(server.url("/")).send().await.unwrap().text().await.unwrap();
    let script = html
        .split("src=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|src| src.starts_with("/assets/") && src.ends_with(".js"))
        .unwrap_or_else(|| panic!("index.html names no built script: {html}"))
        .to_owned();
    let asset = client.get(server.url(&script)).send().await.unwrap();
    assert_eq!(asset.status(), StatusCode::OK, "{script}");
    assert_eq!(asset.headers()["content-type"], "text/javascript", "{script}");
    assert_eq!(asset.headers()["cache-control"], "public, max-age=31536000, immutable", "{script}");
    assert!(asset.bytes().await.unwrap().len() > 1000, "{script}");

    // A hashed asset that is not there is not index.html (which would be cached for a year as it).
    let missing = client.get(server.url("/assets/gone-0000.js")).send().await.unwrap();
    assert_eq!(missing.headers()["cache-control"], "no-cache");
    assert_error(missing, StatusCode::NOT_FOUND, "not_found").await;
    for path in ["/api/v1/nope", "/api"] {
        assert_error(client.get(server.url(path)).send().await.unwrap(), StatusCode::NOT_FOUND, "not_found")
            .await;
    }
    assert!(!empty.path().join("web").exists());
    server.stop();
}
