"""Turn the harness' results into the comparisons the issue asks for, and markdown."""

from __future__ import annotations

import statistics

FRESH = "fresh `wagtail start` welcome page"
MINIMAL = "minimal Wagtail page (baseline)"
CONSTANT = "constant (baseline)"
# The targets: a page's req/s as a share of the fresh Wagtail page's.
SHARE_TARGETS = {
    "lesson": 0.6,
    "dashboard": 0.5,
    "catalogue": 0.8,
    "home (anonymous)": 0.8,
}


def median_row(runs: list[dict]) -> dict:
    """One row from the rounds of one page: medians of req/s and latencies, errors and
    the generator's CPU summed."""

    def med(key):
        values = [run[key] for run in runs if run.get(key) is not None]
        return round(statistics.median(values), 1) if values else None

    cpu = sum(run.get("generator_cpu_s") or 0 for run in runs)
    wall = sum(run.get("wall_s") or 0 for run in runs)
    return {
        "rps": med("rps"),
        "p50_ms": med("p50_ms"),
        "p95_ms": med("p95_ms"),
        "errors": sum(run.get("errors") or 0 for run in runs),
        "requests": sum(run.get("requests") or 0 for run in runs),
        "generator_cpu_s": round(cpu, 2),
        "generator_cores": round(cpu / wall, 3) if wall else None,
    }


def share(results: dict, page: str, users: int, base: str = FRESH) -> float | None:
    """``page``'s median req/s over ``base``'s, at ``users`` connections."""
    index = _serving_index(results)
    value = index.get((page, users), {}).get("rps")
    reference = index.get((base, users), {}).get("rps")
    return round(value / reference, 2) if value is not None and reference else None


def queries_table_data(by_size: dict[str, dict]) -> dict:
    """{page: {size: queries, ..., "equal": bool}} from {size: {page: {queries}}}."""
    pages: dict[str, dict] = {}
    for size, rows in by_size.items():
        for page, row in rows.items():
            entry = pages.setdefault(page, {})
            entry[size] = row["queries"]
            entry[f"status_{size}"] = row["status"]
    for entry in pages.values():
        counts = [v for k, v in entry.items() if not k.startswith("status_")]
        entry["equal"] = len(set(counts)) == 1 if len(counts) > 1 else None
    return pages


def _serving_index(results) -> dict[tuple[str, int], dict]:
    return {(row["page"], row["users"]): row for row in results.get("serving", [])}


def targets(results: dict) -> dict:
    """The issue's targets, met or not (for the report; nothing fails on them)."""
    users_levels = sorted({users for _page, users in _serving_index(results)})
    shares = {
        page: {users: share(results, page, users) for users in users_levels}
        for page in SHARE_TARGETS
    }
    queries = results.get("queries", {})
    equal = [e["equal"] for e in queries.values() if e.get("equal") is not None]
    storm = results.get("storm", {})
    rec = storm.get("reconciliation", {})
    certs = results.get("certificates", {})
    imports = results.get("imports", {})
    return {
        "import_20mb_within_30s": (
            imports["seconds"] <= 30 if imports.get("file_mb", 0) >= 20 else None
        ),
        "import_peak_within_150mb": (
            imports["peak_rss_mb"] <= 150 if imports.get("file_mb", 0) >= 20 else None
        ),
        "vs_fresh_wagtail": shares,
        **{
            f"{page}_at_least_{target}": (
                all(v is not None and v >= target for v in shares[page].values())
                if shares[page]
                else None
            )
            for page, target in SHARE_TARGETS.items()
        },
        "queries_equal_S_L": all(equal) if equal else None,
        "storm_0_lost_0_duplicated": (
            (
                rec.get("lost_attempts", 1)
                + rec.get("lost_answers", 1)
                + rec.get("duplicated_attempts", 1)
                + rec.get("duplicated_answers", 1)
            )
            == 0
            if rec
            else None
        ),
        "storm_p95_under_1s": (
            storm.get("submit_p95_ms") is not None
            and max(storm.get("start_p95_ms") or 0, storm["submit_p95_ms"]) < 1000
            if storm
            else None
        ),
        "certificates_at_least_100_per_s": (
            (certs.get("certificates_per_second") or 0) >= 100 if certs else None
        ),
        "certificates_at_least_0_8_of_weasyprint": (
            (certs.get("ratio") or 0) >= 0.8 if certs.get("ratio") is not None else None
        ),
    }


