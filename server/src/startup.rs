//! Builds the application from configuration: database, migrations, demo data, routes.
//! `Application::build` binds (port 0 allowed) so tests can run many servers at once.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::provide_context;
use sqlx::migrate::Migrator;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;

use app::backend::messaging::delivery::{Delivery, LogFileSender, SmsGateway, SmtpSender};
use app::backend::messaging::outbox::{self, DeliverySettings};
use app::backend::platform::file_store;
use app::backend::platform::live::{self, LiveHub, StreamLimits};
use app::backend::platform::pdf_font::PdfFont;
use app::backend::{
    AppState, AuthSettings, Db, DbKind, FileSettings, KeyedHasher, PointsSettings, Services, SmsCodeBudget, TokenKeys,
};
use app::routes::{self, Bundle};

use crate::config::{Config, Secret};
use crate::{demo, middleware, prerender, secrets};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

pub struct Application {
    listener: TcpListener,
    router: Router,
    pub state: AppState,
    pub config: Config,
    seeded_demo: bool,
    /// Tells the background jobs, and the server when run, to stop.
    stop: tokio::sync::watch::Sender<bool>,
    jobs: Vec<tokio::task::JoinHandle<()>>,
}

/// Stops a running `Application`: the server finishes the requests in flight, the
/// background jobs finish their pass, and `run_until_stopped` returns.
#[derive(Clone)]
pub struct StopHandle(tokio::sync::watch::Sender<bool>);

