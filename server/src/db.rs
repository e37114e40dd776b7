//! Database pools and migrations. One pool type drives SQLite (the embedded default, a file
//! under the data dir) and PostgreSQL (for several servers on one database); the migrations and
//! queries are plain SQL that both accept.

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use sqlx::any::AnyPoolOptions;
use sqlx::Executor;

/// The pool type used throughout: SQLite or PostgreSQL, chosen by the URL's scheme.
pub type Pool = sqlx::AnyPool;

static MERCHANT_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/merchant");
static SANDBOX_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sandbox");

/// The database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            anyhow::bail!("unsupported database URL {:?}: expected sqlite://PATH or postgres://...", redact(url))
        }
    }
}

/// The URL of a SQLite file, created when missing.
pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

/// A URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

/// Opens a pool on `url` (`sqlite://PATH?mode=rwc` or `postgres://...`).
pub async fn open(url: &str) -> anyhow::Result<Pool> {
    sqlx::any::install_default_drivers();
    let backend = Backend::of(url)?;
    let options = AnyPoolOptions::new()
        .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
        .acquire_timeout(Duration::from_secs(10));
    let options = match backend {
        // Per-connection settings the URL cannot carry: WAL lets readers run beside the one
        // writer, and a writer waits for the lock instead of failing at once.
        Backend::Sqlite => options.after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute("PRAGMA journal_mode = WAL").await?;
                conn.execute("PRAGMA synchronous = NORMAL").await?;
                conn.execute("PRAGMA foreign_keys = ON").await?;
                conn.execute("PRAGMA busy_timeout = 10000").await?;
                Ok(())
            })
        }),
        Backend::Postgres => options,
    };
    options.connect(url).await.with_context(|| format!("opening database {}", redact(url)))
}

/// Runs the migrations not yet applied. Several servers may start at once on one database:
/// PostgreSQL serializes them with an advisory lock; SQLite has none, so a server that lost
/// the race (another applied the same migration meanwhile) tries again and finds it applied.
async fn migrate(pool: &Pool, migrator: &sqlx::migrate::Migrator, url: &str) -> anyhow::Result<()> {
    let mut tries = 0;
    loop {
        match migrator.run(pool).await {
            Ok(()) => return Ok(()),
            Err(e) if tries < 50 && Backend::of(url)? == Backend::Sqlite => {
                tracing::debug!("migrating {}: {e}; trying again", redact(url));
                tries += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => return Err(e).with_context(|| format!("migrating {}", redact(url))),
        }
    }
}

/// Opens and migrates the merchant database.
pub async fn open_merchant(url: &str) -> anyhow::Result<Pool> {
    let pool = open(url).await?;
    migrate(&pool, &MERCHANT_MIGRATIONS, url).await?;
    Ok(pool)
}

/// Opens and migrates the sandbox database.
pub async fn open_sandbox(url: &str) -> anyhow::Result<Pool> {
    let pool = open(url).await?;
    migrate(&pool, &SANDBOX_MIGRATIONS, url).await?;
    Ok(pool)
}

/// Creates the database `name` on the PostgreSQL server `server_url` points at, unless it
/// exists; returns the URL of that database. For tests and tools that need a fresh database.
pub async fn ensure_postgres_database(server_url: &str, name: &str) -> anyhow::Result<String> {
    anyhow::ensure!(
        !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'),
        "database names here are letters, digits and _"
    );
    let mut url = url::Url::parse(server_url).context("parsing the PostgreSQL URL")?;
    url.set_path("/postgres");
    let admin = open(url.as_str()).await?;
    let exists: Option<i32> =
        sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1").bind(name).fetch_optional(&admin).await?;
    if exists.is_none() {
        // Two callers may race to create it: the loser's "already exists" is success too.
        if let Err(e) = admin.execute(format!("CREATE DATABASE \"{name}\"").as_str()).await {
            let raced = e.as_database_error().and_then(|d| d.code()).is_some_and(|c| c == "42P04" || c == "23505");
            if !raced {
                return Err(e).context("creating a database");
            }
        }
    }
    admin.close().await;
    url.set_path(&format!("/{name}"));
    Ok(url.to_string())
}

/// For unit tests: a fresh merchant database, on the PostgreSQL server in `TEST_DATABASE_URL`
/// when that is set, else a SQLite file in `dir`.
#[cfg(test)]
pub async fn test_merchant(dir: &Path) -> anyhow::Result<Pool> {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(server) if Backend::of(&server)? == Backend::Postgres => {
            let name = format!("unit_{}", uuid::Uuid::new_v4().simple());
            open_merchant(&ensure_postgres_database(&server, &name).await?).await
        }
        _ => open_merchant(&sqlite_url(&dir.join("merchant.db"))).await,
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    let now = time::OffsetDateTime::now_utc();
    (now.unix_timestamp_nanos() / 1_000_000) as i64
}

/// An AMS-style timestamp with an explicit offset, e.g. `2025-01-02T03:04:05+00:00`.
pub fn iso_time(ms: i64) -> String {
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second][offset_hour sign:mandatory]:[offset_minute]"
    );
    time::OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .format(&format)
        .unwrap_or_default()
}

/// Parses an ISO-8601 / RFC 3339 time into epoch milliseconds.
pub fn parse_iso_ms(raw: &str) -> Option<i64> {
    let t = time::OffsetDateTime::parse(raw, &time::format_description::well_known::Rfc3339).ok()?;
    Some((t.unix_timestamp_nanos() / 1_000_000) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_times_round_trip() {
        let ms = 1_700_000_000_000;
        let s = iso_time(ms);
        assert_eq!(s, "2023-11-14T22:13:20+00:00");
        assert_eq!(parse_iso_ms(&s), Some(ms));
        assert_eq!(parse_iso_ms("2023-11-15T06:13:20+08:00"), Some(ms));
        assert_eq!(parse_iso_ms("garbage"), None);
    }

    #[test]
    fn urls_name_their_backend_and_hide_passwords() {
        assert_eq!(Backend::of("sqlite:///tmp/x.db?mode=rwc").unwrap(), Backend::Sqlite);
        assert_eq!(Backend::of("postgres://u@127.0.0.1:5/db").unwrap(), Backend::Postgres);
        assert!(Backend::of("mysql://x").is_err());
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(sqlite_url(Path::new("/d/m.db")), "sqlite:///d/m.db?mode=rwc");
    }

    #[tokio::test]
    async fn a_sqlite_file_is_created_migrated_and_in_wal_mode() {
        let dir = tempfile::tempdir().unwrap();
        let pool = open_merchant(&sqlite_url(&dir.path().join("m.db"))).await.unwrap();
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&pool).await.unwrap();
        assert_eq!(mode, "wal");
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders").fetch_one(&pool).await.unwrap();
        assert_eq!(n, 0);
    }
}
