//! The simulated tenant's entities: collections of JSON objects kept by their path
//! (`users`, `groups`, `users/{id}/messages`, ...), and the links between directory
//! objects (`groups/{id}/members`). No HTTP here: the handler turns these into answers.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::odata::get_ignoring_case;

/// The directory's own entity sets: their objects are directory objects, which a
/// `directoryObjects/{id}` path and link collections (`members`, `owners`) refer to.
pub(crate) const DIRECTORY_SETS: [(&str, &str); 7] = [
    ("users", "#microsoft.graph.user"),
    ("groups", "#microsoft.graph.group"),
    ("applications", "#microsoft.graph.application"),
    ("servicePrincipals", "#microsoft.graph.servicePrincipal"),
    ("devices", "#microsoft.graph.device"),
    ("contacts", "#microsoft.graph.orgContact"),
    ("directoryRoles", "#microsoft.graph.directoryRole"),
];

/// The `@odata.type` of the objects of the directory set `set` (any case).
pub(crate) fn directory_type(set: &str) -> Option<&'static str> {
    DIRECTORY_SETS
        .iter()
        .find(|(s, _)| s.eq_ignore_ascii_case(set))
        .map(|(_, t)| *t)
}

/// A fresh id, a GUID as Graph's directory ids are.
pub(crate) fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The key of a collection or link list: its path, lowercase (Graph's paths and ids
/// ignore case).
pub(crate) fn key(path: &str) -> String {
    path.to_ascii_lowercase()
}

/// Every entity and link of the tenant.
#[derive(Debug, Default, Clone)]
pub(crate) struct Store {
    /// Collections by [`key`]: `users`, `users/{id}/messages`, ... Each keeps its entities in
    /// the order they were created.
    collections: HashMap<String, Vec<Map<String, Value>>>,
    /// Link lists by [`key`]: `groups/{id}/members` holds the ids of the members.
    links: HashMap<String, Vec<String>>,
}

impl Store {
    /// The entities of the collection at `path` (empty when there are none yet).
    pub(crate) fn list(&self, path: &str) -> &[Map<String, Value>] {
        self.collections
            .get(&key(path))
            .map_or(&[][..], Vec::as_slice)
    }

    /// The entity `id` of the collection at `path`; for `users`, `id` may also be the
    /// user's principal name.
    pub(crate) fn get(&self, path: &str, id: &str) -> Option<&Map<String, Value>> {
        let items = self.collections.get(&key(path))?;
        let by_upn = path.eq_ignore_ascii_case("users");
        items.iter().find(|e| same_entity(e, id, by_upn))
    }

    fn get_mut(&mut self, path: &str, id: &str) -> Option<&mut Map<String, Value>> {
        let items = self.collections.get_mut(&key(path))?;
        let by_upn = path.eq_ignore_ascii_case("users");
        items.iter_mut().find(|e| same_entity(e, id, by_upn))
    }

    /// Adds `entity` (which must carry an `id`) to the collection at `path`.
    pub(crate) fn insert(&mut self, path: &str, entity: Map<String, Value>) {
        self.collections.entry(key(path)).or_default().push(entity);
    }

    /// Merges `changes` into the entity: a `null` clears the property (it is removed, so it
    /// reads as `null`), an object merges into an object property, anything else replaces.
    /// `false` when there is no such entity.
    pub(crate) fn merge(&mut self, path: &str, id: &str, changes: &Map<String, Value>) -> bool {
        let Some(entity) = self.get_mut(path, id) else {
            return false;
        };
        merge_into(entity, changes);
        true
    }

    /// Removes the entity, everything kept under it (`users/{id}/...`) and every link to
    /// it. `false` when there is no such entity.
    pub(crate) fn remove(&mut self, path: &str, id: &str) -> bool {
        let Some(items) = self.collections.get_mut(&key(path)) else {
            return false;
        };
        let by_upn = path.eq_ignore_ascii_case("users");
        let Some(i) = items.iter().position(|e| same_entity(e, id, by_upn)) else {
            return false;
        };
        let removed = items.remove(i);
        let id = entity_id(&removed).to_ascii_lowercase();
        let under = format!("{}/{id}/", key(path));
        self.collections.retain(|k, _| !k.starts_with(&under));
        self.links.retain(|k, _| !k.starts_with(&under));
        for targets in self.links.values_mut() {
            targets.retain(|t| !t.eq_ignore_ascii_case(&id));
        }
        true
    }

    /// The directory object `id` (any directory set): its set and the entity.
    pub(crate) fn directory_object(&self, id: &str) -> Option<(&'static str, &Map<String, Value>)> {
        DIRECTORY_SETS.iter().find_map(|(set, _)| {
            self.collections
                .get(&key(set))?
                .iter()
                .find(|e| entity_id(e).eq_ignore_ascii_case(id))
                .map(|e| (*set, e))
        })
    }

    /// The ids held by the link list at `path` (`groups/{id}/members`), in the order added.
    pub(crate) fn links(&self, path: &str) -> &[String] {
        self.links.get(&key(path)).map_or(&[][..], Vec::as_slice)
    }

    /// Adds `target` to the link list at `path`; `false` when it is there already.
    pub(crate) fn link(&mut self, path: &str, target: &str) -> bool {
        let list = self.links.entry(key(path)).or_default();
        if list.iter().any(|t| t.eq_ignore_ascii_case(target)) {
            return false;
        }
        list.push(target.to_owned());
        true
    }

    /// Removes `target` from the link list at `path`; `false` when it was not there.
    pub(crate) fn unlink(&mut self, path: &str, target: &str) -> bool {
        let Some(list) = self.links.get_mut(&key(path)) else {
            return false;
        };
        let before = list.len();
        list.retain(|t| !t.eq_ignore_ascii_case(target));
        list.len() != before
    }

    /// The owners of link lists named `navigation` (any case) under the set `set` that hold
    /// `target`: for `memberOf`, the groups whose `members` hold a user.
    pub(crate) fn holders(&self, set: &str, navigation: &str, target: &str) -> Vec<String> {
        let prefix = format!("{}/", key(set));
        let suffix = format!("/{}", key(navigation));
        let mut out: Vec<String> = self
            .links
            .iter()
            .filter(|(k, targets)| {
                k.starts_with(&prefix)
                    && k.ends_with(&suffix)
                    && targets.iter().any(|t| t.eq_ignore_ascii_case(target))
            })
            .filter_map(|(k, _)| {
                k.get(prefix.len()..k.len() - suffix.len())
                    .map(str::to_owned)
            })
            .collect();
        out.sort();
        out
    }
}

/// The entity's `id` (empty when it has none, which the store never allows).
pub(crate) fn entity_id(entity: &Map<String, Value>) -> &str {
    entity.get("id").and_then(Value::as_str).unwrap_or("")
}

fn same_entity(entity: &Map<String, Value>, id: &str, by_upn: bool) -> bool {
    entity_id(entity).eq_ignore_ascii_case(id)
        || (by_upn
            && get_ignoring_case(entity, "userPrincipalName")
                .and_then(Value::as_str)
                .is_some_and(|upn| upn.eq_ignore_ascii_case(id)))
}

/// PATCH's merge: `null` removes, objects merge into objects, anything else replaces.
pub(crate) fn merge_into(entity: &mut Map<String, Value>, changes: &Map<String, Value>) {
    for (name, value) in changes {
        let existing = entity
            .keys()
            .find(|k| k.eq_ignore_ascii_case(name))
            .cloned()
            .unwrap_or_else(|| name.clone());
        match (entity.get_mut(&existing), value) {
            (_, Value::Null) => {
                entity.remove(&existing);
            }
            (Some(Value::Object(old)), Value::Object(new)) => merge_into(old, new),
            _ => {
                entity.insert(existing, value.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn object(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    fn store() -> Store {
        let mut s = Store::default();
        s.insert(
            "users",
            object(json!({"id": "U1", "userPrincipalName": "a@x.com"})),
        );
        s.insert(
            "users",
            object(json!({"id": "u2", "userPrincipalName": "b@x.com"})),
        );
        s.insert("groups", object(json!({"id": "g1", "displayName": "G"})));
        s.insert("users/u1/messages", object(json!({"id": "m1"})));
        s
    }

    #[test]
    fn users_are_found_by_id_or_principal_name_ignoring_case_and_other_sets_by_id_only() {
        let s = store();
        assert_eq!(s.get("USERS", "u1").map(entity_id), Some("U1"));
        assert_eq!(s.get("users", "B@X.com").map(entity_id), Some("u2"));
        assert!(s.get("groups", "G").is_none());
        assert_eq!(s.directory_object("G1").map(|(set, _)| set), Some("groups"));
        assert!(s.directory_object("m1").is_none());
        assert_eq!(s.list("users/U1/MESSAGES").len(), 1);
        assert!(s.list("users/u2/messages").is_empty());
    }

    #[test]
    fn merge_clears_nulls_merges_objects_and_replaces_the_rest_keeping_the_spelling() {
        let mut e = object(json!({"jobTitle": "x", "officeLocation": "y",
                                  "passwordProfile": {"forceChangePasswordNextSignIn": true, "a": 1}}));
        merge_into(
            &mut e,
            &object(json!({"JobTitle": "Lead", "officeLocation": null,
                           "passwordProfile": {"forceChangePasswordNextSignIn": false}, "mail": "m"})),
        );
        assert_eq!(
            Value::Object(e),
            json!({"jobTitle": "Lead", "mail": "m",
                   "passwordProfile": {"forceChangePasswordNextSignIn": false, "a": 1}})
        );
    }

    #[test]
    fn removing_an_entity_drops_what_is_under_it_and_every_link_to_it() {
        let mut s = store();
        assert!(s.link("groups/g1/members", "u1"));
        assert!(!s.link("groups/G1/members", "U1"), "already a member");
        assert!(s.link("groups/g1/members", "u2"));
        assert!(s.link("users/u1/owners", "u2"));
        assert_eq!(s.holders("groups", "members", "U2"), ["g1"]);
        assert!(s.remove("users", "a@x.com"));
        assert!(!s.remove("users", "u1"));
        assert!(s.list("users/u1/messages").is_empty());
        assert!(s.links("users/u1/owners").is_empty());
        assert_eq!(s.links("groups/g1/members"), ["u2"]);
        assert!(s.unlink("groups/g1/members", "U2"));
        assert!(!s.unlink("groups/g1/members", "u2"));
        assert!(s.holders("groups", "members", "u2").is_empty());
    }
}