def _fmt(value, suffix=""):
    if value is None:
        return "–"
    return f"{value}{suffix}"


def _yes(value):
    return {True: "yes", False: "**no**", None: "–"}[value]


def markdown(results: dict) -> str:
    m = results.get("machine", {})
    lines = [
        f"## Benchmark results ({results.get('mode')} run, {results.get('started_at')})",
        "",
        f"Machine: {m.get('cpu')}, {m.get('cores')} cores, {m.get('ram_gb')} GB RAM; "
        f"load average at start {m.get('load_average_at_start')}; Python {m.get('python')}, "
        f"Django {m.get('django')}, Wagtail {m.get('wagtail')}, {m.get('database')}. "
        "Servers: gunicorn, 2 sync workers, production settings, for the project and for "
        "a fresh `wagtail start` site made in the same run from the same virtualenv "
        "(its own production settings and PostgreSQL database); load generator: Debian's "
        "wrk, on loopback on the same machine.",
        "",
    ]
    data = results.get("data", {})
    if data:
        lines.append(
            "Data: "
            + "; ".join(f"{size}: {d.get('summary') or 'reused'}" for size, d in data.items())
        )
        lines.append("")
    index = _serving_index(results)
    users_levels = sorted({u for _p, u in index})
    pages = list(dict.fromkeys(p for p, _u in index))
    if index:
        config = results.get("config", {})
        lines.append(
            f"### a) Pages under gunicorn (size {config.get('serve_size')}), "
            f"wrk -t2, {config.get('rounds')} interleaved round(s) of "
            f"{config.get('seconds')} s, medians"
        )
        lines.append("")
        header = "| page |"
        rule = "|---|"
        for users in users_levels:
            header += (
                f" {users} conns: req/s | vs fresh Wagtail | vs minimal page | "
                "p50 ms | p95 ms | errors | wrk CPU (cores) |"
            )
            rule += "---:|---:|---:|---:|---:|---:|---:|"
        lines += [header, rule]
        for page in pages:
            row = f"| {page} |"
            for users in users_levels:
                r = index.get((page, users), {})
                fresh_share = share(results, page, users)
                minimal_share = share(results, page, users, MINIMAL)
                row += (
                    f" {_fmt(r.get('rps'))} | {_fmt(fresh_share)} | {_fmt(minimal_share)} | "
                    f"{_fmt(r.get('p50_ms'))} | {_fmt(r.get('p95_ms'))} | "
                    f"{_fmt(r.get('errors'))} | {_fmt(r.get('generator_cores'))} |"
                )
            lines.append(row)
        cpu = sum(r.get("generator_cpu_s") or 0 for r in index.values())
        lines += [
            "",
            f"Load generator (wrk) CPU over the whole serving step: {round(cpu, 1)} s; "
            "the last column is the share of one core it kept busy while measuring "
            "that row (the server had the rest of the machine's cores).",
            "",
        ]
    queries = results.get("queries", {})
    if queries:
        sizes = [s for s in ("S", "M", "L") if any(s in e for e in queries.values())]
        lines += [
            "### b) Queries per page",
            "",
            "| page | " + " | ".join(sizes) + " | equal |",
            "|---|" + "---:|" * len(sizes) + "---|",
        ]
        for page, entry in queries.items():
            lines.append(
                f"| {page} | "
                + " | ".join(str(entry.get(s, "–")) for s in sizes)
                + f" | {_yes(entry.get('equal'))} |"
            )
        lines.append("")
    storm = results.get("storm")
    if storm:
        rec = storm.get("reconciliation", {})
        lines += [
            "### c) Quiz storm",
            "",
            f"{storm['trainees']} trainees start and submit a "
            f"{storm.get('questions_per_attempt')}-question quiz at the same moment.",
            "",
            "| errors | start p50/p95 ms | submit p50/p95 ms | whole flow p95 ms | "
            "acknowledged attempts / answers | in DB | lost | duplicated |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| {storm['errors']} | {_fmt(storm['start_p50_ms'])} / "
            f"{_fmt(storm['start_p95_ms'])} | {_fmt(storm['submit_p50_ms'])} / "
            f"{_fmt(storm['submit_p95_ms'])} | {_fmt(storm['flow_p95_ms'])} | "
            f"{rec.get('acknowledged_attempts')} / {rec.get('acknowledged_answers')} | "
            f"{rec.get('db_attempts')} / {rec.get('db_answers')} | "
            f"{rec.get('lost_attempts')} / {rec.get('lost_answers')} | "
            f"{rec.get('duplicated_attempts')} / {rec.get('duplicated_answers')} |",
            "",
        ]
    certs = results.get("certificates")
    if certs:
        lines += [
            "### d) Certificates",
            "",
            "| issued | certificates/s | WeasyPrint alone/s (same HTML) | ratio | "
            "peak RSS MB | via |",
            "|---:|---:|---:|---:|---:|---|",
            f"| {_fmt(certs.get('count'))} | {_fmt(certs.get('certificates_per_second'))} | "
            f"{_fmt(certs.get('weasyprint_alone_per_second'))} | {_fmt(certs.get('ratio'))} | "
            f"{_fmt(certs.get('peak_rss_mb'))} | {certs.get('source')} |",
            "",
        ]
    imports = results.get("imports")
    if imports:
        lines += [
            "### f) Question import (GIFT)",
            "",
            "| file MB | questions | seconds (CPU) | peak RSS MB (before) | "
            "broken last: refused in s / nothing saved | re-import s / new |",
            "|---:|---:|---:|---:|---:|---:|",
            f"| {_fmt(imports.get('file_mb'))} | {_fmt(imports.get('imported'))} | "
            f"{_fmt(imports.get('seconds'))} ({_fmt(imports.get('cpu_seconds'))}) | "
            f"{_fmt(imports.get('peak_rss_mb'))} ({_fmt(imports.get('rss_before_mb'))}) | "
            f"{_fmt(imports.get('broken_last_seconds'))} / "
            f"{_yes(not imports.get('saved_after_refusal', True))} | "
            f"{_fmt(imports.get('reimport_seconds'))} / {_fmt(imports.get('reimport_new'))} |",
            "",
        ]
    mem = results.get("memory")
    if mem:
        lines += [
            "### e) Worker memory",
            "",
            f"RSS of the gunicorn workers after warm-up: {mem.get('workers_rss_mb_before')} MB; "
            f"after {mem.get('requests')} mixed requests ({mem.get('errors')} errors): "
            f"{mem.get('workers_rss_mb_after')} MB; after all the page runs: "
            f"{mem.get('after_all_serving_mb')} MB.",
            "",
        ]
    t = results.get("targets", {})
    if t:
        lines += [
            "### Targets",
            "",
            "| target | met |",
            "|---|---|",
            f"| lesson ≥ 0.6 × the fresh Wagtail page's req/s "
            f"({t.get('vs_fresh_wagtail', {}).get('lesson')}) | "
            f"{_yes(t.get('lesson_at_least_0.6'))} |",
            f"| dashboard ≥ 0.5 × the fresh Wagtail page's req/s "
            f"({t.get('vs_fresh_wagtail', {}).get('dashboard')}) | "
            f"{_yes(t.get('dashboard_at_least_0.5'))} |",
            f"| catalogue ≥ 0.8 × the fresh Wagtail page's req/s "
            f"({t.get('vs_fresh_wagtail', {}).get('catalogue')}) | "
            f"{_yes(t.get('catalogue_at_least_0.8'))} |",
            f"| home (anonymous) ≥ 0.8 × the fresh Wagtail page's req/s "
            f"({t.get('vs_fresh_wagtail', {}).get('home (anonymous)')}) | "
            f"{_yes(t.get('home (anonymous)_at_least_0.8'))} |",
            f"| equal queries at S and L | {_yes(t.get('queries_equal_S_L'))} |",
            f"| storm: 0 lost, 0 duplicated | {_yes(t.get('storm_0_lost_0_duplicated'))} |",
            f"| storm p95 < 1 s | {_yes(t.get('storm_p95_under_1s'))} |",
            f"| ≥ 100 certificates/s | {_yes(t.get('certificates_at_least_100_per_s'))} |",
            f"| pipeline ≥ 0.8 × WeasyPrint alone | "
            f"{_yes(t.get('certificates_at_least_0_8_of_weasyprint'))} |",
            f"| 20 MB GIFT import ≤ 30 s | {_yes(t.get('import_20mb_within_30s'))} |",
            f"| 20 MB GIFT import ≤ 150 MB peak | {_yes(t.get('import_peak_within_150mb'))} |",
            "",
        ]
    lines.append(f"Run time: {results.get('total_s')} s; steps: {results.get('timings_s')}")
    lines.append("")
    return "\n".join(lines)
