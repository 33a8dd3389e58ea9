"""What every benchmark script shares: its own database, bulk inserts, timing a page, and
writing its section of docs/benchmarks.md.

Import it before any Django model: it points Django at a fresh SQLite file (unless
``DATABASE_URL`` names a PostgreSQL database to measure on) and sets Django up.
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TEMP_DIR = None
if not os.environ.get("DATABASE_URL"):
    TEMP_DIR = Path(tempfile.mkdtemp(prefix="synergy-bench-"))
    os.environ["SQLITE_PATH"] = str(TEMP_DIR / "bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "synergy.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

BATCH = 5_000


def insert(model, rows, batch_size=BATCH, keep=True):
    """Plain bulk inserts, in batches: no signals, so the search index is not rebuilt per row."""
    created, batch = [], []
    for row in rows:
        batch.append(row)
        if len(batch) >= batch_size:
            saved = model.objects.bulk_create(batch, batch_size=batch_size)
            created += saved if keep else []
            batch = []
    if batch:
        saved = model.objects.bulk_create(batch, batch_size=batch_size)
        created += saved if keep else []
    return created


def measure(client, path: str, repeat: int = 30) -> dict:
    """Request ``path`` ``repeat`` times: median and 95th percentile, queries, SQL time, slowest query."""
    timings = []
    for _ in range(repeat):
        reset_queries()  # the log keeps 9,000 queries: a full one would hide this request's
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    timings.sort()
    slowest = max(captured.captured_queries, key=lambda query: float(query["time"]))
    return {
        "median": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "queries": len(captured.captured_queries),
        "sql_ms": sum(float(query["time"]) for query in captured.captured_queries) * 1000,
        "slowest_ms": float(slowest["time"]) * 1000,
        "slowest": slowest["sql"],
        "bytes": len(response.content),
    }


def write_section(marker: str, lines: list[str]) -> None:
    """Replace the section of docs/benchmarks.md that starts with ``marker`` (or add it), and print it."""
    path = ROOT / "docs" / "benchmarks.md"
    header = "# Benchmarks\n\nFigures written by the scripts under `bench/`.\n\n"
    existing = path.read_text() if path.exists() else header
    kept = [block for block in existing.split("\n## ") if not ("## " + block).startswith(marker)]
    text = "\n## ".join(kept).rstrip() + "\n\n" + "\n".join(lines)
    path.write_text(text)
    print("\n".join(lines))


def run(main) -> None:
    """Run a benchmark, then remove its SQLite database (unless BENCH_KEEP_DB is set)."""
    try:
        main()
    finally:
        if TEMP_DIR and not os.environ.get("BENCH_KEEP_DB"):
            shutil.rmtree(TEMP_DIR, ignore_errors=True)
