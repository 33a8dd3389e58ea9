"""The database restarts in the middle of a load: the application recovers by itself and every
write it acknowledged is there.

Six people register for one training after another through gunicorn (as in
docs/deploy.md) while the private PostgreSQL is stopped and started again; gunicorn is
never restarted. A registration that fails is tried again, as a person would.
"""

import socket
import threading
import time
from collections import Counter

import requests

from tests.parallel import in_parallel

from .conftest import FAULT_MARKS, Tab, message_id, wait_until

pytestmark = FAULT_MARKS

PEOPLE = 6
TRAININGS = 40
QUIET = 3  # registrations after a second restart, made while nobody was using the site
PATIENCE = 60  # seconds a person keeps trying one registration
REGISTERED = "You are registered"


def _seed(site) -> dict:
    return site.django(
        f"""
        from tests.factories import RegionFactory, TrainingFactory, UserFactory
        region = RegionFactory()
        trainings = [TrainingFactory(region=region, capacity=100) for _ in range({TRAININGS})]
        people = [UserFactory(password=None, preferred_language="en") for _ in range({PEOPLE})]
        result = {{"slugs": [t.slug for t in trainings], "people": [p.pk for p in people]}}
        """
    )


def _register(tab: Tab, url: str, pk: int, slug: str, outcomes: list) -> None:
    """Register for a training as a person does: after a failure, try again half a second later.

    Each attempt is appended to ``outcomes`` as (sent at, person, slug, status, acknowledged).
    """
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        if not tab.token:
            tab.open(f"{url}/trainings/{slug}/", check=False)
        sent_at = time.monotonic()
        status, body = tab.post(f"{url}/trainings/{slug}/register/", {})
        acknowledged = status == 200 and REGISTERED in body
        outcomes.append((sent_at, pk, slug, status, acknowledged))
        if acknowledged:
            return
        time.sleep(0.5)


def test_a_database_restart_mid_load_loses_no_acknowledged_write(site, processes, smtp, clean_queue):
    seed = _seed(site)
    url = processes.gunicorn(site.env)
    worker = processes.worker(site.env)
    scheduler = processes.scheduler(site.env)
    scheduler_started = time.monotonic()
    sessions = site.sessions_for(seed["people"])
    outcomes: list[tuple[float, int, str, int | None, bool]] = []  # (sent at, person, slug, status, acknowledged)

    def person(pk: int, slugs: list[str]):
        tab = Tab(sessions[pk])
        for slug in slugs:
            _register(tab, url, pk, slug, outcomes)
            time.sleep(0.05)

    first, second = seed["slugs"][:-QUIET], seed["slugs"][-QUIET:]
    threads = [threading.Thread(target=person, args=(pk, first)) for pk in seed["people"]]
    for thread in threads:
        thread.start()
    wait_until(lambda: len(outcomes) >= 40, timeout=60, what="the load to get going")
    down_at = time.monotonic()
    site.postgres.stop("fast")
    time.sleep(2)
    site.postgres.start()
    up_at = time.monotonic()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(thread.is_alive() for thread in threads)

    during = [o for o in outcomes if down_at <= o[0] <= up_at]
    after = [o for o in outcomes if o[0] > up_at + 1]

    # A quiet restart: every connection is idle when it happens, and dead after it. Each
    # person then registers again; none of them may see a failure.
    site.postgres.stop("fast")
    site.postgres.start()
    restarted_at = time.monotonic()
    for pk in seed["people"]:
        tab = Tab(sessions[pk])
        for slug in second:
            _register(tab, url, pk, slug, outcomes)
    quiet_failures = [(round(o[0] - restarted_at, 1), o[3]) for o in outcomes if o[0] >= restarted_at and not o[4]]
    acknowledged = {(pk, slug) for _when, pk, slug, _status, ok in outcomes if ok}
    stored = set(
        site.postgres.query(
            "SELECT r.user_id, t.slug FROM trainings_registration r JOIN trainings_training t ON t.id = r.training_id"
        )
    )
    failures = [(round(o[0] - down_at, 1), o[3]) for o in outcomes if not o[4]]
    print(f"{len(outcomes)} requests, {len(acknowledged)} acknowledged, {len(during)} sent while down, "
          f"up after {up_at - down_at:.1f}s, failures (s after the stop, status): {failures}; "
          f"after the quiet restart: {quiet_failures}")  # fmt: skip
    assert during  # the load went on while the database was down
    assert worker.poll() is None, processes.logs_text()  # the task worker lived through both restarts
    assert after and all(o[4] for o in after), [o[3] for o in after]  # recovered, no restart
    assert not quiet_failures  # nobody saw the quiet restart
    # Everyone registered for everything in the end, and every acknowledged registration is stored.
    assert acknowledged == {(pk, slug) for pk in seed["people"] for slug in seed["slugs"]}
    assert acknowledged <= stored

    # Each registration's confirmation mail, written in its transaction, is delivered once.
    wait_until(
        lambda: site.count("SELECT count(*) FROM notifications_outboxmessage WHERE status <> 'sent'") == 0,
        timeout=90,
        what="every confirmation to be sent",
        details=lambda: site.postgres.query(
            "SELECT status, attempts, last_error FROM notifications_outboxmessage WHERE status <> 'sent'"
        ),
    )
    time.sleep(1)
    queued = Counter(message_id(raw) for (raw,) in site.postgres.query("SELECT raw FROM notifications_outboxmessage"))
    received = Counter(message_id(content) for _from, _rcpt, content in smtp.messages)
    assert len(queued) == len(stored)
    assert received == queued and set(received.values()) == {1}

    # The scheduler enqueues again a minute after it started, after both restarts: still running.
    time.sleep(max(0.0, scheduler_started + 65 - time.monotonic()))
    assert scheduler.poll() is None, processes.logs_text()


def test_after_a_quiet_restart_the_first_requests_are_answered_at_once(site, processes):
    """Every connection gunicorn holds dies with a restart nobody sees; the next requests must
    neither wait for the dead ones to be sorted out nor fail."""
    url = processes.gunicorn(site.env)
    # Keep every thread of both gunicorn processes busy at once, so each holds a connection.
    for _ in range(3):
        assert in_parallel(*[lambda: requests.get(f"{url}/", timeout=30).status_code] * 16) == [200] * 16
    site.postgres.stop("fast")
    site.postgres.start()

    answers = []
    for _ in range(12):  # one after another, each on a new connection: both processes answer some
        started = time.monotonic()
        status = requests.get(f"{url}/", timeout=30).status_code
        answers.append((status, round(time.monotonic() - started, 2)))
    assert all(status == 200 and seconds < 2 for status, seconds in answers), answers


def test_a_database_host_that_does_not_answer_fails_a_request_within_seconds(site):
    """A database machine that is gone (no refusal, no answer) must not hold a request for minutes."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # the kernel completes the handshake; nobody ever speaks
        port = silent.getsockname()[1]
        waited = site.django(
            """
            import time
            from django.db import OperationalError, connection
            started = time.monotonic()
            try:
                connection.ensure_connection()
            except OperationalError:
                result = time.monotonic() - started
            """,
            {**site.env, "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/synergy"},
        )
    assert waited is not None and waited < 10
