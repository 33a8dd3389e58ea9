"""The load benchmark, run at its tiny size, so the harness behind `make bench` cannot rot.

bench/load.py needs a PostgreSQL server (it creates and drops its own database there), Redis
and wrk, so this runs in CI's PostgreSQL pass only. It takes about a minute: most of it is
migrating, seeding the demo data and starting gunicorn, whatever the size.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
import redis

ROOT = Path(__file__).resolve().parent.parent.parent
DATABASE_URL = os.environ.get("DATABASE_URL", "")
SCENARIOS = {"floor", "anonymous", "signed in", "API", "writes"}
WRITES = {"Training registration", "Proposal draft", "Proposal submission", "Like", "Pledge"}

pytestmark = [
    pytest.mark.bench,
    pytest.mark.skipif(
        not DATABASE_URL.startswith(("postgres://", "postgresql://")),
        reason="the load benchmark runs on PostgreSQL (DATABASE_URL)",
    ),
]


def _server_url() -> str:
    """The PostgreSQL server of DATABASE_URL, without its database: the benchmark makes its own."""
    return urlsplit(DATABASE_URL)._replace(path="/", query="").geturl()


def _redis_url() -> str:
    """Redis database 12 on the server of REDIS_URL (or the local one): the tiny run's own."""
    host = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0").netloc
    return f"redis://{host}/12"


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _serving(port: int) -> list[str]:
    """Command lines of processes still bound to the benchmark's port by name (gunicorn's --bind)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if f"127.0.0.1:{port}" in text:
            found.append(text)
    return found


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    """bench/load.py --tiny, once, with its figures as JSON and docs/benchmarks.md before and after."""
    output = tmp_path_factory.mktemp("load") / "tiny.json"
    docs = ROOT / "docs" / "benchmarks.md"
    before = docs.read_text() if docs.exists() else ""
    env = {**os.environ, "BENCH_DATABASE_URL": _server_url(), "REDIS_URL": _redis_url()}
    finished = subprocess.run(
        [sys.executable, "bench/load.py", "--tiny", "--json", str(output)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    figures = json.loads(output.read_text()) if output.exists() else {}
    after = docs.read_text() if docs.exists() else ""
    return finished, figures, before, after


def test_tiny_load_run_exits_cleanly_with_every_scenario_served_without_errors(tiny_run):
    finished, figures, _before, _after = tiny_run
    output = finished.stdout[-4000:] + finished.stderr[-8000:]
    assert finished.returncode == 0, output
    pages = figures["pages"]
    assert {page["scenario"] for page in pages} == SCENARIOS
    for page in pages:
        assert page["throughput"] > 0, page
        assert page["errors"] == 0, (page, output)
        assert page["p50_us"] > 0, page
    assert "## Load, tiny" in finished.stdout


def test_tiny_load_run_finds_every_write_in_the_database(tiny_run):
    _finished, figures, _before, _after = tiny_run
    writes = [page for page in figures["pages"] if page["scenario"] == "writes"]
    assert {page["name"].split(" (")[0] for page in writes} == WRITES
    for page in writes:
        assert page["rows"] > 0, page
        assert page["rows_ok"], page


def test_tiny_load_run_measures_queries_and_worker_memory(tiny_run):
    _finished, figures, _before, _after = tiny_run
    by_scenario = {page["scenario"]: page for page in figures["pages"]}
    assert by_scenario["floor"]["queries"] == 0
    assert by_scenario["anonymous"]["queries"] > 0
    assert figures["memory_mb"]["web"] > 0
    assert figures["memory_mb"]["task"] > 0


def test_tiny_load_run_leaves_no_process_database_session_or_docs_change_behind(tiny_run):
    _finished, figures, before, after = tiny_run
    assert [pid for pid in figures["pids"] if _running(pid)] == []
    assert _serving(figures["port"]) == []
    with psycopg.connect(_server_url(), dbname="postgres") as connection:
        left = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [figures["database"]]).fetchall()
    assert left == []
    assert list(redis.Redis.from_url(_redis_url()).scan_iter(f"{figures['database']}:*")) == []
    assert after == before, "the tiny run must not write docs/benchmarks.md"
