"""Crowdfunding pages and the permission matrix: designer, supporter, coordinator, outsider…"""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from synergy.funding import services
from synergy.funding.models import Pledge, Project

from ..factories import ProjectFactory, RegionFactory, RegionRoleFactory, SimulatedCampaignFactory, UserFactory
from ..hostile import LONG, SCRIPT, STORABLE

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "member", "designer", "supporter", "coordinator", "other_coordinator", "admin"]
# perm → status → who may (platform admins pass every check, as Django's superusers do)
MATRIX = {
    "view_project": {
        "draft": {"designer", "coordinator", "admin"},
        "pending": {"designer", "coordinator", "admin"},
        "published": set(PERSONAS),
    },
    "change_project": {
        "draft": {"designer", "coordinator", "admin"},
        "pending": {"designer", "coordinator", "admin"},
        "published": {"admin"},
    },
    "submit_for_approval": {"draft": {"designer", "admin"}, "pending": {"admin"}, "published": {"admin"}},
    "approve_project": {"draft": {"admin"}, "pending": {"coordinator", "admin"}, "published": {"admin"}},
    "pledge": {
        "draft": {"admin"},
        "pending": {"admin"},
        "published": {"member", "supporter", "coordinator", "other_coordinator", "admin"},
    },
    "post_update": {"draft": {"admin"}, "pending": {"admin"}, "published": {"designer", "admin"}},
    "view_supporters": {
        "draft": {"designer", "coordinator", "admin"},
        "pending": {"designer", "coordinator", "admin"},
        "published": {"designer", "coordinator", "admin"},
    },
}


@pytest.fixture
def people(region, coordinator, admin_user, outsider):
    designer, supporter = UserFactory(display_name="Dana"), UserFactory(display_name="Sam")
    other = RegionRoleFactory(region=RegionFactory()).user
    return {
        "anonymous": None, "member": outsider, "designer": designer, "supporter": supporter,
        "coordinator": coordinator, "other_coordinator": other, "admin": admin_user,
    }  # fmt: skip


@pytest.mark.parametrize("status", ["draft", "pending", "published"])
def test_permission_matrix(region, people, status):
    from django.contrib.auth.models import AnonymousUser

    project = ProjectFactory(region=region, designer=people["designer"], status=status)
    for perm, table in MATRIX.items():
        for persona in PERSONAS:
            user = people[persona] or AnonymousUser()
            expected = persona in table[status]
            assert user.has_perm(f"funding.{perm}", project) == expected, (perm, status, persona)


def test_a_designer_publishes_after_approval_and_supporters_pledge(client, region, coordinator, member):
    designer = UserFactory()
    client.force_login(designer)
    start = timezone.localtime() - timedelta(hours=1)
    response = client.post(
        reverse("funding:create"),
        {
            "title": "Bone scaffolds", "summary": "Printed scaffolds", "description": "**Absorbable**",
            "region": region.pk, "goal": "5000", "currency": "eur", "rule": "all_or_nothing",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"),
            "rewards-TOTAL_FORMS": 1, "rewards-INITIAL_FORMS": 0,
            "rewards-0-title": "Lab visit", "rewards-0-minimum": "100", "rewards-0-quantity": "10",
        },
    )  # fmt: skip
    project = Project.objects.get()
    assert response.status_code == 302 and project.currency == "EUR" and project.rewards.count() == 1
    client.post(reverse("funding:submit_for_approval", args=[project.slug]))
    client.force_login(coordinator)
    client.post(reverse("funding:review", args=[project.slug]), {"decision": "approve"})
    project.refresh_from_db()
    assert project.status == "published"
    client.force_login(member)
    reward = project.rewards.get()
    client.post(
        reverse("funding:pledge", args=[project.slug]), {"amount": "150", "reward": reward.pk, "anonymous": "on"}
    )
    page = client.get(project.get_absolute_url()).content.decode()
    assert "1 anonymous supporter" in page and member.display_name not in page.split("Supporters")[-1]


def test_a_pledge_below_the_reward_minimum_is_refused_with_a_message(client, region, member):
    project = ProjectFactory(region=region)
    reward = project.rewards.create(title="Lab visit", minimum=100)
    client.force_login(member)
    response = client.post(reverse("funding:pledge", args=[project.slug]), {"amount": "20", "reward": reward.pk})
    assert not Pledge.objects.exists()
    assert any("at least 100" in str(m) for m in get_messages(response.wsgi_request))


def test_a_project_in_a_simulated_campaign_runs_in_points_with_its_dates(client, region, member):
    game = SimulatedCampaignFactory(region=region)
    client.force_login(member)
    client.post(
        reverse("funding:create"),
        {"title": "Game project", "summary": "s", "description": "d", "campaign": game.pk, "goal": "300",
         "rule": "keep", "rewards-TOTAL_FORMS": 0, "rewards-INITIAL_FORMS": 0},
    )  # fmt: skip
    project = Project.objects.get()
    assert (project.currency, project.region, project.ends_at) == ("PTS", region, game.ends_at)


def test_a_money_project_needs_its_dates(client, region, member):
    client.force_login(member)
    response = client.post(
        reverse("funding:create"),
        {"title": "No dates", "summary": "s", "description": "d", "region": region.pk, "goal": "10", "currency": "EUR",
         "rule": "keep", "rewards-TOTAL_FORMS": 0, "rewards-INITIAL_FORMS": 0},
    )  # fmt: skip
    assert response.status_code == 200 and not Project.objects.exists()
    assert "This field is required." in response.content.decode()


