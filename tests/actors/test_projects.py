import pytest
from django.urls import reverse

from synergy.actors.models import Membership, Participation, ResearchProject, Source
from tests.actors.factories import ParticipationFactory
from tests.factories import MembershipFactory, OrganisationFactory
from tests.hostile import SCRIPT

pytestmark = pytest.mark.django_db


def _project(partners=(), **changes) -> dict:
    data = {
        "title": f"Printed foils {SCRIPT}", "acronym": "FOIL", "programme": "Interreg", "start_date": "2024-01-01",
        "end_date": "2026-12-31", "domain": "sensors", "topics": "printing", "objective": "Print sensors on foils",
        "outputs": "A pilot line", "trl_start": "3", "trl_end": "6",
    }  # fmt: skip
    rows = list(partners)
    data["consortium-TOTAL_FORMS"] = str(len(rows))
    data["consortium-INITIAL_FORMS"] = "0"
    for index, (name, role) in enumerate(rows):
        data[f"consortium-{index}-organisation"] = name
        data[f"consortium-{index}-role"] = role
    return {**data, **changes}


def test_admin_adds_a_project_with_partners_named_as_listed(
    client, org_admin, organisation, changed_profiles, evidence_refreshed
):
    partner = OrganisationFactory(name="Univerza v Ljubljani")
    client.force_login(org_admin)
    response = client.post(
        reverse("actors:project_add", args=[organisation.slug]),
        _project([(organisation.slug, "coordinator"), ("UNIVERZA V LJUBLJANI", "participant")]),
    )
    project = ResearchProject.objects.get()
    assert response.status_code == 302
    assert response.url == project.get_absolute_url()
    assert project.source == Source.PLATFORM
    assert project.title == f"Printed foils {SCRIPT}"
    assert dict(project.participations.values_list("organisation_id", "role")) == {
        organisation.pk: "coordinator", partner.pk: "participant"
    }  # fmt: skip
    assert evidence_refreshed == [sorted([organisation.pk, partner.pk])]
    assert changed_profiles == [sorted([organisation.pk, partner.pk])]
    organisation.refresh_from_db()
    assert organisation.completeness >= 10


def test_an_unknown_partner_gets_a_message(client, org_admin, organisation):
    client.force_login(org_admin)
    response = client.post(
        reverse("actors:project_add", args=[organisation.slug]),
        _project([(organisation.slug, "participant"), ("Nobody Ltd", "participant")]),
    )
    assert response.status_code == 200
    assert "No organisation called “Nobody Ltd”" in response.content.decode()
    assert not ResearchProject.objects.exists()


def test_admin_must_keep_their_own_organisation_in_the_consortium(client, org_admin, organisation):
    other = OrganisationFactory()
    client.force_login(org_admin)
    response = client.post(
        reverse("actors:project_add", args=[organisation.slug]), _project([(other.slug, "participant")])
    )
    assert "Keep an organisation you administer" in response.content.decode()
    assert not ResearchProject.objects.exists()


def test_readiness_cannot_fall_and_the_end_cannot_precede_the_start(client, org_admin, organisation):
    client.force_login(org_admin)
    response = client.post(
        reverse("actors:project_add", args=[organisation.slug]),
        _project([(organisation.slug, "participant")], trl_start="6", trl_end="3", end_date="2023-01-01"),
    )
    body = response.content.decode()
    assert "cannot be lower than at the start" in body
    assert "cannot end before it starts" in body


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("org_admin", 200),
        ("admin_user", 200),
        ("member", 403),
        ("coordinator", 403),
        ("outsider", 403),
        ("anonymous", 302),
    ],
)
def test_projects_are_added_by_the_organisations_admins(as_persona, organisation, persona, status):
    _user, client = as_persona(persona)
    assert client.get(reverse("actors:project_add", args=[organisation.slug])).status_code == status


def test_an_admin_of_a_consortium_member_edits_the_project_and_others_cannot(client, org_admin, organisation, outsider):
    participation = ParticipationFactory(organisation=organisation)
    project = participation.project
    client.force_login(org_admin)
    url = reverse("actors:project_edit", args=[project.pk])
    assert client.get(url).status_code == 200
    client.post(url, _project([(organisation.slug, "participant")], title="Renamed"))
    project.refresh_from_db()
    assert project.title == "Renamed"
    stranger_admin = MembershipFactory(role=Membership.Role.ADMIN).user
    client.force_login(stranger_admin)
    assert client.get(url).status_code == 403


