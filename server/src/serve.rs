//! Accepting connections. `axum::serve` takes no settings (its docs send you to hyper), and
//! it sets no timer, so a client could hold a connection forever by sending half a request
//! header, or nothing at all. This loop serves HTTP/1.1 (what browsers and proxies speak to
//! an origin; no WebSockets are used) with:
//! - a header deadline: a request's headers must arrive within `header_timeout`, and the
//!   same timer closes a kept-alive connection idle that long (hyper arms it whenever it
//!   waits for a request head: on a new connection and between requests; never while a
//!   response, such as the live stream, is being sent);
//! - a cap on open connections per client address, so one address cannot take the
//!   process's sockets (beyond it a connection gets 503 and is closed);
//! - a graceful stop: no new connections, idle ones closed, requests in flight finished
//!   (with a deadline).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::Layer;

/// How long a stopping server waits for requests in flight.
const DRAIN_DEADLINE: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    pub header_timeout: Duration,
    /// 0: no cap.
    pub per_address: usize,
}

/// Open connections by client address.
#[derive(Clone, Default)]
struct OpenConnections(Arc<Mutex<HashMap<IpAddr, usize>>>);

/// One connection's place, given back when it closes.
struct ConnectionTicket {
    open: OpenConnections,
    address: IpAddr,
}

impl OpenConnections {
    fn admit(&self, address: IpAddr, cap: usize) -> Option<ConnectionTicket> {
        let mut open = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let held = open.entry(address).or_insert(0);
        if cap > 0 && *held >= cap {
            return None;
        }
        *held += 1;
        Some(ConnectionTicket {
            open: self.clone(),
            address,
        })
    }
}

impl Drop for ConnectionTicket {
    fn drop(&mut self) {
        let mut open = self.open.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(held) = open.get_mut(&self.address) {
            *held -= 1;
            if *held == 0 {
                open.remove(&self.address);
            }
        }
    }
}

/// Serves `router` on `listener` until `stop` resolves, then lets the connections finish.
pub async fn serve(
    mut listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    stop: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout);
    let graceful = GracefulShutdown::new();
    let open = OpenConnections::default();
    tokio::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            // axum's listener retries failed accepts (and backs off when out of files).
            accepted = axum::serve::Listener::accept(&mut listener) => accepted,
            _ = &mut stop => break,
        };
        let Some(ticket) = open.admit(peer.ip().to_canonical(), limits.per_address) else {
            tracing::debug!(%peer, "connection refused: too many from this address");
            // Without waiting: a client that does not read cannot hold up the loop.
            let _ =
                stream.try_write(b"HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(axum::Extension(ConnectInfo(peer)).layer(router.clone()));
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _ticket = ticket;
            if let Err(error) = connection.await {
                tracing::debug!(%peer, %error, "connection ended");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(DRAIN_DEADLINE, graceful.shutdown()).await.is_err() {
        tracing::warn!("connections still open after the drain deadline");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_holds_its_share_of_connections() {
        let open = OpenConnections::default();
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        let held: Vec<_> = (0..3).map(|_| open.admit(a, 3).unwrap()).collect();
        assert!(open.admit(a, 3).is_none());
        assert!(open.admit(b, 3).is_some());
        drop(held);
        assert!(open.admit(a, 3).is_some());
        assert!(
            (0..10).all(|_| open.admit(a, 0).map(std::mem::forget).is_some()),
            "0 is no cap"
        );
    }
}
