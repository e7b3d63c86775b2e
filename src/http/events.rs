use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use tokio_stream::wrappers::ReceiverStream;
use tokio_stream::{Stream, StreamExt};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::extract::bearer_token;
use crate::auth::{Caller, Via};
use crate::domain::Scope;
use crate::error::{Error, Result};
use crate::events::{self, Ended, Kind};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(stream))
}

/// Live updates: one event per committed change the caller may see, on whichever server it was
/// made (`task`, `project`, `notification`; ids only), and a comment line every 15 s. It ends when
/// the access token expires or its session is revoked (or the API token is revoked); reconnect with
/// a fresh token and refetch. An API token needs `tasks:read`.
#[utoipa::path(get, operation_id = "events", path = "/events", tag = "events", security(("bearer" = [])),
    responses((status = 200, description = "A stream of server-sent events", content_type = "text/event-stream", body = String)))]
async fn stream(
    State(state): State<AppState>,
    who: Caller,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = std::result::Result<Event, Infallible>>>> {
    // The same check as every request's, again every few seconds: the stream ends with the session
    // (or the API token's revocation).
    let token: Arc<str> =
        bearer_token(&headers).ok_or(Error::Unauthorized("missing bearer access token"))?.into();
    let (auth, user) = (state.auth.clone(), who.user_id);
    let expires_at = match &who.via {
        Via::Session(session) => session.expires_at,
        // Until the stream's longest life; revocation is checked as it runs.
        Via::ApiToken(_) => i64::MAX,
    };
    // What the caller may read of each kind: a session all; an API token what its scopes cover.
    let may_read = |scope| match &who.via {
        Via::Session(_) => true,
        Via::ApiToken(token) => token.scopes.allows(scope),
    };
    let (tasks, projects, notifications) =
        (may_read(Scope::TasksRead), may_read(Scope::ProjectsRead), may_read(Scope::NotificationsRead));
    let readable = move |kind: &Kind| match kind {
        Kind::Task => tasks,
        Kind::Project => projects,
        Kind::Notification => notifications,
    };
    let via = Arc::new(who.via);
    let check = move || {
        let (auth, token, via) = (auth.clone(), token.clone(), via.clone());
        async move {
            let still = match &*via {
                Via::Session(_) => auth.authenticate(&token).await.map(|still| still.user_id == user),
                Via::ApiToken(api_token) => auth.api_tokens.still_valid(api_token).await,
            };
            match still {
                Ok(true) => None,
                Ok(false) | Err(Error::Unauthorized(_)) => Some(Ended::Revoked),
                Err(_) => Some(Ended::Unchecked),
            }
        }
    };
    let received = state.events.open(user, expires_at, check).await?;
    let events = ReceiverStream::new(received)
        .filter(move |event| readable(&event.kind))
        .map(|event| Ok(Event::default().event(event.kind.name()).data(event.data.as_str())));
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(events::KEEP_ALIVE)))
}