impl StopHandle {
    pub fn stop(&self) {
        let _ = self.0.send(true);
    }
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        Self::build_with(config, Router::new()).await
    }

    /// Builds with `extra` routes merged in (the benchmark adds a plain handler).
    pub async fn build_with(config: Config, extra: Router<AppState>) -> anyhow::Result<Self> {
        // Before anything is recorded: the days and hours facts fall on.
        app::backend::platform::facts::set_insurer_time_zone(&config.insurer_time_zone)
            .map_err(|e| anyhow::anyhow!("APP_INSURER_TIME_ZONE: {e}"))?;
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("creating the data folder {}", config.data_dir.display()))?;
        let db = Db::connect(&config.database_url, config.db_max_connections)
            .await
            .with_context(|| format!("connecting to {}", redact(&config.database_url)))?;
        let db = match &config.database_read_url {
            Some(url) => db
                .with_replica(url, config.db_max_connections)
                .await
                .with_context(|| format!("connecting to the read replica {}", redact(url)))?,
            None => db,
        };
        migrate(&db).await?;
        let seeded_demo = if config.seed_demo {
            demo::seed_once(&db, demo::DemoSize::Full).await?
        } else {
            false
        };
        // Articles written before the help centre had its index (once; quick when none are).
        app::backend::content::knowledge::index_unindexed(&db)
            .await
            .map_err(|e| anyhow::anyhow!("indexing the help centre: {e}"))?;

        let key = secrets::signing_key(config.jwt_secret.as_ref().map(Secret::expose), &config.data_dir)?;
        let hashing_key = secrets::hashing_key(config.hashing_key.as_ref().map(Secret::expose), &config.data_dir)?;
        let store = file_store::open(&config.file_store)
            .await
            .map_err(|e| anyhow::anyhow!(e))?;
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let state = AppState::new(Services {
            db,
            tokens: Arc::new(TokenKeys::from_secret(&key)),
            hasher: KeyedHasher::new(hashing_key),
            auth: AuthSettings {
                cookie_secure: config.cookie_secure,
                trust_forwarded_for: config.trust_forwarded_for,
                code_resend_secs: config.code_resend_secs as i64,
                sms_code_budget: SmsCodeBudget {
                    per_minute: config.sms_codes_per_minute,
                    per_day: config.sms_codes_per_day,
                    per_prefix_hour: config.sms_codes_per_block_hour,
                },
                ..AuthSettings::default()
            },
            files: FileSettings {
                store,
                scratch_dir: config.scratch_dir.clone(),
                max_file_bytes: config.upload_max_file_bytes,
                max_case_bytes: config.upload_max_case_bytes,
            },
            points: PointsSettings {
                valid_days: config.points_valid_days,
            },
            live: LiveHub::new(
                stopped.clone(),
                StreamLimits {
                    process: config.live_max_streams,
                    per_address: config.live_max_streams_per_address,
                },
            ),
            pdf_font: Arc::new(PdfFont::new(config.pdf_font.clone(), config.pdf_font_index)),
            board: Arc::default(),
        });
        std::fs::create_dir_all(&config.scratch_dir)
            .with_context(|| format!("creating the scratch folder {}", config.scratch_dir.display()))?;
        let mut jobs = vec![tokio::spawn(live::run(
            state.db.clone(),
            config.database_url.clone(),
            state.live.clone(),
        ))];
        jobs.push(tokio::spawn(app::backend::reports::board::run(state.clone())));
        jobs.push(tokio::spawn(app::backend::platform::facts::run(
            state.db.clone(),
            stopped.clone(),
        )));
        if config.outbox_poll_ms > 0 {
            let sender = delivery(&config).await?;
            let interval = std::time::Duration::from_millis(config.outbox_poll_ms);
            let settings = DeliverySettings {
                lease: std::time::Duration::from_secs(config.outbox_lease_secs.max(1)),
                first_retry: std::time::Duration::from_millis(config.outbox_first_retry_ms),
                per_second: config.outbox_per_second.max(1),
            };
            jobs.push(tokio::spawn(outbox::run(
                state.db.clone(),
                sender,
                interval,
                settings,
                stopped.clone(),
            )));
        }
        if config.sweep_secs > 0 {
            let interval = std::time::Duration::from_secs(config.sweep_secs);
            let sweep = app::backend::jobs::run(state.db.clone(), state.files.clone(), interval, stopped.clone());
            jobs.push(tokio::spawn(sweep));
        }
        if seeded_demo {
            demo::seed_reviews(&state)
                .await
                .context("loading the demo's ID photos")?;
        }
        let endpoints = app::api::register_all();
        let router = routes(&config, state.clone(), extra, endpoints)?;
        let listener = TcpListener::bind(config.bind)
            .await
            .with_context(|| format!("binding {}", config.bind))?;
        Ok(Self {
            listener,
            router,
            state,
            config,
            seeded_demo,
            stop,
            jobs,
        })
    }

    /// A handle that stops this application once it runs (or before).
    pub fn stop_handle(&self) -> StopHandle {
        StopHandle(self.stop.clone())
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    pub fn print_welcome(&self) {
        let addr = self.local_addr();
        let host = if addr.ip().is_unspecified() {
            "127.0.0.1".to_string()
        } else {
            addr.ip().to_string()
        };
        println!();
        println!("  Insurer service platform is running: http://{host}:{}", addr.port());
        println!("  Database: {}", redact(&self.config.database_url));
        if self.config.seed_demo {
            if self.seeded_demo {
                println!("  Demo data loaded (first start).");
            }
            println!("  Demo logins (password for all: {}):", demo::DEMO_PASSWORD);
            for (role, account) in demo::DEMO_LOGINS {
                println!("    {role:<11} {account}");
            }
        }
        println!("  Press Ctrl+C to stop.");
        println!();
    }

    /// Serves until Ctrl+C, SIGTERM or the stop handle, then finishes the requests in flight
    /// and stops the background jobs before it returns.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let mut stopped = self.stop.subscribe();
        let stop = self.stop.clone();
        let limits = crate::serve::ConnectionLimits {
            header_timeout: std::time::Duration::from_secs(self.config.header_timeout_secs),
            per_address: self.config.max_connections_per_address,
        };
        let served = crate::serve::serve(self.listener, self.router, limits, async move {
            tokio::select! {
                _ = shutdown_signal() => {}
                _ = stopped.wait_for(|stop| *stop) => {}
            }
            // Open live streams end now, so they do not hold the stop open.
            let _ = stop.send(true);
        })
        .await;
        let _ = self.stop.send(true);
        for job in self.jobs {
            let _ = job.await;
        }
        tracing::info!("stopped");
        served
    }
}

