"""Files and links of an entry: checked by content and size, served through a permission check."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from synergy.library import services
from synergy.library.models import Attachment, Link

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _add_file(client, entry, name: str, content: bytes, title="Leaflet"):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    data = {"action": "add_file", "file-title": title, "file-file": upload, "file-language": "en"}
    return client.post(f"/library/{entry.slug}/files/", data)


def test_an_editor_adds_a_pdf_that_everyone_downloads_from_a_published_entry(client, org_admin, entry):
    client.force_login(org_admin)
    assert _add_file(client, entry, "leaflet.pdf", PDF).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.file.name.startswith("library/")  # a private folder: never served as plain media
    client.logout()
    response = client.get(f"/library/{entry.slug}/files/{attachment.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    assert 'filename="leaflet.pdf"' in response["Content-Disposition"]
    assert "Leaflet" in client.get(entry.get_absolute_url()).content.decode()


def test_a_file_whose_content_does_not_match_its_name_is_refused(client, org_admin, entry):
    client.force_login(org_admin)
    page = _add_file(client, entry, "leaflet.pdf", b"MZ\x90\x00 this is a program").content.decode()
    assert "content is not an accepted type" in page
    page = _add_file(client, entry, "leaflet.pdf", b"<html><script>alert(1)</script></html>\x00").content.decode()
    assert "content is not an accepted type" in page
    assert not Attachment.objects.exists()


def test_a_pdf_under_another_name_is_refused(client, org_admin, entry):
    client.force_login(org_admin)
    page = _add_file(client, entry, "leaflet.exe", PDF).content.decode()
    assert "The file name should end in .pdf" in page
    assert not Attachment.objects.exists()


def test_an_oversized_file_is_refused_with_the_limit(client, org_admin, entry, settings):
    settings.UPLOAD_MAX_BYTES = 64 * 1024
    client.force_login(org_admin)
    page = _add_file(client, entry, "big.pdf", PDF + b"0" * 64 * 1024).content.decode()
    assert "the limit is 64.0\xa0KB" in page
    assert not Attachment.objects.exists()


def test_the_service_checks_files_for_every_caller(entry):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.add_attachment(entry, title="x", file=SimpleUploadedFile("x.pdf", b"not a pdf"), language="en")


def test_a_drafts_files_are_for_its_editors_only(client, draft, org_admin, member):
    attachment = services.add_attachment(draft, title="Plan", file=SimpleUploadedFile("plan.pdf", PDF), language="en")
    url = f"/library/{draft.slug}/files/{attachment.pk}/"
    assert client.get(url).status_code == 403
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(org_admin)
    assert client.get(url).status_code == 200


def test_a_file_is_removed_by_its_editor(client, org_admin, entry):
    attachment = services.add_attachment(entry, title="Old", file=SimpleUploadedFile("old.pdf", PDF), language="en")
    client.force_login(org_admin)
    client.post(f"/library/{entry.slug}/files/", {"action": "remove_file", "pk": attachment.pk})
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.org/file", "data:text/html,<script>alert(1)</script>", "not a url"]
)
def test_only_web_links_are_accepted(client, org_admin, entry, url):
    client.force_login(org_admin)
    page = client.post(f"/library/{entry.slug}/files/", {"action": "add_link", "link-label": "Bad",
                                                          "link-url": url}).content.decode()  # fmt: skip
    assert "Enter a valid URL." in page
    assert not Link.objects.exists()


def test_a_web_link_is_added_and_shown_with_its_label(client, org_admin, entry):
    client.force_login(org_admin)
    client.post(f"/library/{entry.slug}/files/", {"action": "add_link", "link-label": "Strategy <b>site</b>",
                                                  "link-url": "example.org/strategy"})  # fmt: skip
    link = Link.objects.get()
    assert link.url == "https://example.org/strategy"
    page = client.get(entry.get_absolute_url()).content.decode()
    assert 'href="https://example.org/strategy"' in page and "Strategy &lt;b&gt;site&lt;/b&gt;" in page


def test_an_unknown_action_changes_nothing_and_says_so(client, org_admin, entry):
    client.force_login(org_admin)
    response = client.post(f"/library/{entry.slug}/files/", {"action": "explode"}, follow=True)
    assert "Choose what to do" in response.content.decode()
