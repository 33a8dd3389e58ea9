"""A challenge from a giver's draft to a winner's certificate, in a real browser, every page
checked by axe-core: two teams submit, a jury of three scores two weighted rounds (one
juror declares a conflict), the winner is announced and downloads the certificate."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from synergy.challenges.models import Award, Challenge, Juror, Proposal, Round
from synergy.demo.data import DEMO_PASSWORD
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _person(browser, live_server, email, password=DEMO_PASSWORD):
    from tests.browser.conftest import Page

    context = browser.new_context(locale="en-GB", accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = Page(context.new_page(), live_server.url)
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form:has(input[name=password]) button[type=submit]").first.click()
    page.wait_for_load_state("load")
    return page


def _submit(page, form_selector="form.form-card", button="button[type=submit]"):
    page.locator(form_selector).locator(button).last.click()
    page.check()


def _propose(page, slug, title):
    page.goto(f"/challenges/{slug}/proposals/new/")
    page.locator("input[name=title]").fill(title)
    page.locator("textarea[name=summary]").fill(f"{title}: a printed lattice that halves the weight.")
    page.locator("textarea[name=objectives]").fill("Halve the weight; keep the stiffness.")
    page.locator("input[name='milestones-0-title']").fill("First prototype")
    _submit(page)
    page.locator("form[action$='/submit/'] button").click()
    page.check()
    assert "Your proposal is submitted." in page.content()


def _score(page, slug, marks):
    page.goto(f"/challenges/{slug}/evaluate/")
    to_score = re.compile(r"^\s*Score\b")  # not "Change scores": those are done
    links = page.locator("a.button--small", has_text=to_score)
    for _index in range(links.count()):
        page.locator("a.button--small", has_text=to_score).first.click()
        page.check()
        for field, value in zip(page.locator("input[type=number]").all(), marks, strict=False):
            field.fill(str(value))
        _submit(page)
    return links


def _new_round(page, slug, name, weights, *, keep_only=None):
    page.goto(f"/challenges/{slug}/jury/rounds/new/")
    page.locator("input[name=name]").fill(name)
    if keep_only is not None:
        boxes = page.locator("input[name=proposals]")
        for index in range(boxes.count()):
            if index not in keep_only:
                boxes.nth(index).uncheck()
    for index, (label, weight) in enumerate(weights):
        page.locator(f"input[name='criteria-{index}-name']").fill(label)
        page.locator(f"input[name='criteria-{index}-weight']").fill(str(weight))
    _submit(page)
    round_ = Round.objects.get(challenge__slug=slug, name=name)
    page.locator(f"form[action='/challenges/{slug}/jury/rounds/{round_.pk}/status/'] button").click()
    page.check()
    return round_


def test_a_challenge_from_draft_to_certificate(browser, live_server):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # The giver drafts the challenge and sends it for approval.
    giver = _person(browser, live_server, "orgadmin@synergy.test")
    giver.goto("/challenges/new/")
    form = giver.locator("form.form-card")
    form.locator("input[name=title]").fill("Printed gripper fingers")
    form.locator("input[name=summary]").fill("Soft fingers for a robot that picks fruit.")
    form.locator("textarea[name=description]").fill("Our grippers **bruise** apricots.")
    form.locator("select[name=giver]").select_option(index=1)  # the giver's one organisation
    form.locator("label", has_text="Lower Silesia").click()
    form.locator("input[name=prize_value]").fill("3000")
    now = timezone.localtime()
    for name, days in [("opens_at", -1), ("evaluation_starts_at", 10), ("results_at", 20), ("closes_at", 30)]:
        form.locator(f"input[name={name}]").fill((now + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M"))
    _submit(giver)
    challenge = Challenge.objects.get(title="Printed gripper fingers")
    slug = challenge.slug
    giver.locator("form[action$='/submit/'] button").click()
    giver.check()

    # The coordinator of Lower Silesia approves it.
    coordinator = _person(browser, live_server, "coordinator@synergy.test")
    coordinator.goto("/challenges/mine/")
    coordinator.locator("a", has_text="Printed gripper fingers").click()
    coordinator.check()
    coordinator.locator("button[name=decision][value=approve]").click()
    coordinator.check()
    assert Challenge.objects.get(pk=challenge.pk).status == "published"

    # Two teams submit.
    team_one = _person(browser, live_server, "member@synergy.test")
    _propose(team_one, slug, "Silicone fingers")
    second = UserFactory(email="second@example.org", display_name="Second Team")
    team_two = _person(browser, live_server, second.email, PASSWORD)
    _propose(team_two, slug, "Fin-ray fingers")
    first_proposal = Proposal.objects.get(title="Silicone fingers")

    # Evaluation: three jurors join; one declares a conflict with the first proposal.
    Challenge.objects.filter(pk=challenge.pk).update(evaluation_starts_at=timezone.now() - timedelta(minutes=1))
    others = [UserFactory(email=f"juror{n}@example.org", display_name=f"Juror {n}") for n in (2, 3)]
    for email in ["juror@synergy.test", *[person.email for person in others]]:
        coordinator.goto(f"/challenges/{slug}/jury/")
        coordinator.locator("input[name=identifier]").fill(email)
        _submit(coordinator)
    jurors = [
        _person(browser, live_server, "juror@synergy.test"),
        *[_person(browser, live_server, person.email, PASSWORD) for person in others],
    ]
    for juror in jurors:
        juror.goto("/challenges/mine/")
        juror.locator("a", has_text="Printed gripper fingers").click()
        juror.check()
        juror.locator("button[name=accept][value='1']").click()
        juror.check()
        juror.locator("input[name=confidentiality]").check()
        juror.locator("input[name=no_conflict]").check()
        _submit(juror)
    conflicted = jurors[2]
    conflicted.locator(f"form[action$='/conflict/{first_proposal.pk}/'] button").click()
    conflicted.check()
    assert Juror.objects.get(user=others[1]).conflicts.get().proposal == first_proposal

    # Round one: a shortlist with two weighted criteria.
    _new_round(coordinator, slug, "Shortlist", [("Novelty", 60), ("Feasibility", 40)])
    for juror, marks in zip(jurors, [(9, 7), (8, 8), (4, 4)], strict=True):
        _score(juror, slug, marks)
    shortlist = Round.objects.get(challenge__slug=slug, name="Shortlist")
    coordinator.goto(f"/challenges/{slug}/jury/")
    coordinator.locator(f"form[action='/challenges/{slug}/jury/rounds/{shortlist.pk}/status/'] button").click()
    coordinator.check()

    # Round two: the final with three criteria; both proposals stay.
    _new_round(coordinator, slug, "Final", [("Novelty", 50), ("Feasibility", 30), ("Impact", 20)])
    for juror, marks in zip(jurors, [(9, 8, 9), (9, 9, 8), (2, 2, 2)], strict=True):
        _score(juror, slug, marks)
    final = Round.objects.get(challenge__slug=slug, name="Final")
    coordinator.goto(f"/challenges/{slug}/jury/rounds/{final.pk}/ranking/")
    first_row = coordinator.locator("tbody tr").first
    assert "Silicone fingers" in first_row.inner_text()  # the conflicted juror's low marks do not count for it
    assert "2" in first_row.locator("td").last.inner_text()

    # The coordinator confirms the winner and publishes the results.
    coordinator.goto(f"/challenges/{slug}/winners/")
    coordinator.locator("select[name=proposal]").select_option(label="Silicone fingers")
    _submit(coordinator, "form[aria-labelledby=confirm-title]")
    coordinator.locator("button[name=publish]").click()
    coordinator.check()
    award = Award.objects.get(challenge__slug=slug)

    # The winner downloads the certificate; anyone can check it.
    team_one.goto(f"/challenges/{slug}/results/")
    with team_one.expect_download() as download:
        team_one.locator("a[download]").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    team_one.goto(f"/challenges/certificates/{award.certificate_code}/")
    assert "This certificate is genuine." in team_one.content()
