"""The network formation assistant: who is a candidate (threshold, key area), how picks cover
competences and balance countries, types and sectors, the reasons given, and accepting an edited proposal."""

import pytest
from django.urls import reverse

from synergy.networks.assistant import propose
from synergy.networks.models import Member, Network
from synergy.notifications.models import Notification

from ..factories import OrganisationFactory
from .conftest import admin_of
from .factories import CompetenceFactory

pytestmark = pytest.mark.django_db
AM = "additive_manufacturing"


def actor(name, *, country="PL", type="sme", completeness=80, declared=True, evidence=0, strongest="sensors", area=AM):
    organisation = OrganisationFactory(name=name, country=country, type=type, completeness=completeness)
    if area:
        CompetenceFactory(organisation=organisation, term=area, declared=declared, evidence=evidence)
    if strongest:
        CompetenceFactory(organisation=organisation, term=strongest, declared=True, evidence=1)
    return organisation


def names(candidates) -> list[str]:
    return [c.organisation.name for c in candidates]


def test_only_complete_enough_profiles_working_in_the_key_area_are_candidates():
    actor("Declares it")
    actor("Shows it in projects", declared=False, evidence=2)
    actor("Incomplete profile", completeness=40)
    actor("Neither declares nor shows it", declared=False, evidence=0)
    actor("Another key area", area="micro_nano")
    proposal = propose(AM, size=12, threshold=60)
    assert sorted(names(proposal.picks)) == ["Declares it", "Shows it in projects"]
    assert proposal.below_threshold == 1 and proposal.candidate_count == 2
    assert sorted(names(propose(AM, size=12, threshold=40).picks)) == [
        "Declares it", "Incomplete profile", "Shows it in projects",
    ]  # fmt: skip


def test_picks_cover_competence_groups_before_repeating_one():
    for number in range(5):
        actor(f"Sensor maker {number}", evidence=5, strongest="sensors")
    actor("Materials lab", strongest="materials")
    actor("Software house", strongest="software")
    proposal = propose(AM, size=3, threshold=0)
    assert {c.group for c in proposal.picks} == {"sensors", "materials", "software"}
    assert [(g.code, g.size) for g in proposal.groups] == [("sensors", 5), ("materials", 1), ("software", 1)]


def test_picks_balance_countries_and_types_over_strength():
    for number in range(4):
        actor(f"Strong Polish SME {number}", evidence=5)
    actor("Weaker Slovenian university", country="SI", type="university")
    proposal = propose(AM, size=2, threshold=0)
    picked = names(proposal.picks)
    assert picked[0].startswith("Strong Polish SME") and picked[1] == "Weaker Slovenian university"
    reason = proposal.picks[1].reason
    assert "a new country (Slovenia)" in reason and "a new type of organisation (University)" in reason
    assert "a new sector (Academia and research)" in reason
    assert len(proposal.others) == 3 and all(n.startswith("Strong Polish SME") for n in names(proposal.others))


def test_every_pick_and_candidate_says_why_in_plain_words():
    actor("Printer", declared=True, evidence=3, completeness=85, strongest="materials")
    actor("Other", declared=False, evidence=1, completeness=70, strongest="materials")
    proposal = propose(AM, size=1, threshold=0)
    (pick,), (other,) = proposal.picks, proposal.others
    assert pick.reason.startswith(
        "Works in Additive manufacturing and 3D printing: declares it, and 3 projects show it."
    )
    assert "Brings Materials science, its strongest competence, to the network." in pick.reason
    assert "Chosen over 1 other candidate of its group." in pick.reason and "Profile 85% complete." in pick.reason
    assert other.reason == (
        "Works in Additive manufacturing and 3D printing: 1 project shows it. Strongest in Materials science. "
        "Profile 70% complete."
    )


def test_the_proposal_takes_the_same_few_queries_however_many_candidates(django_assert_max_num_queries):
    for number in range(30):
        actor(f"Actor {number}", country=["PL", "SI", "HR"][number % 3], strongest=["sensors", "data"][number % 2])
    with django_assert_max_num_queries(3):
        proposal = propose(AM, size=12, threshold=0)
    assert len(proposal.picks) == 12 and {c.organisation.country for c in proposal.picks} == {"PL", "SI", "HR"}


def test_the_page_shows_the_threshold_and_the_proposal(org_admin, login, settings):
    settings.NETWORK_PROFILE_THRESHOLD = 60
    actor("Above")
    actor("Below", completeness=59)
    client = login(org_admin)
    html = client.get(reverse("networks:assistant")).content.decode()
    assert 'name="threshold" value="60"' in html
    html = client.get(reverse("networks:assistant"), {"key_area": AM, "size": 12, "threshold": 60}).content.decode()
    assert "at least 60% complete" in html and "Above" in html
    assert "1 more organisation works in it, but its profile is less than 60% complete" in html
    assert "Below" not in html


def test_accepting_an_edited_proposal_creates_the_network_with_the_picks_invited(organisation, org_admin, login):
    kept = actor("Kept", strongest="sensors")
    dropped = actor("Dropped", strongest="materials")
    added = actor("Added from the others", strongest="sensors", evidence=0, completeness=61)
    kept_admin = admin_of(kept, "Kim")
    query = {"key_area": AM, "size": 2, "threshold": 60}
    proposal = propose(AM, size=2, threshold=60)
    assert set(names(proposal.picks)) == {"Kept", "Dropped"} and names(proposal.others) == ["Added from the others"]
    data = {
        **query,
        "name": "Printing",
        "description": "d",
        "coordinator": organisation.pk,
        "organisations": [kept.pk, added.pk],
    }
    response = login(org_admin).post(reverse("networks:assistant"), data)
    network = Network.objects.get(name="Printing")
    assert response.status_code == 302 and response["Location"] == network.get_absolute_url()
    assert network.key_areas == [AM]
    rows = {row.organisation: row for row in network.members.all()}
    assert set(rows) == {organisation, kept, added} and dropped not in rows
    assert rows[organisation].role == Member.Role.COORDINATOR and rows[organisation].status == Member.Status.ACTIVE
    reasons = proposal.reasons()
    assert rows[kept].status == Member.Status.INVITED and rows[kept].reason == reasons[kept.pk]
    assert rows[added].status == Member.Status.INVITED and rows[added].reason == reasons[added.pk]
    assert rows[kept].reason.startswith("Works in Additive manufacturing")
    assert Notification.objects.filter(recipient=kept_admin, kind="network.invitation").count() == 1


def test_an_organisation_not_proposed_cannot_be_slipped_in(organisation, org_admin, login):
    actor("Candidate")
    below = actor("Below the threshold", completeness=10)
    data = {"key_area": AM, "size": 2, "threshold": 60, "name": "N", "description": "d", "coordinator": organisation.pk}
    response = login(org_admin).post(reverse("networks:assistant"), {**data, "organisations": [below.pk]})
    assert response.status_code == 200 and not Network.objects.exists()
    assert "is not one of the available choices" in response.content.decode()


def test_a_bad_key_area_only_shows_the_form_again(org_admin, login):
    response = login(org_admin).get(
        reverse("networks:assistant"), {"key_area": "<script>", "size": 12, "threshold": 60}
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Network.objects.exists()
