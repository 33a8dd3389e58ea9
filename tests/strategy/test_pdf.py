"""The whole strategy as a typeset PDF per language, with its diacritics."""

import base64
import re
import zlib

import pytest
from django.urls import reverse

from synergy.strategy.pdf import strategy_pdf

pytestmark = pytest.mark.django_db


def _objects(content: bytes) -> dict[int, tuple[bytes, bytes]]:
    """Object number -> (its dictionary, its stream decompressed, or b"")."""
    found = {}
    for number, body in re.findall(rb"(\d+) 0 obj(.*?)endobj", content, re.S):
        head, _sep, rest = body.partition(b"stream")
        data = b""
        if _sep:
            data = rest.lstrip(b"\r\n").rsplit(b"endstream", 1)[0]
            if b"ASCII85Decode" in head:
                data = base64.a85decode(data.strip().removesuffix(b"~>"))
            if b"FlateDecode" in head:
                data = zlib.decompress(data)
        found[int(number)] = (head, data)
    return found


def _unescape(literal: bytes) -> bytes:
    literal = re.sub(rb"\\(\d{1,3})", lambda m: bytes([int(m.group(1), 8)]), literal)
    return re.sub(rb"\\(.)", rb"\1", literal, flags=re.S)


def pdf_text(content: bytes) -> str:
    """The text drawn in a reportlab PDF, decoded through each font's ToUnicode map.

    reportlab writes TrueType text as one-byte codes of font subsets (``/F2+0``), each with a
    ToUnicode CMap. The project has no PDF reader; this reads just what reportlab writes."""
    objects = _objects(content)
    fonts = {}  # resource name -> {code: character}
    for head, _data in objects.values():
        for name, number in re.findall(rb"/(F\d+(?:\+\d+)?) (\d+) 0 R", head):
            cmap_ref = re.search(rb"/ToUnicode (\d+) 0 R", objects[int(number)][0])
            table = {}
            if cmap_ref:
                cmap = objects[int(cmap_ref.group(1))][1]
                for code, text in re.findall(rb"<([0-9A-Fa-f]{2})> <([0-9A-Fa-f]{4,})>", cmap):
                    table[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
            fonts[name] = table
    lines = []
    for _head, data in objects.values():
        current = {}
        for font, literal in re.findall(rb"/(F\d+(?:\+\d+)?) [\d.]+ Tf|\(((?:[^\\)]|\\.)*)\)\s*Tj", data, re.S):
            if font:
                current = fonts.get(font, {})
            else:
                lines.append("".join(current.get(byte, chr(byte)) for byte in _unescape(literal)))
    return "\n".join(lines)


def test_the_strategy_pdf_is_a_valid_pdf_with_the_embedded_font(client, strategy):
    response = client.get(reverse("strategy:pdf", args=["crowd", "en"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and response.content.rstrip().endswith(b"%%EOF")
    assert b"DejaVuSans" in response.content
    assert b"/Outlines" in response.content  # chapters as bookmarks


def test_polish_and_croatian_diacritics_are_in_the_pdfs_fonts(strategy):
    strategy.title_pl = "Strategia innowacji społecznościowych: żółć"
    strategy.save()
    chapter = strategy.chapters.get(number=1)
    chapter.title_hr = "Đurđevak i čćšž"
    chapter.save()
    polish = strategy_pdf(strategy, "pl")
    croatian = strategy_pdf(strategy, "hr")
    assert polish.startswith(b"%PDF-") and croatian.startswith(b"%PDF-")
    polish_text, croatian_text = pdf_text(polish), pdf_text(croatian)
    for character in "łżóść":
        assert character in polish_text
    for character in "Đđčćšž":
        assert character in croatian_text


def test_the_pdf_has_a_table_of_contents_and_page_numbers(strategy):
    text = pdf_text(strategy_pdf(strategy, "en"))
    assert "Contents" in text
    assert "Page 1" in text and "Page 3" in text
    assert "A1.2" in text and "Shared labs" in text


def test_a_chapter_title_with_mark_up_characters_is_text_in_the_contents_too(strategy):
    chapter = strategy.chapters.get(number=1)
    chapter.title = 'Open <data> & <b>more <a href="https://evil.example">here'
    chapter.save()
    text = pdf_text(strategy_pdf(strategy, "en")).replace("\n", "")
    assert text.count("Open <data> & <b>more") == 2  # the contents and the chapter's heading


def test_the_pdf_of_an_unknown_language_is_not_found(client, strategy):
    assert client.get(reverse("strategy:pdf", args=["crowd", "xx"])).status_code == 404


def test_markdown_in_the_pdf_keeps_hostile_text_as_text(strategy):
    section = strategy.chapters.get(number=1).sections.get()
    section.body = "<b>raw</b> & [link](javascript:alert(1)) **bold** and <script>alert(1)</script>\n\n- one\n- two"
    section.save()
    text = pdf_text(strategy_pdf(strategy, "en")).replace("\n", "")  # reportlab draws entities apart
    assert "<b>raw</b> &" in text
    assert "<script>alert(1)</script>" in text