def test_an_imported_project_is_not_edited_on_the_platform(client, org_admin, organisation):
    participation = ParticipationFactory(organisation=organisation, project__source=Source.CORDIS)
    client.force_login(org_admin)
    assert client.get(reverse("actors:project_edit", args=[participation.project.pk])).status_code == 403


def test_removing_a_partner_refreshes_its_profile_too(client, admin_user, organisation, evidence_refreshed):
    partner = OrganisationFactory()
    project = ParticipationFactory(organisation=organisation).project
    Participation.objects.create(project=project, organisation=partner)
    client.force_login(admin_user)  # a platform admin: an organisation's admins take out only their own
    client.post(reverse("actors:project_edit", args=[project.pk]), _project([(organisation.slug, "participant")]))
    assert list(project.participations.values_list("organisation_id", flat=True)) == [organisation.pk]
    assert evidence_refreshed == [sorted([organisation.pk, partner.pk])]


def test_project_page_shows_the_consortium_and_renders_text_safely(client, organisation):
    participation = ParticipationFactory(organisation=organisation, role="coordinator")
    body = client.get(participation.project.get_absolute_url()).content.decode()
    assert organisation.get_absolute_url() in body
    assert "Coordinator" in body
    assert "<strong>sensors</strong>" in body
    assert "<script>alert(1)</script>" not in body


def test_an_editor_cannot_take_another_organisation_out_of_the_consortium(client, org_admin, organisation):
    partner = OrganisationFactory(name="Partner Institute", slug="partner-institute")
    project = ResearchProject.objects.create(title="Shared lattice project")
    Participation.objects.create(project=project, organisation=organisation, role="coordinator")
    Participation.objects.create(project=project, organisation=partner)
    client.force_login(org_admin)
    data = {
        "title": "Shared lattice project", "consortium-TOTAL_FORMS": "1", "consortium-INITIAL_FORMS": "0",
        "consortium-0-organisation": organisation.slug, "consortium-0-role": "coordinator",
    }  # fmt: skip
    response = client.post(reverse("actors:project_edit", args=[project.pk]), data)
    assert response.status_code == 200
    assert "Only its own administrators can take an organisation out" in response.content.decode()
    assert set(project.participations.values_list("organisation__slug", flat=True)) == {
        organisation.slug, "partner-institute"
    }  # fmt: skip


# --- Places in a consortium wait for the organisation's own administrators -------------------------


@pytest.fixture
def partner_admin(db):
    from tests.factories import UserFactory

    partner = OrganisationFactory(name="Univerza v Ljubljani", slug="univerza")
    return MembershipFactory(organisation=partner, user=UserFactory(), role=Membership.Role.ADMIN).user


def _named_partner(client, org_admin, organisation) -> ResearchProject:
    client.force_login(org_admin)
    client.post(
        reverse("actors:project_add", args=[organisation.slug]),
        _project([(organisation.slug, "coordinator"), ("univerza", "participant")], domain="additive_manufacturing"),
    )
    return ResearchProject.objects.get()


def test_a_partner_named_by_another_organisation_waits_for_its_admins_before_it_counts(
    client, org_admin, organisation, partner_admin
):
    from synergy.actors.models import ActorCompetence
    from synergy.notifications.models import Notification

    project = _named_partner(client, org_admin, organisation)
    places = dict(project.participations.values_list("organisation__slug", "confirmed"))
    assert places == {organisation.slug: True, "univerza": False}
    assert Notification.objects.filter(recipient=partner_admin, kind="actors.place_to_confirm").count() == 1
    # Not evidence: not on the partner's profile, in its competences, its score or the API, nor shown to visitors.
    assert not ActorCompetence.objects.filter(organisation__slug="univerza", evidence__gt=0).exists()
    client.logout()
    assert project.title not in client.get(reverse("actors:detail", args=["univerza"])).content.decode()
    assert "univerza" not in client.get(project.get_absolute_url()).content.decode()
    assert client.get("/api/v1/organisations/univerza/projects").json()["count"] == 0
    # Its admins see it with the question, and confirm.
    client.force_login(partner_admin)
    page = client.get(reverse("actors:detail", args=["univerza"])).content.decode()
    assert "Projects that name this organisation" in page
    answer = reverse("actors:place_answer", args=[project.pk, "univerza"])
    assert client.post(answer, {"decision": "confirm"}).status_code == 302
    assert project.participations.get(organisation__slug="univerza").confirmed
    assert ActorCompetence.objects.filter(organisation__slug="univerza", evidence__gt=0).exists()
    client.logout()
    assert project.title.split(" <")[0] in client.get(reverse("actors:detail", args=["univerza"])).content.decode()


