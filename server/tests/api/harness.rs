//! The test harness. `TestApp::spawn(backend)` starts the real server on port 0 against a
//! fresh database (a SQLite file in a temp folder, or a new PostgreSQL database), loads the
//! small demo data set, and offers typed helpers: sign in as each role, call an endpoint.
//!
//! PostgreSQL comes from `TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`);
//! each test creates its own database and drops it afterwards.

use std::collections::HashMap;
use std::path::PathBuf;

use reqwest::header::{COOKIE, SET_COOKIE};
use reqwest::StatusCode;
use serde_json::Value;
use sqlx::Connection;

use app::model::documents::DocumentInfo;
use server::config::Config;
use server::demo::{self, DemoSize};
use server::startup::Application;

use crate::client::Reply;

pub use server::demo::{DEMO_CUSTOMER_PHONE, DEMO_PASSWORD};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs each named test once on SQLite and once on PostgreSQL:
/// `on_both!(my_test)` makes `my_test::sqlite` and `my_test::postgres` from `async fn my_test(Backend)`.
#[macro_export]
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::harness::Backend::Sqlite).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::harness::Backend::Postgres).await
                }
            }
        )*
    };
}

pub fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// The PostgreSQL streaming replica `./x test` starts (server URL, without a database).
pub fn postgres_replica_url() -> String {
    std::env::var("TEST_POSTGRES_REPLICA_URL")
        .expect("TEST_POSTGRES_REPLICA_URL: the replica `./x test` starts (postgres://postgres@127.0.0.1:5433)")
}

/// A fresh, empty database for one test; dropped (PostgreSQL) or deleted (SQLite) at the end.
pub struct TestDatabase {
    pub url: String,
    pub data_dir: PathBuf,
    postgres_name: Option<String>,
}

impl TestDatabase {
    pub async fn create(backend: Backend) -> Self {
        let data_dir = std::env::temp_dir().join(format!("insurer-test-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&data_dir).unwrap();
        match backend {
            Backend::Sqlite => {
                let url = format!("sqlite://{}/test.db?mode=rwc", data_dir.display());
                Self {
                    url,
                    data_dir,
                    postgres_name: None,
                }
            }
            Backend::Postgres => {
                let name = format!("insurer_test_{}", uuid::Uuid::new_v4().simple());
                let admin = postgres_admin_url();
                let mut conn = sqlx::PgConnection::connect(&admin)
                    .await
                    .unwrap_or_else(|e| panic!("PostgreSQL must be running for the tests ({admin}): {e}"));
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .await
                    .unwrap();
                let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap();
                Self {
                    url: format!("{base}/{name}"),
                    data_dir,
                    postgres_name: Some(name),
                }
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.data_dir);
        if let Some(name) = self.postgres_name.take() {
            // Drop runs outside async; a small runtime of its own does the clean-up.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async move {
                    if let Ok(mut conn) = sqlx::PgConnection::connect(&postgres_admin_url()).await {
                        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                            .execute(&mut conn)
                            .await;
                    }
                });
            })
            .join();
        }
    }
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub app_state: app::backend::AppState,
    pub database: TestDatabase,
}

/// The answer of a server function: status, headers and JSON body.
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Answer {
    /// The session cookie the server set, as `name=value`.
    pub fn session_cookie(&self) -> Option<String> {
        self.set_cookie().map(|c| c.split(';').next().unwrap().to_string())
    }

    pub fn set_cookie(&self) -> Option<String> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("insurer_session="))
            .map(str::to_string)
    }
}

