"""The project page and the game page are shown again from cached fragments, never stale after a
save, and never with someone else's own parts.

A project with 1,000 pledges took 10–13 ms and 5 queries to show; shown again, only the project
(with its permission check) and the person's own parts are asked of the database.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from synergy.funding import services
from synergy.funding.models import Project, Reward

from ..factories import ProjectFactory, SimulatedCampaignFactory, UserFactory

pytestmark = pytest.mark.django_db

# What only the public fragments need: a page served from them asks none of it.
FRAGMENT_TABLES = [
    "funding_project", "funding_pledge", "funding_reward", "funding_projectupdate", "funding_simulatedcampaign",
    "core_region", "actors_organisation",
]  # fmt: skip
# The project or the game itself, read on every visit with what its permission check needs.
CHECKED = ['"funding_project"."slug" = ', '"funding_simulatedcampaign"."slug" = ']


def main(response) -> str:
    """The page's own content (the layout around it holds a CSRF token masked anew each time)."""
    assert response.status_code == 200, response.status_code
    return response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]


def _database(queries) -> list[str]:
    """What was asked of the database itself (in these tests the cache is a table too)."""
    return [q["sql"] for q in queries.captured_queries if "synergy_cache" not in q["sql"]]


def _fragment_queries(queries, person=None) -> list[str]:
    sqls = [s for s in _database(queries) if not any(checked in s for checked in CHECKED)]
    if person is not None:  # one's own pledges, and every pledge for those who may see them: asked each time
        own = [f'"funding_pledge"."supporter_id" = {person.pk}', "'cancelled'))"]
        sqls = [s for s in sqls if not any(mark in s for mark in own)]
    return [s for s in sqls if any(table in s for table in FRAGMENT_TABLES)]


def cached(client, url, person=None) -> str:
    """The page shown twice: the second time its public parts must come from the cache."""
    if person is not None:
        client.force_login(person)
    else:
        client.logout()
    main(client.get(url))
    with CaptureQueriesContext(connection) as queries:
        again = main(client.get(url))
    assert not _fragment_queries(queries, person), _fragment_queries(queries, person)
    return again


@pytest.fixture
def project(region):
    project = ProjectFactory(region=region, title="Bone scaffolds", description="We print **scaffolds**.")
    Reward.objects.create(project=project, title="Lab visit", minimum=Decimal(50), quantity=10)
    return project


@pytest.fixture
def sam(project):
    person = UserFactory(display_name="Sam Supporter")
    services.pledge(project, person, "25")
    return person


@pytest.fixture
def hidden(project):
    """A supporter who asked not to be named."""
    person = UserFactory(display_name="Hidden Helper")
    services.pledge(project, person, "40", anonymous=True)
    return person


# --- Served from the cache -----------------------------------------------------------------------


def test_a_second_visit_asks_only_for_the_project(client, project, sam, hidden):
    services.post_update(project, title="First prints", body="The first scaffolds are printed.")
    url = project.get_absolute_url()
    first = main(client.get(url))
    with CaptureQueriesContext(connection) as again:
        second = main(client.get(url))
    assert second == first
    shown = ["Bone scaffolds", "<strong>scaffolds</strong>", "Lab visit", "10 left", "Sam Supporter"]
    shown += ["1 anonymous supporter", "First prints", "6 % of the goal: 65 of 1,000 EUR", "Log in to support"]
    for text in shown:
        assert text in second, text
    assert "Hidden Helper" not in second
    assert len(_database(again)) == 1 and '"funding_project"."slug" = ' in _database(again)[0], _database(again)


def test_a_signed_in_visit_asks_only_for_the_persons_own_parts(client, project, sam, outsider):
    services.pledge(project, outsider, "10")
    page = cached(client, project.get_absolute_url(), outsider)
    assert "You pledged 10 EUR." in page and 'name="amount"' in page and "Lab visit" in page
    assert "Sam Supporter" in page  # among the public supporters, from the cache


def test_the_game_page_is_one_fragment_for_a_visitor(client, region):
    game = SimulatedCampaignFactory(region=region, description="Spread **your points**.")
    ProjectFactory(region=region, campaign=game, currency="PTS", title="In the game")
    first = main(client.get(game.get_absolute_url()))
    with CaptureQueriesContext(connection) as again:
        second = main(client.get(game.get_absolute_url()))
    assert second == first and "In the game" in second and "<strong>your points</strong>" in second
    assert len(_database(again)) == 1 and '"funding_simulatedcampaign"."slug" = ' in _database(again)[0]


# --- Never stale ----------------------------------------------------------------------------------


def test_a_new_pledge_shows_at_once_in_the_amount_and_the_supporters(client, project, sam):
    url = project.get_absolute_url()
    page = cached(client, url)
    assert "2 % of the goal: 25 of 1,000 EUR" in page and "Newcomer" not in page
    services.pledge(project, UserFactory(display_name="Newcomer"), "100", reward=project.rewards.get())
    page = main(client.get(url))
    assert "12 % of the goal: 125 of 1,000 EUR" in page
    assert "Sam Supporter, Newcomer" in page or "Newcomer, Sam Supporter" in page
    assert "9 left" in page  # the reward claimed


