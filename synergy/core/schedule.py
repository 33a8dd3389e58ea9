"""Periodic tasks. Apps register them from ``AppConfig.ready``; ``manage.py run_scheduler``
enqueues each when it is due. Run exactly one scheduler per deployment; the tasks
themselves are safe to run twice, so a restart that enqueues one again does no harm.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass
class Periodic:
    task: object  # a django_tasks Task, enqueued without arguments
    every: timedelta | None = None
    daily_at_hour: int | None = None
    last_enqueued: datetime | None = field(default=None, compare=False)

    def is_due(self, now: datetime) -> bool:
        if self.every is not None:
            return self.last_enqueued is None or now - self.last_enqueued >= self.every
        already_today = self.last_enqueued is not None and self.last_enqueued.date() == now.date()
        return now.hour >= self.daily_at_hour and not already_today


_periodic: list[Periodic] = []


def every(interval: timedelta, task) -> None:
    _periodic.append(Periodic(task=task, every=interval))


def daily(hour: int, task) -> None:
    _periodic.append(Periodic(task=task, daily_at_hour=hour))


def registered() -> list[Periodic]:
    return list(_periodic)


def enqueue_due(now: datetime) -> list[Periodic]:
    """Enqueue what is due at ``now`` (local time); returns what was enqueued."""
    enqueued = []
    for periodic in _periodic:
        if periodic.is_due(now):
            periodic.task.enqueue()
            periodic.last_enqueued = now
            enqueued.append(periodic)
    return enqueued
