from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from synergy.demo.services import seed_demo


class Command(BaseCommand):
    help = "Create the demo regions, organisations and one login per role. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--allow-production", action="store_true", help="Seed even with production settings.")

    def handle(self, *args, allow_production: bool, **options):
        if settings.PRODUCTION and not allow_production:
            raise CommandError("Refusing to create demo logins with production settings (use --allow-production).")
        logins = seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Log in at /accounts/login/ as:"))
        for role, email, password in logins:
            self.stdout.write(f"  {role:<42} {email:<28} {password}")
