"""The clock process: enqueues the periodic tasks the apps registered. Run exactly one."""

import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from synergy.core import schedule

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Enqueue periodic tasks when they are due (see synergy.core.schedule)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Enqueue every registered task once and exit.")

    def handle(self, *args, once: bool, **options):
        if once:
            for periodic in schedule.registered():
                periodic.task.enqueue()
            return
        running = True

        def stop(*_args):
            nonlocal running
            running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"scheduler running (time zone {settings.TIME_ZONE})")
        while running:
            # A database restart must not stop the clock: drop a broken connection, and what
            # could not be enqueued now is tried again a second later.
            close_old_connections()
            try:
                schedule.enqueue_due(timezone.localtime())
            except DatabaseError as error:
                logger.warning("could not enqueue periodic tasks, trying again: %s", error)
            time.sleep(1)
