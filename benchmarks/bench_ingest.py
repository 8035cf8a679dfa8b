"""Ingest throughput and peak memory on a synthetic corpus (SQLite): the core pipeline (clean,
date, de-duplicate, index) and the full pipeline (plus actor, quote and event extraction),
with trafilatura alone as the reference for the HTML path.

    python benchmarks/bench_ingest.py --docs 10000

Each phase runs in its own process pinned to one core, so its peak RSS and its documents/s are
its own. Prints a table; ``--json`` prints the figures as JSON too.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def build_corpus(root: Path, n: int) -> dict[str, int]:
    from synthetic import generate

    counts = {"text": 0, "html": 0}
    for kind in counts:
        (root / kind).mkdir(parents=True, exist_ok=True)
    for doc in generate(n):
        (root / doc.kind / doc.name).write_text(doc.content, encoding="utf-8")
        counts[doc.kind] += 1
    return counts


def _pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def phase(kind: str, root: Path, db: Path) -> dict[str, float]:
    """Run one measurement in this process (called in a child process)."""
    _pin_one_core()
    if kind == "trafilatura":
        files = sorted((root / "html").iterdir())
        size = sum(f.stat().st_size for f in files)
        import trafilatura

        t0 = time.perf_counter()
        for f in files:
            trafilatura.bare_extraction(f.read_text(encoding="utf-8"), with_metadata=True,
                                        include_comments=False)
        elapsed = time.perf_counter() - t0
    else:
        from qasid.corpus import Corpus
        from qasid.settings import load_settings

        kind, _, mode = kind.partition("-")
        files = sorted((root / kind).iterdir())
        size = sum(f.stat().st_size for f in files)
        settings = load_settings(extract=(mode == "full"))
        with Corpus.open(f"sqlite:///{db}", settings=settings) as corpus:
            corpus.ingest(["examples/seeds"])  # warm caches (lexicons, lingua models)
            t0 = time.perf_counter()
            rep = corpus.ingest([str(root / kind)])
            elapsed = time.perf_counter() - t0
            if rep.failed:
                print(f"warning: {rep.failed} failures, first: {rep.failures[:1]}",
                      file=sys.stderr)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"docs": len(files), "seconds": elapsed, "docs_per_s": len(files) / elapsed,
            "mb_per_s": size / 1e6 / elapsed, "peak_rss_mb": peak_mb}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000, help="documents to generate (half HTML)")
    ap.add_argument("--workdir", type=Path, help="keep the corpus and stores here")
    ap.add_argument("--json", action="store_true", help="also print the figures as JSON")
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    ap.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase, args.root, args.db)))
        return

    work = args.workdir or Path(tempfile.mkdtemp(prefix="qasid-bench-"))
    corpus_dir = work / "corpus"
    if corpus_dir.exists():
        shutil.rmtree(corpus_dir)
    counts = build_corpus(corpus_dir, args.docs)
    results = {}
    for kind in ("text-core", "html-core", "text-full", "html-full", "trafilatura"):
        db = work / f"bench_{kind}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        proc = subprocess.run(
            [sys.executable, __file__, "--phase", kind, "--root", str(corpus_dir), "--db", str(db)],
            capture_output=True, text=True, check=False, cwd=HERE.parent,
        )
        if proc.returncode:
            sys.exit(f"phase {kind} failed:\n{proc.stderr}")
        results[kind] = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"synthetic corpus: {counts['text']} text + {counts['html']} HTML documents in {work}")
    print(f"{'phase':<32}{'docs':>7}{'seconds':>10}{'docs/s':>10}{'MB/s':>8}{'peak MB':>10}")
    labels = {"text-core": "ingest text (core) → SQLite",
              "html-core": "ingest HTML (core) → SQLite",
              "text-full": "ingest+extract text → SQLite",
              "html-full": "ingest+extract HTML → SQLite",
              "trafilatura": "trafilatura alone (HTML)"}
    for kind, r in results.items():
        print(f"{labels[kind]:<32}{r['docs']:>7}{r['seconds']:>10.1f}{r['docs_per_s']:>10.1f}"
              f"{r['mb_per_s']:>8.2f}{r['peak_rss_mb']:>10.0f}")
    # the whole corpus (text and HTML together), as one ingest of it would run
    for mode in ("core", "full"):
        parts = [results[f"{k}-{mode}"] for k in ("text", "html")]
        docs = sum(p["docs"] for p in parts)
        secs = sum(p["seconds"] for p in parts)
        mb = sum(p["mb_per_s"] * p["seconds"] for p in parts)
        label = "whole corpus, " + ("core" if mode == "core" else "ingest+extract")
        print(f"{label:<32}{docs:>7}{secs:>10.1f}{docs / secs:>10.1f}{mb / secs:>8.2f}"
              f"{max(p['peak_rss_mb'] for p in parts):>10.0f}")
    if args.json:
        print(json.dumps(results, indent=2))
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
