#!/usr/bin/env python3
"""Summarises benches/build_cost/run.sh: medians per variant, ratios to the by-hand app,
and what msgraph-typed's own units (codegen, build script) cost, from `cargo --timings`."""

import json
import re
import statistics
import sys
from pathlib import Path


def main(work: Path) -> None:
    rows = [line.split("\t") for line in (work / "results.tsv").read_text().splitlines()[1:]]
    by_variant: dict[str, list[tuple[float, float]]] = {}
    for variant, _run, wall, cpu, *_ in rows:
        by_variant.setdefault(variant, []).append((float(wall), float(cpu)))
    med = {
        v: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
        for v, runs in by_variant.items()
    }
    base = med.get("by_hand")
    print()
    print("| variant | runs | wall s (median) | CPU s (median) | wall / by_hand | CPU / by_hand |")
    print("|---|---:|---:|---:|---:|---:|")
    for v, (wall, cpu) in med.items():
        ratio = (
            (f"{wall / base[0]:.2f}", f"{cpu / base[1]:.2f}") if base and min(base) > 0 else ("-", "-")
        )
        print(f"| {v} | {len(by_variant[v])} | {wall:.1f} | {cpu:.1f} | {ratio[0]} | {ratio[1]} |")

    print()
    print("msgraph-typed's own units (seconds, from --timings, first run of each variant):")
    # Only the variants this run built, should the folder hold older reports.
    firsts = [work / "timings" / f"{v}-1" / "cargo-timing.html" for v in by_variant]
    for html in sorted(p for p in firsts if p.is_file()):
        units = unit_data(html.read_text())
        ours = [u for u in units if u.get("name", "").startswith("msgraph-typed")]
        parts = [f"{u['name']} {u.get('target', '').strip() or 'lib'} {u['duration']:.1f}" for u in ours]
        total = max((u["start"] + u["duration"] for u in units), default=0.0)
        print(f"  {html.parent.name}: " + "; ".join(parts) + f" (of {total:.1f} s)")


def unit_data(text: str) -> list[dict]:
    """The UNIT_DATA array that cargo's timing report embeds."""
    match = re.search(r"const UNIT_DATA = (\[.*?\]);\n", text, re.S)
    return json.loads(match.group(1)) if match else []


if __name__ == "__main__":
    main(Path(sys.argv[1]))
