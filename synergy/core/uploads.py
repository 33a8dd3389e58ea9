"""Upload checks: by size and by what the bytes are, never by the name or the browser's word.

Each kind of file is recognised from its first bytes (and, for office formats, from the
parts inside the ZIP container). Apps say which kinds a field accepts:

    validators=[UploadValidator({"pdf", "pptx", "odp"})]
"""

import secrets
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

HEAD_BYTES = 4096
# An office file may unpack to this many times the upload limit; more is a "zip bomb" that would
# exhaust the memory or disk of whoever opens it.
EXPANSION_FACTOR = 10


def _zip_names(file) -> set[str]:
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()
    finally:
        file.seek(0)


def _expanded_size(file) -> int:
    """What a ZIP container (office formats are ZIPs) says its members unpack to; 0 for other files."""
    try:
        file.seek(0)
        if file.read(4) != b"PK\x03\x04":
            return 0
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            return sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0
    finally:
        file.seek(0)


def _zip_mimetype(file) -> str:
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            return archive.read("mimetype").decode("ascii", "replace").strip()
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return ""
    finally:
        file.seek(0)


def _is_ooxml(prefix: str) -> Callable[[bytes, object], bool]:
    def check(head: bytes, file) -> bool:
        if not head.startswith(b"PK\x03\x04"):
            return False
        names = _zip_names(file)
        return "[Content_Types].xml" in names and any(n.startswith(prefix) for n in names)

    return check


def _is_odf(mimetype: str) -> Callable[[bytes, object], bool]:
    def check(head: bytes, file) -> bool:
        return head.startswith(b"PK\x03\x04") and _zip_mimetype(file) == mimetype

    return check


def _is_binary_stl(head: bytes, file) -> bool:
    if len(head) < 84 or head[:5].lower() == b"solid":
        return False
    triangles = int.from_bytes(head[80:84], "little")
    return file.size == 84 + 50 * triangles


def _is_ascii_stl(head: bytes, file) -> bool:
    return head[:5].lower() == b"solid" and b"facet" in head


def _is_iges(head: bytes, file) -> bool:
    first_line = head.split(b"\n", 1)[0].rstrip(b"\r")
    return len(first_line) >= 73 and first_line[72:73] == b"S"


def _is_text(head: bytes, file) -> bool:
    """Plain text in any encoding: UTF-16 carries NUL bytes, so it is known by its BOM."""
    return head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" not in head


@dataclass(frozen=True)
class Kind:
    label: str
    extensions: tuple[str, ...]
    matches: Callable[[bytes, object], bool]


KINDS: dict[str, Kind] = {
    "pdf": Kind("PDF", (".pdf",), lambda head, f: head.startswith(b"%PDF-")),
    "png": Kind("PNG", (".png",), lambda head, f: head.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpeg": Kind("JPEG", (".jpg", ".jpeg"), lambda head, f: head.startswith(b"\xff\xd8\xff")),
    "gif": Kind("GIF", (".gif",), lambda head, f: head[:6] in (b"GIF87a", b"GIF89a")),
    "webp": Kind("WebP", (".webp",), lambda head, f: head[:4] == b"RIFF" and head[8:12] == b"WEBP"),
    "docx": Kind("DOCX", (".docx",), _is_ooxml("word/")),
    "xlsx": Kind("XLSX", (".xlsx",), _is_ooxml("xl/")),
    "pptx": Kind("PPTX", (".pptx",), _is_ooxml("ppt/")),
    "odt": Kind("ODT", (".odt",), _is_odf("application/vnd.oasis.opendocument.text")),
    "odp": Kind("ODP", (".odp",), _is_odf("application/vnd.oasis.opendocument.presentation")),
    "ods": Kind("ODS", (".ods",), _is_odf("application/vnd.oasis.opendocument.spreadsheet")),
    "step": Kind("STEP", (".step", ".stp"), lambda head, f: head.lstrip().startswith(b"ISO-10303-21;")),
    "stl": Kind("STL", (".stl",), lambda head, f: _is_ascii_stl(head, f) or _is_binary_stl(head, f)),
    "iges": Kind("IGES", (".iges", ".igs"), _is_iges),
    "csv": Kind("CSV", (".csv", ".txt"), _is_text),
}


def detect_kind(file, allowed: Iterable[str]) -> str | None:
    """Return the first allowed kind whose signature the file's bytes carry, or None."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    if isinstance(head, str):
        head = head.encode()
    for name in allowed:
        if KINDS[name].matches(head, file):
            return name
    return None


@deconstructible
class UploadValidator:
    """Refuse files that are too large, or whose content is not one of the allowed kinds."""

    def __init__(self, kinds: Iterable[str], max_bytes: int | None = None):
        self.kinds = tuple(kinds)
        unknown = set(self.kinds) - KINDS.keys()
        if unknown:
            raise ValueError(f"unknown upload kinds: {sorted(unknown)}")
        self.max_bytes = max_bytes

    def __call__(self, file) -> None:
        limit = self.max_bytes or settings.UPLOAD_MAX_BYTES
        if file.size > limit:
            raise ValidationError(
                _("This file is %(size)s; the limit is %(limit)s."),
                code="file_too_large",
                params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            )
        kind = detect_kind(file, self.kinds)
        if kind is None:
            raise ValidationError(
                _("This file's content is not an accepted type (%(kinds)s)."),
                code="file_type",
                params={"kinds": ", ".join(KINDS[k].label for k in self.kinds)},
            )
        if _expanded_size(file) > EXPANSION_FACTOR * limit:
            raise ValidationError(
                _("This file unpacks to more than %(limit)s; it cannot be accepted."),
                code="file_expands",
                params={"limit": filesizeformat(EXPANSION_FACTOR * limit)},
            )
        name = (getattr(file, "name", "") or "").lower()
        if not name.endswith(KINDS[kind].extensions):
            raise ValidationError(
                _("The file name should end in %(extensions)s to match its content."),
                code="file_extension",
                params={"extensions": " / ".join(KINDS[kind].extensions)},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadValidator) and (self.kinds, self.max_bytes) == (
            other.kinds,
            other.max_bytes,
        )


# Folders of MEDIA_ROOT that hold confidential files (challenge and proposal attachments,
# attendance reports with participants' names, the files of library drafts). They are served only by views that check
# permission; docs/deploy.md tells the web server to refuse them, and the development server
# (synergy.core.views.media) refuses them too.
PRIVATE_MEDIA_FOLDERS = ("challenges", "proposals", "attendance-reports", "imports", "library")


def private_path(folder: str, filename: str) -> str:
    """Where a confidential upload is stored: its own unguessable folder under ``folder``."""
    if folder not in PRIVATE_MEDIA_FOLDERS:
        raise ValueError(folder)
    return f"{folder}/{timezone.now():%Y}/{secrets.token_urlsafe(12)}/{filename}"
