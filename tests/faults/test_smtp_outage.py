"""The SMTP server is down for a while: every mail queued meanwhile is delivered exactly once
after it returns, by the real worker and scheduler (retries, then the outbox sweep)."""

import time
from collections import Counter

from .conftest import FAULT_MARKS, message_id, wait_until

pytestmark = FAULT_MARKS


def _message_ids(raw_messages) -> Counter:
    return Counter(message_id(raw) for raw in raw_messages)


def test_mail_queued_while_the_relay_is_down_is_delivered_once_when_it_returns(site, processes, smtp, clean_queue):
    smtp.stop()
    processes.worker(site.env)
    processes.scheduler(site.env)
    site.django(
        """
        from synergy.notifications import services
        from tests.factories import UserFactory
        people = [UserFactory(password=None, email_frequency="immediately") for _ in range(4)]
        for person in people:
            for n in range(3):
                services.notify(person, kind="faults.outage", title=f"Update {n}")
        """
    )
    total = site.count("SELECT count(*) FROM notifications_outboxmessage")
    assert total == 12

    # Every message is tried, and fails, more than once while the relay is down.
    wait_until(
        lambda: site.count("SELECT count(*) FROM notifications_outboxmessage WHERE attempts >= 2") == total,
        timeout=30,
        what="every message to fail twice",
    )
    assert site.count("SELECT count(*) FROM notifications_outboxmessage WHERE status = 'sent'") == 0
    smtp.start()
    wait_until(
        lambda: site.count("SELECT count(*) FROM notifications_outboxmessage WHERE status = 'sent'") == total,
        timeout=60,
        what="every message to be sent after the relay returned",
    )
    time.sleep(3)  # a second delivery of anything would arrive now

    queued = _message_ids(raw for (raw,) in site.postgres.query("SELECT raw FROM notifications_outboxmessage"))
    received = _message_ids(content for _from, _rcpt, content in smtp.messages)
    assert received == queued  # the same messages, none lost
    assert set(received.values()) == {1}  # none doubled
    per_person = Counter(rcpt[0] for _from, rcpt, _content in smtp.messages)
    assert sorted(per_person.values()) == [3, 3, 3, 3]
