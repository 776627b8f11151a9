//! The axum server: configuration, database and migrations, the server-function routes,
//! static files with SPA fallback, security headers, request logging, health endpoints.

pub mod config;
pub mod cti;
pub mod demo;
pub mod live;
pub mod middleware;
pub mod prerender;
pub mod scale;
pub mod secrets;
pub mod serve;
pub mod startup;
pub mod telemetry;
