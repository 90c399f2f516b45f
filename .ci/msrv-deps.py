#!/usr/bin/env python3
"""Fail when a package in Cargo.lock needs a newer Rust than our `rust-version`.

Only one toolchain can be installed on the CI machines, so the declared minimum cannot be
built directly. This checks the dependency side of the promise; clippy's
`incompatible_msrv` lint (run with -D warnings) checks our own use of the standard library.
Reads `cargo metadata` from stdin.
"""
import json
import sys


def version(text):
    parts = [int(p) for p in text.split(".")[:3]]
    return tuple(parts + [0] * (3 - len(parts)))


meta = json.load(sys.stdin)
members = set(meta["workspace_members"])
ours = {p["rust_version"] for p in meta["packages"] if p["id"] in members and p.get("rust_version")}
if len(ours) != 1:
    sys.exit(f"expected one rust-version across the workspace, found {sorted(ours) or 'none'}")
floor = ours.pop()
newer = [
    f"{p['name']} {p['version']} needs Rust {p['rust_version']}"
    for p in meta["packages"]
    if p.get("rust_version") and version(p["rust_version"]) > version(floor)
]
if newer:
    sys.exit(f"rust-version is {floor}, but:\n  " + "\n  ".join(sorted(newer)))
undeclared = sorted(p["name"] for p in meta["packages"] if not p.get("rust_version"))
print(
    f"rust-version {floor}: {len(meta['packages']) - len(undeclared)} of "
    f"{len(meta['packages'])} packages in Cargo.lock declare it or less; "
    f"{len(undeclared)} declare none and cannot be checked this way: {', '.join(undeclared)}"
)
