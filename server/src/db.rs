//! Database pools and migrations. SQLite files under the data dir; the SQL stays portable.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

/// The pool type used throughout; one place to change when PostgreSQL is added.
pub type Pool = sqlx::SqlitePool;

static MERCHANT_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/merchant");
static SANDBOX_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sandbox");

async fn open(path: &Path) -> anyhow::Result<Pool> {
    let url = format!("sqlite://{}", path.display());
    let options = SqliteConnectOptions::from_str(&url)
        .with_context(|| format!("database path {}", path.display()))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    SqlitePoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .with_context(|| format!("opening database {}", path.display()))
}

/// Opens (creating if needed) and migrates the merchant database.
pub async fn open_merchant(data_dir: &Path) -> anyhow::Result<Pool> {
    let pool = open(&data_dir.join("merchant.db")).await?;
    MERCHANT_MIGRATIONS.run(&pool).await.context("migrating merchant.db")?;
    Ok(pool)
}

/// Opens (creating if needed) and migrates the sandbox database.
pub async fn open_sandbox(data_dir: &Path) -> anyhow::Result<Pool> {
    let pool = open(&data_dir.join("sandbox.db")).await?;
    SANDBOX_MIGRATIONS.run(&pool).await.context("migrating sandbox.db")?;
    Ok(pool)
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
}
