"""Benchmarks of backers: extraction speed, Dask scaling, query latency, worker memory.

All figures come from one run on one machine and are written to ``--out`` (JSON) and
printed as a table, each with its target:

1. extraction throughput over the corpus (documents/s, words/s) and its ratio to bare
   spaCy ``nlp.pipe`` with the same pipeline over the same body texts (target >= 1/1.3);
2. ingest with Dask on N workers against the local engine in one process, same inputs,
   each in a fresh process (target: >= 1.6x with 2 workers);
3. ``who_backs`` and ``/api/relations`` latency, p50 and p99, on a synthetic store of
   ``--claims`` claims built by ``synth_store.py`` and fused (targets 50 ms and 200 ms);
4. peak resident memory of one Dask worker (target <= 1.5 GB);
5. ``backers serve`` under 32 concurrent clients, alone and during an ingest
   (``serve_load.py``; targets >= 300 requests/s, p99 <= 100 ms, no 5xx);
6. the network page on the synthetic store: every response <= 2 MB, interactive in
   Chromium in <= 2 s (``graph_scale.py``).
7. full-text search over the 37,524 AllSides articles, two-word queries
   (``search_bench.py``; target p50 <= 50 ms).

Where a target is missed, ``--profile`` writes pyinstrument profiles of the slow part to
``build/bench-profiles/``.

    python benchmarks/run.py --corpus path/to/news.jsonl --out build/bench.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import graph_scale  # noqa: E402  - the network page at scale (issue 12)
import parallel_probe  # noqa: E402  - how far the machine lets 2 processes scale (issue 14)
import search_bench  # noqa: E402
import serve_load  # noqa: E402

GB = 1024**3

TARGETS = {
    "extract_ratio": 1 / 1.3,
    "dask_speedup": 1.8,
    "p50_ms": 50.0,
    "p99_ms": 200.0,
    "worker_rss_gb": 1.5,
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by linear interpolation, as numpy's default does."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


# -- 1. extraction throughput -------------------------------------------------------------
def bench_extraction(corpus: Path, limit: int | None, profile_dir: Path | None) -> dict:
    from backers.batch.extraction import FilterStats, extract_claims
    from backers.extract import extract_articles
    from backers.ingest import read_inputs
    from backers.nlp import load_pipeline
    from backers.records import Article

    articles = [a for a in read_inputs([str(corpus)]) if isinstance(a, Article)][:limit]
    # The exact texts extract_articles hands to nlp.pipe: every non-blank body section.
    texts = [a.text[s:e] for a in articles for s, e in a.body_spans() if a.text[s:e].strip()]
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    nlp = load_pipeline(None)
    load_seconds = time.perf_counter() - t0
    list(nlp.pipe(texts[:8]))  # warm-up, so neither measurement pays first-call costs

    # CPU time as well as wall time: on a shared machine other processes stretch wall time
    # unevenly between the two runs, CPU time much less so.
    t0, c0 = time.perf_counter(), time.process_time()
    for _doc in nlp.pipe(texts, batch_size=32):
        pass
    bare, bare_cpu = time.perf_counter() - t0, time.process_time() - c0

    t0, c0 = time.perf_counter(), time.process_time()
    found = extract_articles(articles, nlp)
    full, full_cpu = time.perf_counter() - t0, time.process_time() - c0

    # The same articles through the prefilter (what ingest runs by default).
    kept = FilterStats()
    t0, c0 = time.perf_counter(), time.process_time()
    filtered = extract_claims(articles, nlp, prefilter=True, stats=kept)
    pre, pre_cpu = time.perf_counter() - t0, time.process_time() - c0

    result = {
        "documents": len(articles),
        "sections": len(texts),
        "words": words,
        "pipeline": nlp.pipe_names,
        "model_load_seconds": load_seconds,
        "bare_spacy_seconds": bare,
        "extract_seconds": full,
        "bare_spacy_cpu_seconds": bare_cpu,
        "extract_cpu_seconds": full_cpu,
        "claims": sum(len(c) for c in found),
        "docs_per_s": len(articles) / full,
        "words_per_s": words / full,
        "bare_docs_per_s": len(articles) / bare,
        "bare_words_per_s": words / bare,
        "ratio_to_bare_wall": bare / full,
        "ratio_to_bare": bare_cpu / full_cpu,
        "cpu_docs_per_s": len(articles) / full_cpu,
        "cpu_words_per_s": words / full_cpu,
        "bare_cpu_words_per_s": words / bare_cpu,
        "prefilter_seconds": pre,
        "prefilter_cpu_seconds": pre_cpu,
        "prefilter_claims": sum(len(c) for c in filtered),
        "prefilter_kept_fraction": kept.kept_fraction,
        "prefilter_parsed_articles": kept.parsed_articles,
        "prefilter_ratio_to_bare": bare_cpu / pre_cpu,
        "prefilter_docs_per_s": len(articles) / pre,
    }
    if profile_dir is not None and result["ratio_to_bare"] < TARGETS["extract_ratio"]:
        sample = articles[: max(20, len(articles) // 5)]
        result["profile"] = profile(
            profile_dir / "extract.txt", lambda: extract_articles(sample, nlp)
        )
    return result


# -- 1b. the prefilter's recall of gold quotes ---------------------------------------------
def bench_prefilter(shared: Path) -> dict:
    """Per gold set: quotes kept by the prefilter (figures only; the check set's misses are
    never kept) and the kept fraction of the gold documents' words."""
    from backers.nlp import load_pipeline
    from backers.nlp.prefilter_check import measure_all

    golds = sorted((shared / "eval").glob("*.gold.jsonl"))
    corpus = [
        p
        for p in (
            shared / "seeds",
            shared / "corpus" / "news.jsonl",
            shared / "corpus" / "allsides-annotated.jsonl",
        )
        if p.exists()
    ]
    results = measure_all(golds, corpus, load_pipeline(None), measure_only={"check.gold.jsonl"})
    out = {r.gold: r.figures() for r in results}
    located = sum(r.located for r in results)
    out["all"] = {"located": located, "kept": sum(r.kept for r in results)}
    out["all"]["recall"] = out["all"]["kept"] / located if located else 1.0
    out["lowest_recall"] = min((r.recall for r in results if r.located), default=1.0)
    return out


