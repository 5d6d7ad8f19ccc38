"""Load on ``backers serve``: many concurrent readers, then the same while an ingest writes.

``backers serve`` runs in its own process over a copy of a store; ``--clients`` concurrent
clients (one kept-alive connection each, asyncio) send a mix of API requests for
``--seconds``, then again while ``backers ingest`` writes new articles into the same store
from another process one per batch (that phase lasts until the ingest is done). Reported
per phase: requests/s, p50/p99 latency, 5xx and connection errors. Targets (issue 11):
32 clients, >= 300 requests/s, p99 <= 100 ms, zero 5xx, also during the ingest.

    python benchmarks/serve_load.py --store build/corpus.duckdb --out build/serve_load.json

Without ``--store`` it builds one from the seeds, ``news.jsonl`` and ``html/`` of the
team's shared folder (a few minutes; kept and reused).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
BACKERS = [str(Path(sys.executable).parent / "backers")]
TARGETS = {"clients": 32, "rps": 300.0, "p99_ms": 100.0, "errors": 0}
MIX = [
    "/api/relations?recipient=Russia",
    "/api/relations?limit=20",
    "/api/relations?certainty=denied",
    "/api/claims?supporter=Iran&limit=20",
    "/api/evidence?supporter=Iran&recipient=Russia",
    "/api/actors?q=ru",
    "/api/actors/Russia",
    "/api/graph?min_sources=2",
    "/api/timeline?recipient=Russia&limit=20",
    "/api/relations?actor=Wagner&type=arms",
]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_store(shared: Path, dest: Path) -> Path:
    """The corpus store of issue 11: seeds + news.jsonl + html/ (built once, reused)."""
    if dest.exists():
        return dest
    inputs = [shared / "seeds", shared / "corpus" / "news.jsonl", shared / "corpus" / "html"]
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        raise SystemExit(f"cannot build the corpus store: {', '.join(missing)} absent")
    log(f"building {dest} from {', '.join(str(p) for p in inputs)} (a few minutes) ...")
    tmp = dest.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    done = subprocess.run([*BACKERS, "ingest", *map(str, inputs), "--db", str(tmp), "-q"])
    if not tmp.exists():
        raise SystemExit(f"ingest failed (status {done.returncode})")
    tmp.rename(dest)
    return dest


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> int:
    """One GET on a kept-alive connection; the status. A minimal HTTP/1.1 client: the load
    generator shares the machine with the server, so it must cost little per request."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    await reader.readexactly(length)
    return status