/// `server rollups check` compares the service rollups with a recount of the facts and fails
/// when any row differs; `server rollups rebuild` rebuilds them from the facts. On the
/// database the configuration names, migrated first.
pub async fn rollups_command(config: Config, what: &str) -> anyhow::Result<()> {
    use app::backend::platform::facts;
    facts::set_insurer_time_zone(&config.insurer_time_zone)
        .map_err(|e| anyhow::anyhow!("APP_INSURER_TIME_ZONE: {e}"))?;
    let db = Db::connect(&config.database_url, config.db_max_connections)
        .await
        .with_context(|| format!("connecting to {}", redact(&config.database_url)))?;
    migrate(&db).await?;
    match what {
        "check" => {
            let check = facts::check(&db)
                .await
                .map_err(|e| anyhow::anyhow!("checking the rollups: {e}"))?;
            println!(
                "{} facts, {} rollup rows; {} rows differ from a recount of the facts",
                check.facts, check.rollup_rows, check.differing
            );
            anyhow::ensure!(
                check.differing == 0,
                "the rollups differ from the facts: run `server rollups rebuild`"
            );
        }
        "rebuild" => {
            let rows = facts::rebuild(&db)
                .await
                .map_err(|e| anyhow::anyhow!("rebuilding the rollups: {e}"))?;
            println!("rollups rebuilt from the facts: {rows} rows");
        }
        other => anyhow::bail!("`server rollups` takes check or rebuild, not `{other}`"),
    }
    Ok(())
}

async fn migrate(db: &Db) -> anyhow::Result<()> {
    let migrator = match db.kind {
        DbKind::Sqlite => &SQLITE_MIGRATIONS,
        DbKind::Postgres => &POSTGRES_MIGRATIONS,
    };
    migrator.run(&db.pool).await.context("running database migrations")?;
    Ok(())
}

/// The built bundles under the site root: the customer's at `/` and the staff's at
/// `/staff/` (see `./x`, `build_frontend`).
fn bundle_dirs(site_root: &Path) -> (PathBuf, PathBuf) {
    (site_root.join("portal"), site_root.join("staff"))
}

/// The ways out for SMS and e-mail this configuration names; the log file for the rest.
async fn delivery(config: &Config) -> anyhow::Result<Delivery> {
    let log = LogFileSender::open(config.outbox_log.clone())
        .await
        .with_context(|| format!("opening the outbox log {}", config.outbox_log.display()))?;
    let email = config
        .smtp_url
        .as_ref()
        .map(|url| SmtpSender::new(url.expose(), &config.smtp_from))
        .transpose()
        .map_err(|e| anyhow::anyhow!("APP_SMTP_URL / APP_SMTP_FROM: {e}"))?;
    let sms = match (&config.sms_gateway_url, &config.sms_gateway_secret) {
        (Some(url), Some(secret)) => Some(SmsGateway::new(url, secret.expose()).map_err(|e| anyhow::anyhow!(e))?),
        _ => None,
    };
    tracing::info!(
        email = if email.is_some() { "smtp" } else { "log file" },
        sms = if sms.is_some() { "gateway" } else { "log file" },
        "outbox delivery"
    );
    Ok(Delivery { log, email, sms })
}

fn routes(
    config: &Config,
    state: AppState,
    extra: Router<AppState>,
    endpoints: app::api::Endpoints,
) -> anyhow::Result<Router> {
    let api_routes = middleware::ApiRoutes {
        paths: Arc::new(endpoints.paths.into_iter().collect()),
        json: Arc::new(endpoints.json.into_iter().collect()),
        upload: format!("/api/{}", app::model::documents::UPLOAD_ENDPOINT),
    };
    let (portal, staff) = bundle_dirs(&config.site_root);
    let (portal_index, staff_index) = (portal.join("index.html"), staff.join("index.html"));
    let csp = content_security_policy(&[&portal_index, &staff_index])?;
    let pages = pages_service(&portal, &portal_index, &staff_index);
    let portal_index = portal_index.clone();
    let staff_assets = ServeDir::new(&staff).precompressed_br().precompressed_gzip();
    let limit = config.max_body_bytes;
    let hsts = config.cookie_secure;

    // Uploads stream one file each; their limit is the per-file one plus room for the form.
    let upload_limit = usize::try_from(config.upload_max_file_bytes)
        .unwrap_or(usize::MAX)
        .saturating_add(64 * 1024);
    let uploads = Router::new()
        .route(
            &format!("/api/{}", app::model::documents::UPLOAD_ENDPOINT),
            post(server_fn_handler),
        )
        .layer(axum::middleware::from_fn({
            let routes = api_routes.clone();
            move |req, next| middleware::api_gate(routes.clone(), upload_limit, req, next)
        }));

    let api = Router::new()
        .route("/api/{*fn_name}", get(server_fn_handler).post(server_fn_handler))
        .layer(axum::middleware::from_fn(move |req, next| {
            middleware::api_gate(api_routes.clone(), limit, req, next)
        }));

    Ok(Router::new()
        .merge(uploads)
        .merge(api)
        .route("/health/live", get(|| async { "live" }))
        .route(app::model::live::LIVE_PATH, get(crate::live::events))
        .route("/health/ready", get(ready))
        .route(
            &routes::public::sign_in(),
            get(move |headers: HeaderMap| {
                let index = portal_index.clone();
                async move { prerender::sign_in_page(&index, &headers).await }
            }),
        )
        .merge(extra)
        .merge(
            Router::new()
                .route("/cti/calls", post(crate::cti::calls))
                .layer(axum::Extension(crate::cti::CtiSecret(
                    config.cti_secret.as_ref().map(|s| Arc::new(s.0.as_bytes().to_vec())),
                )))
                .layer(RequestBodyLimitLayer::new(crate::cti::MAX_BODY)),
        )
        .nest_service("/staff", staff_assets)
        .fallback_service(pages)
        .with_state(state)
        .layer(axum::middleware::from_fn(middleware::cache_control))
        .layer(axum::middleware::from_fn(move |req, next| {
            middleware::security_headers(csp.clone(), hsts, req, next)
        }))
        .layer(CompressionLayer::new())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<Body>| {
            let request_id = request
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-");
            tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id)
        }))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(axum::middleware::map_request(middleware::checked_request_id))
        .layer(CatchPanicLayer::custom(middleware::panic_response)))
}

