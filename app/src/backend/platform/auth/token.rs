//! Session tokens: HS256 JWTs (the one algorithm accepted), with `exp`, `aud` and `iss`
//! checked. The token names a server-side session, so revoking the session revokes it.

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

pub const AUDIENCE: &str = "insurer-service-portal";
pub const ISSUER: &str = "insurer-service";

/// Seconds a token lives; renewed on use once half of that has passed.
pub const TOKEN_TTL_SECS: i64 = 30 * 60;
/// Seconds a session lives at most, however often it is renewed.
pub const SESSION_MAX_SECS: i64 = 12 * 60 * 60;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    /// `customer:<id>` or `staff:<id>`.
    pub sub: String,
    /// The session id (`sessions.id`).
    pub sid: String,
    pub aud: String,
    pub iss: String,
    pub iat: i64,
    pub exp: i64,
}

impl Claims {
    pub fn principal(&self) -> Option<(&str, i64)> {
        let (kind, id) = self.sub.split_once(':')?;
        Some((kind, id.parse().ok()?))
    }
}

pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl TokenKeys {
    pub fn from_secret(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[AUDIENCE]);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "aud", "iss", "sub"]);
        validation.leeway = 5;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        }
    }

    pub fn issue(&self, principal_kind: &str, principal_id: i64, session_id: &str, now_secs: i64) -> String {
        let claims = Claims {
            sub: format!("{principal_kind}:{principal_id}"),
            sid: session_id.to_string(),
            aud: AUDIENCE.into(),
            iss: ISSUER.into(),
            iat: now_secs,
            exp: now_secs + TOKEN_TTL_SECS,
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).expect("HS256 encoding cannot fail")
    }

    /// The claims of a genuine, unexpired token for this service; `None` for anything else.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        decode::<Claims>(token, &self.decoding, &self.validation)
            .ok()
            .map(|data| data.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_790_000_000;

    fn keys() -> TokenKeys {
        TokenKeys::from_secret(b"test-secret-that-is-long-enough-0123456789")
    }

    fn now() -> i64 {
        chrono::Utc::now().timestamp()
    }

    #[test]
    fn a_fresh_token_verifies_and_names_its_session() {
        let token = keys().issue("customer", 7, "s1", now());
        let claims = keys().verify(&token).unwrap();
        assert_eq!(claims.principal(), Some(("customer", 7)));
        assert_eq!(claims.sid, "s1");
    }

    #[test]
    fn expired_tokens_are_refused() {
        assert!(keys()
            .verify(&keys().issue("customer", 7, "s1", NOW - 10 * TOKEN_TTL_SECS))
            .is_none());
    }

    #[test]
    fn tokens_signed_with_another_key_are_refused() {
        let other = TokenKeys::from_secret(b"another-secret-another-secret-0000000");
        assert!(keys().verify(&other.issue("customer", 7, "s1", now())).is_none());
    }

    #[test]
    fn other_algorithms_and_audiences_are_refused() {
        let claims = Claims {
            sub: "staff:1".into(),
            sid: "s".into(),
            aud: "someone-else".into(),
            iss: ISSUER.into(),
            iat: now(),
            exp: now() + 60,
        };
        let secret = b"test-secret-that-is-long-enough-0123456789";
        let wrong_aud = encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(secret),
        )
        .unwrap();
        assert!(keys().verify(&wrong_aud).is_none());
        let right_aud = Claims {
            aud: AUDIENCE.into(),
            ..claims
        };
        let hs512 = encode(
            &Header::new(Algorithm::HS512),
            &right_aud,
            &EncodingKey::from_secret(secret),
        )
        .unwrap();
        assert!(keys().verify(&hs512).is_none());
    }
}
