//! One typed configuration. Every setting has a default that runs with nothing set;
//! environment variables override it (`APP_*`, listed in README.md).

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{anyhow, Context};
use app::backend::platform::file_store::{FileStoreConfig, S3Config};

/// A secret from configuration: kept out of `Debug` output and logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    /// `APP_BIND`, default `127.0.0.1:3000`; port 0 picks a free port.
    pub bind: SocketAddr,
    /// `APP_DATABASE_URL`, default the SQLite file `<data_dir>/platform.db`.
    pub database_url: String,
    /// `APP_DATABASE_READ_URL`, default none: a PostgreSQL streaming replica of the primary,
    /// which searches (staff's customer search, the help centre) read from.
    pub database_read_url: Option<String>,
    /// `APP_DATA_DIR`, default `./data`: the SQLite file and the generated signing key.
    pub data_dir: PathBuf,
    /// `APP_LOG`, default `info,sqlx=warn`.
    pub log_level: String,
    /// `APP_SITE_ROOT`, default `./dist`: the built frontend.
    pub site_root: PathBuf,
    /// `APP_JWT_SECRET`: the token signing key. When unset, one is generated on first run
    /// and kept in `<data_dir>/jwt-secret`. Processes sharing sessions need the same key.
    pub jwt_secret: Option<Secret>,
    /// `APP_HASHING_KEY`: keys the hashes of ID numbers and one-time codes; generated into
    /// `<data_dir>/hashing-key` when unset.
    pub hashing_key: Option<Secret>,
    /// `APP_SEED_DEMO=true` loads the demo data once, on the first start.
    pub seed_demo: bool,
    /// `APP_COOKIE_SECURE=true` behind HTTPS.
    pub cookie_secure: bool,
    /// `APP_TRUST_FORWARDED_FOR=true` only behind a proxy that sets `X-Forwarded-For`.
    pub trust_forwarded_for: bool,
    /// `APP_DB_MAX_CONNECTIONS`, default 16.
    pub db_max_connections: u32,
    /// `APP_MAX_BODY_BYTES`, default 64 KiB: larger requests are refused with 413.
    pub max_body_bytes: usize,
    /// Where customers' files are kept: the folder `APP_UPLOAD_DIR` (default
    /// `<data_dir>/uploads`), or with `APP_UPLOAD_STORE=s3://bucket/prefix` an
    /// S3-compatible bucket (`APP_S3_*`), which processes behind one load balancer share.
    pub file_store: FileStoreConfig,
    /// `<data_dir>/incoming`: this process's files while they arrive and are checked.
    pub scratch_dir: PathBuf,
    /// `APP_UPLOAD_MAX_FILE_BYTES`, default 10 MiB per uploaded file.
    pub upload_max_file_bytes: u64,
    /// `APP_UPLOAD_MAX_CASE_BYTES`, default 40 MiB of files on one claim or work order.
    pub upload_max_case_bytes: u64,
    /// `APP_PDF_FONT` (default Debian's Noto Sans CJK collection) and `APP_PDF_FONT_INDEX`
    /// (default 2, its Simplified Chinese face): the font electronic policies are set in.
    pub pdf_font: PathBuf,
    pub pdf_font_index: u32,
    /// `APP_POINTS_VALID_DAYS`, default 365: earned points expire after this many days.
    pub points_valid_days: i64,
    /// `APP_OUTBOX_LOG`, default `<data_dir>/outbox.log`: where the default SMS/e-mail
    /// sender writes messages instead of sending them.
    pub outbox_log: PathBuf,
    /// `APP_OUTBOX_POLL_MS`, default 1000: how often pending SMS/e-mail are sent; 0 turns
    /// this process's sender off (another process sends them).
    pub outbox_poll_ms: u64,
    /// `APP_OUTBOX_LEASE_SECS`, default 60: seconds a process may take to send a leased
    /// outbox message before another may.
    pub outbox_lease_secs: u64,
    /// `APP_OUTBOX_RETRY_MS`, default 30000: the wait after a message's first temporary
    /// failure; it doubles with each further one.
    pub outbox_first_retry_ms: u64,
    /// `APP_OUTBOX_PER_SECOND`, default 20: the most SMS and e-mail sent in any second by
    /// all processes together (what the SMS gateway accepts).
    pub outbox_per_second: u32,
    /// `APP_SMTP_URL` (`smtp://…`, `smtps://…`): e-mail through this server instead of the log.
    pub smtp_url: Option<Secret>,
    /// `APP_SMTP_FROM`: the sender of e-mail.
    pub smtp_from: String,
    /// `APP_SMS_GATEWAY_URL`: SMS through this HTTP gateway instead of the log.
    pub sms_gateway_url: Option<String>,
    /// `APP_SMS_GATEWAY_SECRET`: signs each request to the gateway (needed with the URL).
    pub sms_gateway_secret: Option<Secret>,
    /// `APP_INSURER_TIME_ZONE`, default `Asia/Shanghai`: the IANA name of the time zone whose
    /// days and hours the service's measures are counted in.
    pub insurer_time_zone: String,
    /// `APP_SWEEP_SECS`, default 3600: how often expired points are written off, expiry
    /// warnings sent and day-old unattached uploads deleted; 0 turns this process's sweep off.
    pub sweep_secs: u64,
    /// Seconds before another one-time code may go to the same phone or e-mail.
    pub code_resend_secs: u64,
    /// `APP_CTI_SECRET` (16+ characters): signs the telephony system's call reports to
    /// `POST /cti/calls`; without it that route answers 404.
    pub cti_secret: Option<Secret>,
    /// Live-update streams one process holds, and customers' streams from one address.
    pub live_max_streams: usize,
    pub live_max_streams_per_address: usize,
    /// Seconds a client has to send a request's headers, and that an idle kept-alive
    /// connection stays open.
    pub header_timeout_secs: u64,
    /// Open connections from one client address (0: no cap; behind a proxy the address is
    /// the proxy's unless `APP_TRUST_FORWARDED_FOR`, so cap at the proxy instead).
    pub max_connections_per_address: usize,
    pub sms_codes_per_minute: i64,
    pub sms_codes_per_day: i64,
    pub sms_codes_per_block_hour: i64,
}

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Builds the configuration from any source of `APP_*` values (tests pass a map).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let data_dir = PathBuf::from(get("APP_DATA_DIR").unwrap_or_else(|| "./data".into()));
        let database_url =
            get("APP_DATABASE_URL").unwrap_or_else(|| format!("sqlite://{}/platform.db?mode=rwc", data_dir.display()));
        Ok(Self {
            bind: get("APP_BIND")
                .unwrap_or_else(|| "127.0.0.1:3000".into())
                .parse()
                .context("APP_BIND must be an address like 127.0.0.1:3000")?,
            database_url,
            database_read_url: get("APP_DATABASE_READ_URL").filter(|url| !url.trim().is_empty()),
            data_dir: data_dir.clone(),
            log_level: get("APP_LOG")
                .or_else(|| get("RUST_LOG"))
                .unwrap_or_else(|| "info,sqlx=warn".into()),
            site_root: PathBuf::from(get("APP_SITE_ROOT").unwrap_or_else(|| "./dist".into())),
            jwt_secret: secret(get("APP_JWT_SECRET")),
            hashing_key: secret(get("APP_HASHING_KEY")),
            seed_demo: flag(get("APP_SEED_DEMO"), "APP_SEED_DEMO")?,
            cookie_secure: flag(get("APP_COOKIE_SECURE"), "APP_COOKIE_SECURE")?,
            trust_forwarded_for: flag(get("APP_TRUST_FORWARDED_FOR"), "APP_TRUST_FORWARDED_FOR")?,
            db_max_connections: get("APP_DB_MAX_CONNECTIONS")
                .map(|v| v.parse())
                .transpose()
                .context("APP_DB_MAX_CONNECTIONS must be a number")?
                .unwrap_or(16),
            max_body_bytes: get("APP_MAX_BODY_BYTES")
                .map(|v| v.parse())
                .transpose()
                .context("APP_MAX_BODY_BYTES must be a number")?
                .unwrap_or(64 * 1024),
            file_store: file_store(&get, &data_dir)?,
            scratch_dir: data_dir.join("incoming"),
            upload_max_file_bytes: number(get("APP_UPLOAD_MAX_FILE_BYTES"), "APP_UPLOAD_MAX_FILE_BYTES")?
                .unwrap_or(10 * 1024 * 1024),
            upload_max_case_bytes: number(get("APP_UPLOAD_MAX_CASE_BYTES"), "APP_UPLOAD_MAX_CASE_BYTES")?
                .unwrap_or(40 * 1024 * 1024),
            pdf_font: get("APP_PDF_FONT")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")),
            pdf_font_index: number(get("APP_PDF_FONT_INDEX"), "APP_PDF_FONT_INDEX")?.unwrap_or(2),
            points_valid_days: number(get("APP_POINTS_VALID_DAYS"), "APP_POINTS_VALID_DAYS")?.unwrap_or(365),
            outbox_log: get("APP_OUTBOX_LOG")
                .map(PathBuf::from)
                .unwrap_or_else(|| data_dir.join("outbox.log")),
            outbox_poll_ms: number(get("APP_OUTBOX_POLL_MS"), "APP_OUTBOX_POLL_MS")?.unwrap_or(1000),
            outbox_lease_secs: number(get("APP_OUTBOX_LEASE_SECS"), "APP_OUTBOX_LEASE_SECS")?.unwrap_or(60),
            outbox_first_retry_ms: number(get("APP_OUTBOX_RETRY_MS"), "APP_OUTBOX_RETRY_MS")?.unwrap_or(30_000),
            outbox_per_second: number(get("APP_OUTBOX_PER_SECOND"), "APP_OUTBOX_PER_SECOND")?.unwrap_or(20),
            smtp_url: secret(get("APP_SMTP_URL")),
            smtp_from: get("APP_SMTP_FROM")
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "安心保险 <no-reply@anxin.example>".into()),
            sms_gateway_url: get("APP_SMS_GATEWAY_URL").filter(|s| !s.is_empty()),
            sms_gateway_secret: match (
                get("APP_SMS_GATEWAY_URL").filter(|s| !s.is_empty()),
                secret(get("APP_SMS_GATEWAY_SECRET")),
            ) {
                (Some(_), None) => {
                    return Err(anyhow!(
                        "APP_SMS_GATEWAY_URL needs APP_SMS_GATEWAY_SECRET to sign requests"
                    ))
                }
                (_, secret) => secret,
            },
            insurer_time_zone: get("APP_INSURER_TIME_ZONE")
                .filter(|s| !s.trim().is_empty())
                .unwrap_or_else(|| app::backend::platform::facts::DEFAULT_TIME_ZONE.into()),
            sweep_secs: number(get("APP_SWEEP_SECS"), "APP_SWEEP_SECS")?.unwrap_or(3600),
            code_resend_secs: number(get("APP_CODE_RESEND_SECS"), "APP_CODE_RESEND_SECS")?.unwrap_or(60),
            cti_secret: match secret(get("APP_CTI_SECRET")) {
                Some(s) if s.0.len() < 16 => anyhow::bail!("APP_CTI_SECRET must have at least 16 characters"),
                other => other,
            },
            live_max_streams: number(get("APP_LIVE_MAX_STREAMS"), "APP_LIVE_MAX_STREAMS")?.unwrap_or(4096),
            live_max_streams_per_address: number(
                get("APP_LIVE_MAX_STREAMS_PER_ADDRESS"),
                "APP_LIVE_MAX_STREAMS_PER_ADDRESS",
            )?
            .unwrap_or(128),
            header_timeout_secs: match number(get("APP_HEADER_TIMEOUT_SECS"), "APP_HEADER_TIMEOUT_SECS")? {
                Some(0) => anyhow::bail!("APP_HEADER_TIMEOUT_SECS must be at least 1"),
                other => other.unwrap_or(10),
            },
            max_connections_per_address: number(
                get("APP_MAX_CONNECTIONS_PER_ADDRESS"),
                "APP_MAX_CONNECTIONS_PER_ADDRESS",
            )?
            .unwrap_or(256),
            sms_codes_per_minute: number(get("APP_SMS_CODES_PER_MINUTE"), "APP_SMS_CODES_PER_MINUTE")?.unwrap_or(120),
            sms_codes_per_day: number(get("APP_SMS_CODES_PER_DAY"), "APP_SMS_CODES_PER_DAY")?.unwrap_or(20_000),
            sms_codes_per_block_hour: number(get("APP_SMS_CODES_PER_BLOCK_HOUR"), "APP_SMS_CODES_PER_BLOCK_HOUR")?
                .unwrap_or(30),
        })
    }
}