def test_an_erased_or_renamed_supporter_leaves_the_supporters_at_once(client, project, sam):
    url = project.get_absolute_url()
    assert "Sam Supporter" in cached(client, url)
    sam.display_name = "Samantha"
    sam.save()
    assert "Samantha" in main(client.get(url)) and "Sam Supporter" not in main(client.get(url))
    services.erase_pledges(sam)  # one UPDATE, without signals
    assert "Samantha" not in main(client.get(url))


def test_a_new_update_and_an_edited_description_show_at_once(client, project, outsider):
    url = project.get_absolute_url()
    for person in [None, outsider]:
        assert "No updates yet." in cached(client, url, person)
    services.post_update(project, title="Second batch", body="Printed *overnight*.")  # the project is not saved
    for person in [None, outsider]:
        page = cached(client, url, person)
        assert "Second batch" in page and "<em>overnight</em>" in page, person
    project.description = "We print **absorbable** scaffolds."
    project.save()
    for person in [None, outsider]:
        assert "<strong>absorbable</strong>" in cached(client, url, person), person


def test_a_cancelled_pledge_leaves_the_supporters_at_once(client, project, sam):
    url = project.get_absolute_url()
    assert "Sam Supporter" in cached(client, url)
    services.cancel_pledge(sam.pledges.get())
    page = main(client.get(url))
    assert "Sam Supporter" not in page and "No supporters yet." in page


def test_a_campaign_change_shows_at_once_on_the_game_page(client, region, outsider):
    game = SimulatedCampaignFactory(region=region, description="Before the change")
    for person in [None, outsider]:
        assert "Before the change" in cached(client, game.get_absolute_url(), person)
    game.description = "After the change"
    game.save()
    ProjectFactory(region=region, campaign=game, currency="PTS", title="Joined late")
    for person in [None, outsider]:
        page = cached(client, game.get_absolute_url(), person)
        assert "After the change" in page and "Joined late" in page, person


# --- Never someone else's own parts ---------------------------------------------------------------


def test_the_designers_parts_are_never_shown_to_others(client, project, sam, hidden, outsider):
    url = project.get_absolute_url()
    page = cached(client, url, project.designer)
    # The designer sees every pledge, the anonymous ones named, and the update form.
    assert "Every pledge (shown to the designer and the coordinators only)" in page
    assert "Hidden Helper" in page and "anonymous to others" in page and "Post update to supporters" in page
    for person in [outsider, sam, None]:
        page = cached(client, url, person)
        for text in ["Every pledge", "Hidden Helper", "anonymous to others", "Post update to supporters"]:
            assert text not in page, (person, text)
        assert "1 anonymous supporter" in page, person


def test_a_draft_designers_buttons_are_never_shown_to_the_coordinator_after_them(client, region, coordinator):
    project = ProjectFactory(region=region, status=Project.Status.DRAFT)
    Reward.objects.create(project=project, title="Lab visit", minimum=Decimal(50))
    url = project.get_absolute_url()
    page = cached(client, url, project.designer)
    assert "Send for approval" in page and f"/funding/{project.slug}/edit/" in page
    page = cached(client, url, coordinator)
    assert "Send for approval" not in page  # the coordinator may edit a draft, not send it
    assert 'id="review"' not in page


def test_a_supporters_own_pledges_are_never_shown_to_others(client, project, sam, outsider):
    url = project.get_absolute_url()
    page = cached(client, url, sam)
    assert "You pledged 25 EUR." in page and "Cancel my pledge" in page
    for person in [outsider, None]:
        page = cached(client, url, person)
        assert "You pledged" not in page and "Cancel my pledge" not in page, person
    assert 'name="amount"' in cached(client, url, outsider)
    assert 'name="amount"' not in cached(client, url)  # a visitor is asked to log in instead
    assert 'name="csrfmiddlewaretoken"' not in cached(client, url)


def test_the_approval_box_is_never_shown_to_the_designer_after_the_coordinator(client, region, coordinator):
    project = ProjectFactory(region=region, status=Project.Status.PENDING)
    url = project.get_absolute_url()
    page = cached(client, url, coordinator)
    assert 'id="review"' in page and "Approve and publish" in page
    page = cached(client, url, project.designer)
    assert 'id="review"' not in page and "Approve and publish" not in page


def test_the_points_left_and_the_campaign_buttons_are_never_shown_to_others(client, region, coordinator, outsider):
    game = SimulatedCampaignFactory(region=region, points_per_participant=100)
    project = ProjectFactory(region=region, campaign=game, currency="PTS")
    services.pledge(project, outsider, "30")
    url = game.get_absolute_url()
    page = cached(client, url, outsider)
    assert "Your points left" in page and "<dd>70</dd>" in page and "Close and rank now" not in page
    assert "Close and rank now" in cached(client, url, coordinator)
    page = cached(client, url)
    assert "Your points left" not in page and "Close and rank now" not in page
    page = main(client.get(project.get_absolute_url()))
    assert "points left" not in page


def test_a_pending_project_stays_out_of_reach_once_cached_for_its_designer(client, region, outsider):
    project = ProjectFactory(region=region, status=Project.Status.PENDING, title="Not yet public")
    url = project.get_absolute_url()
    assert "Not yet public" in cached(client, url, project.designer)
    for person in [outsider, None]:
        if person is None:
            client.logout()
        else:
            client.force_login(person)
        response = client.get(url)
        assert response.status_code in (302, 403), (person, response.status_code)
        assert "Not yet public" not in response.content.decode()
