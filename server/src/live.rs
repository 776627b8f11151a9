//! `GET /live`: server-sent events telling an open app what changed (see
//! `app::backend::platform::live`). Not a server function: one long response per open app, signed in
//! by the same session cookie and checked by the guards' own core. It passes through a
//! plain reverse proxy: it asks not to be buffered, and a comment every 15 s keeps an idle
//! connection open.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast::error::RecvError;
use tokio::time::Instant;

use app::backend::platform::auth::guard::{caller_for_token, password_chosen, Caller};
use app::backend::platform::auth::session::token_in_headers;
use app::backend::platform::auth::throttle::client_address_of;
use app::backend::platform::live::{LiveEvent, StreamOwner, StreamTicket};
use app::backend::AppState;
use app::error::AppError;
use app::model::live::LiveChange;

use crate::middleware::error_response;

/// How often an open stream checks that its session still stands: one ended elsewhere
/// (signed out, staff deactivated) closes it.
const SESSION_CHECK: Duration = Duration::from_secs(30);

pub async fn events(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let Some(token) = token_in_headers(&headers) else {
        return error_response(AppError::Unauthenticated);
    };
    let caller = match caller_for_token(&state, &token).await {
        Ok(Some((caller, _))) => caller,
        Ok(None) => return error_response(AppError::Unauthenticated),
        Err(error) => return error_response(error),
    };
    let caller = match password_chosen(caller) {
        Ok(caller) => caller,
        Err(error) => return error_response(error),
    };
    let owner = match &caller {
        Caller::Customer(c) => StreamOwner {
            session_id: c.session_id.clone(),
            account: format!("customer:{}", c.customer_id),
            address: Some(client_address_of(&state, &headers, Some(peer))),
        },
        Caller::Staff(s) => StreamOwner {
            session_id: s.session_id.clone(),
            account: format!("staff:{}", s.staff_id),
            address: None,
        },
    };
    let ticket = match state.live.admit(owner) {
        Ok(ticket) => ticket,
        Err(refused) => {
            tracing::info!(?refused, "live stream refused");
            return error_response(AppError::TooManyAttempts { retry_after_secs: 30 });
        }
    };
    let stream = Stream {
        ticket,
        events: state.live.subscribe(),
        state,
        token,
        caller,
        check_at: Instant::now() + SESSION_CHECK,
    };
    let mut response = Sse::new(futures::stream::unfold(stream, next))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

struct Stream {
    /// Held while the stream is open; tells when the stream must end to make room.
    ticket: StreamTicket,
    state: AppState,
    token: String,
    caller: Caller,
    events: tokio::sync::broadcast::Receiver<LiveEvent>,
    check_at: Instant,
}

/// The next change this caller may know of; `None` ends the stream.
async fn next(mut s: Stream) -> Option<(Result<Event, Infallible>, Stream)> {
    enum Woke {
        Event(Result<LiveEvent, RecvError>),
        CheckSession,
        Stopping,
        Evicted,
    }
    loop {
        let woke = tokio::select! {
            received = s.events.recv() => Woke::Event(received),
            _ = tokio::time::sleep_until(s.check_at) => Woke::CheckSession,
            _ = s.state.live.stopped() => Woke::Stopping,
            _ = &mut s.ticket.evicted => Woke::Evicted,
        };
        let change = match woke {
            Woke::Event(Ok(event)) if event.reaches(&s.caller) => event.change,
            Woke::Event(Ok(_)) => continue,
            // This stream fell behind: whatever it missed, the page re-reads.
            Woke::Event(Err(RecvError::Lagged(_))) => LiveChange::Resync,
            Woke::Event(Err(RecvError::Closed)) | Woke::Stopping | Woke::Evicted => return None,
            Woke::CheckSession => {
                match caller_for_token(&s.state, &s.token).await {
                    Ok(Some(_)) => s.check_at = Instant::now() + SESSION_CHECK,
                    _ => return None,
                }
                continue;
            }
        };
        let event = Event::default().json_data(&change).ok()?;
        return Some((Ok(event), s));
    }
}