fn secret(value: Option<String>) -> Option<Secret> {
    value.filter(|s| !s.is_empty()).map(Secret)
}

/// A folder unless `APP_UPLOAD_STORE` names a bucket (`s3://bucket/optional/prefix`).
fn file_store(get: &impl Fn(&str) -> Option<String>, data_dir: &std::path::Path) -> anyhow::Result<FileStoreConfig> {
    let folder = || {
        get("APP_UPLOAD_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| data_dir.join("uploads"))
    };
    let Some(store) = get("APP_UPLOAD_STORE").filter(|s| !s.is_empty()) else {
        return Ok(FileStoreConfig::Folder(folder()));
    };
    if store == "folder" {
        return Ok(FileStoreConfig::Folder(folder()));
    }
    let rest = store
        .strip_prefix("s3://")
        .ok_or_else(|| anyhow!("APP_UPLOAD_STORE must be `folder` or `s3://bucket/prefix`, not `{store}`"))?;
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    anyhow::ensure!(!bucket.is_empty(), "APP_UPLOAD_STORE names no bucket");
    let required = |name: &str| {
        get(name)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| anyhow!("APP_UPLOAD_STORE=s3://… needs {name}"))
    };
    Ok(FileStoreConfig::S3(S3Config {
        bucket: bucket.to_string(),
        prefix: prefix.trim_matches('/').to_string(),
        endpoint: get("APP_S3_ENDPOINT").filter(|s| !s.is_empty()),
        region: get("APP_S3_REGION")
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "us-east-1".into()),
        access_key_id: required("APP_S3_ACCESS_KEY_ID")?,
        secret_access_key: required("APP_S3_SECRET_ACCESS_KEY")?,
    }))
}