def test_a_declined_place_does_not_count_and_naming_it_again_does_not_ask_again(
    client, org_admin, organisation, partner_admin
):
    from synergy.notifications.models import Notification

    project = _named_partner(client, org_admin, organisation)
    client.force_login(partner_admin)
    client.post(reverse("actors:place_answer", args=[project.pk, "univerza"]), {"decision": "decline"})
    place = project.participations.get(organisation__slug="univerza")
    assert place.declined_at is not None and not place.confirmed
    response = client.post(
        reverse("actors:place_answer", args=[project.pk, "univerza"]), {"decision": "confirm"}, follow=True
    )
    assert "already been answered" in response.content.decode()
    assert not project.participations.get(organisation__slug="univerza").confirmed
    # The editor names it again, twice: it stays declined and its admins are not asked again.
    client.force_login(org_admin)
    edit = reverse("actors:project_edit", args=[project.pk])
    both = _project([(organisation.slug, "coordinator"), ("univerza", "participant")])
    assert "univerza" not in client.get(edit).content.decode()  # not shown as part of the consortium
    client.post(edit, both)
    client.post(edit, _project([(organisation.slug, "coordinator")]))
    client.post(edit, both)
    place = project.participations.get(organisation__slug="univerza")
    assert place.declined_at is not None and not place.confirmed
    assert Notification.objects.filter(recipient=partner_admin, kind="actors.place_to_confirm").count() == 1
    client.logout()
    assert "Univerza" not in client.get(project.get_absolute_url()).content.decode()


def test_the_organisations_own_admin_or_a_platform_admin_saving_the_project_confirms_its_place(
    client, org_admin, organisation, partner_admin, admin_user
):
    project = _named_partner(client, org_admin, organisation)
    client.force_login(admin_user)
    client.post(
        reverse("actors:project_edit", args=[project.pk]),
        _project([(organisation.slug, "coordinator"), ("univerza", "participant")]),
    )
    assert project.participations.get(organisation__slug="univerza").confirmed


def test_a_place_confirmed_while_the_editor_had_the_form_open_is_not_taken_out(
    client, org_admin, organisation, partner_admin
):
    project = _named_partner(client, org_admin, organisation)
    place = project.participations.get(organisation__slug="univerza")
    from synergy.actors import services
    from synergy.core.exceptions import Refused

    services.answer_place(place, confirm=True)  # meanwhile, the partner confirms
    client.force_login(org_admin)
    response = client.post(
        reverse("actors:project_edit", args=[project.pk]), _project([(organisation.slug, "coordinator")]), follow=True
    )
    assert "Only its own administrators can take" in response.content.decode()
    assert project.participations.get(organisation__slug="univerza").confirmed
    # The service checks it again under the places' locks: the form's view of them may be old.
    with pytest.raises(Refused):
        services.save_project(project, [(organisation, "coordinator")], agreed_ids={organisation.pk})
    assert project.participations.get(organisation__slug="univerza").confirmed


def test_only_the_named_organisations_admins_answer_and_an_answer_is_given_once(
    client, org_admin, organisation, partner_admin
):
    project = _named_partner(client, org_admin, organisation)
    answer = reverse("actors:place_answer", args=[project.pk, "univerza"])
    assert client.post(answer, {"decision": "confirm"}).status_code == 403  # the editor cannot confirm for them
    client.force_login(partner_admin)
    assert client.post(answer, {"decision": "maybe"}).status_code == 302
    assert not project.participations.get(organisation__slug="univerza").confirmed
    client.post(answer, {"decision": "confirm"})
    response = client.post(answer, {"decision": "decline"}, follow=True)
    assert "already been answered" in response.content.decode()
    assert project.participations.get(organisation__slug="univerza").confirmed


def test_an_unconfirmed_place_gives_no_right_to_edit_and_its_editor_may_withdraw_it(
    client, org_admin, organisation, partner_admin
):
    project = _named_partner(client, org_admin, organisation)
    client.force_login(partner_admin)
    assert client.get(reverse("actors:project_edit", args=[project.pk])).status_code == 403
    client.force_login(org_admin)
    client.post(reverse("actors:project_edit", args=[project.pk]), _project([(organisation.slug, "coordinator")]))
    assert list(project.participations.values_list("organisation_id", flat=True)) == [organisation.pk]


def test_a_platform_admin_enters_a_whole_consortium_confirmed(client, admin_user, organisation, partner_admin):
    client.force_login(admin_user)
    client.post(
        reverse("actors:project_add", args=[organisation.slug]),
        _project([(organisation.slug, "coordinator"), ("univerza", "participant")]),
    )
    assert set(ResearchProject.objects.get().participations.values_list("confirmed", flat=True)) == {True}
