import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from synergy.core.uploads import UploadValidator, detect_kind

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
STEP = b"ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION(('part'),'2;1');\nENDSEC;\n"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


PPTX = _zip({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"})
ODP = _zip({"mimetype": b"application/vnd.oasis.opendocument.presentation", "content.xml": b"<x/>"})
BINARY_STL = b"\x00" * 80 + (1).to_bytes(4, "little") + b"\x00" * 50


@pytest.mark.parametrize(
    ("data", "name", "kinds", "expected"),
    [
        (PDF, "deck.pdf", ["pdf"], "pdf"),
        (PNG, "logo.png", ["jpeg", "png"], "png"),
        (PPTX, "deck.pptx", ["pdf", "pptx", "odp"], "pptx"),
        (ODP, "deck.odp", ["pdf", "pptx", "odp"], "odp"),
        (STEP, "part.step", ["step", "stl"], "step"),
        (BINARY_STL, "part.stl", ["step", "stl"], "stl"),
        (b"solid cube\n facet normal 0 0 1\n", "cube.stl", ["stl"], "stl"),
    ],
)
def test_files_are_recognised_by_their_content(data, name, kinds, expected):
    assert detect_kind(SimpleUploadedFile(name, data), kinds) == expected


def test_a_renamed_executable_is_refused():
    upload = SimpleUploadedFile("slides.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100)
    with pytest.raises(ValidationError) as error:
        UploadValidator(["pdf", "pptx"])(upload)
    assert error.value.code == "file_type"


def test_a_plain_zip_is_not_taken_for_a_presentation():
    upload = SimpleUploadedFile("deck.pptx", _zip({"readme.txt": b"hi"}))
    with pytest.raises(ValidationError):
        UploadValidator(["pptx"])(upload)


def test_a_file_over_the_limit_is_refused_with_both_sizes_in_the_message():
    upload = SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)
    with pytest.raises(ValidationError) as error:
        UploadValidator(["pdf"], max_bytes=1024)(upload)
    assert error.value.code == "file_too_large"
    assert "KB" in str(error.value.messages[0])


def test_content_and_file_name_must_agree():
    with pytest.raises(ValidationError) as error:
        UploadValidator(["pdf", "png"])(SimpleUploadedFile("logo.pdf", PNG))
    assert error.value.code == "file_extension"


def test_unknown_kinds_are_a_programming_error():
    with pytest.raises(ValueError):
        UploadValidator(["exe"])
