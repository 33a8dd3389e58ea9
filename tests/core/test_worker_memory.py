"""What keeps a web worker's memory down (issue #8): libraries only a few pages use are not
loaded with the site, and gunicorn's settings load Synergy once, in the master, frozen."""

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import clear_url_caches, get_resolver

from synergy.core import gunicorn_config

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


@pytest.fixture
def master():
    """Run the master's start-up hook as gunicorn would, then give the frozen objects back to the
    collector, so that the rest of the test run is unaffected."""
    thresholds = gc.get_threshold()
    yield lambda: gunicorn_config.when_ready(server=None)
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def _in_a_fresh_process(code: str) -> str:
    """What ``code`` prints, run after ``django.setup()`` in a new Python, as a worker starts."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "synergy.settings"}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_loading_the_site_leaves_out_the_libraries_of_a_few_pages():
    code = (
        "import sys, synergy.urls; "
        "print(' '.join(m for m in ('icalendar', 'openpyxl', 'reportlab') if m in sys.modules))"
    )
    assert _in_a_fresh_process(code) == ""


def test_a_chart_is_drawn_without_loading_the_pdf_library():
    # reportlab reads a whole font into Python objects (7 MB, kept by the worker) to measure text.
    code = (
        "import sys; from synergy.core import charts; "
        "charts.bar_chart('Proposals by country', [('A region with a very long name indeed', 3)]); "
        "print('reportlab' in sys.modules)"
    )
    assert _in_a_fresh_process(code) == "False"


def test_gunicorn_reads_the_settings_module():
    result = subprocess.run(
        [GUNICORN, "--print-config", "--config", "python:synergy.core.gunicorn_config", "synergy.wsgi"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = (line.partition(" = ") for line in result.stdout.splitlines())
    settings = {key.strip(): value.strip() for key, _, value in lines}
    assert settings["preload_app"] == "True"
    assert settings["when_ready"] == "<when_ready()>"


def test_the_master_freezes_the_loaded_site_with_its_urls(master):
    clear_url_caches()  # as in a fresh master, where the URLs are loaded at the first request
    master()
    assert gc.get_freeze_count() > 10_000
    patterns = get_resolver().url_patterns
    assert not any(tracked is patterns for tracked in gc.get_objects())  # frozen: not walked again


def test_after_the_freeze_full_collections_no_longer_wait_for_the_loaded_objects(master):
    """CPython runs a full collection only once the objects that survived collections grew by a
    quarter since the last one. Frozen and counted afresh, the loaded site no longer sets that
    quarter: with the thresholds scaled down, 15,000 survivors bring one, where a quarter of
    everything this process holds was needed before."""
    gc.collect()  # the count starts from everything this process holds, as after loading
    gc.set_threshold(100, 10, 10)  # the default's proportions, reached with fewer objects
    master()
    full_collections = gc.get_stats()[2]["collections"]
    survivors = [[] for _ in range(15_000)]
    assert gc.get_stats()[2]["collections"] > full_collections
    assert len(survivors) == 15_000


@pytest.mark.django_db(transaction=True)
def test_the_master_leaves_no_database_connection_for_its_workers_to_share(master):
    if connection.vendor == "sqlite":
        pytest.skip("Django never closes an in-memory SQLite database; run on PostgreSQL")
    connection.ensure_connection()
    master()
    assert connection.connection is None
