"""The benchmark's results as Markdown tables and a chart of server time against scale.

Reads every `<engine>-<scale>.json` in benchmarks/results/ and writes README.md and
time-vs-scale.svg there. The SVG is written by hand: no plotting library, no display.
"""

from __future__ import annotations

import json
import math
from html import escape
from pathlib import Path

from benchmarks.results_format import mark, ms, number, scale_label

COLOURS = ["#1b5e20", "#0d47a1", "#b71c1c", "#e65100", "#4a148c", "#006064", "#3e2723", "#827717", "#880e4f", "#263238"]


def load_all(directory: Path) -> list[dict]:
    results = []
    for path in sorted(directory.glob("*-*.json")):
        try:
            results.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return sorted(results, key=lambda r: (r["engine"], r["scale"]))


def _rps(page: dict, clients: int):
    return next((t.get("rps") for t in page.get("throughput", []) if t.get("clients") == clients), None)


def page_table(result: dict) -> list[str]:
    lines = [
        "| page | median ms | p95 ms | CPU ms | DB ms | queries | req/s ×1 | req/s ×8 | raw DB ms | × raw DB "
        "| statuses |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for page in result["pages"]:
        lines.append(
            f"| {page['label']} | {mark(page['server_median_ms'], page.get('target_median_ms'))} "
            f"| {mark(page['server_p95_ms'], page.get('target_p95_ms'))} | {ms(page.get('cpu_median_ms'))} "
            f"| {ms(page.get('db_median_ms'))} | {number(page['queries'])} "
            f"| {number(_rps(page, 1))} | {number(_rps(page, 8))} | {ms(page.get('raw_db_ms'))} "
            f"| {page.get('ratio_to_raw_db', '–')} | {', '.join(f'{k}: {v}' for k, v in page['statuses'].items())} |"
        )
    return lines


def policy_table(result: dict) -> list[str]:
    if not result.get("policy_cost"):
        return []
    lines = [
        "| page | bare ms | policy only ms | policy + log ms | policy + log adds | adds (CPU + DB) "
        "| log ms/request | queries (bare → full) |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in result["policy_cost"]:
        lines.append(
            f"| {row['name']} | {ms(row['bare']['server_median_ms'])} | {ms(row['policy_only']['server_median_ms'])} "
            f"| {ms(row['policy_and_log']['server_median_ms'])} | {row['policy_and_log_overhead']:+.0%} "
            f"{'✓' if row['policy_and_log_overhead'] < 0.25 else '✗'} "
            f"| {row.get('policy_and_log_overhead_cpu_db', 0):+.0%} | {ms(row['log_ms_per_request'])} "
            f"| {number(row['bare']['queries'])} → {number(row['policy_and_log']['queries'])} |"
        )
    return lines


def search_lines(result: dict) -> list[str]:
    targets = {"number": 5, "name": 50}
    return [
        f"- by {kind}: median {ms(t['median_ms'])} ms, p95 {ms(t['p95_ms'])} ms (target < {targets[kind]} ms "
        f"{'✓' if t['median_ms'] < targets[kind] else '✗'}); {t['found']} found"
        for kind, t in result["search"].items()
    ]


def rate_table(result: dict) -> list[str]:
    if not result.get("audit_write_rate"):
        return []
    lines = ["| writers | rows per append | appends/s | rows/s |", "|---:|---:|---:|---:|"]
    for run in result["audit_write_rate"]:
        lines.append(
            f"| {run['processes']} | {run['rows_per_append']} | {number(run['appends_per_s'])} "
            f"| {number(run['rows_per_s'])} |"
        )
    return lines


def import_table(result: dict) -> list[str]:
    measured = result.get("attendance_import")
    if not measured:
        return []
    lines = [f"{measured['rows']:,} lesson rows (issue 24: a million in under two minutes).", ""]
    lines += ["| import | seconds | rows/s |", "|---|---:|---:|"]
    for run in measured["imports"]:
        lines.append(f"| {run['label']} | {run['seconds']:.1f} | {number(run['rows_per_s'])} |")
    return lines


def baseline_table(result: dict) -> list[str]:
    """This checkout against the baseline checkout, interleaved (benchmarks/baseline.py)."""
    compared = result.get("baseline")
    if not compared:
        return []
    lines = [
        f"Baseline: commit {(compared.get('commit') or '?')[:10]}; ratio = now / baseline (below 1: faster now).",
        "",
        "| page | baseline ms | now ms | × server | baseline CPU+DB ms | now CPU+DB ms | × CPU+DB "
        "| queries (baseline → now) |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in compared["pages"]:
        before, now = row["baseline"], row["current"]
        lines.append(
            f"| {row['name']} | {ms(before['server_median_ms'])} | {ms(now['server_median_ms'])} "
            f"| {row['server_ratio'] or '–'} | {ms(_sum(before))} | {ms(_sum(now))} | {row['cpu_db_ratio'] or '–'} "
            f"| {number(before['queries'])} → {number(now['queries'])} |"
        )
    return lines


def _sum(measured: dict):
    if measured.get("cpu_median_ms") is None or measured.get("db_median_ms") is None:
        return None
    return measured["cpu_median_ms"] + measured["db_median_ms"]


def growth_table(results: list[dict], engine: str) -> list[str]:
    """Median server time of each page at each scale: flat for one-child and one-user pages."""
    runs = [r for r in results if r["engine"] == engine]
    if len(runs) < 2:
        return []
    names = list(dict.fromkeys(p["name"] for r in runs for p in r["pages"]))
    labels = {p["name"]: p["label"] for r in runs for p in r["pages"]}
    header = "| page | " + " | ".join(scale_label(r["scale"]) for r in runs) + " |"
    lines = [header, "|---|" + "---:|" * len(runs)]
    for name in names:
        cells = []
        for run in runs:
            page = next((p for p in run["pages"] if p["name"] == name), None)
            cells.append(
                f"{ms(page['server_median_ms'])} / {ms(page.get('cpu_median_ms'))} ({number(page['queries'])} q)"
                if page
                else "–"
            )
        lines.append(f"| {labels[name]} | " + " | ".join(cells) + " |")
    return lines


def markdown(results: list[dict]) -> str:
    out = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`benchmarks/run.py`); one JSON file per engine and scale beside this file.",
        "Server time is what Lots itself reports in its `Server-Timing` header (gunicorn on loopback,",
        "sequential requests after a warm-up); req/s from wrk at 1 and 8 connections; \u201craw DB\u201d is the",
        "time of the same request's SQL replayed directly with the driver. ✓/✗ against issue 10's targets.",
        "The machine has 2 cores shared with other work: see `load` in each JSON file.",
        "",
    ]
    for engine in sorted({r["engine"] for r in results}):
        growth = growth_table(results, engine)
        if growth:
            out += [
                f"## Growth with scale ({engine}): median server ms / CPU ms (queries)",
                "",
                *growth,
                "",
                "![Median server time against scale](time-vs-scale.svg)",
                "![Median CPU time against scale](cpu-vs-scale.svg)",
                "",
            ]
    for result in results:
        data = result.get("data", {})
        rows = data.get("rows", {})
        out += [
            f"## {result['engine']}, {result['scale']:,} children ({result['when']})",
            "",
            "Data: "
            + ", ".join(f"{k.split('.')[1]} {number(v)}" for k, v in rows.items())
            + "."
            + (f" Built in {data['build_seconds']} s." if data.get("build_seconds") else ""),
            f"gunicorn workers: {result.get('gunicorn_workers')}; load average at start: "
            f"{', '.join(f'{x:.1f}' for x in result['machine']['load'])}.",
            "",
            *page_table(result),
            "",
        ]
        if result.get("baseline"):
            out += ["### Against the baseline checkout, interleaved", "", *baseline_table(result), ""]
        if result.get("search"):
            out += ["### The search itself (in process, through the policy and the log)", "", *search_lines(result), ""]
        if result.get("policy_cost"):
            out += ["### What the policy and the access log cost (issue 3)", "", *policy_table(result), ""]
        if result.get("audit_write_rate"):
            out += ["### Access-log write rate", "", *rate_table(result), ""]
        if result.get("attendance_import"):
            out += ["### The attendance import", "", *import_table(result), ""]
    return "\n".join(out)


def svg(results: list[dict], engine: str, key: str = "server_median_ms", what: str = "server time") -> str:
    """Median `key` (log scale) against the number of children (log scale), one line per page."""
    runs = [r for r in results if r["engine"] == engine]
    width, height, left, right, top, bottom = 760, 420, 60, 230, 30, 50
    plot_w, plot_h = width - left - right, height - top - bottom
    scales = sorted({r["scale"] for r in runs}) or [10_000]
    series: dict[str, list[tuple[int, float]]] = {}
    for run in runs:
        for page in run["pages"]:
            if page.get(key):
                series.setdefault(page["label"], []).append((run["scale"], page[key]))
    values = [v for points in series.values() for _, v in points] or [1.0]
    lo_s, hi_s = math.log10(min(scales)), math.log10(max(scales)) + 1e-9
    lo_v, hi_v = math.floor(math.log10(max(min(values), 0.1))), math.ceil(math.log10(max(values)) + 1e-9)
    if hi_s - lo_s < 1e-6:
        lo_s, hi_s = lo_s - 0.5, hi_s + 0.5

    def x(scale):
        return left + (math.log10(scale) - lo_s) / (hi_s - lo_s) * plot_w

    def y(value):
        return top + plot_h - (math.log10(value) - lo_v) / max(hi_v - lo_v, 1) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="sans-serif" font-size="12">',
        f"<title>Median {what} against scale ({engine})</title>",
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{left}" y="18" font-size="14">Median {what} (ms) against children ({engine})</text>',
    ]
    for exponent in range(lo_v, hi_v + 1):
        value = 10**exponent
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{value:g}</text>')
    for scale in scales:
        parts.append(f'<line x1="{x(scale):.1f}" x2="{x(scale):.1f}" y1="{top}" y2="{top + plot_h}" stroke="#eee"/>')
        parts.append(
            f'<text x="{x(scale):.1f}" y="{top + plot_h + 18}" text-anchor="middle">{scale_label(scale)}</text>'
        )
    parts.append(f'<text x="{left + plot_w / 2}" y="{height - 10}" text-anchor="middle">children (log scale)</text>')
    for target, label in ((30, "30 ms target"), (80, "80 ms p95 target")):
        if lo_v <= math.log10(target) <= hi_v:
            parts.append(
                f'<line x1="{left}" x2="{left + plot_w}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
                'stroke="#999" stroke-dasharray="4 3"/>'
                f'<text x="{left + plot_w - 4}" y="{y(target) - 4:.1f}" text-anchor="end" fill="#777">{label}</text>'
            )
    for n, (label, points) in enumerate(sorted(series.items())):
        colour = COLOURS[n % len(COLOURS)]
        points = sorted(points)
        path = " ".join(f"{'M' if i == 0 else 'L'}{x(s):.1f},{y(v):.1f}" for i, (s, v) in enumerate(points))
        parts.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts += [f'<circle cx="{x(s):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}"/>' for s, v in points]
        ly = top + 14 + n * 18
        parts.append(f'<rect x="{width - right + 15}" y="{ly - 9}" width="12" height="4" fill="{colour}"/>')
        parts.append(f'<text x="{width - right + 32}" y="{ly}">{escape(label)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def write_all(directory: Path) -> None:
    results = load_all(directory)
    if not results:
        return
    (directory / "README.md").write_text(markdown(results) + "\n", encoding="utf-8")
    engine = "postgresql" if any(r["engine"] == "postgresql" for r in results) else "sqlite"
    (directory / "time-vs-scale.svg").write_text(svg(results, engine), encoding="utf-8")
    (directory / "cpu-vs-scale.svg").write_text(svg(results, engine, "cpu_median_ms", "CPU time"), encoding="utf-8")
