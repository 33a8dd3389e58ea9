"""A simulated crowdfunding campaign from creation to ranking, in a real browser, every page
checked by axe-core: a coordinator opens a training game, two designers publish projects
after approval, participants spread their points, and the campaign closes with a ranking."""

import pytest
from django.core.management import call_command

from synergy.funding.models import Participant, Project, SimulatedCampaign
from tests.browser.test_challenge_journey import _person, _submit
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _design(page, title, goal):
    page.goto("/funding/new/")
    page.locator("input[name=title]").fill(title)
    page.locator("input[name=summary]").fill(f"{title}, in short.")
    page.locator("textarea[name=description]").fill(f"What **{title}** will do.")
    page.locator("select[name=campaign]").select_option(label="Wrocław training game")
    page.locator("input[name=goal]").fill(str(goal))
    _submit(page)
    page.locator("form[action$='/submit/'] button").click()
    page.check()
    return Project.objects.get(title=title)


def _pledge(page, project, points):
    page.goto(project.get_absolute_url())
    page.locator("input[name=amount]").fill(str(points))
    _submit(page, "form[action$='/pledge/']")
    assert "Thank you for your support." in page.content()


def test_a_simulated_campaign_from_creation_to_ranking(browser, live_server):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    coordinator = _person(browser, live_server, "coordinator@synergy.test")
    coordinator.goto("/funding/campaigns/new/")
    coordinator.locator("input[name=title]").fill("Wrocław training game")
    coordinator.locator("select[name=region]").select_option(index=1)
    coordinator.locator("input[name=points_per_participant]").fill("100")
    coordinator.locator("input[name=winners]").fill("1")
    coordinator.locator("input[name=starts_at]").fill("2020-01-01T09:00")
    coordinator.locator("input[name=ends_at]").fill("2099-01-01T09:00")
    _submit(coordinator)
    game = SimulatedCampaign.objects.get(title="Wrocław training game")

    designers = [UserFactory(email=f"designer{n}@example.org", display_name=f"Designer {n}") for n in (1, 2)]
    projects = []
    for designer, (title, goal) in zip(designers, [("Printed splints", 150), ("Solar dryer", 300)], strict=True):
        page = _person(browser, live_server, designer.email, PASSWORD)
        projects.append(_design(page, title, goal))
    for project in projects:
        coordinator.goto(project.get_absolute_url())
        coordinator.locator("button[name=decision][value=approve]").click()
        coordinator.check()

    players = [UserFactory(email=f"player{n}@example.org") for n in (1, 2)]
    first = _person(browser, live_server, players[0].email, PASSWORD)
    _pledge(first, projects[0], 80)
    _pledge(first, projects[1], 20)
    first.goto(projects[1].get_absolute_url())
    first.locator("input[name=amount]").fill("5")
    _submit(first, "form[action$='/pledge/']")
    assert "You have 0 of your 100 points left." in first.content()
    second = _person(browser, live_server, players[1].email, PASSWORD)
    _pledge(second, projects[0], 70)
    _pledge(second, projects[1], 30)
    assert Participant.objects.get(campaign=game, user=players[0]).spent == 100

    coordinator.goto(game.get_absolute_url())
    coordinator.locator("form[action$='/close/'] button").click()
    coordinator.check()
    cards = coordinator.locator("ol.cards > li")
    assert "Printed splints" in cards.nth(0).inner_text() and "Wins a voucher" in cards.nth(0).inner_text()
    assert "Solar dryer" in cards.nth(1).inner_text() and "Wins a voucher" not in cards.nth(1).inner_text()
    splints = Project.objects.get(title="Printed splints")
    assert (splints.rank, splints.wins_voucher, splints.status) == (1, True, "funded")
