//! The call tree of an [`Api`]: one node per path prefix the operations go through, each
//! with the methods that go one step further and the calls made on it.

use std::collections::BTreeMap;

use crate::ir::{Api, Operation, Step};
use crate::lower::call_path::{node_key, node_steps, node_type, step_method};

/// A node of the call tree.
#[derive(Debug)]
pub struct Node<'a> {
    /// Its key, e.g. `/users/{}/messages`.
    pub key: String,
    /// The steps from the client to it.
    pub steps: &'a [Step],
    /// Its Rust type, e.g. `UsersItemMessages`; made unique with a hash of the key when two
    /// keys would give one name.
    pub type_name: String,
    /// The method that reaches it from its parent (for a root: the entry point, `users`).
    pub method: String,
    /// Its children: method name -> (the step, the child's key).
    pub children: BTreeMap<String, (&'a Step, String)>,
    /// The calls made on it, by method name.
    pub calls: Vec<&'a Operation>,
}

/// Every node, by key.
#[derive(Debug)]
pub struct Tree<'a> {
    /// The nodes, by key.
    pub nodes: BTreeMap<String, Node<'a>>,
}

impl<'a> Tree<'a> {
    /// The tree of `api`'s operations (the lowering already refused two things under one
    /// method name, see `lower/clash.rs`).
    pub fn of(api: &'a Api) -> Self {
        let mut nodes: BTreeMap<String, Node<'a>> = BTreeMap::new();
        for op in api.operations.values() {
            let steps = node_steps(&op.steps, op.last_step_is_call);
            for j in 1..=steps.len() {
                let Some(prefix) = steps.get(..j) else {
                    continue;
                };
                let key = node_key(prefix);
                let step = &prefix[j - 1];
                nodes.entry(key.clone()).or_insert_with(|| Node {
                    key: key.clone(),
                    steps: prefix,
                    type_name: node_type(prefix),
                    method: step_method(step).to_owned(),
                    children: BTreeMap::new(),
                    calls: Vec::new(),
                });
                if j > 1 {
                    let parent = node_key(&prefix[..j - 1]);
                    if let Some(parent) = nodes.get_mut(&parent) {
                        parent
                            .children
                            .entry(step_method(step).to_owned())
                            .or_insert((step, key));
                    }
                }
            }
            if let Some(node) = nodes.get_mut(&op.node) {
                node.calls.push(op);
            }
        }
        // Two keys giving one type name: each gets a hash of its own key, so the name
        // still depends only on its path.
        let mut count: BTreeMap<String, usize> = BTreeMap::new();
        for node in nodes.values() {
            *count.entry(node.type_name.clone()).or_default() += 1;
        }
        for node in nodes.values_mut() {
            if count.get(&node.type_name).copied().unwrap_or(0) > 1 {
                node.type_name = format!("{}{:08x}", node.type_name, fnv1a(&node.key));
            }
        }
        Self { nodes }
    }
}

/// FNV-1a, 32 bits: a short stable hash of a key.
fn fnv1a(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}
