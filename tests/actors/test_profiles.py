import pytest
from django.urls import reverse

from synergy.actors.models import ActorCompetence, Organisation
from tests.hostile import EMOJI, LONG, NUL, RTL, SCRIPT

pytestmark = pytest.mark.django_db


def _profile(**changes) -> dict:
    data = {
        "name": "Laser Lab", "short_name": "LL", "type": "research", "country": "SI", "region": "",
        "nuts_code": "si041", "website": "laserlab.example.org", "contact_email": "hello@laserlab.example.org",
        "specialisation": "Laser cladding of tools", "description": "We **clad**.", "key_areas": ["industry_40"],
        "competences": ["materials", "sensors"], "keywords": "cladding, lasers", "services": "Testing",
        "infrastructure": "Two laser cells",
    }  # fmt: skip
    return {**data, **changes}


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin_user", 200), ("org_admin", 200), ("coordinator", 403), ("member", 403), ("outsider", 403),
     ("juror", 403), ("anonymous", 302)],
)  # fmt: skip
def test_only_the_organisations_admins_and_platform_admins_open_the_profile_editor(
    as_persona, organisation, persona, status
):
    _user, client = as_persona(persona)
    assert client.get(reverse("actors:edit", args=[organisation.slug])).status_code == status


@pytest.mark.parametrize("persona", ["coordinator", "member", "outsider", "anonymous"])
def test_nobody_else_can_save_a_profile(as_persona, organisation, persona):
    _user, client = as_persona(persona)
    response = client.post(reverse("actors:edit", args=[organisation.slug]), _profile())
    assert response.status_code in (302, 403)
    organisation.refresh_from_db()
    assert organisation.name != "Laser Lab"


def test_admin_saves_the_profile_with_declared_competences_and_the_score(
    client, org_admin, organisation, changed_profiles
):
    client.force_login(org_admin)
    response = client.post(reverse("actors:edit", args=[organisation.slug]), _profile())
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Laser Lab"
    assert organisation.website == "https://laserlab.example.org"
    assert organisation.nuts_code == "SI041"
    declared = ActorCompetence.objects.filter(organisation=organisation, declared=True)
    assert set(declared.values_list("term", flat=True)) == {"industry_40", "materials", "sensors"}
    assert organisation.completeness == 90  # everything but a project
    assert changed_profiles == [[organisation.pk]]


def test_undeclaring_keeps_what_projects_show_and_drops_the_rest(client, org_admin, organisation):
    ActorCompetence.objects.create(organisation=organisation, term="materials", declared=True, evidence=3)
    ActorCompetence.objects.create(organisation=organisation, term="sensors", declared=True, evidence=0)
    ActorCompetence.objects.create(organisation=organisation, term="energy", declared=False, evidence=2)
    client.force_login(org_admin)
    client.post(reverse("actors:edit", args=[organisation.slug]), _profile(competences=["energy"], key_areas=[]))
    rows = {c.term: (c.declared, c.evidence) for c in organisation.competences.all()}
    assert rows == {"materials": (False, 3), "energy": (True, 2)}


@pytest.mark.parametrize("text", [SCRIPT, RTL, EMOJI])
def test_hostile_text_round_trips_and_is_shown_escaped(client, org_admin, organisation, text):
    client.force_login(org_admin)
    client.post(
        reverse("actors:edit", args=[organisation.slug]),
        _profile(specialisation=text, keywords=text, services=text, infrastructure=text),
    )
    organisation.refresh_from_db()
    assert organisation.specialisation == text
    assert organisation.services == text
    body = client.get(organisation.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in body


@pytest.mark.parametrize(("field", "text"), [("specialisation", LONG), ("name", NUL), ("keywords", LONG)])
def test_unstorable_text_gets_a_message_not_an_error(client, org_admin, organisation, field, text):
    client.force_login(org_admin)
    response = client.post(reverse("actors:edit", args=[organisation.slug]), _profile(**{field: text}))
    assert response.status_code == 200
    assert "Please correct the fields marked below." in response.content.decode()
    assert Organisation.objects.get(pk=organisation.pk).name == organisation.name


def test_admins_see_what_is_missing_and_others_do_not(client, org_admin, outsider, organisation):
    client.force_login(org_admin)
    body = client.get(organisation.get_absolute_url()).content.decode()
    assert "What the profile is missing" in body
    assert "Declared competences" in body
    client.force_login(outsider)
    assert "What the profile is missing" not in client.get(organisation.get_absolute_url()).content.decode()


def test_profile_page_never_shows_the_contact_email(client, organisation):
    organisation.contact_email = "secret@example.org"
    organisation.save()
    assert "secret@example.org" not in client.get(organisation.get_absolute_url()).content.decode()


def test_profile_page_lists_competences_projects_and_shared_items(client, organisation):
    from synergy.facilities.models import Item
    from tests.actors.factories import ParticipationFactory
    from tests.factories import ItemFactory

    ActorCompetence.objects.create(organisation=organisation, term="sensors", declared=True, evidence=2)
    participation = ParticipationFactory(organisation=organisation, project__acronym="FOILS")
    ItemFactory(provider=organisation, name="Metal printer", published=True)
    ItemFactory(provider=organisation, name="Hidden press", published=False)
    body = client.get(organisation.get_absolute_url()).content.decode()
    assert "Sensors and measurement" in body
    assert "shown by 2 projects" in body
    assert participation.project.get_absolute_url() in body
    assert "Metal printer" in body
    assert "Hidden press" not in body
    assert Item.objects.count() == 2
