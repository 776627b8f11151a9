//! TLS for the platform's outside connections.

/// reqwest (S3, the SMS gateway) takes the process-wide rustls provider; this build has
/// `ring`. Installing it twice is harmless.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
