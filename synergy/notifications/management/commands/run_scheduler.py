"""The clock process: enqueues periodic tasks. Run exactly one per deployment."""

import signal
import time
from datetime import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from synergy.notifications.tasks import flush_outbox, send_daily_digests


class Command(BaseCommand):
    help = "Enqueue periodic tasks: the outbox sweep every minute, the daily digest once a day."

    def add_arguments(self, parser):
        parser.add_argument("--digest-hour", type=int, default=7, help="Local hour for the daily digest.")
        parser.add_argument("--once", action="store_true", help="Enqueue every periodic task once and exit.")

    def handle(self, *args, digest_hour: int, once: bool, **options):
        if once:
            flush_outbox.enqueue()
            send_daily_digests.enqueue()
            return
        running = True

        def stop(*_args):
            nonlocal running
            running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        last_digest_day = None
        self.stdout.write(f"scheduler running (time zone {settings.TIME_ZONE})")
        while running:
            flush_outbox.enqueue()
            now: datetime = timezone.localtime()
            if now.hour >= digest_hour and last_digest_day != now.date():
                send_daily_digests.enqueue()
                last_digest_day = now.date()
            for _ in range(60):
                if not running:
                    break
                time.sleep(1)
