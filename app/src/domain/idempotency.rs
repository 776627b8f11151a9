//! Idempotency keys: the browser makes one per form it shows and sends it with every try,
//! so a double click or a retry after a lost answer does the thing once.

use super::Invalid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let ok = (16..=64).contains(&input.len())
            && input
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if ok {
            Ok(Self(input.to_string()))
        } else {
            Err(Invalid::new(
                "idempotency_key_invalid",
                "The request key must be 16 to 64 letters, digits, '-' or '_'",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A fresh random key (browser: `crypto.randomUUID`-like, from `Math.random` when absent).
    pub fn fresh() -> String {
        #[cfg(target_arch = "wasm32")]
        {
            let part = || format!("{:08x}", (js_sys::Math::random() * f64::from(u32::MAX)) as u32);
            format!("{}{}{}{}", part(), part(), part(), part())
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            use std::sync::atomic::{AtomicU64, Ordering};
            static COUNTER: AtomicU64 = AtomicU64::new(0);
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default();
            format!("{nanos:032x}{:08x}", COUNTER.fetch_add(1, Ordering::Relaxed))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_bounded_and_plain() {
        assert!(IdempotencyKey::parse("short").is_err());
        assert!(IdempotencyKey::parse("0123456789abcdef; DROP").is_err());
        assert!(IdempotencyKey::parse(&"a".repeat(65)).is_err());
        let fresh = IdempotencyKey::fresh();
        assert!(IdempotencyKey::parse(&fresh).is_ok(), "{fresh}");
        assert_ne!(fresh, IdempotencyKey::fresh());
    }
}
