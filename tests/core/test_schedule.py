from datetime import datetime, timedelta

from synergy.core import schedule
from synergy.core.schedule import Periodic


class FakeTask:
    def __init__(self):
        self.enqueued = 0

    def enqueue(self):
        self.enqueued += 1


def test_interval_tasks_are_enqueued_once_per_interval():
    periodic = Periodic(task=FakeTask(), every=timedelta(minutes=1))
    start = datetime(2026, 11, 27, 10, 0, 0)
    assert periodic.is_due(start)
    periodic.last_enqueued = start
    assert not periodic.is_due(start + timedelta(seconds=59))
    assert periodic.is_due(start + timedelta(seconds=60))


def test_daily_tasks_run_once_a_day_from_their_hour():
    periodic = Periodic(task=FakeTask(), daily_at_hour=7)
    assert not periodic.is_due(datetime(2026, 11, 27, 6, 59))
    assert periodic.is_due(datetime(2026, 11, 27, 7, 0))
    periodic.last_enqueued = datetime(2026, 11, 27, 7, 0)
    assert not periodic.is_due(datetime(2026, 11, 27, 23, 0))
    assert periodic.is_due(datetime(2026, 11, 28, 7, 5))


def test_the_apps_register_the_outbox_sweep_digest_and_pruning():
    names = {p.task.name for p in schedule.registered()}
    assert {"flush_outbox", "send_daily_digests", "prune_task_results"} <= names


def test_enqueue_due_enqueues_what_is_due(monkeypatch):
    task = FakeTask()
    monkeypatch.setattr(schedule, "_periodic", [Periodic(task=task, every=timedelta(minutes=1))])
    now = datetime(2026, 11, 27, 10, 0)
    schedule.enqueue_due(now)
    schedule.enqueue_due(now + timedelta(seconds=30))
    schedule.enqueue_due(now + timedelta(minutes=1))
    assert task.enqueued == 2
