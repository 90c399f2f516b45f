//! Where generated code finds the runtime, serde and http: through `crate::` inside the
//! SDK, through `::msgraph_typed::` in a downstream crate (`http` through the SDK's public
//! `msgraph_typed::http` module; serde and serde_json, which no public signature names,
//! through its hidden `__private` re-exports).

/// Which crate the generated code is compiled into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Inside `msgraph-typed` itself (its build script): paths start with `crate::`, the
    /// entry points are a `graph_client_entry_points!` macro that the `GraphClient` trait
    /// invokes, and typed wiremock expectations sit behind `feature = "mock"`.
    Sdk,
    /// In a crate that depends on `msgraph-typed` alone (a downstream build script or the
    /// CLI): runtime, serde and http through `::msgraph_typed`, and the entry points are
    /// extension traits (`GraphClientExt` for new groups, `MeExt`-style traits for new
    /// operations of the SDK's groups).
    #[default]
    Downstream,
}

/// Path prefixes for one mode.
#[derive(Debug, Clone, Copy)]
pub struct Paths {
    /// The runtime crate: `crate` or `::msgraph_typed`.
    pub rt: &'static str,
    /// serde: `::serde` or `::msgraph_typed::__private::serde`.
    pub serde: &'static str,
    /// serde_json.
    pub serde_json: &'static str,
    /// http: `::http` or the public re-export `::msgraph_typed::http`.
    pub http: &'static str,
}

impl Paths {
    /// The paths of `mode`.
    pub fn of(mode: Mode) -> Self {
        match mode {
            Mode::Sdk => Self {
                rt: "crate",
                serde: "::serde",
                serde_json: "::serde_json",
                http: "::http",
            },
            Mode::Downstream => Self {
                rt: "::msgraph_typed",
                serde: "::msgraph_typed::__private::serde",
                serde_json: "::msgraph_typed::__private::serde_json",
                http: "::msgraph_typed::http",
            },
        }
    }
}
