//! The web half of the password page: the routes, on axum. Shared by the example's `main`
//! and the browser test.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use msgraph_typed::models::ChangePasswordRequest;
use msgraph_typed::{FeedbackState, GraphClient, PasswordFeedback, SecretString};
use password_page::{bad_body_view, change_view, check_view, host_allowed, SECURITY_HEADERS};
use serde::Deserialize;
use tokio::net::TcpListener;
use tokio::time::Instant;

/// The longest a check request waits for Graph's answer before it answers `checking`.
const CHECK_WAIT: Duration = Duration::from_secs(30);

/// What the page calls Graph with.
pub struct Config {
    /// For `validatePassword` (in the simulated tenant, its password administrator).
    pub validate: Arc<dyn GraphClient>,
    /// For `changePassword`: the signed-in user.
    pub change: Arc<dyn GraphClient>,
    /// A line for the top of the page: whose password, on which Graph.
    pub about: String,
    /// How long the new password must be still before it is checked.
    pub delay: Duration,
}

struct App {
    feedback: PasswordFeedback,
    change: Arc<dyn GraphClient>,
    about: String,
    port: u16,
}

/// Serves the page on `listener` (bound to loopback) until the process ends.
pub async fn serve(listener: TcpListener, config: Config) -> std::io::Result<()> {
    let port = listener.local_addr()?.port();
    let (feedback, worker) = PasswordFeedback::builder()
        .delay(config.delay)
        .build(config.validate);
    tokio::spawn(worker.run());
    let app = Arc::new(App {
        feedback,
        change: config.change,
        about: config.about,
        port,
    });
    let router = Router::new()
        .route("/", get(page))
        .route("/page.js", get(script))
        .route("/page.css", get(style))
        .route("/api/about", get(about))
        .route("/api/check", post(check))
        .route("/api/change", post(change))
        .layer(middleware::from_fn_with_state(Arc::clone(&app), guard))
        .with_state(app);
    axum::serve(listener, router).await
}

/// Refuses requests for another host name (DNS rebinding), and adds the security headers.
async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    let mut response = if host_allowed(host, app.port) {
        next.run(request).await
    } else {
        (
            StatusCode::MISDIRECTED_REQUEST,
            "This page answers only on loopback.",
        )
            .into_response()
    };
    for (name, value) in SECURITY_HEADERS {
        response
            .headers_mut()
            .insert(name, HeaderValue::from_static(value));
    }
    response
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

async fn page() -> Response {
    asset("text/html; charset=utf-8", password_page::PAGE_HTML)
}

async fn script() -> Response {
    asset("text/javascript; charset=utf-8", password_page::PAGE_JS)
}

async fn style() -> Response {
    asset("text/css; charset=utf-8", password_page::PAGE_CSS)
}

async fn about(State(app): State<Arc<App>>) -> Response {
    Json(serde_json::json!({ "text": app.about })).into_response()
}

#[derive(Deserialize)]
struct CheckBody {
    password: SecretString,
}

async fn check(
    State(app): State<Arc<App>>,
    body: Result<Json<CheckBody>, JsonRejection>,
) -> Response {
    let Ok(Json(body)) = body else {
        return bad_request(r#"{"password": "..."}"#);
    };
    let revision = app.feedback.set_input(body.password);
    let mut states = app.feedback.subscribe();
    // Answered, failed, replaced by a later input, or throttled with a wait still ahead
    // (the page asks again after it; once it has passed, the answer is waited for):
    // whichever comes first.
    let ready = |s: &FeedbackState| match s {
        FeedbackState::Throttled { until, .. } if *until <= Instant::now() => false,
        FeedbackState::Throttled { .. } => true,
        s => s.is_settled() || s.revision().is_some_and(|r| r > revision),
    };
    let state = match tokio::time::timeout(CHECK_WAIT, states.wait_for(ready)).await {
        Ok(Ok(state)) => state.clone(),
        _ => app.feedback.state(),
    };
    let retry_in = match &state {
        FeedbackState::Throttled { until, .. } => until.saturating_duration_since(Instant::now()),
        _ => Duration::ZERO,
    };
    Json(check_view(&state, revision, retry_in)).into_response()
}

#[derive(Deserialize)]
struct ChangeBody {
    current: SecretString,
    new: SecretString,
}

async fn change(
    State(app): State<Arc<App>>,
    body: Result<Json<ChangeBody>, JsonRejection>,
) -> Response {
    let Ok(Json(body)) = body else {
        return bad_request(r#"{"current": "...", "new": "..."}"#);
    };
    let request = ChangePasswordRequest::new(body.current, body.new);
    let outcome = app.change.me().change_password(request).await;
    if outcome.is_ok() {
        app.feedback.clear();
    }
    Json(change_view(&outcome)).into_response()
}

fn bad_request(expected: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(bad_body_view(expected))).into_response()
}
