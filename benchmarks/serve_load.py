"""Load on ``backers serve``: many concurrent readers, then the same while an ingest writes.

``backers serve`` runs in its own process over a copy of a store; ``--clients`` concurrent
clients (one connection each, asyncio) send a mix of API requests for ``--seconds``, then
again while ``backers ingest`` writes new articles into the same store from another
process in small batches. Reported per phase: requests/s, p50/p99 latency, 5xx and
connection errors. Targets (issue 11): 32 clients, >= 300 requests/s, p99 <= 100 ms, zero
5xx, also during the ingest.

    python benchmarks/serve_load.py --store build/corpus.duckdb --out build/serve_load.json

Without ``--store`` it builds one from the seeds, ``news.jsonl`` and ``html/`` of the
team's shared folder (a few minutes; kept and reused).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import socket
import subprocess
import sys
import time
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


async def client_loop(base: str, stop: float, offset: int, out: dict) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        i = offset
        while time.perf_counter() < stop:
            path = MIX[i % len(MIX)]
            i += 1
            t0 = time.perf_counter()
            try:
                response = await client.get(path)
            except httpx.HTTPError as error:
                out["errors"].append(f"{path}: {type(error).__name__}")
                continue
            out["ms"].append((time.perf_counter() - t0) * 1000)
            if response.status_code >= 500:
                out["errors"].append(f"{path}: {response.status_code}")
            elif response.status_code != 200:
                out["non_200"].append(f"{path}: {response.status_code}")


def run_phase(base: str, clients: int, seconds: float) -> dict:
    out: dict = {"ms": [], "errors": [], "non_200": []}

    async def main() -> None:
        stop = time.perf_counter() + seconds
        await asyncio.gather(*(client_loop(base, stop, k, out) for k in range(clients)))

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
    }


def bench_serve(store: Path, work: Path, clients: int, seconds: float) -> dict:
    """Both phases against one server process; the store is copied, never written."""
    import httpx

    db = work / "serve-load.duckdb"
    shutil.copyfile(store, db)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*BACKERS, "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    result: dict = {"store": str(store), "targets": TARGETS}
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
        run_phase(base, clients, 2)  # warm-up
        log(f"  readers only: {clients} clients, {seconds:.0f} s ...")
        result["readers"] = run_phase(base, clients, seconds)
        log(f"  readers while an ingest writes: {clients} clients ...")
        ingest = subprocess.Popen(
            [*BACKERS, "ingest", str(HERE.parent / "examples"), "--db", str(db), "-q",
             "--batch-size", "1", "--as-of", "2023-01-25"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        result["during_ingest"] = run_phase(base, clients, seconds)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a store to serve (copied, not written)")
    parser.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    parser.add_argument("--out", type=Path, default=Path("build/serve_load.json"))
    parser.add_argument("--clients", type=int, default=TARGETS["clients"])
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args(argv)
    work = args.out.parent
    work.mkdir(parents=True, exist_ok=True)
    store = args.store or build_store(args.shared, work / "corpus.duckdb")
    result = bench_serve(store, work, args.clients, args.seconds)
    args.out.write_text(json.dumps(result, indent=2))
    for row in verdicts(result):
        print("  ".join(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
