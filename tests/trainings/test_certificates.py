import pytest
from django.urls import reverse

from synergy.trainings import services
from synergy.trainings.certificates import certificate_pdf
from tests.factories import TrainingFactory, UserFactory

pytestmark = pytest.mark.django_db


def _attendee(training, **user_fields):
    registration = services.register_participant(training, UserFactory(**user_fields), share_contact=False)
    services.check_in(registration)
    return registration


def test_an_attendee_downloads_a_pdf_certificate_with_diacritics(client):
    training = TrainingFactory(title="Strategia innowacji społecznościowych")
    training.objectives.create(position=1, text="Poznać mechanizmy otwartych innowacji")
    registration = _attendee(training, display_name="Łukasz Żółć-Đurić")
    client.force_login(registration.user)
    response = client.get(reverse("trainings:certificate", args=[training.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert b"DejaVuSans" in response.content  # the embedded font that has ł, ż, đ


def test_the_certificate_can_be_checked_by_anyone_at_its_address(client):
    training = TrainingFactory()
    registration = _attendee(training, display_name="Ana Horvat")
    certificate_pdf(registration, "hr")
    registration.refresh_from_db()
    code = registration.certificate_code
    assert code and len(code) >= 16
    page = client.get(reverse("trainings:certificate_check", args=[code]))
    assert page.status_code == 200
    assert "Ana Horvat" in page.content.decode()
    certificate_pdf(registration, "en")
    registration.refresh_from_db()
    assert registration.certificate_code == code  # one code per certificate, for good


def test_an_unknown_certificate_code_is_reported_as_not_genuine(client, db):
    response = client.get(reverse("trainings:certificate_check", args=["made-up-code"]))
    assert response.status_code == 404
    assert "No certificate has this code" in response.content.decode()


def test_people_who_did_not_attend_get_no_certificate(client, member):
    training = TrainingFactory()
    services.register_participant(training, member, share_contact=False)
    client.force_login(member)
    response = client.get(reverse("trainings:certificate", args=[training.slug]))
    assert response.status_code == 302
