from django.core.management.base import BaseCommand

from synergy.matchmaking import index


class Command(BaseCommand):
    help = "Rebuild the matchmaking term index of every organisation and listed person."

    def handle(self, *args, **options):
        counts = index.rebuild()
        self.stdout.write(
            f"Indexed {counts['organisations']} organisations and {counts['people']} people ({counts['terms']} terms)."
        )
