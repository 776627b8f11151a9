//! The database handle. One `AnyPool` serves SQLite (embedded default) and PostgreSQL;
//! SQL is written once with `$n` placeholders and only types both drivers carry
//! (i64, text, bytes): times are epoch milliseconds, money is fen.

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor};

use crate::error::{internal_error, AppError};

/// A transaction that writes, as `Db::begin_write` gives it. Writers take `&mut Tx`, so
/// what belongs together (a change, its audit row, its notifications) commits together.
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbKind {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    /// For reads that may trail the primary by a moment (searches, reports): a
    /// PostgreSQL streaming replica when `APP_DATABASE_READ_URL` names one, else `pool`
    /// itself. What a customer reads of their own comes from `pool`, so they always see
    /// their own writes at once.
    pub read: AnyPool,
    pub kind: DbKind,
}

impl Db {
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let kind = if url.starts_with("postgres") {
            DbKind::Postgres
        } else if url.starts_with("sqlite:") {
            DbKind::Sqlite
        } else {
            return Err(sqlx::Error::Configuration(
                format!("unsupported database URL (want sqlite:// or postgres://): {url}").into(),
            ));
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if kind == DbKind::Sqlite {
                        // WAL lets readers run beside the writer; writers wait instead of failing.
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                    }
                    Ok(())
                })
            })
            .connect(url)
            .await?;
        Ok(Self {
            read: pool.clone(),
            pool,
            kind,
        })
    }

    /// Reads that may trail the primary go to the replica at `url` (PostgreSQL only).
    pub async fn with_replica(mut self, url: &str, max_connections: u32) -> Result<Self, sqlx::Error> {
        if self.kind != DbKind::Postgres || !url.starts_with("postgres") {
            return Err(sqlx::Error::Configuration(
                "a read replica is a PostgreSQL database beside a PostgreSQL primary".into(),
            ));
        }
        self.read = AnyPoolOptions::new()
            .max_connections(max_connections)
            .connect(url)
            .await?;
        Ok(self)
    }

    /// Starts a transaction that will write. On SQLite it takes the write lock up front
    /// (`BEGIN IMMEDIATE`), so two writers queue instead of one failing with SQLITE_BUSY.
    pub async fn begin_write(&self) -> Result<Tx, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        if self.kind == DbKind::Sqlite {
            // A deferred BEGIN has taken no lock yet; this no-op write takes the write lock now.
            sqlx::query("UPDATE number_sequences SET name = name WHERE 0 = 1")
                .execute(&mut *tx)
                .await?;
        }
        Ok(tx)
    }
}

/// A value read from the database that must be one the code knows (a stage, a level):
/// anything else is a broken row, logged as an internal error.
pub fn stored<T>(value: Option<T>, what: &str) -> Result<T, AppError> {
    value.ok_or_else(|| internal_error(&format!("unexpected {what} in the database")))
}

/// Records a fact about the installation in `app_meta` once (a marker such as "the demo is
/// loaded"); false when the key was there already (another process got there first).
pub async fn claim_meta(tx: &mut Tx, key: &str, value: &str, at: i64) -> Result<bool, crate::error::AppError> {
    let done = sqlx::query(
        "INSERT INTO app_meta (key, value, created_at, updated_at) VALUES ($1, $2, $3, $3) ON CONFLICT (key) DO NOTHING",
    )
    .bind(key)
    .bind(value)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}
