from django.core.management.base import BaseCommand

from synergy.core.search import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the search index of all public content in every language."

    def handle(self, *args, **options):
        count = rebuild_index()
        self.stdout.write(self.style.SUCCESS(f"indexed {count} objects"))
