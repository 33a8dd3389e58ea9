"""``manage.py import_cordis project.csv organization.csv``: the CORDIS import from the command line,
with a progress bar on standard error and the report on standard output."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from synergy.actors import cordis

BAR_WIDTH = 30


class ProgressBar:
    """``[#######.......]  45%  22,500 / 50,000 rows`` redrawn in place on a terminal; a line per
    tenth of the way when standard error is a file (a cron job's log)."""

    def __init__(self, stream):
        self.stream = stream  # the command's OutputWrapper
        self.interactive = stream.isatty()
        self.last_drawn = 0.0
        self.last_tenth = -1

    def __call__(self, done: int, total: int) -> None:
        fraction = done / total if total else 1.0
        if self.interactive:
            now = time.monotonic()
            if done < total and now - self.last_drawn < 0.2:
                return
            self.last_drawn = now
            self.stream.write("\r" + self.line(done, total, fraction), ending="\n" if done >= total else "")
        else:
            tenth = int(fraction * 10)
            if tenth == self.last_tenth:
                return
            self.last_tenth = tenth
            self.stream.write(self.line(done, total, fraction))
        self.stream.flush()

    @staticmethod
    def line(done: int, total: int, fraction: float) -> str:
        filled = int(fraction * BAR_WIDTH)
        return f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {fraction:4.0%}  {done:,} / {total:,} " + _("rows")


class Command(BaseCommand):
    help = "Import CORDIS open data: a projects file and an organisations file (semicolon-separated CSV)."

    def add_arguments(self, parser):
        parser.add_argument("projects", help="project.csv from the CORDIS open-data portal")
        parser.add_argument("organisations", help="organization.csv from the same download")
        parser.add_argument("--quiet", action="store_true", help="No progress bar, only the report.")

    def handle(self, *args, projects: str, organisations: str, quiet: bool, **options):
        progress = None if quiet else ProgressBar(self.stderr)
        try:
            with open(projects, "rb") as projects_file, open(organisations, "rb") as organisations_file:
                report = cordis.import_files(projects_file, organisations_file, progress)
        except OSError as error:
            raise CommandError(str(error)) from error
        except cordis.ImportFileError as error:
            raise CommandError(cordis.file_error_text(error.as_report()["error"])) from error
        for line in cordis.report_lines(report):
            self.stdout.write(line)
