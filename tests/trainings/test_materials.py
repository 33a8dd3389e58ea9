import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from synergy.trainings.models import MaterialVersion, TrainingMaterial, TranslationRequest
from tests.factories import RegionRoleFactory
from tests.hostile import SCRIPT

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def material(db):
    material = TrainingMaterial.objects.create(title=f"Strategy slides {SCRIPT}", kind="slides")
    MaterialVersion.objects.create(material=material, language="en", url="https://example.org/slides-en.pdf")
    return material


def test_materials_page_lists_versions_and_offers_only_missing_languages(client, member, material):
    client.force_login(member)
    body = client.get(reverse("trainings:materials")).content.decode()
    assert "https://example.org/slides-en.pdf" in body
    assert SCRIPT not in body
    assert f'name="m{material.pk}-language"' in body
    assert '<option value="en"' not in body.split(f'id="material-{material.pk}"')[1].split("</section>")[0]


def test_a_translation_request_reaches_the_coordinators_of_the_members_region(
    client, member, material, region, deliver_mail
):
    member.region = region
    member.save()
    here = RegionRoleFactory(region=region).user
    elsewhere = RegionRoleFactory().user
    client.force_login(member)
    client.post(reverse("trainings:material_request_translation", args=[material.pk]),
                {f"m{material.pk}-language": "hr", f"m{material.pk}-message": "Za radionicu u Rijeci"})  # fmt: skip
    request = TranslationRequest.objects.get()
    assert (request.language, request.requested_by) == ("hr", member)
    deliver_mail()
    assert [m.to for m in mail.outbox] == [[here.email]]
    assert elsewhere.notifications.count() == 0


def test_asking_for_a_language_that_exists_is_refused(client, member, material):
    client.force_login(member)
    client.post(
        reverse("trainings:material_request_translation", args=[material.pk]), {f"m{material.pk}-language": "en"}
    )
    assert not TranslationRequest.objects.exists()


def test_a_refused_translation_request_is_shown_back_open_in_its_place(client, member, material):
    client.force_login(member)
    message = "Kept " + "x" * 2_000
    response = client.post(
        reverse("trainings:material_request_translation", args=[material.pk]),
        {f"m{material.pk}-language": "hr", f"m{material.pk}-message": message},
    )
    assert response.status_code == 200 and not TranslationRequest.objects.exists()
    box = response.content.decode().split(f'id="material-{material.pk}"')[1].split("</section>")[0]
    assert "<details open>" in box and message in box and "at most 2000 characters" in box
    assert "Your request could not be sent; please correct it below." in response.content.decode()


def test_coordinator_uploads_a_language_version_checked_by_content(client, coordinator, material):
    client.force_login(coordinator)
    url = reverse("trainings:material_edit", args=[material.pk])
    fake = SimpleUploadedFile("slides.pdf", b"MZ not a pdf")
    response = client.post(url, {"add_version": "1", "version-language": "pl", "version-file": fake})
    assert response.status_code == 200
    assert not MaterialVersion.objects.filter(language="pl").exists()
    real = SimpleUploadedFile("slajdy.pdf", PDF)
    client.post(url, {"add_version": "1", "version-language": "pl", "version-file": real, "version-version": "v2"})
    version = MaterialVersion.objects.get(language="pl")
    assert version.file.name.endswith(".pdf") and version.version == "v2"
    client.post(
        url,
        {
            "add_version": "1",
            "version-language": "pl",
            "version-url": "https://example.org/pl",
            "version-version": "v3",
        },
    )
    assert MaterialVersion.objects.filter(language="pl").count() == 1  # replaced, not doubled


def test_members_cannot_edit_materials(client, member, material):
    client.force_login(member)
    assert client.get(reverse("trainings:material_edit", args=[material.pk])).status_code == 403
    assert client.get(reverse("trainings:material_create")).status_code == 403


def test_visitors_ask_for_a_translation_with_their_e_mail_and_are_rate_limited(client, material, deliver_mail):
    coordinator = RegionRoleFactory().user
    url = reverse("trainings:material_request_translation", args=[material.pk])
    form = {f"m{material.pk}-language": "sl", f"m{material.pk}-email": "visitor@example.org"}
    assert f'name="m{material.pk}-email"' in client.get(reverse("trainings:materials")).content.decode()
    client.post(url, {f"m{material.pk}-language": "sl"})  # no address: refused
    assert not TranslationRequest.objects.exists()
    client.post(url, form)
    request = TranslationRequest.objects.get()
    assert (request.requested_by, request.email) == (None, "visitor@example.org")
    deliver_mail()
    assert mail.outbox[-1].to == [coordinator.email]
    assert "visitor@example.org" in mail.outbox[-1].body
    for _attempt in range(6):
        client.post(url, form)
    assert TranslationRequest.objects.count() == 4  # five attempts an hour per address, the refused one included
