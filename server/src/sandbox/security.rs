//! The sandbox's signatures, in one place: merchants' requests are verified with the public
//! key registered for their Client-Id, and every response and notification is signed with the
//! sandbox's private key (standing in for Alipay's).

use std::path::Path;

use ams::signing::{self, PrivateKey, PublicKey};
use sqlx::Row;

use crate::db::{now_ms, Pool};
use crate::keys;

pub struct SandboxSecurity {
    key: PrivateKey,
    public: PublicKey,
}

impl SandboxSecurity {
    /// Loads the sandbox's key from `<data-dir>/sandbox/`, creating it on first run.
    pub fn load_or_create(data_dir: &Path) -> anyhow::Result<Self> {
        let key = keys::load_or_create_private(&keys::sandbox_dir(data_dir).join(keys::PRIVATE_KEY_FILE))?;
        let public = key.public_key();
        Ok(Self { key, public })
    }

    /// The public key merchants use to check the sandbox's signatures.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// The `signature` header for a response to `path` or a notification sent to `path`.
    pub fn sign(&self, path: &str, client_id: &str, time: &str, body: &[u8]) -> String {
        let body = String::from_utf8_lossy(body);
        signing::signature_header(&signing::sign(&self.key, "POST", path, client_id, time, &body))
    }

    /// Checks a merchant's request. The error is an AMS result code and message.
    pub async fn verify_request(
        &self,
        pool: &Pool,
        path: &str,
        client_id: &str,
        request_time: &str,
        body: &[u8],
        signature: Option<&str>,
    ) -> Result<(), (&'static str, String)> {
        let key = match merchant_key(pool, client_id).await {
            Ok(Some(key)) => key,
            Ok(None) => {
                return Err(("KEY_NOT_FOUND", format!("no public key is registered for Client-Id {client_id}")))
            }
            Err(e) => {
                tracing::error!("loading a merchant key: {e}");
                return Err(("UNKNOWN_EXCEPTION", "try again".to_owned()));
            }
        };
        let invalid = |why: String| ("INVALID_SIGNATURE", why);
        let header = signature.ok_or_else(|| invalid("the Signature header is missing".to_owned()))?;
        if request_time.is_empty() {
            return Err(invalid("the Request-Time header is missing".to_owned()));
        }
        let parsed = signing::parse_signature_header(header).map_err(|e| invalid(e.to_string()))?;
        let body = std::str::from_utf8(body).map_err(|_| invalid("the body is not UTF-8".to_owned()))?;
        signing::verify(&key, "POST", path, client_id, request_time, body, &parsed.signature).map_err(|e| {
            invalid(format!("{e}; signed content must be \"POST {path}\\n<Client-Id>.<Request-Time>.<body>\""))
        })
    }
}

async fn merchant_key(pool: &Pool, client_id: &str) -> Result<Option<PublicKey>, sqlx::Error> {
    let row = sqlx::query("SELECT public_key FROM sandbox_merchants WHERE client_id = $1")
        .bind(client_id)
        .fetch_optional(pool)
        .await?;
    Ok(row.and_then(|r| PublicKey::from_pem(&r.get::<String, _>("public_key")).ok()))
}

/// What registering a key did.
#[derive(Debug, PartialEq, Eq)]
pub enum Registered {
    New,
    Same,
    /// Another key is registered for this client id; nothing changed.
    Conflict,
}

/// Registers `key` for `client_id`. With `replace`, an existing key is replaced (the server's
/// own merchant, whose key files are the truth); otherwise a different key is refused.
pub async fn register(pool: &Pool, client_id: &str, key: &PublicKey, replace: bool) -> Result<Registered, sqlx::Error> {
    if let Some(existing) = merchant_key(pool, client_id).await? {
        if &existing == key {
            return Ok(Registered::Same);
        }
        if !replace {
            return Ok(Registered::Conflict);
        }
    }
    sqlx::query(
        "INSERT INTO sandbox_merchants (client_id, public_key, created_at_ms) VALUES ($1, $2, $3) \
         ON CONFLICT (client_id) DO UPDATE SET public_key = excluded.public_key",
    )
    .bind(client_id)
    .bind(key.to_pem())
    .bind(now_ms())
    .execute(pool)
    .await?;
    Ok(Registered::New)
}
