"""Two application servers and two task workers share one PostgreSQL and one Redis, as in
docs/deploy.md, with the load spread over both servers: no overbooking, no mail lost or
doubled, no task run twice."""

import time
from collections import Counter
from datetime import datetime, timedelta

from tests.parallel import in_parallel

from .conftest import FAULT_MARKS, Tab, message_id, wait_until

pytestmark = FAULT_MARKS

TAKERS = 10
TASKS = 40


def test_two_servers_and_two_workers_keep_every_invariant(site, processes, smtp, clean_queue):
    env = site.with_redis()
    seed = site.django(
        f"""
        from synergy.actors.models import Membership
        from tests.factories import ItemFactory, MembershipFactory, UserFactory
        item = ItemFactory()
        admins = [UserFactory(password=None, preferred_language="en") for _ in range(2)]
        for admin in admins:
            MembershipFactory(user=admin, organisation=item.provider, role=Membership.Role.ADMIN)
        takers = [UserFactory(password=None, preferred_language="en") for _ in range({TAKERS})]
        result = {{"item": item.slug, "admins": [a.pk for a in admins], "takers": [t.pk for t in takers]}}
        """,
        env,
    )
    servers = [processes.gunicorn(env), processes.gunicorn(env)]
    processes.worker(env)
    processes.worker(env)
    sessions = site.sessions_for(seed["admins"] + seed["takers"], env)

    # Every taker asks for the same slot, half of them through each server, all at once.
    start = (datetime.now() + timedelta(days=5)).replace(minute=0, second=0, microsecond=0)
    slot = {
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
    }
    tabs = [Tab(sessions[pk]) for pk in seed["takers"]]
    for n, tab in enumerate(tabs):
        tab.open(f"{servers[n % 2]}/facilities/{seed['item']}/")
    asked = in_parallel(
        *[
            lambda n=n, tab=tab: tab.post(
                f"{servers[n % 2]}/facilities/{seed['item']}/request/", {**slot, "purpose": "Print", "needs": ""}
            )
            for n, tab in enumerate(tabs)
        ]
    )
    assert all(status == 200 and "Your request is sent" in body for status, body in asked), [s for s, _ in asked]
    requests = [pk for (pk,) in site.postgres.query("SELECT id FROM facilities_accessrequest ORDER BY id")]
    assert len(requests) == TAKERS

    # Both provider admins accept every request at once, alternating servers: one booking.
    accepting = []
    for n, request_id in enumerate(requests):
        for m, admin in enumerate(seed["admins"]):
            tab, server = Tab(sessions[admin]), servers[(n + m) % 2]
            tab.open(f"{server}/facilities/requests/{request_id}/")
            accepting.append((tab, f"{server}/facilities/requests/{request_id}/act/"))
    answers = in_parallel(*[lambda tab=tab, url=url: tab.post(url, {"action": "accept"}) for tab, url in accepting])
    assert all(status == 200 for status, _body in answers), [s for s, _ in answers]
    agreed = sum("Agreed: the booking is on the item" in body for _status, body in answers)
    bookings = site.count("SELECT count(*) FROM facilities_booking WHERE status = 'confirmed'")
    assert bookings == 1 == agreed  # never overbooked, and the one agreement was acknowledged

    # Tasks enqueued from both sides run once each on the two workers.
    site.django(
        f"""
        from tests.faults.tasks import record_effect
        for n in range({TASKS}):
            record_effect.enqueue(f"shared-{{n}}", pause=0.2)
        """,
        env,
    )
    wait_until(
        lambda: site.count("SELECT count(*) FROM faults_effect WHERE key LIKE 'shared-%%'") == TASKS,
        timeout=60,
        what="every task to run",
    )
    wait_until(
        lambda: site.count("SELECT count(*) FROM notifications_outboxmessage WHERE status <> 'sent'") == 0,
        timeout=60,
        what="every mail to be sent",
    )
    time.sleep(2)  # a second run or delivery of anything would show now
    runs = Counter(key for (key,) in site.postgres.query("SELECT key FROM faults_run WHERE key LIKE 'shared-%%'"))
    assert set(runs.values()) == {1} and len(runs) == TASKS
    assert site.count("SELECT count(DISTINCT worker) FROM faults_run") == 2  # both workers took tasks

    queued = Counter(message_id(raw) for (raw,) in site.postgres.query("SELECT raw FROM notifications_outboxmessage"))
    received = Counter(message_id(content) for _f, _r, content in smtp.messages)
    assert len(queued) >= 2 * TAKERS + 1  # each request told both admins; the booking told its taker
    assert received == queued and set(received.values()) == {1}
