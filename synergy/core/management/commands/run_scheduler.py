"""The clock process: enqueues the periodic tasks the apps registered. Run exactly one."""

import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from synergy.core import schedule


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
            schedule.enqueue_due(timezone.localtime())
            time.sleep(1)
