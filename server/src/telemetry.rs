use tracing_subscriber::{fmt, EnvFilter};

/// Logs to stdout; `APP_LOG` (or `RUST_LOG`) sets the filter, e.g. `info,sqlx=warn`.
pub fn init(level: &str) {
    let filter = EnvFilter::try_new(level).unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = fmt().with_env_filter(filter).with_target(false).try_init();
}
