//! An app's own reqwest client next to this crate: the `rustls` feature turns on reqwest's
//! `rustls-no-provider`, so a reqwest with no TLS feature of its own has rustls and no crypto
//! provider. Its own binary: the process-wide provider is global state.
#![cfg(feature = "rustls")]

use std::panic;

fn builds(client: impl FnOnce() -> reqwest::Client + panic::UnwindSafe) -> bool {
    // reqwest panics ("No provider set") rather than failing the build.
    let quiet = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let built = panic::catch_unwind(client).is_ok();
    panic::set_hook(quiet);
    built
}

fn rustls_client() -> reqwest::Client {
    reqwest::Client::builder()
        .tls_backend_rustls()
        .build()
        .expect("the client builds")
}

#[test]
fn an_apps_own_reqwest_client_builds_once_the_crates_provider_is_installed() {
    // The surprise: rustls is on in reqwest (through this crate), no provider is.
    assert!(!builds(rustls_client), "a provider was there already");
    // With only `rustls` (the default), `Client::new()` picks rustls and so panics too.
    #[cfg(not(feature = "native-tls"))]
    assert!(!builds(reqwest::Client::new));

    assert!(msgraph_typed::install_default_crypto_provider());

    assert!(builds(rustls_client));
    assert!(builds(reqwest::Client::new));
    // Installed once: a second call changes nothing and says so.
    assert!(!msgraph_typed::install_default_crypto_provider());
}
