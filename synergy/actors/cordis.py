"""Importing CORDIS open data: projects, the organisations that took part, and their consortia.

CORDIS publishes each framework programme as two semicolon-separated files: ``project.csv``
(one row per project) and ``organization.csv`` (one row per participation: an organisation in a
project, with its role). Text fields are quoted and may hold semicolons, quotes and line breaks.
Columns are found by their header names, so older and newer layouts both read.

Rows are checked in Python first, then written in chunks, each chunk in its own savepoint; a
chunk the database refuses is written again row by row, so the one bad row is rejected with
the database's reason and the others go in. A rejected row never leaves part of itself behind.

Organisations are matched by their CORDIS identifier, else by normalised name and country
among organisations entered on the platform without one (a *merge*: they get the identifier).
Running the same files again changes nothing and reports everything as unchanged.
"""

import codecs
import csv
import io
import logging
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from synergy.core import caching
from synergy.core.batches import batches
from synergy.core.countries import COUNTRY_CHOICES
from synergy.core.exceptions import Refused
from synergy.core.models import Region
from synergy.core.search import fold
from synergy.core.taxonomy import KeyArea

from . import evidence
from .models import (
    CordisImport,
    Membership,
    Organisation,
    OrganisationType,
    Participation,
    ResearchProject,
    Source,
)
from .naming import normalise_name
from .services import changed_profiles, profile_changed, refresh_completeness, reindex_search

logger = logging.getLogger(__name__)

# Rows written per savepoint: large enough that 50,000 projects take a few hundred round trips,
# small enough that a chunk the database refuses is cheap to write again row by row.
CHUNK = 500
# Rejected rows kept in a report; the count of all of them is kept too.
MAX_REJECTIONS_KEPT = 1000

PROJECT_COLUMNS = ("id", "title")
ORGANISATION_COLUMNS = ("projectID", "organisationID", "name", "activityType", "country", "role")

# The fixed words of the actors' addresses (urls.py), which an organisation's slug must not be.
RESERVED_SLUGS = frozenset({"import", "people", "projects"})

PROGRAMMES = {"H2020": "Horizon 2020", "HORIZON": "Horizon Europe", "FP7": "FP7", "FP6": "FP6"}

ROLES = {
    "coordinator": Participation.Role.COORDINATOR,
    "participant": Participation.Role.PARTICIPANT,
    "partner": Participation.Role.PARTICIPANT,
    "beneficiary": Participation.Role.PARTICIPANT,
    "thirdparty": Participation.Role.THIRD_PARTY,
    "associatedpartner": Participation.Role.ASSOCIATED,
    "internationalpartner": Participation.Role.INTERNATIONAL,
}

ACTIVITY_TYPES = {
    "HES": OrganisationType.UNIVERSITY,
    "REC": OrganisationType.RESEARCH,
    "PUB": OrganisationType.PUBLIC_AUTHORITY,
    "OTH": OrganisationType.NGO,
}

EUROPEAN_COUNTRIES = {code for code, _label in COUNTRY_CHOICES}
# CORDIS writes Greece and the United Kingdom as EL and UK, like the platform; other sources use ISO.
COUNTRY_ALIASES = {"GR": "EL", "GB": "UK"}
OUTSIDE_EUROPE = "ZZ"
# Every other ISO 3166-1 alpha-2 code: a real country outside the platform's list is kept as
# "outside Europe"; anything else is a mistake in the file and the row is rejected.
_ISO_CODES = (
    "AD AE AF AG AI AM AO AQ AR AS AU AW AX AZ BB BD BF BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC "
    "CD CF CG CI CK CL CM CN CO CR CU CV CW CX DJ DM DO DZ EC EG EH ER ET FJ FK FM FO GA GD GE GF GG GH GI GL "
    "GM GN GP GQ GS GT GU GW GY HK HM HN HT ID IL IM IN IO IQ IR JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ "
    "LA LB LC LK LR LS LY MA MC MF MG MH ML MM MN MO MP MQ MR MS MU MV MW MX MY MZ NA NC NE NF NG NI NP NR NU "
    "NZ OM PA PE PF PG PH PK PM PN PR PS PW PY QA RE RU RW SA SB SC SD SG SH SJ SL SM SN SO SR SS ST SV SX SY "
    "SZ TC TD TF TG TH TJ TK TL TM TN TO TT TV TW TZ UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
)
ISO_COUNTRIES = frozenset(_ISO_CODES.split())

