"""Every upload field in the product refuses hostile files through its real form and view.

tests/core/test_uploads.py checks the validator on its own; here each field is reached as a
person would reach it (the demo world, the right persona, the real page), so a field that
forgets its validator, or a view that saves before validating, fails. A refused file must
leave an error message and nothing on disk; a hostile file name is stored under a safe name.
"""

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from synergy.accounts.models import User
from synergy.challenges.models import Proposal
from synergy.trainings.models import TrainingMaterial

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120
PE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.domain)</script></svg>"
)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def _zip_bomb(office_parts: dict[str, bytes]) -> bytes:
    """A small ZIP with valid office parts and one member that unpacks to 300 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in office_parts.items():
            archive.writestr(name, data)
        with archive.open("word/media/bomb.bin", "w", force_zip64=True) as member:
            chunk = b"\x00" * (1 << 20)
            for _ in range(300):
                member.write(chunk)
    return buffer.getvalue()


DOCX_PARTS = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
XLSX_PARTS = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}


@dataclass
class UploadField:
    """Where a file is uploaded, by whom, with which other fields, and one file it accepts."""

    name: str
    persona: str
    url: str
    file_field: str
    data: dict
    good: tuple[str, bytes]


def _fields() -> list[UploadField]:
    material = TrainingMaterial.objects.order_by("pk").first()
    proposal = Proposal.objects.get(title="Gyroid bracket")
    return [
        UploadField(
            "training material",
            "coordinator@synergy.test",
            f"/trainings/materials/{material.pk}/edit/",
            "version-file",
            {"version-language": "sl", "version-version": "1", "add_version": "1"},
            ("deck.pdf", PDF),
        ),
        UploadField(
            "attendance report",
            "coordinator@synergy.test",
            "/trainings/lower-silesia-strategy-training-past/attendance/",
            "file",
            {"minimum_minutes": "15"},
            ("attendance.csv", b"Name,Email,Duration (minutes)\nAna,ana@example.org,90\n"),
        ),
        UploadField(
            "challenge attachment",
            "coordinator@synergy.test",
            "/challenges/lighter-rail-bracket/attachments/",
            "file",
            {"title": "Drawing"},
            ("drawing.pdf", PDF),
        ),
        UploadField(
            "proposal attachment",
            proposal.created_by.email,
            f"/challenges/{proposal.challenge.slug}/proposals/{proposal.pk}/files/",
            "file",
            {"title": "Drawing"},
            ("drawing.pdf", PDF),
        ),
        UploadField(
            "facility photo",
            "admin@synergy.test",
            "/facilities/metal-powder-bed-printer/photos/",
            "image",
            {"description": "The printer"},
            ("printer.png", _png()),
        ),
        UploadField(
            "library attachment",
            "admin@synergy.test",
            "/library/emilia-romagna-open-innovation-strategy/files/",
            "file-file",
            {"action": "add_file", "file-title": "Leaflet", "file-language": "it"},
            ("leaflet.pdf", PDF),
        ),
    ]


FIELD_NAMES = [
    "training material",
    "attendance report",
    "challenge attachment",
    "proposal attachment",
    "facility photo",
    "library attachment",
]
HOSTILE_FILES = {
    "HTML named .pdf": ("invoice.pdf", HTML, "application/pdf"),
    "ELF named .png": ("photo.png", ELF, "image/png"),
    "PE named .pdf": ("slides.pdf", PE, "application/pdf"),
    "SVG with script": ("logo.svg", SVG, "image/svg+xml"),
    "SVG with script named .png": ("logo.png", SVG, "image/png"),
    "DOCX zip bomb": ("report.docx", None, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "XLSX zip bomb": ("attendance.xlsx", None, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    return {"DOCX zip bomb": _zip_bomb(DOCX_PARTS), "XLSX zip bomb": _zip_bomb(XLSX_PARTS)}


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _files_on_disk() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def _upload(client, field: UploadField, name: str, content: bytes, content_type="application/octet-stream"):
    client.force_login(User.objects.get(email=field.persona))
    upload = SimpleUploadedFile(name, content, content_type)
    return client.post(field.url, {**field.data, field.file_field: upload}, follow=True)


def _error_shown(response) -> bool:
    html = response.content.decode()
    return 'class="errorlist' in html or 'class="alert alert--error' in html


HOSTILE_NAMES = ["../../../etc/passwd{ext}", "..\\..\\win{ext}", "nul\x00byte{ext}", "evil\u202eabc{ext}"]


@pytest.mark.parametrize("field_name", FIELD_NAMES)
def test_each_upload_field_takes_a_good_file_and_refuses_hostile_ones(client, demo, bombs, settings, field_name):
    """One test per field (the demo world is seeded once for all its cases)."""
    field = next(f for f in _fields() if f.name == field_name)
    good_name, good_content = field.good

    before = _files_on_disk()
    response = _upload(client, field, good_name, good_content)
    assert response.status_code == 200 and not _error_shown(response), response.content.decode()[:2000]
    assert len(_files_on_disk() - before) == 1, "the good file was not stored"

    for case, (name, content, content_type) in HOSTILE_FILES.items():
        before = _files_on_disk()
        response = _upload(client, field, name, bombs.get(case, content), content_type)
        assert response.status_code == 200 and _error_shown(response), f"{field_name} took {case}"
        assert _files_on_disk() == before, f"{field_name} kept {case} on disk"

    for hostile_name in HOSTILE_NAMES:
        name = hostile_name.format(ext=Path(good_name).suffix)
        before = _files_on_disk()
        response = _upload(client, field, name, good_content)
        assert response.status_code == 200
        added = _files_on_disk() - before
        if not added:  # refused: then it must say so
            assert _error_shown(response), f"{field_name} silently dropped {name!r}"
            continue
        (path,) = added
        assert path.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve()), path
        assert not any(c in path.name for c in ("\x00", "\u202e", "\\", "..")), path.name

    settings.UPLOAD_MAX_BYTES = 64 * 1024
    limit = 5 * 1024 * 1024 if field_name == "attendance report" else settings.UPLOAD_MAX_BYTES
    before = _files_on_disk()
    response = _upload(
        client, field, good_name, good_content + (b"\n" if good_name.endswith(".csv") else b"\x00") * limit
    )
    assert _error_shown(response) and "the limit is" in response.content.decode(), f"{field_name} took a large file"
    assert _files_on_disk() == before


def test_a_windows_1250_attendance_report_is_read_with_its_letters(client, demo):
    field = next(f for f in _fields() if f.name == "attendance report")
    report = "Name,Email,Duration (minutes)\nŁukasz Żółć,lz@example.org,90\n".encode("cp1250")
    response = _upload(client, field, "zoom.csv", report)
    html = response.content.decode()
    assert "Łukasz Żółć" in html and "Windows-1250" in html
