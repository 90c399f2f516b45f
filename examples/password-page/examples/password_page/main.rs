//! A password-change page on loopback: the tenant's rules shown pass or fail as the new
//! password is typed (`validatePassword` through `msgraph_typed::PasswordFeedback`), then
//! `changePassword`.
//!
//! ```sh
//! cargo run -p password-page --example password_page                   # simulated Graph
//! cargo run -p password-page --example password_page -- --port 8080    # a fixed port
//! GRAPH_TOKEN=eyJ... cargo run -p password-page --example password_page  # the real Graph
//! ```
//!
//! It prints the page's address (`http://127.0.0.1:PORT/`) and serves until stopped
//! (Ctrl-C). On the simulated Graph, the page changes alice's password (`Old-Passw0rd!`)
//! and checks new ones as the tenant's password administrator; with `GRAPH_TOKEN` (a
//! delegated token), both calls are made as the token's user.

mod server;

use std::net::Ipv4Addr;
use std::process::ExitCode;
use std::sync::Arc;

use msgraph_typed::{GraphClient, DEFAULT_FEEDBACK_DELAY};
use password_page::{simulated, tenant, Backend};
use tokio::net::TcpListener;

const USAGE: &str = "usage: password_page [--port N]";

fn port_from(mut args: impl Iterator<Item = String>) -> Result<Option<u16>, String> {
    let mut port = 0;
    while let Some(arg) = args.next() {
        let value = match arg.as_str() {
            "--port" => args.next().ok_or("--port needs a port number")?,
            a if a.starts_with("--port=") => a["--port=".len()..].to_owned(),
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown argument `{other}`")),
        };
        port = value
            .parse()
            .map_err(|_| format!("--port: `{value}` is not a port number (0 to 65535)"))?;
    }
    Ok(Some(port))
}

async fn main_result() -> Result<(), String> {
    let Some(port) = port_from(std::env::args().skip(1))? else {
        println!("{USAGE}");
        return Ok(());
    };
    // The simulated tenant lives as long as the page: it is served from this process.
    let mut _tenant = None;
    let (validate, change, about): (Arc<dyn GraphClient>, Arc<dyn GraphClient>, String) =
        match password_page::backend_from_env()? {
            Backend::Simulated => {
                let t = simulated::Tenant::start().await?;
                let about = format!(
                    "Simulated Graph at {}: changing the password of {} (now {}).",
                    t.uri(),
                    tenant::ALICE,
                    tenant::ALICE_PASSWORD
                );
                let clients = (
                    Arc::new(t.as_admin().clone()),
                    Arc::new(t.as_alice().clone()),
                );
                _tenant = Some(t);
                (clients.0, clients.1, about)
            }
            Backend::Real { token, root } => {
                let client = password_page::real_client(token, &root).map_err(|e| e.to_string())?;
                let client: Arc<dyn GraphClient> = Arc::new(client);
                let about =
                    format!("Graph at {root}: changing the password of GRAPH_TOKEN's user.");
                (Arc::clone(&client), client, about)
            }
        };
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))
        .await
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    println!("Password page: http://{address}/");
    eprintln!("{about}");
    let config = server::Config {
        validate,
        change,
        about,
        delay: DEFAULT_FEEDBACK_DELAY,
    };
    server::serve(listener, config)
        .await
        .map_err(|e| format!("serving the page failed: {e}"))
}

#[tokio::main]
async fn main() -> ExitCode {
    match main_result().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("password_page: {e}\n{USAGE}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Option<u16>, String> {
        port_from(args.iter().map(|a| a.to_string()))
    }

    #[test]
    fn the_port_is_read_in_both_spellings_and_bad_arguments_say_what_is_wrong() {
        assert_eq!(parse(&[]), Ok(Some(0)));
        assert_eq!(parse(&["--port", "8080"]), Ok(Some(8080)));
        assert_eq!(parse(&["--port=8081"]), Ok(Some(8081)));
        assert_eq!(parse(&["--help"]), Ok(None));
        assert!(parse(&["--port", "99999"])
            .unwrap_err()
            .contains("not a port number"));
        assert!(parse(&["--port"])
            .unwrap_err()
            .contains("needs a port number"));
        assert!(parse(&["--verbose"])
            .unwrap_err()
            .contains("unknown argument"));
    }
}
