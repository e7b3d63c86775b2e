//! Extractors that turn raw requests into trusted values, with every rejection in our error shape.

use axum::body::Bytes;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, MatchedPath, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum_extra::extract::Query;
use ipnet::IpNet;
use serde::de::DeserializeOwned;

use super::AppState;
use crate::auth::{Authenticated, Caller};
use crate::domain::{Access, Precondition};
use crate::error::Error;

/// A JSON body: 415 without a JSON content type, 413 over the size limit, 400 when it is not JSON,
/// 422 naming the field when it is JSON of the wrong shape.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Error> {
        if !has_json_content_type(&req) {
            return Err(Error::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                Error::PayloadTooLarge
            } else {
                Error::BadRequest("could not read the request body".into())
            }
        })?;
        parse_json(&bytes).map(JsonBody)
    }
}

/// The `If-Match` precondition, if the request has one; a malformed one is a 400.
pub struct IfMatch(pub Option<Precondition>);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Error> {
        let Some(value) = parts.headers.get(header::IF_MATCH) else {
            return Ok(Self(None));
        };
        let value = value.to_str().map_err(|_| Error::BadRequest("If-Match is not text".into()))?;
        Precondition::parse(value).map(|p| Self(Some(p))).map_err(|e| Error::BadRequest(e.into()))
    }
}

/// A query string read into `T` (repeated keys become lists): 400 with serde's message when it
/// does not fit, unknown parameters included.
pub struct QueryParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for QueryParams<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        let Query(params) = Query::<T>::from_request_parts(parts, state)
            .await
            .map_err(|rejection| Error::BadRequest(rejection.body_text()))?;
        Ok(Self(params))
    }
}

/// A query-string value exactly as sent — empty included, so that `limit=` is refused like any
/// other bad value rather than read as absent; given more than once, the last one counts.
pub fn query_value<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    struct Last;

    impl<'de> serde::de::Visitor<'de> for Last {
        type Value = String;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a value")
        }

        fn visit_str<E>(self, value: &str) -> Result<String, E> {
            Ok(value.to_owned())
        }

        fn visit_string<E>(self, value: String) -> Result<String, E> {
            Ok(value)
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut values: A) -> Result<String, A::Error> {
            let mut last = None;
            while let Some(value) = values.next_element::<String>()? {
                last = Some(value);
            }
            last.ok_or_else(|| serde::de::Error::invalid_length(0, &self))
        }
    }

    deserializer.deserialize_any(Last).map(Some)
}

fn has_json_content_type(req: &Request) -> bool {
    let Some(value) = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let mime = value.split(';').next().unwrap_or_default().trim();
    mime.eq_ignore_ascii_case("application/json")
        || mime.to_ascii_lowercase().strip_prefix("application/").is_some_and(|s| s.ends_with("+json"))
}

fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    // Syntax first, over the whole body, so that broken JSON is always a 400, whatever its shape.
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|_| Error::BadRequest("request body is not valid JSON".into()))?;
    // Every body of this API is an object; serde would otherwise also read a struct from an array.
    if !value.is_object() {
        return Err(Error::field("body", "must be a JSON object"));
    }
    serde_path_to_error::deserialize(value).map_err(|err| {
        let path = err.path().to_string();
        let (field, message) = describe_data_error(&path, &err.into_inner().to_string());
        Error::field(&field, message)
    })
}

/// Names the field a serde data error is about, with a message free of serde's line and column.
fn describe_data_error(path: &str, raw: &str) -> (String, String) {
    let message = raw.split(" at line ").next().unwrap_or(raw);
    let quoted = message.split('`').nth(1).unwrap_or_default();
    let nested = |name: &str| if path == "." { name.to_owned() } else { format!("{path}.{name}") };
    if message.starts_with("missing field") {
        (nested(quoted), "is required".into())
    } else if message.starts_with("unknown field") {
        // serde names the unknown field itself as the path.
        (path.to_owned(), "is not a known field".into())
    } else {
        (path.to_owned(), message.to_owned())
    }
}

/// The caller of a resource route: a valid session access token, or an API token holding the
/// route's scope (`AuthService::caller` decides); 401 without a valid one, 403 outside its scopes.
impl FromRequestParts<AppState> for Caller {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let token = bearer_token(&parts.headers).ok_or(Error::Unauthorized("missing bearer access token"))?;
        let route = parts.extensions.get::<MatchedPath>().map(MatchedPath::as_str).unwrap_or_default();
        state.auth.caller(token, route, access_of(&parts.method)).await
    }
}

/// Whether a request reads or writes, for API token scopes.
pub fn access_of(method: &Method) -> Access {
    if method == Method::GET || method == Method::HEAD { Access::Read } else { Access::Write }
}