/// Every other GET: a page of the app. The console's paths get the staff bundle's page;
/// everything else is the customer bundle's files, with its page for client routes (SPA
/// fallback, 200).
fn pages_service(
    portal: &Path,
    portal_index: &Path,
    staff_index: &Path,
) -> impl tower::Service<
    Request<Body>,
    Response = axum::response::Response,
    Error = std::convert::Infallible,
    Future = impl Send,
> + Clone
       + Send
       + Sync
       + 'static {
    use tower::ServiceExt;
    let portal_files = ServeDir::new(portal)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(ServeFile::new(portal_index).precompressed_br().precompressed_gzip());
    let staff_page = ServeFile::new(staff_index).precompressed_br().precompressed_gzip();
    tower::service_fn(move |request: Request<Body>| {
        let (portal_files, staff_page) = (portal_files.clone(), staff_page.clone());
        async move {
            let response = match Bundle::of_path(request.uri().path()) {
                Bundle::Staff => staff_page.oneshot(request).await.into_response(),
                Bundle::Portal => portal_files.oneshot(request).await.into_response(),
            };
            Ok(response)
        }
    })
}

async fn server_fn_handler(State(state): State<AppState>, request: Request<Body>) -> impl IntoResponse {
    leptos_axum::handle_server_fns_with_context(move || provide_context(state.clone()), request).await
}

/// Ready when the database answers.
async fn ready(State(state): State<AppState>) -> impl IntoResponse {
    match sqlx::query("SELECT 1").execute(&state.db.pool).await {
        Ok(_) => (StatusCode::OK, "ready"),
        Err(err) => {
            tracing::warn!(error = %err, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}

/// The CSP, allowing by hash the inline scripts (the bundle's loader) and inline styles (the
/// skeleton painted before the app loads) of the bundles' pages.
fn content_security_policy(pages: &[&Path]) -> anyhow::Result<HeaderValue> {
    let mut scripts = String::new();
    let mut styles = String::new();
    for page in pages {
        let html = std::fs::read_to_string(page).unwrap_or_default();
        // Both bundles' pages inline the same skeleton style: name each hash once.
        for (tag, sources) in [("script", &mut scripts), ("style", &mut styles)] {
            for hash in inline_hashes(&html, tag) {
                if !sources.contains(&hash) {
                    sources.push_str(&hash);
                }
            }
        }
    }
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{scripts}; style-src 'self'{styles}; \
         img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    Ok(HeaderValue::from_str(&policy)?)
}

/// ` 'sha256-…'` for the body of each inline `<tag>` element in `html`.
fn inline_hashes(html: &str, tag: &str) -> Vec<String> {
    use base64::Engine;
    use sha2::Digest;
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let body_and_rest = &after[open_end + 1..];
        let Some(end) = body_and_rest.find(&close) else {
            break;
        };
        let body = &body_and_rest[..end];
        if !body.trim().is_empty() {
            let digest = sha2::Sha256::digest(body.as_bytes());
            hashes.push(format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &body_and_rest[end..];
    }
    hashes
}

fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://***{}", &url[..scheme], &url[at..]),
        _ => url.to_string(),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
