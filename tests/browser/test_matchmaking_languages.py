"""Matchmaking in the partners' languages, in a real browser with axe on every page: a member
whose language is Polish describes a need in Polish and sends a request; the partner's admin,
who reads German, accepts it; each sees the other's contact details in their own language."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from synergy.accounts.models import User
from synergy.matchmaking.models import CollaborationRequest
from tests.browser.test_challenge_journey import _person, _submit

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_need_in_polish_finds_a_partner_whose_admin_accepts_in_german(browser, live_server):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    User.objects.filter(email="member@synergy.test").update(preferred_language="pl")
    User.objects.filter(email="coordinator@synergy.test").update(preferred_language="de")

    member = _person(browser, live_server, "member@synergy.test")
    member.goto("/matchmaking/")
    expect(member.locator("html")).to_have_attribute("lang", "pl")
    member.locator("textarea[name=need]").fill("Szukamy partnera: druk 3D i spiekanie laserowe części kompozytowych.")
    _submit(member)
    # The reasons quote the member's own words, and the page speaks Polish.
    expect(member.locator(".match-list .badge", has_text="laserowe").first).to_be_visible()
    ask = member.locator("a[href='/matchmaking/ask/organisation/wrust/']")
    expect(ask).to_be_visible()
    ask.click()
    member.check()
    member.locator("input[name=subject]").fill("Spiekane wsporniki z kompozytu — łódź, żuraw, źdźbło")
    member.locator("textarea[name=message]").fill("Czy Wasze laboratorium spieknie dziesięć wsporników?")
    _submit(member)
    request = CollaborationRequest.objects.get(subject__startswith="Spiekane wsporniki")
    expect(member.locator("#contact-title")).to_have_count(0)

    # The university's admin reads German and accepts; the text typed in Polish is shown as written.
    admin = _person(browser, live_server, "coordinator@synergy.test")
    admin.goto(request.get_absolute_url())
    expect(admin.locator("html")).to_have_attribute("lang", "de")
    expect(admin.locator("h1")).to_contain_text("łódź, żuraw, źdźbło")
    admin.locator("textarea[name=answer]").fill("Gerne — kommen Sie nächste Woche vorbei.")
    admin.locator("button[name=decision][value=accept]").click()
    admin.check()
    expect(admin.locator("#contact-title + p + ul")).to_contain_text("member@synergy.test")
    request.refresh_from_db()
    assert request.status == CollaborationRequest.Status.ACCEPTED and request.answer.startswith("Gerne")

    member.goto(request.get_absolute_url())
    expect(member.locator("#contact-title + p + ul")).to_contain_text("contact@wrust.example.org")
    for page in (member, admin):
        assert page.csp_violations == []
