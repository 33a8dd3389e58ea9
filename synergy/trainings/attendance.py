"""Read the attendance reports that webinar tools export, and turn them into check-ins.

Zoom, Microsoft Teams, Webex and Google Meet all export a table of join and leave
events, one row per session of a person, in CSV or tab-separated text, in UTF-8 (with or
without a byte-order mark), UTF-16 (Teams) or the Windows code page of the organiser's
machine (Windows-1250 in Central Europe). Some put a summary block above the table.

``read_report`` finds the table and guesses which column is which; ``plan`` merges the
rows of each person by e-mail address (ignoring case), adds up their time, and says, row
by row, what applying the report would do. Nothing is written here.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

FIELDS = ("email", "name", "duration", "join", "leave")
HEADER_HINTS = {
    "email": [
        "e-mail", "email", "mail", "user email", "attendee email", "participant email", "e-mail-adresse",
        "adres e-mail",
    ],
    "name": ["name", "full name", "participant", "display name", "attendee", "user name", "imię i nazwisko", "ime"],
    "duration": [
        "duration", "in-meeting duration", "attendance duration", "time in session", "minutes", "czas trwania", "dauer",
    ],
    "join": ["join time", "first join", "joined", "join", "start time", "first seen"],
    "leave": ["leave time", "last leave", "left", "leave", "end time", "last seen"],
}  # fmt: skip
MAX_BYTES = 5 * 1024 * 1024


class ReportUnreadable(Exception):
    """The file is not a table we can read; the message says why."""


@dataclass
class Report:
    headers: list[str]
    rows: list[list[str]]  # data rows only, each as long as headers
    first_row_number: int  # the file line of the first data row, for messages
    encoding: str
    delimiter: str
    guessed: dict[str, int | None] = field(default_factory=dict)


def decode(data: bytes) -> tuple[str, str]:
    """The text and the name of its encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8 (BOM)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("cp1250", errors="replace"), "Windows-1250"


def read_report(data: bytes) -> Report:
    if len(data) > MAX_BYTES:
        raise ReportUnreadable(_("The file is larger than 5 MB; is it really an attendance report?"))
    text, encoding = decode(data)
    text = text.replace("\x00", "")
    sample = "\n".join(text.splitlines()[:50])
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    table = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    for index, row in enumerate(table[:40]):
        cells = [cell.strip().lower() for cell in row]
        if any(cell in HEADER_HINTS["email"] or "mail" in cell for cell in cells) and len(row) >= 2:
            headers = [cell.strip() for cell in row]
            rows = [(r + [""] * len(headers))[: len(headers)] for r in table[index + 1 :] if any(c.strip() for c in r)]
            report = Report(headers, rows, index + 2, encoding, delimiter)
            report.guessed = guess_mapping(headers)
            return report
    raise ReportUnreadable(_("No column with e-mail addresses was found in the first 40 lines."))


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    lowered = [h.strip().lower() for h in headers]
    mapping: dict[str, int | None] = {}
    for name in FIELDS:
        mapping[name] = next((i for i, h in enumerate(lowered) if h in HEADER_HINTS[name]), None)
        if mapping[name] is None:
            mapping[name] = next(
                (
                    i
                    for i, h in enumerate(lowered)
                    if any(hint in h for hint in HEADER_HINTS[name]) and i not in mapping.values()
                ),
                None,
            )
    return mapping


_DURATION_PARTS = re.compile(r"(\d+)\s*(h|hr|hrs|hours?|m|min|mins|minutes?|s|sec|secs|seconds?)\b", re.IGNORECASE)
_CLOCK = re.compile(r"^(\d+):(\d{1,2})(?::(\d{1,2}))?$")
DATE_FORMATS = [
    "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y, %I:%M:%S %p", "%m/%d/%y, %I:%M:%S %p",
    "%d.%m.%Y %H:%M:%S", "%d.%m.%Y, %H:%M:%S", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M",
]  # fmt: skip


def parse_minutes(value: str) -> float | None:
    """Minutes from '63', '1h 3m 20s', '01:03:20' or '63 min'; None if unreadable."""
    value = value.strip()
    if not value:
        return None
    if re.fullmatch(r"\d+([.,]\d+)?", value):
        return float(value.replace(",", "."))
    clock = _CLOCK.match(value)
    if clock:
        hours, minutes, seconds = clock.group(1), clock.group(2), clock.group(3)
        if seconds is None:  # "HH:MM"
            return int(hours) * 60 + int(minutes)
        return int(hours) * 60 + int(minutes) + int(seconds) / 60
    parts = _DURATION_PARTS.findall(value)
    if not parts:
        return None
    total = 0.0
    for number, unit in parts:
        unit = unit.lower()
        total += int(number) * (60 if unit.startswith("h") else 1 / 60 if unit.startswith("s") else 1)
    return total


def parse_time(value: str) -> datetime | None:
    value = value.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    return None


@dataclass
class Person:
    email: str
    name: str
    minutes: float = 0.0
    rows: list[int] = field(default_factory=list)


@dataclass
class Rejection:
    row: int
    text: str
    reason: str


@dataclass
class Plan:
    people: list[Person]
    rejected: list[Rejection]


def plan(report: Report, mapping: dict[str, int | None], minimum_minutes: int) -> Plan:
    """Merge rows per person and decide who counts as attended; writes nothing."""
    if mapping.get("email") is None:
        raise ReportUnreadable(_("Choose the column that holds e-mail addresses."))
    if mapping.get("duration") is None and (mapping.get("join") is None or mapping.get("leave") is None):
        raise ReportUnreadable(_("Choose a duration column, or both a join-time and a leave-time column."))
    people: dict[str, Person] = {}
    rejected: list[Rejection] = []
    for offset, row in enumerate(report.rows):
        number = report.first_row_number + offset
        text = " · ".join(cell for cell in row if cell)[:200]
        email = row[mapping["email"]].strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            rejected.append(Rejection(number, text, _("no valid e-mail address")))
            continue
        minutes = _row_minutes(row, mapping)
        if minutes is None:
            rejected.append(Rejection(number, text, _("the time attended cannot be read")))
            continue
        name = row[mapping["name"]].strip()[:200] if mapping.get("name") is not None else ""
        person = people.setdefault(email, Person(email=email, name=name))
        person.minutes += minutes
        person.rows.append(number)
    attended = []
    for person in people.values():
        if person.minutes < minimum_minutes:
            reason = _("attended %(minutes)s minutes, less than the minimum of %(minimum)s") % {
                "minutes": round(person.minutes),
                "minimum": minimum_minutes,
            }
            rejected.append(Rejection(person.rows[0], person.email, reason))
        else:
            attended.append(person)
    rejected.sort(key=lambda rejection: rejection.row)
    return Plan(people=attended, rejected=rejected)


def _row_minutes(row: list[str], mapping: dict[str, int | None]) -> float | None:
    if mapping.get("duration") is not None:
        minutes = parse_minutes(row[mapping["duration"]])
        if minutes is not None:
            return minutes
    if mapping.get("join") is not None and mapping.get("leave") is not None:
        joined, left = parse_time(row[mapping["join"]]), parse_time(row[mapping["leave"]])
        if joined and left and left >= joined:
            return (left - joined).total_seconds() / 60
    return None
