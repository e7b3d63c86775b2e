//! The OpenAPI 3.1 document, generated from the handlers' annotations, and the offline docs page.
//!
//! The router and the document are built from the same `routes!` lists (utoipa-axum), so a route
//! cannot be served without being documented.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi as Document, Ref, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use super::error::{ErrorBody, ErrorDetail};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Task Tracker",
        description = "A fast, secure, self-hosted multi-user task service. \
        Every route under /api/v1; errors share one JSON shape."
    ),
    components(schemas(ErrorBody, ErrorDetail))
)]
pub struct ApiDoc;

/// Adds what the handlers' annotations leave out: the security schemes, and the error responses
/// of every operation. Run once all the routes are in.
pub fn complete(doc: &mut Document) {
    SecuritySchemes.modify(doc);
    ErrorResponses.modify(doc);
}

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, doc: &mut Document) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build(),
            ),
        );
        components.add_security_scheme(
            "refresh_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "refresh_token",
                "HttpOnly, SameSite=Strict, Path=/api/v1/auth; set by login and refresh",
            ))),
        );
    }
}

/// Every error an operation can answer, added to each API operation so the document lists them all
/// in one place instead of on every handler.
struct ErrorResponses;

const API_ERRORS: &[(&str, &str)] = &[
    ("400", "Not valid JSON, a bad query string or a bad cursor"),
    ("401", "No, malformed, expired, revoked or wrong-type token; or bad credentials"),
    ("403", "A cross-site request to a cookie-authenticated route"),
    ("404", "No such route or resource (another user's resources included)"),
    ("405", "Method not allowed"),
    ("409", "Email already registered"),
    ("412", "If-Match names a version of the task that is no longer current"),
    ("413", "Body over the size limit"),
    ("415", "A JSON route given another content type"),
    ("422", "Well-formed JSON with invalid fields"),
    (
        "429",
        "Too many attempts (failed passwords, registrations, reset requests) for one email or client; see Retry-After",
    ),
    ("503", "The database or the token store cannot be reached, or the request timed out"),
];

impl Modify for ErrorResponses {
    fn modify(&self, doc: &mut Document) {
        for (path, item) in doc.paths.paths.iter_mut() {
            if !path.starts_with("/api/") {
                continue; // the operations routes answer what their own annotations say
            }
            for operation in [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch]
                .into_iter()
                .flatten()
            {
                for (status, description) in API_ERRORS {
                    let response = ResponseBuilder::new()
                        .description(*description)
                        .content(
                            "application/json",
                            ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build(),
                        )
                        .build();
                    operation.responses.responses.entry((*status).to_owned()).or_insert(response.into());
                }
            }
        }
    }
}
