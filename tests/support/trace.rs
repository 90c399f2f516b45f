//! A tracing subscriber that writes down every span and event field, for tests.

use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Every field recorded: (span or event name, field name, value as text).
#[derive(Clone, Default)]
pub struct Recorded(Arc<Mutex<Vec<(String, String, String)>>>);

impl Recorded {
    pub fn fields(&self) -> Vec<(String, String, String)> {
        self.0.lock().map(|v| v.clone()).unwrap_or_default()
    }

    /// The last value recorded for `field` on spans named `span`.
    pub fn last(&self, span: &str, field: &str) -> Option<String> {
        self.fields()
            .into_iter()
            .rev()
            .find(|(s, f, _)| s == span && f == field)
            .map(|(_, _, v)| v)
    }
}

pub struct Capture {
    recorded: Recorded,
    names: Mutex<Vec<&'static str>>,
    next: AtomicU64,
}

impl Capture {
    pub fn new() -> (Capture, Recorded) {
        let recorded = Recorded::default();
        let capture = Capture {
            recorded: recorded.clone(),
            names: Mutex::new(Vec::new()),
            next: AtomicU64::new(1),
        };
        (capture, recorded)
    }

    fn push(&self, name: &str, field: &Field, value: String) {
        if let Ok(mut v) = self.recorded.0.lock() {
            v.push((name.to_owned(), field.name().to_owned(), value));
        }
    }

    fn name_of(&self, id: &Id) -> String {
        let names = self.names.lock().map(|n| n.clone()).unwrap_or_default();
        let i = usize::try_from(id.into_u64())
            .unwrap_or(0)
            .saturating_sub(1);
        names.get(i).map(|s| (*s).to_owned()).unwrap_or_default()
    }
}

struct Collect<'a> {
    capture: &'a Capture,
    name: String,
}

impl Visit for Collect<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.capture.push(&self.name, field, format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.capture.push(&self.name, field, value.to_owned());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = self.next.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut n) = self.names.lock() {
            n.push(span.metadata().name());
        }
        let mut c = Collect {
            capture: self,
            name: span.metadata().name().to_owned(),
        };
        span.record(&mut c);
        Id::from_u64(id)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut c = Collect {
            capture: self,
            name: self.name_of(span),
        };
        values.record(&mut c);
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut c = Collect {
            capture: self,
            name: "event".to_owned(),
        };
        event.record(&mut c);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}