pub fn config(database: &TestDatabase, extra: &[(&str, &str)]) -> Config {
    let mut env: HashMap<String, String> = HashMap::from([
        ("APP_BIND".into(), "127.0.0.1:0".into()),
        ("APP_DATABASE_URL".into(), database.url.clone()),
        ("APP_DATA_DIR".into(), database.data_dir.display().to_string()),
        (
            "APP_SITE_ROOT".into(),
            database.data_dir.join("site").display().to_string(),
        ),
        ("APP_DB_MAX_CONNECTIONS".into(), "5".into()),
        // Tests that need the points sweep run it themselves, at the moment they choose.
        ("APP_SWEEP_SECS".into(), "0".into()),
    ]);
    for (k, v) in extra {
        env.insert(k.to_string(), v.to_string());
    }
    Config::from_lookup(|key| env.get(key).cloned()).unwrap()
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, &[]).await
    }

    pub async fn spawn_with(backend: Backend, extra: &[(&str, &str)]) -> Self {
        Self::spawn_seeded(backend, extra, DemoSize::Small).await
    }

    /// With the full demo data that `./x run` loads (300 customers): slower, for tests
    /// about the demo data itself.
    pub async fn spawn_full(backend: Backend) -> Self {
        Self::spawn_seeded(backend, &[], DemoSize::Full).await
    }

    async fn spawn_seeded(backend: Backend, extra: &[(&str, &str)], size: DemoSize) -> Self {
        let database = TestDatabase::create(backend).await;
        Self::spawn_on(database, extra, size).await
    }

    /// On PostgreSQL, with staff's searches and reports read from the streaming replica
    /// (`postgres_replica_url`), once the new database has reached it.
    pub async fn spawn_with_replica() -> Self {
        let database = TestDatabase::create(Backend::Postgres).await;
        let name = database.url.rsplit_once('/').map(|(_, name)| name.to_string()).unwrap();
        let read_url = format!("{}/{name}", postgres_replica_url());
        let began = std::time::Instant::now();
        while sqlx::PgConnection::connect(&read_url).await.is_err() {
            assert!(began.elapsed().as_secs() < 30, "the replica never had {name}");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        Self::spawn_on(database, &[("APP_DATABASE_READ_URL", &read_url)], DemoSize::Small).await
    }

    async fn spawn_on(database: TestDatabase, extra: &[(&str, &str)], size: DemoSize) -> Self {
        // `TEST_LOG=warn cargo test ...` shows the servers' logs (an internal error's cause).
        if let Ok(level) = std::env::var("TEST_LOG") {
            server::telemetry::init(&level);
        }
        // Stand-ins for the two built bundles (see `./x`): each page names its bundle.
        let site = database.data_dir.join("site");
        for (bundle, title) in [("portal", "portal page"), ("staff", "staff page")] {
            std::fs::create_dir_all(site.join(bundle)).unwrap();
            std::fs::write(
                site.join(bundle).join("index.html"),
                format!(
                    "<!DOCTYPE html><title>{title}</title><style>#boot{{color:red}}</style>\
                     <script type=\"module\">init()</script>"
                ),
            )
            .unwrap();
        }
        let app = Application::build(config(&database, extra))
            .await
            .expect("the app builds");
        demo::seed_once(&app.state.db, size).await.expect("demo data loads");
        let base = format!("http://{}", app.local_addr());
        let app_state = app.state.clone();
        tokio::spawn(app.run_until_stopped());
        Self {
            base,
            client: reqwest::Client::new(),
            app_state,
            database,
        }
    }

    /// Calls a server function (`/api/<endpoint>`) with form-encoded arguments.
    pub async fn call(&self, endpoint: &str, args: &[(&str, &str)], cookie: Option<&str>) -> Answer {
        let mut request = self.client.post(format!("{}/api/{endpoint}", self.base)).form(args);
        if let Some(cookie) = cookie {
            request = request.header(COOKIE, cookie);
        }
        let response = request.send().await.expect("the server answers");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Answer { status, headers, body }
    }

    /// Calls a server function that takes JSON (`input = Json`) with `body` as the arguments.
    pub async fn call_json(&self, endpoint: &str, body: &Value, cookie: Option<&str>) -> Answer {
        let mut request = self.client.post(format!("{}/api/{endpoint}", self.base)).json(body);
        if let Some(cookie) = cookie {
            request = request.header(COOKIE, cookie);
        }
        Self::answer(request).await
    }

    /// Uploads one file to `/api/documents/upload` as the browser does: a multipart form with
    /// the text field `purpose` first, then the file field `file` (`User::upload` for a
    /// signed-in caller).
    pub async fn upload(
        &self,
        purpose: &str,
        file_name: &str,
        bytes: Vec<u8>,
        cookie: Option<&str>,
    ) -> Reply<DocumentInfo> {
        let form = reqwest::multipart::Form::new()
            .text("purpose", purpose.to_string())
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_string()),
            );
        let mut request = self
            .client
            .post(format!("{}/api/documents/upload", self.base))
            .multipart(form);
        if let Some(cookie) = cookie {
            request = request.header(COOKIE, cookie);
        }
        Reply::read(request.send().await.expect("the server answers")).await
    }

    /// A plain GET of `path` (starting with `/`): status, headers and the raw bytes.
    pub async fn get_bytes(
        &self,
        path: &str,
        cookie: Option<&str>,
    ) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
        let mut request = self.client.get(format!("{}{path}", self.base));
        if let Some(cookie) = cookie {
            request = request.header(COOKIE, cookie);
        }
        let response = request.send().await.expect("the server answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.unwrap().to_vec();
        (status, headers, bytes)
    }

    async fn answer(request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.expect("the server answers");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Answer { status, headers, body }
    }

    /// Signs in and returns the session cookie (`name=value`); panics if sign-in fails.
    pub async fn sign_in(&self, account: &str, password: &str) -> String {
        let answer = self
            .call("auth/sign_in", &[("account", account), ("password", password)], None)
            .await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "signing in as {account}: {}",
            answer.body
        );
        answer.session_cookie().expect("a session cookie")
    }

    /// Runs a query straight on the database, for asserting what was written.
    pub async fn count(&self, sql: &str) -> i64 {
        let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&self.app_state.db.pool).await.unwrap();
        n
    }

    /// Reads one text value straight from the database.
    pub async fn text(&self, sql: &str) -> String {
        let (text,): (String,) = sqlx::query_as(sql).fetch_one(&self.app_state.db.pool).await.unwrap();
        text
    }

    /// Runs a statement straight on the database, to set up a state the API cannot reach.
    pub async fn execute(&self, sql: &str) {
        sqlx::query(sql).execute(&self.app_state.db.pool).await.unwrap();
    }

    /// The key the server signs tokens with (generated into the data folder on first run).
    pub fn signing_key(&self) -> Vec<u8> {
        server::secrets::signing_key(None, &self.database.data_dir).unwrap()
    }
}
