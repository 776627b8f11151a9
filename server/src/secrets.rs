//! The server's secrets: the token signing key, and the key that hashes ID numbers and
//! one-time codes. Each comes from configuration, else is generated once and kept in the
//! data folder (owner-only permissions). Never in the repository. Every process that
//! shares a database must have the same ones.

use std::path::Path;

use anyhow::Context;
use rand::RngCore;

pub const SECRET_FILE: &str = "jwt-secret";
pub const HASHING_KEY_FILE: &str = "hashing-key";

/// Signs session tokens (`APP_JWT_SECRET`).
pub fn signing_key(configured: Option<&str>, data_dir: &Path) -> anyhow::Result<Vec<u8>> {
    load_or_generate(configured, "APP_JWT_SECRET", data_dir, SECRET_FILE)
}

/// Keys the hashes of ID numbers and one-time codes (`APP_HASHING_KEY`), so a leaked
/// table cannot be searched by trying every possible number.
pub fn hashing_key(configured: Option<&str>, data_dir: &Path) -> anyhow::Result<Vec<u8>> {
    load_or_generate(configured, "APP_HASHING_KEY", data_dir, HASHING_KEY_FILE)
}

fn load_or_generate(configured: Option<&str>, variable: &str, data_dir: &Path, file: &str) -> anyhow::Result<Vec<u8>> {
    if let Some(secret) = configured {
        anyhow::ensure!(secret.len() >= 32, "{variable} must be at least 32 characters");
        return Ok(secret.as_bytes().to_vec());
    }
    let path = data_dir.join(file);
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let key = hex::decode(existing.trim()).with_context(|| format!("{} is not hex", path.display()))?;
        anyhow::ensure!(key.len() >= 32, "{} is too short", path.display());
        return Ok(key);
    }
    std::fs::create_dir_all(data_dir).with_context(|| format!("creating {}", data_dir.display()))?;
    let mut key = vec![0u8; 64];
    rand::rngs::OsRng.fill_bytes(&mut key);
    write_private(&path, &hex::encode(&key)).with_context(|| format!("writing {}", path.display()))?;
    tracing::info!(path = %path.display(), "generated a new secret");
    Ok(key)
}

#[cfg(unix)]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(contents.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    std::fs::write(path, contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_key_is_kept_and_reused() {
        let dir = std::env::temp_dir().join(format!("secret-test-{}", uuid::Uuid::new_v4()));
        let first = signing_key(None, &dir).unwrap();
        let second = signing_key(None, &dir).unwrap();
        assert_eq!(first, second);
        assert_eq!(first.len(), 64);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_short_configured_secret_is_refused() {
        assert!(signing_key(Some("short"), Path::new("/nonexistent")).is_err());
    }
}