# Why a row was rejected: stored as a code and its values, shown in the reader's language.
REASONS = {
    "unreadable": _("The row cannot be read as CSV: %(error)s."),
    "too_few_fields": _("The row has %(found)s fields; the header names %(expected)s."),
    "too_many_fields": _("The row has %(found)s fields; the header names only %(expected)s."),
    "missing_id": _("The row has no CORDIS identifier."),
    "bad_id": _("The identifier “%(value)s” is not a CORDIS identifier."),
    "missing_title": _("The project has neither a title nor an acronym."),
    "bad_date": _("The %(column)s “%(value)s” is not a date (expected YYYY-MM-DD)."),
    "dates_reversed": _("The project ends (%(end)s) before it starts (%(start)s)."),
    "repeated_project": _("Project %(id)s is already on line %(line)s."),
    "missing_project_id": _("The row names no project."),
    "missing_name": _("The organisation has no name."),
    "unknown_activity": _("The activity type “%(value)s” is not one of PRC, HES, REC, PUB, OTH."),
    "unknown_country": _("The country “%(value)s” is not a country code."),
    "unknown_role": _("The role “%(value)s” is not a CORDIS role."),
    "unknown_project": _("Project %(id)s is neither in the projects file nor on the platform."),
    "project_rejected": _("Project %(id)s was rejected (projects file, line %(line)s)."),
    "repeated_participation": _("This organisation's place in project %(id)s is already on line %(line)s."),
    "database": _("The database refused the row: %(error)s."),
}

ENCODING_LABELS = {"utf-8-sig": "UTF-8", "utf-8-bom": "UTF-8 (with BOM)", "cp1250": "Windows-1250"}


# Why a file as a whole was refused.
FILE_ERRORS = {
    "empty": _("The %(file)s file is empty or is not a CSV file."),
    "unexpected": _("The import stopped on an unexpected error; the administrators were told."),
    "missing_columns": _(
        "The %(file)s file has no column %(columns)s. Is it the right CORDIS file, separated by semicolons?"
    ),
}
FILE_NAMES = {"projects": _("projects"), "organisations": _("organisations")}


class ImportFileError(Exception):
    """A file as a whole cannot be imported (no header, a column missing): nothing is written."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    def as_report(self) -> dict:
        return {"error": {"code": self.code, "params": self.params}}


def file_error_text(error: dict) -> str:
    """A stored file error in the active language."""
    params = {**error.get("params", {})}
    params["file"] = str(FILE_NAMES.get(params.get("file"), params.get("file", "")))
    try:
        return str(FILE_ERRORS[error["code"]]) % params
    except (KeyError, TypeError, ValueError):
        return str(REASONS["database"]) % {"error": error.get("code", "")}


def reason_text(rejection: dict) -> str:
    """A stored rejection's reason in the active language."""
    template = REASONS.get(rejection.get("code"), REASONS["database"])
    try:
        return str(template) % rejection.get("params", {})
    except (KeyError, TypeError, ValueError):
        return str(rejection.get("code", ""))


# --- Reading files ---------------------------------------------------------------------------------


def detect_encoding(binary) -> str:
    """``utf-8-bom``, ``utf-8-sig`` (plain UTF-8) or ``cp1250``: UTF-8 if every byte decodes as
    UTF-8, read in slices so a large file is never held whole; else Central European Windows,
    which the older CORDIS exports and spreadsheet programs in the partner regions write."""
    binary.seek(0)
    with_bom = binary.read(3) == codecs.BOM_UTF8
    binary.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := binary.read(1 << 20):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1250"
    finally:
        binary.seek(0)
    return "utf-8-bom" if with_bom else "utf-8-sig"


@dataclass
class Record:
    line: int  # where the row starts in the file (a quoted field may span lines)
    values: dict[str, str]


@dataclass
class Table:
    """One CSV file: its encoding, and its rows as dictionaries by header name."""

    binary: object
    name: str  # "projects" or "organisations"
    required: tuple[str, ...]
    encoding: str = ""

    def __post_init__(self):
        self.encoding = detect_encoding(self.binary)

    def _reader(self):
        self.binary.seek(0)
        python_encoding = "utf-8-sig" if self.encoding.startswith("utf-8") else self.encoding
        text = io.TextIOWrapper(self.binary, encoding=python_encoding, errors="replace", newline="")
        return text, csv.reader(text, delimiter=";", quotechar='"', doublequote=True, strict=False)

    def check_header(self) -> None:
        """Raise ImportFileError unless the file starts with a header naming the required columns."""
        text, reader = self._reader()
        try:
            self._header(reader)
        finally:
            text.detach()

    def count(self) -> int:
        text, reader = self._reader()
        try:
            return sum(1 for _record in self._rows(reader))
        finally:
            text.detach()

    def records(self) -> Iterator[Record | tuple[int, str, dict]]:
        """Each row as a Record, or as (line, code, params) when it cannot be one."""
        text, reader = self._reader()
        try:
            yield from self._rows(reader)
        finally:
            text.detach()

    def _rows(self, reader) -> Iterator[Record | tuple[int, str, dict]]:
        header = self._header(reader)
        width = len(header)
        line = reader.line_num + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield (line, "unreadable", {"error": str(error)})
                line = reader.line_num + 1
                continue
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue  # a blank line
            if len(row) < width:
                yield (start, "too_few_fields", {"found": len(row), "expected": width})
            elif len(row) > width and any(cell.strip() for cell in row[width:]):
                yield (start, "too_many_fields", {"found": len(row), "expected": width})
            else:
                yield Record(start, {name: row[index] for index, name in enumerate(header) if name})

    def _header(self, reader) -> list[str]:
        try:
            header = next(reader)
        except (StopIteration, csv.Error) as error:
            raise ImportFileError("empty", file=self.name) from error
        names = [cell.strip().lstrip("\ufeff") for cell in header]
        missing = [name for name in self.required if name not in names]
        if missing:
            raise ImportFileError("missing_columns", file=self.name, columns=", ".join(missing))
        return names


