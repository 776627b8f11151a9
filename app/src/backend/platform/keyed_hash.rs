//! Hashes of small secrets kept for comparison only (ID numbers, one-time codes), keyed with
//! the server's hashing key so a leaked table cannot be searched by trying every possible
//! value (an ID number or a six-digit code has few possibilities).

use std::sync::Arc;

use sha2::{Digest, Sha256};

#[derive(Clone)]
pub struct KeyedHasher {
    key: Arc<Vec<u8>>,
}

impl KeyedHasher {
    pub fn new(key: Vec<u8>) -> Self {
        Self { key: Arc::new(key) }
    }

    /// The hash of `value` for one purpose (`id_number`, `code:sign_in`, ...): the same
    /// value hashes differently per purpose.
    pub fn hash(&self, purpose: &str, value: &str) -> String {
        let mut digest = Sha256::new();
        for part in [self.key.as_slice(), purpose.as_bytes(), value.as_bytes()] {
            digest.update((part.len() as u64).to_be_bytes());
            digest.update(part);
        }
        hex::encode(digest.finalize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_value_hashes_alike_per_key_and_purpose_only() {
        let a = KeyedHasher::new(b"key-one-key-one-key-one-key-one-".to_vec());
        let b = KeyedHasher::new(b"key-two-key-two-key-two-key-two-".to_vec());
        assert_eq!(
            a.hash("id_number", "110101199003071234"),
            a.hash("id_number", "110101199003071234")
        );
        assert_ne!(
            a.hash("id_number", "110101199003071234"),
            b.hash("id_number", "110101199003071234")
        );
        assert_ne!(a.hash("id_number", "123456"), a.hash("code", "123456"));
    }
}
