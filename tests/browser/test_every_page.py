"""Every page passes axe-core and the CSP, for visitors, members and the operator;
essential paths work without JavaScript and by keyboard alone."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from synergy.demo.data import DEMO_PASSWORD
from synergy.notifications.services import notify

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC = [
    "/",
    "/regions/",
    "/regions/lower-silesia/",
    "/actors/",
    "/actors/?type=university",
    "/actors/wrust/",
    "/actors/?q=sensor&competence=sensors&ordering=completeness",
    "/actors/saxony-printing-sme/",
    "/networks/",
    "/networks/additive-manufacturing-central-europe/",
    "/search/?q=wroclaw",
    "/search/?q=%3Cscript%3E",
    "/style/",
    "/terms/",
    "/privacy/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/no-such-page/",
    "/api/v1/docs",
    "/trainings/",
    "/trainings/?when=past",
    "/trainings/lower-silesia-strategy-training-upcoming/",
    "/trainings/materials/",
    "/challenges/",
    "/challenges/calls/pandemic-response/",
    "/challenges/face-shield-design/",
    "/challenges/sensor-housing/",
    "/challenges/sensor-housing/results/",
    "/funding/",
    "/funding/?kind=points",
    "/funding/absorbable-bone-scaffolds/",
    "/funding/open-source-microscope/",
    "/funding/campaigns/lower-silesia-training-game/",
    "/facilities/",
    "/facilities/?kind=printer&date=2031-01-01",
    "/facilities/metal-powder-bed-printer/",
    "/strategy/",
    "/strategy/crowd-innovation-strategy/",
    "/strategy/crowd-innovation-strategy/chapters/1/",
    "/strategy/crowd-innovation-strategy/actions/",
    "/strategy/crowd-innovation-strategy/actions/?group=public",
    "/strategy/crowd-innovation-strategy/actions/A2.1/",
    "/strategy/crowd-innovation-strategy/regions/",
    "/strategy/crowd-innovation-strategy/regions/slovenia/",
    "/strategy/crowd-innovation-strategy/regions/lower-silesia/",
    "/library/",
    "/library/?q=strategy&kind=success_story&language=it",
    "/library/emilia-romagna-open-innovation-strategy/",
    "/library/baden-wurttemberg-breathing-strategy/",
    "/library/regional-crowd-innovation-strategy-summary/",
    "/figures/",
    "/figures/?year=2024",
    "/figures/?year=1999",
    "/figures/lower-silesia/",
]
MEMBER = [
    "/me/profile/",
    "/me/delete/",
    "/notifications/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/trainings/mine/",
    "/trainings/slovenia-strategy-training-upcoming/",
    "/trainings/lower-silesia-strategy-training-past/",
    "/trainings/lower-silesia-strategy-training-past/feedback/",
    "/trainings/materials/",
    "/challenges/mine/",
    "/challenges/lighter-rail-bracket/",
    "/challenges/lighter-rail-bracket/proposals/new/",
    "/challenges/sensor-housing/results/",
    "/funding/mine/",
    "/funding/new/",
    "/funding/absorbable-bone-scaffolds/",
    "/funding/absorbable-bone-scaffolds/edit/",
    "/funding/game-1-smart-hospital-beds/",
    "/facilities/mine/",
    "/facilities/tensile-testing-machine/",
    "/actors/people/me/",
    "/actors/wrust/join/",
    "/matchmaking/",
    "/matchmaking/?need=laser+sintering+of+composites",
    "/matchmaking/requests/",
    "/matchmaking/ask/organisation/wrust/",
    "/networks/mine/",
    "/networks/additive-manufacturing-central-europe/history/",
]
COORDINATOR = [
    "/trainings/new/",
    "/trainings/lower-silesia-strategy-training-upcoming/",
    "/trainings/lower-silesia-strategy-training-upcoming/edit/",
    "/trainings/lower-silesia-strategy-training-upcoming/participants/",
    "/trainings/lower-silesia-strategy-training-upcoming/cancel/",
    "/trainings/lower-silesia-strategy-training-past/check-in/",
    "/trainings/lower-silesia-strategy-training-past/attendance/",
    "/trainings/lower-silesia-strategy-training-past/report/",
    "/trainings/region/lower-silesia/report/",
    "/trainings/materials/new/",
    "/trainings/follow-up/",
    "/trainings/report/",
    "/challenges/new/",
    "/challenges/mine/",
    "/challenges/coolant-monitoring/",
    "/challenges/lighter-rail-bracket/edit/",
    "/challenges/lighter-rail-bracket/attachments/",
    "/challenges/lighter-rail-bracket/jury/",
    "/challenges/lighter-rail-bracket/jury/rounds/new/",
    "/challenges/lighter-rail-bracket/winners/",
    "/challenges/lighter-rail-bracket/report/",
    "/challenges/sensor-housing/jury/",
    "/challenges/sensor-housing/winners/",
    "/challenges/region/lower-silesia/report/",
    "/funding/campaigns/new/",
    "/funding/campaigns/lower-silesia-training-game/",
    "/funding/campaigns/lower-silesia-training-game/edit/",
    "/funding/absorbable-bone-scaffolds/",
    "/facilities/region/lower-silesia/report/",
    "/actors/wrust/edit/",
    "/actors/wrust/members/",
    "/actors/wrust/projects/add/",
    "/networks/new/",
    "/networks/assistant/?key_area=additive_manufacturing&size=12&threshold=60",
    "/networks/additive-manufacturing-central-europe/analysis/",
    "/matchmaking/for/wrust/",
    "/matchmaking/challenges/lighter-rail-bracket/",
    "/strategy/crowd-innovation-strategy/regions/lower-silesia/adopt/",
    "/library/new/",
    "/library/review/",
]
OPERATOR = [
    "/admin/",
    "/admin/accounts/user/",
    "/admin/core/region/1/change/",
    "/admin/notifications/outboxmessage/",
    "/admin/challenges/challenge/",
    "/admin/challenges/scorechange/",
    "/admin/funding/project/",
    "/admin/funding/pledge/",
    "/admin/facilities/item/",
    "/admin/facilities/accessrequest/",
    "/admin/facilities/booking/",
    "/facilities/report/",
    "/admin/actors/organisation/",
    "/admin/actors/cordisimport/",
    "/actors/import/",
    "/admin/networks/network/",
    "/admin/matchmaking/collaborationrequest/",
    "/admin/strategy/strategy/",
    "/admin/strategy/chapter/",
    "/admin/strategy/action/",
    "/admin/strategy/regionalplan/",
    "/admin/strategy/indicator/",
    "/strategy/crowd-innovation-strategy/regions/slovenia/edit/",
    "/strategy/crowd-innovation-strategy/regions/slovenia/adopt/",
    "/strategy/crowd-innovation-strategy/regions/slovenia/actions/new/",
    "/strategy/crowd-innovation-strategy/regions/slovenia/indicators/new/",
    "/admin/library/entry/",
    "/library/checklist-for-a-crowd-innovation-challenge/edit/",
    "/library/checklist-for-a-crowd-innovation-challenge/files/",
    "/library/emilia-romagna-open-innovation-strategy/languages/it/",
]


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _log_in(page, email):
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").first.click()
    page.wait_for_load_state("load")


def test_public_pages_pass_axe_in_english_and_polish(page, demo):
    for path in PUBLIC:
        page.goto(path)
    page.goto("/")
    page.get_by_label("Language").select_option("pl")
    page.get_by_role("button", name="Change").click()
    for path in PUBLIC[:8]:
        page.goto(path)
    assert page.locator("html").get_attribute("lang") == "pl"


def test_member_pages_pass_axe(page, demo):
    from synergy.accounts.models import User

    notify(User.objects.get(email="member@synergy.test"), kind="k", title="Welcome to Synergy", url="/regions/")
    _log_in(page, "member@synergy.test")
    for path in MEMBER:
        page.goto(path)
    from synergy.challenges.models import Award, Proposal

    page.goto(Proposal.objects.get(title="Gyroid bracket").get_absolute_url())
    page.goto(f"/challenges/certificates/{Award.objects.get().certificate_code}/")
    from synergy.actors.models import ResearchProject
    from synergy.matchmaking.models import CollaborationRequest

    page.goto(f"/actors/people/{User.objects.get(email='member@synergy.test').pk}/")
    page.goto(ResearchProject.objects.order_by("pk").first().get_absolute_url())
    page.goto(CollaborationRequest.objects.get().get_absolute_url())


def test_coordinator_pages_pass_axe_and_registration_works_in_the_browser(page, demo):
    _log_in(page, "member@synergy.test")
    page.goto("/trainings/lower-silesia-strategy-training-upcoming/")
    page.get_by_label("Share my name and e-mail address").check()
    page.get_by_role("button", name="Register").click()
    page.check()
    expect(page.get_by_text("You are registered.").first).to_be_visible()
    page.locator("form[action='/accounts/logout/'] button").click()
    _log_in(page, "coordinator@synergy.test")
    for path in COORDINATOR:
        page.goto(path)
    from synergy.challenges.models import Round

    for round_ in Round.objects.filter(challenge__slug="sensor-housing"):
        page.goto(f"/challenges/sensor-housing/jury/rounds/{round_.pk}/ranking/")
    page.goto("/trainings/lower-silesia-strategy-training-upcoming/participants/")
    expect(page.get_by_role("link", name="member@synergy.test")).to_be_visible()


def test_operator_back_office_pages_pass_axe(page, demo):
    _log_in(page, "admin@synergy.test")
    for path in OPERATOR:
        page.goto(path)
    from synergy.actors.models import CordisImport

    page.goto(CordisImport.objects.get().get_absolute_url())
    from synergy.strategy.models import Indicator, RegionalPlan

    plan = RegionalPlan.objects.get(region__slug="slovenia")
    manual = Indicator.objects.filter(plan=plan, counter_key="").first()
    base = f"/strategy/{plan.strategy.slug}/regions/slovenia"
    for path in [
        f"{base}/actions/{plan.actions.first().pk}/",
        f"{base}/indicators/{manual.pk}/",
        f"{base}/indicators/{manual.pk}/values/",
    ]:
        page.goto(path)
    page.goto(f"/admin/strategy/regionalplan/{plan.pk}/change/")


def test_sign_in_search_filter_and_language_work_without_javascript(browser, live_server, demo):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.locator("input[name=login]").fill("member@synergy.test")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").first.click()
    expect(page.get_by_role("link", name="Marko Member")).to_be_visible()
    page.locator("#site-search-q").fill("chemnitz")
    page.locator("form[role=search] button").click()
    expect(page.get_by_role("link", name="Chemnitz University of Technology")).to_be_visible()
    page.goto(live_server.url + "/actors/")
    page.get_by_label("Type").select_option("university")
    page.get_by_role("button", name="Filter").click()
    assert "type=university" in page.url
    expect(page.get_by_role("link", name="Karlsruhe Institute of Technology")).to_be_visible()
    expect(page.get_by_role("link", name="PROFACTOR GmbH")).not_to_be_visible()
    page.get_by_label("Language").select_option("de")
    page.get_by_role("button", name="Change").click()
    assert page.locator("html").get_attribute("lang") == "de"
    context.close()


def test_filters_update_results_in_place_with_javascript(page, demo):
    page.goto("/actors/")
    page.get_by_label("Type").select_option("research")
    page.wait_for_url("**/actors/?*type=research*")
    expect(page.get_by_role("link", name="PROFACTOR GmbH")).to_be_visible()
    expect(page.get_by_role("link", name="Karlsruhe Institute of Technology")).not_to_be_visible()
    page.check()


def test_keyboard_users_can_skip_to_the_content(page, demo):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