# -- 1c. end-to-end ingest of a sample of a real mixed feed ---------------------------------
def sample_file(source: Path, n: int | None, dest: Path) -> tuple[Path, int]:
    """Every k-th record of ``source`` (gzipped JSONL) so that about ``n`` are taken, spread
    over the whole feed; all of it when ``n`` is None. Written under build/ (never
    committed: the texts are copyrighted)."""
    import gzip

    opener = gzip.open if source.suffix == ".gz" else open
    with opener(source, "rb") as fh:
        total = sum(1 for _ in fh)
    if n is None or n >= total:
        return source, total
    step = total / n
    wanted = {int(i * step) for i in range(n)}
    taken = 0
    with opener(source, "rb") as fh, dest.open("wb") as out:
        for i, line in enumerate(fh):
            if i in wanted:
                out.write(line)
                taken += 1
    return dest, taken


def bench_sample(source: Path, n: int | None, workers: int, bare_docs: int, work: Path) -> dict:
    """Ingest of a sample of ``source`` with ``workers`` local processes, in a fresh process
    (wall time, documents/s, peak memory), and bare spaCy ``nlp.pipe`` with the full
    pipeline over the body texts of ``bare_docs`` of the same articles (spread over the
    sample), in this run. The ratio is taken per CPU-second (all processes of the ingest
    against the one of bare spaCy) and per wall second against bare spaCy on as many cores."""
    from backers.extract import unwrap
    from backers.ingest import read_inputs
    from backers.nlp import load_pipeline
    from backers.records import Article

    path, records = sample_file(source, n, work / f"sample-{n or 'full'}.jsonl")
    log(f"  ingest of {records:,} articles with --workers {workers} ...")
    ingest = run_child([str(path), "--db", str(work / "sample.duckdb"), "--workers", str(workers)])
    cpu = ingest["client_cpu_seconds"] + ingest["children_cpu_seconds"]
    docs = ingest["stored"] + ingest["failed"]
    log(f"    {ingest['seconds']:.0f} s, {docs / ingest['seconds']:.1f} docs/s")

    articles = [a for a in read_inputs([str(path)]) if isinstance(a, Article)]
    step = max(1, len(articles) // max(1, bare_docs))
    subset = articles[::step][:bare_docs]
    texts = [unwrap(a.text[s:e]) for a in subset for s, e in a.body_spans() if a.text[s:e].strip()]
    nlp = load_pipeline(None)
    list(nlp.pipe(texts[:4]))
    log(f"  bare spaCy over {len(subset)} of the same articles ...")
    t0, c0 = time.perf_counter(), time.process_time()
    for _doc in nlp.pipe(texts, batch_size=32):
        pass
    bare, bare_cpu = time.perf_counter() - t0, time.process_time() - c0
    bare_rate_cpu = len(subset) / bare_cpu
    peak = max(ingest["client_peak_rss"], ingest["children_peak_rss"])
    return {
        "articles": records,
        "workers": workers,
        "ingest": ingest,
        "docs_per_s": docs / ingest["seconds"],
        "docs_per_cpu_s": docs / cpu,
        "peak_rss_per_process": peak,
        "bare_docs": len(subset),
        "bare_seconds": bare,
        "bare_cpu_seconds": bare_cpu,
        "bare_docs_per_cpu_s": bare_rate_cpu,
        "ratio_to_bare_cpu": (docs / cpu) / bare_rate_cpu,
        "ratio_to_bare_wall": (docs / ingest["seconds"]) / (len(subset) / bare * workers),
    }


# -- 2. + 4. Dask against one process, worker memory ------------------------------------
def run_child(args: list[str]) -> dict:
    """Run ingest_once.py in a fresh process and return its JSON line."""
    cmd = [sys.executable, str(HERE / "ingest_once.py"), *args]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_engines(corpus: Path, workers: int, work: Path) -> dict:
    log("  local engine, one process ...")
    local = run_child([str(corpus), "--db", str(work / "local.duckdb"), "--engine", "local"])
    log(f"    {local['seconds']:.1f} s")
    log(f"  dask engine, {workers} workers ...")
    dask = run_child(
        [str(corpus), "--db", str(work / "dask.duckdb"), "--engine", "dask"]
        + ["--workers", str(workers)]
    )
    log(f"    {dask['seconds']:.1f} s")
    peaks = list(dask["worker_peak_rss"].values())
    # What the run would take with a core per worker and nothing else running: the busiest
    # worker's CPU time plus the client's serial steps (plan, cluster start, the loading
    # left after the last partition, fusion); the rest of the loading overlaps the workers.
    serial = (
        dask["plan_seconds"]
        + dask["cluster_start_seconds"]
        + dask.get("tail_seconds", dask["load_seconds"])
        + dask["fuse_seconds"]
    )
    busiest = max(dask["worker_cpu_seconds"].values(), default=0.0)
    log("  the machine's own 2-process scaling (spaCy alone, then 2 at once) ...")
    machine = parallel_probe.run(corpus)
    return {
        "machine_scaling": machine,
        "local": local,
        "dask": dask,
        "speedup": local["seconds"] / dask["seconds"],
        "cpu_bound_speedup_estimate": local["client_cpu_seconds"] / (busiest + serial),
        "same_counts": (local["stored"], local["claims"]) == (dask["stored"], dask["claims"]),
        "worker_peak_rss_max": max(peaks) if peaks else None,
    }


def dask_rest(en: dict) -> list[tuple[str, str, str, str]]:
    """Where a Dask run's time goes besides the workers' parsing: the client's serial steps
    and the workers' idle share (the busiest worker's CPU time against the run's wall)."""
    d = en["dask"]
    rows = [
        (f"  client: {name} (s)", f"{d[key]:.1f}", "", "")
        for name, key in (
            ("plan", "plan_seconds"),
            ("cluster start", "cluster_start_seconds"),
            ("load shards, overlapped with the workers", "load_seconds"),
            ("load left after the last partition", "tail_seconds"),
            ("fuse", "fuse_seconds"),
        )
        if key in d
    ]
    ms = en.get("machine_scaling")
    if ms:
        rows.append(
            (
                "  machine: 2 spaCy processes at once / 1 alone (ceiling)",
                f"{ms['scaling']:.2f}x",
                "",
                "",
            )
        )
        rows.append(
            ("  machine: CPU-s of a parse, 2 at once / alone", f"{ms['cpu_inflation']:.2f}", "", "")
        )
    if "loads" in d:
        rows.append(
            (
                "  client: partitions loaded in (transactions)",
                f"{d['loads']} of {d['partitions']}",
                "",
                "",
            )
        )
    cpu = d.get("worker_cpu_seconds", {})
    if cpu and d.get("seconds"):
        busy = sum(cpu.values()) / (len(cpu) * d["seconds"])
        rows.append(("  workers busy (CPU-s / wall-s)", f"{busy:.2f}", "", ""))
        mean = sum(cpu.values()) / len(cpu)
        rows.append(
            (
                "  busiest worker's CPU-s / the mean (imbalance)",
                f"{max(cpu.values()) / mean:.2f}" if mean else "-",
                "",
                "",
            )
        )
    return rows


# -- 3. query latency ---------------------------------------------------------------------
def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def bench_queries(
    db: Path, claims: int, queries: int, reuse: bool, profile_dir: Path | None, budget: float
) -> dict:
    """Latency of who_backs and /api/relations; each kind stops early (after at least two
    rounds of its request mix) once ``budget`` seconds are spent, so a slow query layer
    cannot make the benchmark run for an hour."""
    import duckdb

    sys.path.insert(0, str(HERE))
    from synth_store import build

    result: dict[str, Any] = {}
    if reuse and db.exists():
        log(f"  reusing {db}")
        result["synth"] = {"reused": True}
    else:
        log(f"  building a synthetic store of {claims:,} claims and fusing it ...")
        result["synth"] = build(db, claims=claims)
    con = duckdb.connect(str(db), read_only=True)
    counts = con.execute(
        "SELECT (SELECT count(*) FROM claims), (SELECT count(*) FROM documents)"
    ).fetchone()
    result["claims"], result["documents"] = counts
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if "fuse_relations" not in tables:
        result["skipped"] = "fusion is not installed: no relations to query"
        return result
    result["relations"] = con.execute("SELECT count(*) FROM fuse_relations").fetchone()[0]
    by_weight = [
        r[0]
        for r in con.execute(
            "SELECT recipient FROM fuse_relations GROUP BY recipient ORDER BY count(*) DESC"
        ).fetchall()
    ]
    # Heavy and light actors alike: ranks 1, 2, 3, 5, 10, 20, 50, 100, 200 and the last.
    picks = [by_weight[i] for i in (0, 1, 2, 4, 9, 19, 49, 99, 199) if i < len(by_weight)]
    picks.append(by_weight[-1])

    from backers.query.fused import who_backs

    who = []
    per_actor: dict[str, list[float]] = {}
    deadline = time.perf_counter() + budget
    for i in range(queries):
        if i >= 2 * len(picks) and time.perf_counter() > deadline:
            result["who_backs_note"] = (
                f"stopped after {i} queries: the {budget:.0f} s budget ran out"
            )
            break
        actor = picks[i % len(picks)]
        ms = timed(lambda a=actor: who_backs(con, a), 1)[0]
        who.append(ms)
        per_actor.setdefault(actor, []).append(ms)
    result["who_backs"] = summary(who)
    result["who_backs"]["median_ms_by_actor"] = {
        a: round(statistics.median(v), 1) for a, v in per_actor.items()
    }
    con.close()

    result["api_relations"] = bench_api(db, picks, queries, budget)
    if profile_dir is not None:
        if result["who_backs"]["p99_ms"] > TARGETS["p99_ms"] or (
            result["who_backs"]["p50_ms"] > TARGETS["p50_ms"]
        ):
            con = duckdb.connect(str(db), read_only=True)
            result["who_backs"]["profile"] = profile(
                profile_dir / "who_backs.txt", lambda: who_backs(con, picks[0])
            )
            con.close()
        api = result.get("api_relations", {})
        if api.get("p99_ms", 0) > TARGETS["p99_ms"] or api.get("p50_ms", 0) > TARGETS["p50_ms"]:
            api["profile"] = profile_api(db, profile_dir / "api_relations.txt", picks)
    return result


def api_requests(picks: list[str]) -> list[str]:
    """The request mix: the first page, and filters a page or script would use."""
    heavy, light = picks[0], picks[-1]
    return [
        "/api/relations",
        f"/api/relations?recipient={heavy}",
        f"/api/relations?supporter={heavy}",
        f"/api/relations?actor={picks[3]}",
        "/api/relations?type=arms",
        "/api/relations?min_sources=3",
        "/api/relations?certainty=confirmed",
        f"/api/relations?recipient={light}&type=arms",
        "/api/relations?offset=200&limit=50",
        f"/api/relations?supporter={picks[1]}&recipient={picks[0]}",
    ]


def bench_api(db: Path, picks: list[str], queries: int, budget: float) -> dict:
    try:
        from fastapi.testclient import TestClient

        from backers.serve.app import create_app
    except ImportError as error:
        return {"skipped": f"web layer not available: {error}"}
    urls = api_requests(picks)
    app = create_app(db)
    app.state.snapshots.remember = False  # time the queries, not the server's memory
    client = TestClient(app)
    first = client.get(urls[0])
    if first.status_code != 200:
        return {"skipped": f"/api/relations answered {first.status_code}: {first.text[:200]}"}
    times, by_url = [], {}
    deadline = time.perf_counter() + budget
    for i in range(queries):
        if i >= 2 * len(urls) and time.perf_counter() > deadline:
            break
        url = urls[i % len(urls)]
        t0 = time.perf_counter()
        response = client.get(url)
        ms = (time.perf_counter() - t0) * 1000
        if response.status_code != 200:
            return {"skipped": f"{url} answered {response.status_code}: {response.text[:200]}"}
        times.append(ms)
        by_url.setdefault(url, []).append(ms)
    out = summary(times)
    out["median_ms_by_request"] = {u: round(statistics.median(v), 1) for u, v in by_url.items()}
    return out


def summary(times: list[float]) -> dict:
    return {
        "n": len(times),
        "p50_ms": percentile(times, 0.5),
        "p99_ms": percentile(times, 0.99),
        "max_ms": max(times),
    }


# -- profiles -----------------------------------------------------------------------------
def profile(path: Path, fn: Callable[[], Any]) -> str:
    """Profile one call with pyinstrument; write the text report; return its path."""
    from pyinstrument import Profiler

    path.parent.mkdir(parents=True, exist_ok=True)
    profiler = Profiler(interval=0.001)
    profiler.start()
    fn()
    profiler.stop()
    path.write_text(profiler.output_text(unicode=False, color=False, show_all=False))
    return str(path)


def profile_api(db: Path, path: Path, picks: list[str]) -> str:
    """Profile what the /api/relations route does for the request mix, in this thread
    (the test client runs routes in a worker thread, which pyinstrument does not follow):
    open the store read-only, list one page of relations, close."""
    from urllib.parse import parse_qs, urlsplit

    from backers.query.filters import Filters
    from backers.serve import payloads
    from backers.serve.params import DEFAULT_LIMIT, Page
    from backers.store import Store

    store = Store(db)
    calls = []
    for url in api_requests(picks):
        query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        limit = int(query.pop("limit", DEFAULT_LIMIT))
        offset = int(query.pop("offset", 0))
        if "min_sources" in query:
            query["min_sources"] = int(query["min_sources"])
        if "certainty" in query:
            query["certainty"] = [query["certainty"]]
        calls.append((Filters(**query), Page(limit=limit, offset=offset)))

    def run() -> None:
        for flt, page in calls:
            with store.read() as con:
                payloads.relation_list(con, flt, page)

    return profile(path, run)


# -- report -------------------------------------------------------------------------------
def machine() -> dict:
    import psutil

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / GB, 1),
        "load_average": os.getloadavg(),
    }