# --- Checking rows ---------------------------------------------------------------------------------


class Rejected(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def _identifier(value: str | None) -> str:
    value = (value or "").strip()
    if not value:
        raise Rejected("missing_id")
    if len(value) > 20 or not value.replace("-", "").isalnum():
        raise Rejected("bad_id", value=value[:40])
    return value


def _date(values: dict, column: str) -> date | None:
    value = (values.get(column) or "").strip()
    if not value:
        return None
    for parse in (lambda v: date.fromisoformat(v[:10]), lambda v: datetime.strptime(v, "%d/%m/%Y").date()):
        try:
            return parse(value)
        except ValueError:
            continue
    raise Rejected("bad_date", column=column, value=value[:40])


def _domain(title: str, topics: str, objective: str) -> str:
    """The term the project's text shows most (a key area when tied): its technology domain."""
    hits = evidence.derive_terms(" ".join((title, topics, objective)))
    if not hits:
        return ""
    key_areas = set(KeyArea.values)
    return max(sorted(hits), key=lambda term: (hits[term], term in key_areas))


@dataclass
class ProjectRow:
    line: int
    cordis_id: str
    fields: dict  # ResearchProject field -> value


def check_project(record: Record) -> ProjectRow:
    values = record.values
    cordis_id = _identifier(values.get("id"))
    title, acronym = _clean(values.get("title")), _clean(values.get("acronym"))
    if not title and not acronym:
        raise Rejected("missing_title")
    start, end = _date(values, "startDate"), _date(values, "endDate")
    if start and end and end < start:
        raise Rejected("dates_reversed", start=start.isoformat(), end=end.isoformat())
    programme = _clean(values.get("frameworkProgramme"))
    topics = _clean(values.get("topics"))[:500]
    objective = (values.get("objective") or "").strip()
    return ProjectRow(
        line=record.line,
        cordis_id=cordis_id,
        fields={
            "title": (title or acronym)[:600],
            "acronym": acronym[:60],
            "programme": PROGRAMMES.get(programme, programme)[:120],
            "start_date": start,
            "end_date": end,
            "topics": topics,
            "objective": objective,
            "domain": _domain(title, topics, objective),
        },
    )


@dataclass
class OrganisationRow:
    line: int
    project_cordis_id: str
    cordis_id: str
    role: str
    fields: dict  # Organisation field -> value

    @property
    def merge_key(self) -> tuple[str, str]:
        return (self.fields["normalised_name"], self.fields["country"])


def _country(value: str | None) -> str:
    code = (value or "").strip().upper()
    code = COUNTRY_ALIASES.get(code, code)
    if code in EUROPEAN_COUNTRIES:
        return code
    if code in ISO_COUNTRIES:
        return OUTSIDE_EUROPE
    raise Rejected("unknown_country", value=(value or "").strip()[:20])


def _organisation_type(values: dict) -> str:
    activity = (values.get("activityType") or "").strip().upper()
    if activity == "PRC":
        sme = (values.get("SME") or "").strip().casefold() in ("true", "yes", "1", "y")
        return OrganisationType.SME if sme else OrganisationType.LARGE_ENTERPRISE
    if activity not in ACTIVITY_TYPES:
        raise Rejected("unknown_activity", value=(values.get("activityType") or "").strip()[:40])
    return ACTIVITY_TYPES[activity]


_url_validator = URLValidator(schemes=["http", "https"])


def _website(value: str | None) -> str:
    """A usable web address, or nothing: a bad one is not worth rejecting the row for."""
    url = (value or "").strip()
    if url and "://" not in url:
        url = f"https://{url}"
    try:
        _url_validator(url)
    except ValidationError:
        return ""
    return url[:200]


def check_organisation(record: Record) -> OrganisationRow:
    values = record.values
    project_id = (values.get("projectID") or "").strip()
    if not project_id:
        raise Rejected("missing_project_id")
    cordis_id = _identifier(values.get("organisationID"))
    name = _clean(values.get("name"))[:300]
    if not name:
        raise Rejected("missing_name")
    role_value = (values.get("role") or "").strip()
    role = ROLES.get(role_value.casefold().replace("_", "").replace(" ", "")) if role_value else "participant"
    if role is None:
        raise Rejected("unknown_role", value=role_value[:40])
    nuts = (values.get("nutsCode") or "").strip().upper()
    return OrganisationRow(
        line=record.line,
        # Interned: the same identifiers recur on many rows, and the import remembers every pair.
        project_cordis_id=sys.intern(project_id),
        cordis_id=sys.intern(cordis_id),
        role=str(role),
        fields={
            "name": name,
            "normalised_name": normalise_name(name),
            "short_name": _clean(values.get("shortName"))[:60],
            "type": str(_organisation_type(values)),
            "country": _country(values.get("country")),
            "nuts_code": nuts[:5] if nuts.isalnum() else "",
            "website": _website(values.get("organizationURL")),
        },
    )


# --- Writing ---------------------------------------------------------------------------------------

# What CORDIS may set on an organisation; the rest of a profile is its admins' to write.
ORGANISATION_FIELDS = ("name", "short_name", "type", "country", "nuts_code", "region_id", "website")
PROJECT_FIELDS = ("title", "acronym", "programme", "start_date", "end_date", "topics", "objective", "domain")


def _changes(obj, values: dict, fields: Iterable[str], *, overwrite: bool) -> list[str]:
    """Set ``values`` on ``obj``: all of them when CORDIS keeps it, else only where it is blank.
    Returns the fields that changed."""
    changed = []
    for name in fields:
        current, new = getattr(obj, name), values.get(name)
        if new in (None, "") or current == new or (not overwrite and current not in (None, "")):
            continue
        setattr(obj, name, new)
        changed.append(name)
    return changed


@dataclass
class Outcome:
    """What one chunk did; kept only if its savepoint commits."""

    counts: Counter = field(default_factory=Counter)
    rejections: list = field(default_factory=list)
    project_pks: dict = field(default_factory=dict)
    organisation_pks: dict = field(default_factory=dict)
    touched: set = field(default_factory=set)  # organisations whose evidence or profile may have changed
    updated_projects: set = field(default_factory=set)
    merges: list = field(default_factory=list)  # each organisation merged by its name, for review

    def reject(self, file: str, row, code: str, **params) -> None:
        self.rejections.append(
            {"file": file, "line": row.line, "id": row.cordis_id, "code": code, "params": {**params}}
        )


class CordisImporter:
    """Reads the two files and writes what they say; ``run()`` returns the report (a dict that
    goes into ``CordisImport.report`` as JSON)."""

    def __init__(self, projects_file, organisations_file, progress: Callable[[int, int], None] | None = None):
        self.projects = Table(projects_file, "projects", PROJECT_COLUMNS)
        self.organisations = Table(organisations_file, "organisations", ORGANISATION_COLUMNS)
        self.progress = progress or (lambda done, total: None)
        self.counts: Counter = Counter()
        self.rejections: list[dict] = []
        self.merges: list[dict] = []
        self.rejected_count = 0
        self.project_pks: dict[str, int] = {}
        self.project_lines: dict[str, int] = {}
        self.rejected_projects: dict[str, int] = {}
        self.organisation_pks: dict[str, int] = {}
        self.participation_lines: dict[tuple[str, str], int] = {}
        self.touched: set[int] = set()
        self.updated_projects: set[int] = set()
        self.regions = sorted(
            Region.objects.exclude(nuts_code="").values_list("nuts_code", "pk"), key=lambda item: -len(item[0])
        )
        self.done = self.total = 0

    # The whole run.

    def run(self) -> dict:
        started = timezone.now()
        self.total = self.projects.count() + self.organisations.count()
        self.progress(0, self.total)
        self._pass("projects", self.projects, check_project, self._write_projects)
        self._pass("organisations", self.organisations, check_organisation, self._write_organisations)
        self._finish()
        return self.report(started)

    def _pass(self, file: str, table: Table, check, write) -> None:
        pending = []
        for record in table.records():
            self.done += 1
            row = self._checked(file, record, check)
            if row is not None:
                pending.append(row)
            if len(pending) >= CHUNK:
                self._write(file, pending, write)
                pending = []
                self.progress(self.done, self.total)
        if pending:
            self._write(file, pending, write)
        self.progress(self.done, self.total)

    def _checked(self, file: str, record, check):
        if not isinstance(record, Record):
            line, code, params = record
            self._reject({"file": file, "line": line, "id": "", "code": code, "params": params})
            return None
        try:
            row = check(record)
        except Rejected as rejected:
            key = "id" if file == "projects" else "organisationID"
            self._reject(
                {
                    "file": file,
                    "line": record.line,
                    "id": (record.values.get(key) or "").strip()[:40],
                    "code": rejected.code,
                    "params": rejected.params,
                }
            )
            if file == "projects" and (record.values.get("id") or "").strip():
                self.rejected_projects.setdefault(record.values["id"].strip(), record.line)
            return None
        return self._first_of_its_kind(file, row)

    def _first_of_its_kind(self, file: str, row):
        """A project or a participation the file already had is rejected, pointing at the first."""
        if file == "projects":
            first = self.project_lines.setdefault(row.cordis_id, row.line)
            code, params = "repeated_project", {"id": row.cordis_id, "line": first}
        else:
            key = (row.project_cordis_id, row.cordis_id)
            first = self.participation_lines.setdefault(key, row.line)
            code, params = "repeated_participation", {"id": row.project_cordis_id, "line": first}
        if first == row.line:
            return row
        self._reject({"file": file, "line": row.line, "id": row.cordis_id, "code": code, "params": params})
        return None

    def _reject(self, rejection: dict) -> None:
        self.rejected_count += 1
        if len(self.rejections) < MAX_REJECTIONS_KEPT:
            self.rejections.append(rejection)

    def _write(self, file: str, rows: list, write) -> None:
        """Write the rows in one savepoint; if the database refuses, each in its own."""
        try:
            with transaction.atomic():
                outcome = write(rows)
        except DatabaseError as error:
            if len(rows) > 1:
                for row in rows:
                    self._write(file, [row], write)
                return
            row = rows[0]
            logger.warning("CORDIS %s line %s refused: %s", file, row.line, error)
            self._reject(
                {
                    "file": file,
                    "line": row.line,
                    "id": row.cordis_id,
                    "code": "database",
                    "params": {"error": str(error)[:200]},
                }
            )
            if file == "projects":
                self.rejected_projects.setdefault(row.cordis_id, row.line)
            return
        self.counts.update(outcome.counts)
        for rejection in outcome.rejections:
            self._reject(rejection)
        self.project_pks.update(outcome.project_pks)
        self.organisation_pks.update(outcome.organisation_pks)
        self.touched |= outcome.touched
        self.updated_projects |= outcome.updated_projects
        self.merges += outcome.merges

    # Projects.

    def _write_projects(self, rows: list[ProjectRow]) -> Outcome:
        outcome = Outcome()
        ids = [row.cordis_id for row in rows]
        existing = {
            project.cordis_id: project
            for project in ResearchProject.objects.filter(cordis_id__in=ids).only(
                "cordis_id", "source", *PROJECT_FIELDS
            )
        }
        new, changed, changed_fields = [], [], set()
        for row in rows:
            project = existing.get(row.cordis_id)
            if project is None:
                new.append(ResearchProject(cordis_id=row.cordis_id, source=Source.CORDIS, **row.fields))
                outcome.counts["projects_created"] += 1
                continue
            fields = _changes(project, row.fields, PROJECT_FIELDS, overwrite=project.source == Source.CORDIS)
            if fields:
                changed.append(project)
                changed_fields.update(fields)
                outcome.updated_projects.add(project.pk)
                outcome.counts["projects_updated"] += 1
            else:
                outcome.counts["projects_unchanged"] += 1
        ResearchProject.objects.bulk_create(new, batch_size=CHUNK)
        if changed:
            ResearchProject.objects.bulk_update(changed, sorted(changed_fields), batch_size=CHUNK)
        outcome.project_pks = dict(ResearchProject.objects.filter(cordis_id__in=ids).values_list("cordis_id", "pk"))
        return outcome

    # Organisations and their places in projects.

    def _write_organisations(self, rows: list[OrganisationRow]) -> Outcome:
        outcome = Outcome()
        rows = self._with_known_projects(rows, outcome)
        organisation_pks = self._write_organisation_profiles(rows, outcome)
        self._write_participations(rows, organisation_pks, outcome)
        return outcome

    def _with_known_projects(self, rows: list[OrganisationRow], outcome: Outcome) -> list[OrganisationRow]:
        unknown = {row.project_cordis_id for row in rows} - self.project_pks.keys() - self.rejected_projects.keys()
        if unknown:
            outcome.project_pks = dict(
                ResearchProject.objects.filter(cordis_id__in=unknown).values_list("cordis_id", "pk")
            )
        known = []
        for row in rows:
            if row.project_cordis_id in self.project_pks or row.project_cordis_id in outcome.project_pks:
                known.append(row)
            elif row.project_cordis_id in self.rejected_projects:
                line = self.rejected_projects[row.project_cordis_id]
                outcome.reject("organisations", row, "project_rejected", id=row.project_cordis_id, line=line)
            else:
                outcome.reject("organisations", row, "unknown_project", id=row.project_cordis_id)
        return known

    def _region_id(self, nuts_code: str) -> int | None:
        for code, pk in self.regions:
            if nuts_code.startswith(code):
                return pk
        return None

    def _write_organisation_profiles(self, rows: list[OrganisationRow], outcome: Outcome) -> dict[str, int]:
        """Create, merge or update each organisation first seen in these rows (its first row
        speaks for it); returns CORDIS id -> primary key for every organisation of the rows."""
        first_rows: dict[str, OrganisationRow] = {}
        for row in rows:
            if row.cordis_id not in self.organisation_pks:
                first_rows.setdefault(row.cordis_id, row)
        for row in first_rows.values():
            row.fields["region_id"] = self._region_id(row.fields["nuts_code"])
        columns = ("cordis_id", "source", "normalised_name", *ORGANISATION_FIELDS)
        by_id = {o.cordis_id: o for o in Organisation.objects.filter(cordis_id__in=first_rows).only(*columns)}
        administered = set(
            Membership.objects.filter(
                organisation_id__in=[o.pk for o in by_id.values()], role=Membership.Role.ADMIN
            ).values_list("organisation_id", flat=True)
        )
        candidates = self._merge_candidates([row for cid, row in first_rows.items() if cid not in by_id], columns)
        new, changed, changed_fields = [], [], set()
        for cordis_id, row in first_rows.items():
            organisation = by_id.get(cordis_id)
            if organisation is not None:
                keeps_it = organisation.source == Source.CORDIS and organisation.pk not in administered
                fields = _changes(organisation, row.fields, ORGANISATION_FIELDS, overwrite=keeps_it)
                outcome.counts["organisations_updated" if fields else "organisations_unchanged"] += 1
            else:
                matches = candidates.get(row.merge_key)
                if not matches:
                    new.append(self._new_organisation(row))
                    outcome.counts["organisations_created"] += 1
                    continue
                organisation = matches.pop(0)
                organisation.cordis_id = cordis_id
                filled = _changes(organisation, row.fields, ORGANISATION_FIELDS, overwrite=False)
                outcome.merges.append(_merge_entry(row, organisation, filled))
                fields = ["cordis_id", *filled]
                outcome.counts["organisations_merged"] += 1
            if fields:
                changed.append(organisation)
                changed_fields.update(fields)
                outcome.touched.add(organisation.pk)
        if new:
            _give_slugs(new)
            Organisation.objects.bulk_create(new, batch_size=CHUNK)
        if changed:
            fields = sorted(changed_fields | ({"normalised_name"} if "name" in changed_fields else set()))
            for organisation in changed:
                organisation.normalised_name = normalise_name(organisation.name)
            Organisation.objects.bulk_update(changed, fields, batch_size=CHUNK)
        if first_rows:
            outcome.organisation_pks = dict(
                Organisation.objects.filter(cordis_id__in=first_rows).values_list("cordis_id", "pk")
            )
            created = [outcome.organisation_pks[o.cordis_id] for o in new]
            outcome.touched.update(created)
        return {**self.organisation_pks, **outcome.organisation_pks}

    def _merge_candidates(self, rows: list[OrganisationRow], columns) -> dict[tuple[str, str], list[Organisation]]:
        """Organisations without a CORDIS identifier that these rows may be, by normalised name and country."""
        names = {row.fields["normalised_name"] for row in rows}
        candidates: dict[tuple[str, str], list[Organisation]] = defaultdict(list)
        if names:
            for organisation in (
                Organisation.objects.filter(normalised_name__in=names, cordis_id="").only(*columns).order_by("pk")
            ):
                candidates[(organisation.normalised_name, organisation.country)].append(organisation)
        return candidates

    def _new_organisation(self, row: OrganisationRow) -> Organisation:
        return Organisation(cordis_id=row.cordis_id, source=Source.CORDIS, **row.fields)

    def _write_participations(self, rows: list[OrganisationRow], organisation_pks: dict, outcome: Outcome) -> None:
        project_pks = {**self.project_pks, **outcome.project_pks}
        wanted = {(project_pks[row.project_cordis_id], organisation_pks[row.cordis_id]): row for row in rows}
        existing = {
            (project_id, organisation_id): (pk, role)
            for project_id, organisation_id, pk, role in Participation.objects.filter(
                project_id__in={project_id for project_id, _o in wanted}
            ).values_list("project_id", "organisation_id", "pk", "role")
        }
        new, role_changes = [], defaultdict(list)
        for (project_id, organisation_id), row in wanted.items():
            found = existing.get((project_id, organisation_id))
            if found is None:
                new.append(Participation(project_id=project_id, organisation_id=organisation_id, role=row.role))
                outcome.counts["participations_created"] += 1
                outcome.touched.add(organisation_id)
            elif found[1] != row.role:
                role_changes[row.role].append(found[0])
                outcome.counts["participations_updated"] += 1
            else:
                outcome.counts["participations_unchanged"] += 1
        Participation.objects.bulk_create(new, batch_size=CHUNK)
        for role, pks in role_changes.items():
            Participation.objects.filter(pk__in=pks).update(role=role)

    # After the rows.

    def _finish(self) -> None:
        """What follows from the rows, once for every organisation they touched: competences from
        the evidence, completeness, the search index, the cached pages and matchmaking's index."""
        touched = set(self.touched)
        for batch in batches(self.updated_projects):
            touched.update(Participation.objects.filter(project_id__in=batch).values_list("organisation_id", flat=True))
        if not touched:
            return
        ids = sorted(touched)
        evidence.refresh_competences(ids)
        refresh_completeness(ids)
        reindex_search(ids)  # their competences, part of what search finds, may have changed too
        caching.bump("actors")
        profile_changed.send(sender=Organisation, organisation_ids=ids)

    def report(self, started) -> dict:
        return {
            "encodings": {
                "projects": ENCODING_LABELS[self.projects.encoding],
                "organisations": ENCODING_LABELS[self.organisations.encoding],
            },
            "rows": self.done,
            "counts": dict(self.counts),
            "rejected": self.rejected_count,
            "rejections": sorted(self.rejections, key=lambda r: (r["file"] != "projects", r["line"])),
            "merges": self.merges,
            "seconds": round((timezone.now() - started).total_seconds(), 1),
        }


def _give_slugs(organisations: list[Organisation]) -> None:
    """Each a slug no other organisation has: its name, else its name and CORDIS identifier."""
    wanted = {}
    for organisation in organisations:
        base = slugify(fold(organisation.name))[:95].strip("-") or "organisation"
        wanted[organisation.cordis_id] = (base, f"{base}-{organisation.cordis_id}".lower())
    every = {slug for pair in wanted.values() for slug in pair}
    taken = set(RESERVED_SLUGS) | set(Organisation.objects.filter(slug__in=every).values_list("slug", flat=True))
    for organisation in organisations:
        base, with_id = wanted[organisation.cordis_id]
        slug = base if base not in taken else with_id
        number = 2
        while slug in taken:
            slug, number = f"{with_id}-{number}", number + 1
        taken.add(slug)
        organisation.slug = slug


def _merge_entry(row: OrganisationRow, organisation: Organisation, filled: list[str]) -> dict:
    """What the report keeps of a merge by name: enough to show it and to undo it, including the
    blank fields of the platform's organisation that the merge filled in."""
    return {
        "id": row.cordis_id,
        "line": row.line,
        "organisation": organisation.pk,
        "fields": {name: row.fields[name] for name in ORGANISATION_FIELDS},
        "filled": filled,
    }


@transaction.atomic
def separate_merge(cordis_import: CordisImport, cordis_id: str) -> Organisation:
    """Undo a merge by name that a platform admin found wrong: the CORDIS organisation becomes an
    organisation of its own, with the places in CORDIS projects the import gave the other; the
    platform's organisation keeps its profile and the projects entered on the platform. Later
    imports find the new one by its identifier, so they never merge the two again."""

    entry = next((m for m in cordis_import.report.get("merges", []) if m["id"] == cordis_id), None)
    merged = Organisation.objects.select_for_update().filter(pk=(entry or {}).get("organisation")).first()
    if entry is None or merged is None or merged.cordis_id != cordis_id:
        raise Refused(_("This merge has already been undone, or the organisation is gone."))
    merged.cordis_id = ""
    # What the merge filled in and nobody has changed since goes back to blank.
    filled = [name for name in entry.get("filled", []) if getattr(merged, name) == entry["fields"][name]]
    for name in filled:
        setattr(merged, name, None if name == "region_id" else "")
    merged.save(update_fields=["cordis_id", *filled])
    separated = Organisation(cordis_id=cordis_id, source=Source.CORDIS, **entry["fields"])
    separated.normalised_name = normalise_name(separated.name)
    _give_slugs([separated])
    separated.save()
    Participation.objects.filter(organisation=merged, project__source=Source.CORDIS).update(organisation=separated)
    ids = [merged.pk, separated.pk]
    evidence.refresh_competences(ids)
    changed_profiles(ids)
    transaction.on_commit(lambda: reindex_search(ids))
    return separated


def merges_to_review(cordis_import: CordisImport) -> list[dict]:
    """The import's merges by name that still stand, each with the platform's organisation."""
    entries = cordis_import.report.get("merges", [])
    organisations = Organisation.objects.in_bulk([entry["organisation"] for entry in entries])
    return [
        {**entry, "organisation": organisations[entry["organisation"]]}
        for entry in entries
        if entry["organisation"] in organisations and organisations[entry["organisation"]].cordis_id == entry["id"]
    ]


# --- Running an import -----------------------------------------------------------------------------


def import_files(projects_file, organisations_file, progress=None) -> dict:
    """Import two open binary files; returns the report. Raises ImportFileError when a file as a
    whole cannot be read (then nothing was written)."""
    return CordisImporter(projects_file, organisations_file, progress).run()


def start_import(user, projects_file, organisations_file) -> CordisImport:
    """Keep the uploaded files and queue their import; it starts once this transaction commits."""
    from .tasks import run_cordis_import

    cordis_import = CordisImport.objects.create(
        started_by=user, projects_file=projects_file, organisations_file=organisations_file
    )
    # robust: a queue that cannot be reached leaves the import waiting, and the upload is not lost.
    transaction.on_commit(lambda: run_cordis_import.enqueue(cordis_import.pk), robust=True)
    return cordis_import


# The progress row is written at most this often (seconds): often enough for a page that asks
# every two seconds, rarely enough to cost nothing beside the import.
PROGRESS_EVERY = 1.0
# A running import's worker writes a sign of life this often (seconds); a running import whose
# last one is older than STALE_AFTER was left by a dead worker, and another may take it over.
HEARTBEAT_EVERY = 20.0
STALE_AFTER = 90.0


def run_import(import_id: int) -> None:
    """Run a queued import and keep its report. Safe to run twice: a finished import is left
    alone; one another worker is running is left to it (this call waits, and takes it over if
    that worker dies); one that was interrupted runs again, which writes only what is still missing."""
    while (mine := _claim(import_id)) is None:
        status = CordisImport.objects.filter(pk=import_id).values_list("status", flat=True).first()
        if status != CordisImport.Status.RUNNING:
            return  # finished, failed, or deleted
        time.sleep(HEARTBEAT_EVERY)
    with _heartbeat(mine):
        _run_claimed(mine)


def _claim(import_id: int):
    """Take the import if it waits, or if it runs with no recent sign of life: one conditional UPDATE
    that also writes a new worker token. Returns the import's rows *as this worker's* (a queryset
    filtered on the token), or None. Every later write goes through it, so a worker that was taken
    over while still alive (stalled past ``STALE_AFTER``) can no longer write the progress or report."""
    now, token = timezone.now(), uuid.uuid4()
    left = Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=now - timedelta(seconds=STALE_AFTER))
    waiting = Q(status=CordisImport.Status.QUEUED) | (Q(status=CordisImport.Status.RUNNING) & left)
    claimed = CordisImport.objects.filter(waiting, pk=import_id).update(
        status=CordisImport.Status.RUNNING, done=0, heartbeat_at=now, worker=token
    )
    return CordisImport.objects.filter(pk=import_id, worker=token) if claimed else None


