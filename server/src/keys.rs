//! RSA key files: the merchant's keys under `<data-dir>/merchant/`, the sandbox's (standing in
//! for Alipay's) under `<data-dir>/sandbox/`. Private keys are created on first run when
//! missing, written owner-readable only, and never logged or served.

use std::io::Write;
use std::path::{Path, PathBuf};

use ams::signing::{PrivateKey, PublicKey};
use anyhow::{bail, Context};

pub const PRIVATE_KEY_FILE: &str = "private_key.pem";
pub const PUBLIC_KEY_FILE: &str = "public_key.pem";
/// Where a merchant talking to the real AMS keeps Alipay's public key.
pub const ALIPAY_PUBLIC_KEY_FILE: &str = "alipay_public_key.pem";

pub fn merchant_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("merchant")
}

pub fn sandbox_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("sandbox")
}

/// Reads the private key at `path`, or creates one there (and its public key beside it).
pub fn load_or_create_private(path: &Path) -> anyhow::Result<PrivateKey> {
    if path.exists() {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        return PrivateKey::from_pem(&text).with_context(|| format!("reading the key in {}", path.display()));
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let key = PrivateKey::generate_2048();
    write_private(path, &key.to_pkcs8_pem())?;
    std::fs::write(dir.join(PUBLIC_KEY_FILE), key.public_key().to_pem())
        .with_context(|| format!("writing {}", dir.join(PUBLIC_KEY_FILE).display()))?;
    tracing::info!(path = %path.display(), "created a new RSA-2048 private key");
    Ok(key)
}

fn write_private(path: &Path, pem: &str) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).with_context(|| format!("creating {}", path.display()))?;
    file.write_all(pem.as_bytes())?;
    file.sync_all()?;
    Ok(())
}

pub fn load_public(path: &Path) -> anyhow::Result<PublicKey> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    PublicKey::from_pem(&text).with_context(|| format!("reading the public key in {}", path.display()))
}

/// The merchant's private key: `explicit` if given, else `<data-dir>/merchant/private_key.pem`
/// (created when missing; its public key is written beside it for uploading to Alipay).
pub fn merchant_private(data_dir: &Path, explicit: Option<&Path>) -> anyhow::Result<PrivateKey> {
    match explicit {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            PrivateKey::from_pem(&text).with_context(|| format!("reading the key in {}", path.display()))
        }
        None => load_or_create_private(&merchant_dir(data_dir).join(PRIVATE_KEY_FILE)),
    }
}

/// AMS's public key as the merchant knows it: `explicit` if given, else the embedded
/// sandbox's, else `<data-dir>/merchant/alipay_public_key.pem`.
pub fn ams_public(data_dir: &Path, explicit: Option<&Path>, sandbox: Option<&PublicKey>) -> anyhow::Result<PublicKey> {
    if let Some(path) = explicit {
        return load_public(path);
    }
    if let Some(key) = sandbox {
        return Ok(key.clone());
    }
    let path = merchant_dir(data_dir).join(ALIPAY_PUBLIC_KEY_FILE);
    if !path.exists() {
        bail!(
            "Alipay's public key is needed to check AMS's signatures: pass --alipay-public-key \
             or put it in {}",
            path.display()
        );
    }
    load_public(&path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_created_once_and_reloaded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m").join(PRIVATE_KEY_FILE);
        let a = load_or_create_private(&path).unwrap();
        let b = load_or_create_private(&path).unwrap();
        assert_eq!(a.public_key(), b.public_key());
        assert_eq!(load_public(&dir.path().join("m").join(PUBLIC_KEY_FILE)).unwrap(), a.public_key());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "the private key is readable by its owner only");
        }
        assert!(ams_public(dir.path(), None, None).is_err());
    }
}