def verdict(value: float | None, target: float, higher_is_better: bool) -> str:
    if value is None:
        return "n/a"
    ok = value >= target if higher_is_better else value <= target
    return "met" if ok else "MISSED"


def table(results: dict) -> str:
    rows: list[tuple[str, str, str, str]] = []
    ex = results.get("extraction", {})
    if "docs_per_s" in ex:
        rows.append(("extraction docs/s (wall)", f"{ex['docs_per_s']:.2f}", "", ""))
        rows.append(("extraction words/s (wall)", f"{ex['words_per_s']:,.0f}", "", ""))
        rows.append(("extraction words/s (CPU)", f"{ex['cpu_words_per_s']:,.0f}", "", ""))
        rows.append(("bare spaCy words/s (CPU)", f"{ex['bare_cpu_words_per_s']:,.0f}", "", ""))
        w = ex["ratio_to_bare_wall"]
        rows.append(("extraction / bare spaCy (wall)", f"{w:.2f}", "", ""))
        r = ex["ratio_to_bare"]
        rows.append(
            (
                "extraction / bare spaCy (CPU)",
                f"{r:.2f}",
                ">= 0.77",
                verdict(r, TARGETS["extract_ratio"], True),
            )
        )
    if "prefilter_ratio_to_bare" in ex:
        rows.append(
            ("prefilter kept fraction (words)", f"{ex['prefilter_kept_fraction']:.3f}", "", "")
        )
        rows.append(
            (
                "extraction with prefilter / bare (CPU)",
                f"{ex['prefilter_ratio_to_bare']:.2f}",
                "",
                "",
            )
        )
    pf = results.get("prefilter", {})
    for name, fig in pf.items():
        if isinstance(fig, dict) and "recall" in fig and name != "all":
            rows.append(
                (f"prefilter recall, {name}", f"{fig['recall']:.4f}", ">= 0.99",
                 verdict(fig["recall"], 0.99, True))
            )  # fmt: skip
    sa = results.get("sample", {})
    if "docs_per_s" in sa:
        label = f"ingest of {sa['articles']:,} articles, --workers {sa['workers']}"
        rows.append((f"{label} (s)", f"{sa['ingest']['seconds']:.0f}", "", ""))
        rows.append((f"{label} (docs/s)", f"{sa['docs_per_s']:.1f}", "", ""))
        rows.append(
            ("  peak RSS per process (GB)", f"{sa['peak_rss_per_process'] / GB:.2f}", "", "")
        )
        rows.append(
            ("  / bare spaCy (docs per CPU-s)", f"{sa['ratio_to_bare_cpu']:.2f}x", ">= 3x",
             verdict(sa["ratio_to_bare_cpu"], 3, True))
        )  # fmt: skip
        rows.append(
            ("  / bare spaCy on as many cores (wall)", f"{sa['ratio_to_bare_wall']:.2f}x", ">= 3x",
             verdict(sa["ratio_to_bare_wall"], 3, True))
        )  # fmt: skip
        if sa["articles"] > 30000:
            rows.append(
                ("  full feed within 30 min", f"{sa['ingest']['seconds'] / 60:.1f} min", "<= 30",
                 verdict(sa["ingest"]["seconds"] / 60, 30, False))
            )  # fmt: skip
    en = results.get("engines", {})
    if "speedup" in en:
        rows.append(("local engine, 1 process (s)", f"{en['local']['seconds']:.1f}", "", ""))
        rows.append(
            (
                f"dask engine, {en['dask']['workers']} workers (s)",
                f"{en['dask']['seconds']:.1f}",
                "",
                "",
            )
        )
        s = en["speedup"]
        rows.append(
            (
                "dask speed-up (wall)",
                f"{s:.2f}x",
                ">= 1.8x",
                verdict(s, TARGETS["dask_speedup"], True),
            )
        )
        e = en["cpu_bound_speedup_estimate"]
        rows.append(
            (
                "dask speed-up (CPU-time estimate)",
                f"{e:.2f}x",
                ">= 1.8x",
                verdict(e, TARGETS["dask_speedup"], True),
            )
        )
        rows += dask_rest(en)
        peak = en["worker_peak_rss_max"]
        if peak:
            gb = peak / GB
            rows.append(
                (
                    "worker peak RSS (GB)",
                    f"{gb:.2f}",
                    "<= 1.5",
                    verdict(gb, TARGETS["worker_rss_gb"], False),
                )
            )
    qu = results.get("queries", {})
    for name in ("who_backs", "api_relations"):
        q = qu.get(name, {})
        if "p50_ms" in q:
            rows.append(
                (f"{name} p50 (ms)", f"{q['p50_ms']:.1f}", "<= 50", verdict(q["p50_ms"], 50, False))
            )
            rows.append(
                (
                    f"{name} p99 (ms)",
                    f"{q['p99_ms']:.1f}",
                    "<= 200",
                    verdict(q["p99_ms"], 200, False),
                )
            )
    rows += serve_load.verdicts(results.get("serve_load", {}))
    rows += graph_scale.verdicts(results.get("graph_scale", {}))
    rows += search_bench.table_rows(results.get("search", {}))
    for key, why in results.get("skipped", {}).items():
        rows.append((key, "skipped", "", why))
    widths = [max(len(r[i]) for r in rows + [("measure", "value", "target", "")]) for i in range(4)]
    lines = []
    for r in [("measure", "value", "target", ""), *rows]:
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="JSONL corpus for parts 1, 2 and 4")
    parser.add_argument("--out", type=Path, default=Path("build/bench.json"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200, help="timed queries of each kind")
    parser.add_argument(
        "--query-seconds", type=float, default=90, help="time budget of each query kind"
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument(
        "--parts",
        default="extract,prefilter,sample,engines,queries,serve,graph,search",
        help="comma-separated parts to run",
    )
    parser.add_argument("--reuse-synth", action="store_true", help="reuse build/synth.duckdb")
    parser.add_argument(
        "--shared",
        type=Path,
        default=None,
        help="the team's shared folder (default: beside the corpus's folder)",
    )
    parser.add_argument("--sample", type=int, default=5000, help="articles of the feed sample")
    parser.add_argument("--full", action="store_true", help="ingest the whole feed instead")
    parser.add_argument("--bare-docs", type=int, default=300, help="articles bare spaCy reads")
    parser.add_argument("--no-profile", action="store_true", help="no pyinstrument profiles")
    args = parser.parse_args(argv)

    work = args.out.parent
    work.mkdir(parents=True, exist_ok=True)
    profile_dir = None if args.no_profile else work / "bench-profiles"
    parts = set(args.parts.split(","))
    results: dict[str, Any] = {"machine": machine(), "targets": TARGETS, "skipped": {}}
    corpus = args.corpus
    if corpus is not None and args.limit:
        corpus = limited_copy(corpus, args.limit, work / "bench-corpus.jsonl")
    started = time.perf_counter()

    if {"extract", "engines"} & parts and (corpus is None or not corpus.exists()):
        why = f"corpus {corpus} not found (it lives in the team's shared folder)"
        log(f"skipping extraction and engine benchmarks: {why}")
        for key in ("extraction", "engines"):
            results["skipped"][key] = why
        parts -= {"extract", "engines"}
    if "extract" in parts:
        log("1. extraction throughput ...")
        results["extraction"] = bench_extraction(corpus, None, profile_dir)
        results["extraction"]["load_average_after"] = os.getloadavg()
    shared = args.shared or (args.corpus.resolve().parent.parent if args.corpus else None)
    if "prefilter" in parts:
        if shared is None or not (shared / "eval").exists():
            results["skipped"]["prefilter"] = "no shared/eval folder"
        else:
            log("1b. prefilter recall of gold quotes ...")
            results["prefilter"] = bench_prefilter(shared)
    if "sample" in parts:
        feed = shared / "corpus" / "allsides.jsonl.gz" if shared else None
        if feed is None or not feed.exists():
            results["skipped"]["sample"] = f"feed {feed} not found"
        else:
            n = None if args.full else args.sample
            log(f"1c. end-to-end ingest of {'the whole feed' if n is None else n} ...")
            results["sample"] = bench_sample(feed, n, args.workers, args.bare_docs, work)
            results["sample"]["load_average_after"] = os.getloadavg()
    if "engines" in parts:
        log("2. local engine against dask ...")
        results["engines"] = bench_engines(corpus, args.workers, work)
        results["engines"]["load_average_after"] = os.getloadavg()
    if "queries" in parts:
        log("3. query latency ...")
        results["queries"] = bench_queries(
            work / "synth.duckdb",
            args.claims,
            args.queries,
            args.reuse_synth,
            profile_dir,
            args.query_seconds,
        )
    if "serve" in parts:
        log("5. serve under load ...")
        shared = args.corpus.parent.parent if args.corpus else HERE.parent.parent / "shared"
        results["serve_load"] = serve_load.run(shared, work)
    if "graph" in parts:
        log("6. the network page at scale ...")
        results["graph_scale"] = graph_scale.run(work / "synth.duckdb", args.claims)
    if "search" in parts:  # 7. full-text search over the feed (search_bench.py)
        feed = shared / "corpus" / "allsides.jsonl.gz" if shared else None
        if feed is None or not feed.exists():
            results["skipped"]["search"] = f"feed {feed} not found"
        else:
            log("7. search over the feed ...")
            results["search"] = search_bench.run(feed, work)
    results["seconds"] = time.perf_counter() - started
    results["load_average_at_end"] = os.getloadavg()
    args.out.write_text(json.dumps(results, indent=2, default=str))
    print(table(results))
    print(f"\nfull figures: {args.out}  ({results['seconds']:.0f} s)")
    return 0


def limited_copy(corpus: Path, limit: int, dest: Path) -> Path:
    """The first ``limit`` lines of the corpus, for a quick run."""
    if not corpus.exists():
        return corpus
    with corpus.open("rb") as src, dest.open("wb") as out:
        for n, line in enumerate(src):
            if n >= limit:
                break
            out.write(line)
    return dest


if __name__ == "__main__":
    sys.exit(main())
