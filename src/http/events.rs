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
use crate::auth::Authenticated;
use crate::error::{Error, Result};
use crate::events::{self, Ended};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(stream))
}

/// Live updates: one event per committed change the caller may see, on whichever server it was
/// made (`task`, `project`, `notification`; ids only), and a comment line every 15 s. It ends when
/// the access token expires or its session is revoked; reconnect with a fresh token and refetch.
#[utoipa::path(get, operation_id = "events", path = "/events", tag = "events", security(("bearer" = [])),
    responses((status = 200, description = "A stream of server-sent events", content_type = "text/event-stream", body = String)))]
async fn stream(
    State(state): State<AppState>,
    who: Authenticated,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = std::result::Result<Event, Infallible>>>> {
    // The same check as every request's, again every few seconds: the stream ends with the session.
    let token: Arc<str> =
        bearer_token(&headers).ok_or(Error::Unauthorized("missing bearer access token"))?.into();
    let (auth, user) = (state.auth.clone(), who.user_id);
    let check = move || {
        let (auth, token) = (auth.clone(), token.clone());
        async move {
            match auth.authenticate(&token).await {
                Ok(still) if still.user_id == user => None,
                Ok(_) | Err(Error::Unauthorized(_)) => Some(Ended::Revoked),
                Err(_) => Some(Ended::Unchecked),
            }
        }
    };
    let received = state.events.open(who.user_id, who.expires_at, check).await?;
    let events = ReceiverStream::new(received)
        .map(|event| Ok(Event::default().event(event.kind.name()).data(event.data.as_str())));
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(events::KEEP_ALIVE)))
}
