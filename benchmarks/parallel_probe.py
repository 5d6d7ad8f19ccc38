"""How far this machine lets two processes scale, right now: the ceiling of any 2-worker
speed-up, measured beside the Dask run (used by run.py, part 2).

The same spaCy parse of the same texts runs in one process alone, then in two processes at
once (each with its own copy of the work, the model loaded before the clock starts). On two
idle cores the pair takes as long as one alone (scaling 2.0); cores shared with other
people's work, or two vCPUs that are siblings of one physical core, give less. A Dask
speed-up under 1.8x with a ceiling under 1.8x says where the rest went: to the machine.

    python benchmarks/parallel_probe.py CORPUS.jsonl [--articles 60]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from pathlib import Path


def body_texts(corpus: Path, articles: int) -> list[str]:
    """The body sections of the first ``articles`` articles, as extraction reads them."""
    from backers.extract import unwrap
    from backers.ingest import read_inputs
    from backers.records import Article

    found = []
    for item in read_inputs([str(corpus)]):
        if isinstance(item, Article):
            found.append(item)
            if len(found) >= articles:
                break
    return [unwrap(a.text[s:e]) for a in found for s, e in a.body_spans() if a.text[s:e].strip()]


def _parse(texts: list[str], barrier, results) -> None:
    from backers.nlp import load_pipeline

    nlp = load_pipeline(None)
    list(nlp.pipe(texts[:2]))
    barrier.wait()
    t0, c0 = time.perf_counter(), time.process_time()
    for _doc in nlp.pipe(texts, batch_size=32):
        pass
    results.put((time.perf_counter() - t0, time.process_time() - c0))


def _timed(texts: list[str], processes: int) -> list[tuple[float, float]]:
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(processes), ctx.Queue()
    procs = [ctx.Process(target=_parse, args=(texts, barrier, results)) for _ in range(processes)]
    for p in procs:
        p.start()
    out = [results.get() for _ in procs]
    for p in procs:
        p.join()
    return out


def run(corpus: Path, articles: int = 60) -> dict:
    """Wall and CPU seconds of one process alone and of two at once, and the scaling."""
    texts = body_texts(corpus, articles)
    ((one_wall, one_cpu),) = _timed(texts, 1)
    pair = _timed(texts, 2)
    pair_wall = max(w for w, _ in pair)
    return {
        "articles": articles,
        "one_wall": one_wall,
        "one_cpu": one_cpu,
        "pair_wall": pair_wall,
        "pair_cpu": [c for _, c in pair],
        "scaling": 2 * one_wall / pair_wall,
        "cpu_inflation": sum(c for _, c in pair) / (2 * one_cpu),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--articles", type=int, default=60)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.corpus, args.articles)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
