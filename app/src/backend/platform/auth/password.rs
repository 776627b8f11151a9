//! Argon2id password hashing, run on the blocking pool so it never stalls the async threads.

use std::sync::OnceLock;

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::error::{internal_error, AppError};

fn hasher() -> Argon2<'static> {
    // Argon2id v19 with the crate's recommended cost (19 MiB, 2 passes).
    Argon2::default()
}

/// Hashes synchronously; for seeding and other non-request code.
pub fn hash_blocking(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(hasher().hash_password(password.as_bytes(), &salt)?.to_string())
}

pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|e| internal_error(&e))?
        .map_err(|e| internal_error(&e))
}

/// Whether `password` matches `stored`. With `stored = None` (unknown account) it checks a
/// throwaway hash, so the answer takes as long as for a real account.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| dummy_hash().to_string());
        let parsed = PasswordHash::new(&stored).map_err(|e| internal_error(&e))?;
        let matches = hasher().verify_password(password.as_bytes(), &parsed).is_ok();
        Ok(known && matches)
    })
    .await
    .map_err(|e| internal_error(&e))?
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking("not-a-real-password-0").expect("hashing a constant cannot fail"))
}
