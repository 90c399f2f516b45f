#!/usr/bin/env python3
"""Fail when a package in Cargo.lock needs a newer Rust than the minimum that applies to it.

Only one toolchain can be installed on the CI machines, so the declared minimum cannot be
built directly. This checks the dependency side of the promise; clippy's
`incompatible_msrv` lint (run with -D warnings) checks our own use of the standard library.
Reads `cargo metadata --all-features` from stdin.

The minimum is the root package's `rust-version`, except for what a feature with a higher
minimum of its own brings in. Such a feature is declared in the package's Cargo.toml:

    [package.metadata.msrv.features]
    azure = "1.88"

The packages reachable only through that feature's optional dependencies (or through a
workspace member that declares the feature's minimum as its `rust-version`, such as the
feature's example) are checked against the feature's minimum; every package reachable
without them, against `rust-version`.
"""
import json
import sys


def version(text):
    parts = [int(p) for p in text.split(".")[:3]]
    return tuple(parts + [0] * (3 - len(parts)))


def feature_deps(package, feature, seen=None):
    """Names of the optional dependencies that `feature` of `package` turns on."""
    seen = seen if seen is not None else set()
    if feature in seen:
        return set()
    seen.add(feature)
    optional = {d["rename"] or d["name"] for d in package["dependencies"] if d["optional"]}
    names = set()
    for entry in package["features"].get(feature, []):
        if entry.startswith("dep:"):
            names.add(entry[4:])
        elif "/" in entry:
            name = entry.split("/")[0].rstrip("?")
            if name in optional:
                names.add(name)
        elif entry in package["features"]:
            names |= feature_deps(package, entry, seen)
        elif entry in optional:
            names.add(entry)
    return names


meta = json.load(sys.stdin)
packages = {p["id"]: p for p in meta["packages"]}
members = [packages[i] for i in meta["workspace_members"]]
root_manifest = meta["workspace_root"].rstrip("/") + "/Cargo.toml"
root = next((p for p in members if p["manifest_path"] == root_manifest), members[0])
if not root.get("rust_version"):
    sys.exit(f"{root['name']} declares no rust-version")
floor = root["rust_version"]

# Features with a minimum of their own, and the dependency edges that lead into them.
feature_floor = {}
gateways = {}  # (from package id, dependency name) -> feature
for member in members:
    declared = ((member.get("metadata") or {}).get("msrv") or {}).get("features") or {}
    for feature, minimum in declared.items():
        if feature not in member["features"]:
            sys.exit(f"{member['name']}: metadata.msrv.features names no feature {feature!r}")
        feature_floor[feature] = minimum
        for name in feature_deps(member, feature):
            gateways[(member["id"], name.replace("-", "_"))] = feature

# Members: the base minimum, or a feature's (the feature's own example package).
feature_members = {}
for member in members:
    rv = member.get("rust_version")
    if rv == floor:
        continue
    owners = [f for f, minimum in feature_floor.items() if minimum == rv]
    if not owners:
        sys.exit(
            f"{member['name']} declares rust-version {rv or 'none'}; expected {floor} "
            f"(the workspace's) or the minimum of a feature in metadata.msrv.features"
        )
    feature_members[member["id"]] = owners[0]

nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}


def reachable(starts, skip_gateways):
    seen = set()
    stack = list(starts)
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        for dep in nodes[pid]["deps"]:
            if skip_gateways and (pid, dep["name"]) in gateways:
                continue
            stack.append(dep["pkg"])
    return seen


core = reachable([m["id"] for m in members if m["id"] not in feature_members], True)
minimum_of = {pid: floor for pid in core}
for feature, minimum in sorted(feature_floor.items()):
    starts = [pid for (src, name), f in gateways.items() if f == feature
              for dep in nodes[src]["deps"] if dep["name"] == name and (pid := dep["pkg"])]
    starts += [pid for pid, f in feature_members.items() if f == feature]
    for pid in reachable(starts, False) - core:
        minimum_of.setdefault(pid, minimum)

unreached = sorted(packages[pid]["name"] for pid in packages if pid not in minimum_of)
if unreached:
    sys.exit(f"packages in the lockfile but reached from no workspace member: {unreached}")
newer = [
    f"{p['name']} {p['version']} needs Rust {p['rust_version']} (allowed: {minimum_of[pid]})"
    for pid, p in packages.items()
    if p.get("rust_version") and version(p["rust_version"]) > version(minimum_of[pid])
]
if newer:
    sys.exit("rust-version check failed:\n  " + "\n  ".join(sorted(newer)))
undeclared = sorted(p["name"] for p in packages.values() if not p.get("rust_version"))
by_feature = {
    f: sum(1 for pid in minimum_of if pid not in core and minimum_of[pid] == m)
    for f, m in feature_floor.items()
}
print(
    f"rust-version {floor}: {len(core)} packages reachable without "
    + (", ".join(f"`{f}`" for f in sorted(feature_floor)) or "any feature")
    + f" need it or less"
    + "".join(f"; {n} only through `{f}` need {feature_floor[f]} or less" for f, n in sorted(by_feature.items()))
    + f". {len(undeclared)} of {len(packages)} declare none and cannot be checked this way: "
    + ", ".join(undeclared)
)