@contextmanager
def _heartbeat(mine):
    """Write a sign of life every ``HEARTBEAT_EVERY`` seconds from a thread of its own while the
    import runs: the import's long steps (indexing) report no progress for minutes."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(HEARTBEAT_EVERY):
                try:
                    mine.filter(status=CordisImport.Status.RUNNING).update(heartbeat_at=timezone.now())
                except DatabaseError:  # SQLite's lock during the import's writes: the next beat comes through
                    logger.warning("CORDIS import: a sign of life could not be written")
        finally:
            connection.close()  # the thread's own connection

    thread = threading.Thread(target=beat, name="cordis-import-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _run_claimed(mine) -> None:
    """Precondition: ``mine`` is the claimed import's rows as this worker's (see ``_claim``)."""
    cordis_import = mine.get()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = timezone.now().timestamp()
        if done in (0, total) or now - last[0] >= PROGRESS_EVERY:
            last[0] = now
            mine.update(done=done, total=total)

    try:
        with cordis_import.projects_file.open("rb") as projects, cordis_import.organisations_file.open("rb") as orgs:
            report = import_files(projects, orgs, progress)
    except ImportFileError as error:
        _finish_import(mine, CordisImport.Status.FAILED, error.as_report())
        return
    except BaseException:
        # The rows written so far stay (each chunk is whole); running the import again completes it.
        _finish_import(mine, CordisImport.Status.FAILED, {"error": {"code": "unexpected", "params": {}}})
        raise
    _finish_import(mine, CordisImport.Status.DONE, report)


def _finish_import(mine, status: str, report: dict) -> None:
    mine.update(status=status, report=report, finished_at=timezone.now())


# --- Reading a report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryRow:
    label: str
    created: int
    merged: int | None  # only organisations are merged
    updated: int
    unchanged: int


def report_summary(report: dict) -> list[SummaryRow]:
    """What was created, merged, updated and left unchanged, by kind, in the active language."""
    counts = report.get("counts", {})
    rows = []
    for kind, label in (
        ("projects", _("Projects")),
        ("organisations", _("Organisations")),
        ("participations", _("Places in consortia")),
    ):
        rows.append(
            SummaryRow(
                label=str(label),
                created=counts.get(f"{kind}_created", 0),
                merged=counts.get(f"{kind}_merged", 0) if kind == "organisations" else None,
                updated=counts.get(f"{kind}_updated", 0),
                unchanged=counts.get(f"{kind}_unchanged", 0),
            )
        )
    return rows


def report_rejections(report: dict) -> list[dict]:
    """The rejected rows kept in the report, each with its reason in the active language."""
    return [
        {
            **rejection,
            "file_label": str(FILE_NAMES.get(rejection["file"], rejection["file"])),
            "reason": reason_text(rejection),
        }
        for rejection in report.get("rejections", [])
    ]


def report_lines(report: dict) -> list[str]:
    """The report as plain text, for the command line."""
    lines = [
        str(
            _("%(rows)s rows read in %(seconds)s s; encodings: projects %(projects)s, organisations %(organisations)s.")
        )
        % {"rows": f"{report.get('rows', 0):,}", "seconds": report.get("seconds", 0), **report.get("encodings", {})}
    ]
    for row in report_summary(report):
        merged = "" if row.merged is None else str(_(", merged %(count)s")) % {"count": f"{row.merged:,}"}
        lines.append(
            str(_("%(label)s: created %(created)s%(merged)s, updated %(updated)s, unchanged %(unchanged)s"))
            % {
                "label": row.label,
                "created": f"{row.created:,}",
                "merged": merged,
                "updated": f"{row.updated:,}",
                "unchanged": f"{row.unchanged:,}",
            }
        )
    lines.append(str(_("Rejected rows: %(count)s")) % {"count": f"{report.get('rejected', 0):,}"})
    for rejection in report_rejections(report):
        lines.append(
            str(_("  %(file)s file, line %(line)s (%(id)s): %(reason)s"))
            % {
                "file": rejection["file_label"],
                "line": rejection["line"],
                "id": rejection["id"] or "–",
                "reason": rejection["reason"],
            }
        )
    hidden = report.get("rejected", 0) - len(report.get("rejections", []))
    if hidden > 0:
        lines.append(str(_("  … and %(count)s more rejected rows, not listed.")) % {"count": f"{hidden:,}"})
    return lines