/// The caller of an account or auth route: a valid, unrevoked session access token; 401 otherwise,
/// 403 for an API token.
impl FromRequestParts<AppState> for Authenticated {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let token = bearer_token(&parts.headers).ok_or(Error::Unauthorized("missing bearer access token"))?;
        state.auth.authenticate(token).await
    }
}

/// The address of the client, for per-client limits: the TCP peer, or — when the peer is one of
/// `TRUSTED_PROXIES` — the nearest address in `X-Forwarded-For` that is not itself a trusted proxy.
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let ConnectInfo(peer) = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .copied()
            .ok_or_else(|| Error::Internal(anyhow::anyhow!("served without the peer address")))?;
        Ok(Self(client_ip(peer.ip(), &parts.headers, &state.trusted_proxies)))
    }
}

/// Walks `X-Forwarded-For` from the right (the hop nearest us) while the hops are trusted
/// proxies. The addresses further left were written by whoever sent the request, so a client
/// cannot pick its own address to dodge a limit.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    let mut client = peer.to_canonical();
    if !is_trusted(&client) {
        return client;
    }
    let hops: Vec<&str> = headers
        .get_all(X_FORWARDED_FOR)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .collect();
    for hop in hops.into_iter().rev() {
        let Ok(ip) = hop.trim().parse::<IpAddr>() else { break };
        client = ip.to_canonical();
        if !is_trusted(&client) {
            break;
        }
    }
    client
}

const X_FORWARDED_FOR: &str = "x-forwarded-for";

/// The token of an `Authorization: Bearer …` header, if there is one.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty()).then(|| token.trim())
}

/// Deserialises a field that may be absent (`None`), `null` (`Some(None)`) or a value.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    serde::Deserialize::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Login {
        email: String,
        password: String,
    }

    fn client(peer: &str, forwarded: &[&str], trusted: &[&str]) -> String {
        let mut headers = HeaderMap::new();
        for value in forwarded {
            headers.append(X_FORWARDED_FOR, value.parse().unwrap());
        }
        let trusted: Vec<IpNet> = trusted.iter().map(|t| t.parse().unwrap()).collect();
        client_ip(peer.parse().unwrap(), &headers, &trusted).to_string()
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client_whatever_the_header_says() {
        assert_eq!(client("192.0.2.1", &["203.0.113.9"], &[]), "192.0.2.1");
        assert_eq!(client("192.0.2.1", &["203.0.113.9"], &["10.0.0.0/8"]), "192.0.2.1");
    }

    #[test]
    fn behind_trusted_proxies_the_nearest_untrusted_hop_is_the_client() {
        let trusted = ["10.0.0.0/8"];
        assert_eq!(client("10.0.0.2", &["203.0.113.9"], &trusted), "203.0.113.9");
        // A client that writes its own header only adds addresses to the left of the real one.
        assert_eq!(client("10.0.0.2", &["1.1.1.1, 203.0.113.9"], &trusted), "203.0.113.9");
        // Through two proxies, and with the hops split over two header lines.
        assert_eq!(client("10.0.0.2", &["198.51.100.4, 203.0.113.9", "10.0.0.3"], &trusted), "203.0.113.9");
        // Nothing forwarded, or nothing but proxies: the last address known.
        assert_eq!(client("10.0.0.2", &[], &trusted), "10.0.0.2");
        assert_eq!(client("10.0.0.2", &["10.0.0.5"], &trusted), "10.0.0.5");
        // Garbage stops the walk at the last good address.
        assert_eq!(client("10.0.0.2", &["203.0.113.9, garbage"], &trusted), "10.0.0.2");
        assert_eq!(client("::ffff:10.0.0.2", &["2001:db8::1"], &trusted), "2001:db8::1");
    }

    fn field_error(body: &str) -> (String, String) {
        match parse_json::<Login>(body.as_bytes()) {
            Err(Error::Validation(fields)) => fields.into_iter().next().unwrap(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn malformed_json_is_a_bad_request() {
        for body in ["{", "not json", "{\"email\": \"a\"} trailing", ""] {
            assert!(matches!(parse_json::<Login>(body.as_bytes()), Err(Error::BadRequest(_))), "{body:?}");
        }
    }

    #[test]
    fn wrong_shapes_name_the_field() {
        assert_eq!(field_error(r#"{"email": "a@b.co"}"#), ("password".into(), "is required".into()));
        assert_eq!(field_error(r#"{"email": 5, "password": "x"}"#).0, "email");
        let (field, message) = field_error(r#"{"email": "a", "password": "b", "admin": true}"#);
        assert_eq!((field.as_str(), message.as_str()), ("admin", "is not a known field"));
        assert_eq!(field_error("[1, 2]").0, "body");
    }
}
