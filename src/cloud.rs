//! National clouds: which Graph root a client talks to.

use std::fmt;

/// A Microsoft Graph deployment, by its root URL.
///
/// ```
/// use msgraph_typed::Cloud;
///
/// assert_eq!(Cloud::Global.root(), "https://graph.microsoft.com");
/// assert_eq!(Cloud::China.root(), "https://microsoftgraph.chinacloudapi.cn");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Cloud {
    /// The global service, `https://graph.microsoft.com` (the default).
    #[default]
    Global,
    /// US Government L4, `https://graph.microsoft.us`.
    UsGovL4,
    /// US Government L5 (DoD), `https://dod-graph.microsoft.us`.
    UsGovL5Dod,
    /// Microsoft Graph China operated by 21Vianet, `https://microsoftgraph.chinacloudapi.cn`.
    China,
}

impl Cloud {
    /// The root URL of the cloud's Graph endpoint (no version, no trailing slash).
    pub const fn root(self) -> &'static str {
        match self {
            Cloud::Global => "https://graph.microsoft.com",
            Cloud::UsGovL4 => "https://graph.microsoft.us",
            Cloud::UsGovL5Dod => "https://dod-graph.microsoft.us",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn",
        }
    }

    /// The OAuth scope that asks the cloud's identity platform for a Graph token with the
    /// app's configured permissions: the root followed by `/.default`. What a token
    /// provider asks for; [`azure_credential`](crate::ReqwestGraphClientBuilder::azure_credential)
    /// asks for it itself.
    ///
    /// ```
    /// use msgraph_typed::Cloud;
    ///
    /// assert_eq!(Cloud::Global.scope(), "https://graph.microsoft.com/.default");
    /// ```
    pub const fn scope(self) -> &'static str {
        match self {
            Cloud::Global => "https://graph.microsoft.com/.default",
            Cloud::UsGovL4 => "https://graph.microsoft.us/.default",
            Cloud::UsGovL5Dod => "https://dod-graph.microsoft.us/.default",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn/.default",
        }
    }
}

impl fmt::Display for Cloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.root())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cloud_has_its_documented_https_root() {
        let roots = [
            (Cloud::Global, "https://graph.microsoft.com"),
            (Cloud::UsGovL4, "https://graph.microsoft.us"),
            (Cloud::UsGovL5Dod, "https://dod-graph.microsoft.us"),
            (Cloud::China, "https://microsoftgraph.chinacloudapi.cn"),
        ];
        for (cloud, root) in roots {
            assert_eq!(cloud.root(), root);
            assert_eq!(cloud.to_string(), root);
        }
        assert_eq!(Cloud::default(), Cloud::Global);
    }

    #[test]
    fn every_clouds_scope_is_its_root_with_dot_default() {
        let scopes = [
            (Cloud::Global, "https://graph.microsoft.com/.default"),
            (Cloud::UsGovL4, "https://graph.microsoft.us/.default"),
            (Cloud::UsGovL5Dod, "https://dod-graph.microsoft.us/.default"),
            (
                Cloud::China,
                "https://microsoftgraph.chinacloudapi.cn/.default",
            ),
        ];
        for (cloud, scope) in scopes {
            assert_eq!(cloud.scope(), scope);
            assert_eq!(format!("{}/.default", cloud.root()), scope);
        }
    }
}
