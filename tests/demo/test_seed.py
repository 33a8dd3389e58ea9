import pytest
from django.core.management import call_command

from synergy.accounts.models import RegionRole, User
from synergy.actors.models import Organisation
from synergy.core.models import Region

pytestmark = pytest.mark.django_db

PARTNERS = {
    "PL51": "Wrocław University of Science and Technology",
    "AT31": "PROFACTOR GmbH",
    "DED": "Chemnitz University of Technology",
    "SI0": "Jožef Stefan Institute",
    "DE1": "Karlsruhe Institute of Technology",
    "HR031": "STEP RI Science and Technology Park of the University of Rijeka",
    "ITH5": "CRIT S.r.l.",
}


def test_seed_demo_creates_the_seven_partner_regions_with_their_coordinators(capsys):
    call_command("seed_demo")
    assert {r.nuts_code: r.coordinating_organisation.name for r in Region.objects.all()} == PARTNERS
    assert Region.objects.get(nuts_code="PL51").name_pl == "Dolny Śląsk"
    output = capsys.readouterr().out
    for email in ["admin@", "coordinator@", "orgadmin@", "juror@", "member@"]:
        assert email in output


def test_seed_demo_is_idempotent():
    call_command("seed_demo")
    counts = (Region.objects.count(), Organisation.objects.count(), User.objects.count(), RegionRole.objects.count())
    call_command("seed_demo")
    assert (
        Region.objects.count(),
        Organisation.objects.count(),
        User.objects.count(),
        RegionRole.objects.count(),
    ) == counts


def test_every_demo_login_works(client):
    from synergy.demo.data import DEMO_PASSWORD, USERS

    call_command("seed_demo")
    for _role, email, *_rest in USERS:
        response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        assert response["Location"] == "/"
        client.logout()


def test_seed_demo_refuses_production_settings(settings):
    from django.core.management.base import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo")


def test_the_demo_programme_reached_122_distinct_participants_like_the_original():
    from synergy.trainings.services import programme_figures

    call_command("seed_demo")
    call_command("seed_demo")
    assert programme_figures()["distinct_participants"] == 122