@pytest.mark.parametrize("text", STORABLE)
def test_hostile_text_is_kept_and_escaped(client, region, member, text):
    project = ProjectFactory(region=region, designer=member)
    client.force_login(member)
    client.post(reverse("funding:post_update", args=[project.slug]), {"title": text, "body": text})
    assert project.updates.get().title == text
    assert SCRIPT not in client.get(project.get_absolute_url()).content.decode()


def test_overlong_update_is_refused_with_a_message(client, region, member):
    project = ProjectFactory(region=region, designer=member)
    client.force_login(member)
    response = client.post(
        reverse("funding:post_update", args=[project.slug]), {"title": "Kept title", "body": LONG + "x"}, follow=True
    )
    assert not project.updates.exists()
    page = response.content.decode()
    assert "Your update could not be posted" in page and "at most 10000 characters" in page
    assert "Kept title" in page and LONG + "x" in page  # what was typed is shown back


def test_the_approval_box_is_shown_only_while_the_project_awaits_review(client, region, admin_user):
    project = ProjectFactory(region=region)
    client.force_login(admin_user)  # a platform admin passes every rule
    assert "Approve and publish" not in client.get(project.get_absolute_url()).content.decode()
    Project.objects.filter(pk=project.pk).update(status="pending")
    assert "Approve and publish" in client.get(project.get_absolute_url()).content.decode()


@pytest.mark.parametrize("decision", ["approve", "changes"])
def test_a_refused_approval_note_is_shown_back_and_decides_nothing(client, region, coordinator, decision):
    project = ProjectFactory(region=region, status="pending")
    client.force_login(coordinator)
    note = "Kept " + LONG
    response = client.post(
        reverse("funding:review", args=[project.slug]), {"decision": decision, "note": note}, follow=True
    )
    page = response.content.decode()
    assert Project.objects.get(pk=project.pk).status == "pending"
    assert "Your decision is not recorded; please correct the note below." in page
    assert note in page and "at most 4000 characters" in page


def test_pages_render(as_persona, region):
    game = SimulatedCampaignFactory(region=region)
    project = ProjectFactory(region=region, campaign=game, currency="PTS")
    services.pledge(project, UserFactory(), "10")
    pages = [reverse("funding:list"), reverse("funding:list") + "?kind=points&region=" + region.slug,
             project.get_absolute_url(), game.get_absolute_url(), reverse("funding:mine"), reverse("funding:create"),
             reverse("funding:campaign_create")]  # fmt: skip
    for persona in ["anonymous", "member", "coordinator", "admin_user"]:
        _user, client = as_persona(persona)
        for page in pages:
            assert client.get(page).status_code in (200, 302, 403), (persona, page)


def test_the_api_lists_projects_and_takes_pledges(client, region, member):
    project = ProjectFactory(region=region)
    ProjectFactory(region=region, status="draft")
    listing = client.get("/api/v1/funding/").json()
    assert [item["slug"] for item in listing["items"]] == [project.slug]
    url = f"/api/v1/funding/{project.slug}/pledges"
    assert client.post(url, {"amount": "10"}, content_type="application/json").status_code == 401
    client.force_login(member)
    response = client.post(url, {"amount": "600"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["percent"] == 60
    client.force_login(project.designer)
    assert client.post(url, {"amount": "1"}, content_type="application/json").status_code == 409


def test_personal_data_export_and_erasure(region, member):
    from synergy.accounts.services import delete_account, export_personal_data

    project = ProjectFactory(region=region)
    services.pledge(project, member, "42")
    assert export_personal_data(member)["sections"]["pledges"][0]["amount"] == "42.00"
    delete_account(member)
    project.refresh_from_db()
    assert project.raised == 42 and Pledge.objects.get().anonymous


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_projects_or_pledges(client, region, admin_user, uncached):
    game = SimulatedCampaignFactory(region=region, points_per_participant=10_000)
    big = ProjectFactory(region=region, goal=100_000)
    people = [UserFactory() for _ in range(3)]

    def grow(count):
        for _ in range(count):
            project = ProjectFactory(region=region, campaign=game, currency="PTS")
            services.pledge(project, people[0], "5")
        for person in people:
            services.pledge(big, person, "10", anonymous=person == people[0])

    urls = [reverse("funding:list"), game.get_absolute_url(), big.get_absolute_url()]
    grow(1)
    before = [_queries(client, url) for url in urls]
    client.force_login(admin_user)
    before_admin = _queries(client, big.get_absolute_url())
    client.logout()
    grow(6)
    assert [_queries(client, url) for url in urls] == before
    client.force_login(admin_user)
    assert _queries(client, big.get_absolute_url()) == before_admin


def test_the_designer_pages_through_every_pledge(client, region):
    from synergy.funding import views

    project = ProjectFactory(region=region)
    people = [UserFactory(display_name=f"Backer {n:02d}") for n in range(views.SUPPORTERS_PER_PAGE + 5)]
    for person in people:
        services.pledge(project, person, "1")
    client.force_login(project.designer)
    first = client.get(project.get_absolute_url()).context["supporters"]
    assert len(first.object_list) == views.SUPPORTERS_PER_PAGE and first.paginator.count == len(people)
    second = client.get(project.get_absolute_url() + "?page=2").context["supporters"]
    assert len(second.object_list) == 5