async def client_loop(
    port: int, stop: float, offset: int, out: dict, busy: Callable[[], bool]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        i = offset
        while time.perf_counter() < stop or busy():
            path = MIX[i % len(MIX)]
            i += 1
            t0 = time.perf_counter()
            try:
                status = await _get(reader, writer, path)
            except (OSError, asyncio.IncompleteReadError, ValueError) as error:
                out["errors"].append(f"{path}: {type(error).__name__}")
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            out["ms"].append((time.perf_counter() - t0) * 1000)
            out["paths"].append(path)
            if status >= 500:
                out["errors"].append(f"{path}: {status}")
            elif status != 200:
                out["non_200"].append(f"{path}: {status}")
    finally:
        writer.close()


def slowest(ms: list[float], paths: list[str]) -> dict[str, int]:
    """How many of the slowest 1% of requests each path had: one path means its answers
    are slow to compute; every path alike means the server (or the machine) stalled."""
    if not ms:
        return {}
    cut = percentile(ms, 0.99)
    counts: dict[str, int] = {}
    for t, path in zip(ms, paths, strict=True):
        if t >= cut:
            counts[path] = counts.get(path, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def run_phase(
    port: int, clients: int, seconds: float, busy: Callable[[], bool] = lambda: False
) -> dict:
    """``clients`` connections sending the mix for ``seconds``, and on while ``busy()``."""
    out: dict = {"ms": [], "paths": [], "errors": [], "non_200": []}

    async def main() -> None:
        stop = time.perf_counter() + seconds
        await asyncio.gather(*(client_loop(port, stop, k, out, busy) for k in range(clients)))

    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    asyncio.run(main())
    wall = time.perf_counter() - started
    ms = out["ms"]
    return {
        "clients": clients,
        "seconds": round(wall, 1),
        "requests": len(ms),
        "rps": round(len(ms) / wall, 1),
        "p50_ms": round(percentile(ms, 0.5), 1),
        "p99_ms": round(percentile(ms, 0.99), 1),
        "max_ms": round(max(ms), 1) if ms else None,
        "errors": len(out["errors"]),
        "error_samples": out["errors"][:5],
        "non_200": len(out["non_200"]),
        "non_200_samples": out["non_200"][:5],
        "slowest_paths": slowest(ms, out["paths"]),
        # the machine is shared: the 1-minute load average before and after the phase
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


def bench_serve(
    store: Path,
    work: Path,
    clients: int,
    seconds: float,
    ingest_args: tuple[str, ...] = (),
    workers: int = 1,
) -> dict:
    """Both phases against one server process; the store is copied, never written."""
    import httpx

    db = work / "serve-load.duckdb"
    shutil.copyfile(store, db)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*BACKERS, "serve", "--db", str(db), "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    result: dict = {"store": str(store), "targets": TARGETS, "workers": workers}
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise SystemExit("the server exited at start")
            try:
                if httpx.get(base + "/api/actors", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        run_phase(port, clients, 2)  # warm-up
        log(f"  readers only: {clients} clients, {seconds:.0f} s ...")
        result["readers"] = run_phase(port, clients, seconds)
        log(f"  readers while an ingest writes: {clients} clients ...")
        ingest = subprocess.Popen(
            [*BACKERS, "ingest", str(HERE.parent / "examples"), "--db", str(db), "-q",
             "--batch-size", "1", "--as-of", "2023-01-25", *ingest_args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        result["during_ingest"] = run_phase(
            port, clients, seconds, busy=lambda: ingest.poll() is None
        )
        out, err = ingest.communicate(timeout=600)
        result["during_ingest"]["ingest_status"] = ingest.returncode
        result["during_ingest"]["ingest_output"] = (out + err).strip().splitlines()[-1:]
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)
        db.unlink(missing_ok=True)
    return result


def verdicts(result: dict) -> list[tuple[str, str, str, str]]:
    """Rows of (measure, value, target, met/MISSED) for run.py's table."""
    rows = []
    for phase in ("readers", "during_ingest"):
        r = result.get(phase)
        if not r:
            continue
        rows.append((f"serve {phase} req/s ({r['clients']} clients)", f"{r['rps']:.0f}",
                     ">= 300", "met" if r["rps"] >= TARGETS["rps"] else "MISSED"))  # fmt: skip
        rows.append((f"serve {phase} p99 (ms)", f"{r['p99_ms']:.1f}", "<= 100",
                     "met" if r["p99_ms"] <= TARGETS["p99_ms"] else "MISSED"))  # fmt: skip
        rows.append((f"serve {phase} 5xx + errors", str(r["errors"]), "0",
                     "met" if r["errors"] == 0 else "MISSED"))  # fmt: skip
    return rows


def run(shared: Path, work: Path, clients: int = 32, seconds: float = 20, workers: int = 2) -> dict:
    """The whole benchmark on the corpus store (built once under ``work``): for run.py.
    Two server processes (``backers serve --workers 2``): on the 2-core machine measured,
    one process met the targets with readers alone but not always during an ingest."""
    from publish_cost import publish_cost

    store = build_store(shared, work / "corpus.duckdb")
    result = bench_serve(store, work, clients, seconds, workers=workers)
    result["publish_cost"] = publish_cost(store)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a store to serve (copied, not written)")
    parser.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    parser.add_argument("--out", type=Path, default=Path("build/serve_load.json"))
    parser.add_argument("--clients", type=int, default=TARGETS["clients"])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=1, help="backers serve --workers")
    parser.add_argument(
        "--no-extract", action="store_true", help="the ingest only stores (no spaCy beside)"
    )
    args = parser.parse_args(argv)
    work = args.out.parent
    work.mkdir(parents=True, exist_ok=True)
    store = args.store or build_store(args.shared, work / "corpus.duckdb")
    extra = ("--no-extract",) if args.no_extract else ()
    result = bench_serve(store, work, args.clients, args.seconds, extra, args.workers)
    args.out.write_text(json.dumps(result, indent=2))
    for row in verdicts(result):
        print("  ".join(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