fn number<T: std::str::FromStr>(value: Option<String>, name: &str) -> anyhow::Result<Option<T>> {
    value
        .map(|v| v.trim().parse::<T>())
        .transpose()
        .map_err(|_| anyhow!("{name} must be a whole number"))
}

fn flag(value: Option<String>, name: &str) -> anyhow::Result<bool> {
    match value.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("") | Some("0") | Some("false") | Some("no") => Ok(false),
        Some("1") | Some("true") | Some("yes") => Ok(true),
        Some(other) => Err(anyhow!("{name} must be true or false, not `{other}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> anyhow::Result<Config> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|key| map.get(key).cloned())
    }

    #[test]
    fn runs_on_embedded_sqlite_under_data_with_nothing_set() {
        let c = config(&[]).unwrap();
        assert_eq!(c.bind.to_string(), "127.0.0.1:3000");
        assert_eq!(c.database_url, "sqlite://./data/platform.db?mode=rwc");
        assert!(c.jwt_secret.is_none());
        assert!(!c.seed_demo);
    }

    #[test]
    fn environment_overrides_defaults() {
        let c = config(&[
            ("APP_BIND", "0.0.0.0:8080"),
            ("APP_DATABASE_URL", "postgres://db/app"),
            ("APP_SEED_DEMO", "true"),
        ])
        .unwrap();
        assert_eq!(c.bind.port(), 8080);
        assert_eq!(c.database_url, "postgres://db/app");
        assert!(c.seed_demo);
    }

    #[test]
    fn files_go_to_a_bucket_when_one_is_named() {
        let c = config(&[
            ("APP_UPLOAD_STORE", "s3://claims-files/prod/"),
            ("APP_S3_ENDPOINT", "http://127.0.0.1:9000"),
            ("APP_S3_ACCESS_KEY_ID", "key"),
            ("APP_S3_SECRET_ACCESS_KEY", "very-secret"),
        ])
        .unwrap();
        let FileStoreConfig::S3(s3) = &c.file_store else {
            panic!("a bucket: {:?}", c.file_store)
        };
        assert_eq!((s3.bucket.as_str(), s3.prefix.as_str()), ("claims-files", "prod"));
        assert!(!format!("{c:?}").contains("very-secret"), "secrets stay out of Debug");
        let err = config(&[("APP_UPLOAD_STORE", "s3://claims-files")]).unwrap_err();
        assert!(err.to_string().contains("APP_S3_ACCESS_KEY_ID"), "{err}");
        let err = config(&[("APP_UPLOAD_STORE", "ftp://x")]).unwrap_err();
        assert!(err.to_string().contains("APP_UPLOAD_STORE"), "{err}");
    }

    #[test]
    fn an_sms_gateway_needs_its_secret() {
        let err = config(&[("APP_SMS_GATEWAY_URL", "https://sms.example/send")]).unwrap_err();
        assert!(err.to_string().contains("APP_SMS_GATEWAY_SECRET"), "{err}");
    }

    #[test]
    fn bad_values_are_named_in_the_error() {
        let err = config(&[("APP_SEED_DEMO", "maybe")]).unwrap_err();
        assert!(err.to_string().contains("APP_SEED_DEMO"), "{err}");
        let err = config(&[("APP_BIND", "nowhere")]).unwrap_err();
        assert!(err.to_string().contains("APP_BIND"), "{err}");
    }
}
