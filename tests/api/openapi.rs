//! The OpenAPI document covers every route of the contract, and the docs page works offline.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::*;

/// Every (method, path) that docs/API.md's route tables name, as the server mounts it.
fn contract_routes() -> Vec<(String, String)> {
    let contract = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/API.md")).unwrap();
    let mut routes = Vec::new();
    for line in contract.lines() {
        let Some(rest) = line.strip_prefix("| ") else { continue };
        let Some((method, rest)) = rest.split_once(" `") else { continue };
        if !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method) {
            continue;
        }
        let path = rest.split('`').next().unwrap().split('?').next().unwrap();
        let operations = ["/healthz", "/readyz", "/metrics", "/api/openapi.json", "/docs", "/"];
        let outside = operations.contains(&path) || line.contains("(outside `/api/v1`)");
        let path = if outside { path.to_owned() } else { format!("/api/v1{path}") };
        routes.push((method.to_lowercase(), path));
    }
    routes
}

#[tokio::test]
async fn the_document_lists_every_route_of_the_contract_with_its_errors() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/api/openapi.json")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let doc: Value = response.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);

    let routes = contract_routes();
    assert!(routes.len() >= 18, "the contract's tables were read: {routes:?}");
    for (method, path) in routes {
        if ["/api/openapi.json", "/docs", "/"].contains(&path.as_str()) {
            continue; // the document and the pages that show it, not API operations
        }
        let operation = &doc["paths"][&path][&method];
        assert!(operation.is_object(), "{method} {path} is missing from /api/openapi.json");
        if path.starts_with("/api/v1/") {
            for status in ["400", "401", "404", "422", "503"] {
                assert!(
                    operation["responses"][status].is_object(),
                    "{method} {path} does not document {status}"
                );
            }
        }
    }
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["refresh_cookie"]["in"], "cookie");
}

#[tokio::test]
async fn the_docs_page_is_served_with_everything_it_needs_from_this_server() {
    let app = spawn_app().await;
    let page = app.client.get(app.url("/docs/")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger"), "a Swagger UI page");
    for external in ["src=\"http", "href=\"http", "src=\"//", "href=\"//"] {
        assert!(!html.contains(external), "the docs page loads {external}… from elsewhere");
    }
    let initializer = app.client.get(app.url("/docs/swagger-initializer.js")).send().await.unwrap();
    assert_eq!(initializer.status(), StatusCode::OK);
    assert!(initializer.text().await.unwrap().contains("/api/openapi.json"));
}

#[test]
fn the_binary_prints_the_same_document_it_serves() {
    let output =
        std::process::Command::new(env!("CARGO_BIN_EXE_tasktracker")).arg("openapi").output().unwrap();
    assert!(output.status.success());
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    let built = serde_json::to_value(tasktracker::http::documented_routes().1).unwrap();
    assert_eq!(printed, built);
}

#[test]
fn operation_ids_are_unique_so_generated_clients_compile() {
    let doc = serde_json::to_value(tasktracker::http::documented_routes().1).unwrap();
    let mut ids = Vec::new();
    for item in doc["paths"].as_object().unwrap().values() {
        for operation in item.as_object().unwrap().values() {
            if let Some(id) = operation["operationId"].as_str() {
                ids.push(id.to_owned());
            }
        }
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "repeated operationIds in {ids:?}");
}
