//! TLS for the client reqwest builds: the one place the TLS backend and the rustls crypto
//! provider are chosen.
//!
//! With the `rustls` feature (the default), the client gets its own rustls `ClientConfig`
//! built on the crypto provider below and the platform certificate verifier; nothing is
//! installed as the process-wide default provider, so other rustls users in the program are
//! not affected. With only `native-tls`, the platform's TLS library is used.

use crate::error::Error;

/// Whether this build can speak https at all.
pub(crate) const HAS_TLS: bool = cfg!(any(feature = "rustls", feature = "native-tls"));

/// The rustls crypto provider. Change it here (and the `rustls` dependency's features in
/// Cargo.toml) to switch between ring and aws-lc-rs.
#[cfg(feature = "rustls")]
fn crypto_provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::ring::default_provider()
}

/// Installs the crypto provider this crate's client uses (rustls with *ring*) as the
/// process-wide default, unless one is installed already; `true` if this call installed it.
///
/// This crate's own client never needs it: it hands its provider to reqwest directly. It is
/// for **your other reqwest clients**. The `rustls` feature turns on reqwest's
/// `rustls-no-provider`; cargo unifies features, so a `reqwest` you depend on with
/// `default-features = false` and no TLS feature of its own gets rustls without a provider,
/// and its `reqwest::Client::new()` panics ("No provider set"). Call this once at the start
/// of `main`, before building any reqwest client:
///
/// ```
/// msgraph_typed::install_default_crypto_provider();
/// # let _ = reqwest::Client::new();
/// ```
///
/// Other ways out: give that reqwest a TLS feature of its own (`features = ["rustls"]`,
/// which builds aws-lc-rs), or use this crate with `default-features = false, features =
/// ["native-tls"]`.
#[cfg(feature = "rustls")]
#[cfg_attr(docsrs, doc(cfg(feature = "rustls")))]
pub fn install_default_crypto_provider() -> bool {
    crypto_provider().install_default().is_ok()
}

/// Puts the TLS backend of this build on `builder`.
#[cfg(feature = "rustls")]
pub(crate) fn configure(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, Error> {
    use std::sync::Arc;

    let provider = Arc::new(crypto_provider());
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone()).map_err(|e| {
        Error::builder("the platform certificate verifier could not start").with_source(e)
    })?;
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::builder("the TLS configuration was refused").with_source(e))?
        .dangerous() // Not dangerous here: the verifier is the platform's, fully checking.
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    // reqwest is built without `http2`: offer HTTP/1.1 only.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(builder.tls_backend_preconfigured(config))
}

/// Puts the TLS backend of this build on `builder`.
#[cfg(all(feature = "native-tls", not(feature = "rustls")))]
pub(crate) fn configure(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, Error> {
    Ok(builder.tls_backend_native())
}

/// Without a TLS feature there is nothing to configure; https roots are refused by the
/// builder.
#[cfg(not(any(feature = "rustls", feature = "native-tls")))]
pub(crate) fn configure(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, Error> {
    Ok(builder)
}
