"""Injected markup stored in every displayed kind of text never runs or becomes an element.

Injections are stored in the demo world: through the services where a service writes the
text (comments, questions, notifications) and otherwise straight on the model, as the form
battery (test_hostile_forms.py) has shown the forms store text exactly as typed. Every page
that shows one of them, found by crawling as three personas, is then opened in Chromium.
The CSP would stop an inline script from running anyway, so the DOM is checked too: no
element carrying the injected attributes, no javascript: link, and the text shown as text.
"""

import pytest
from django.core.management import call_command
from django.test import Client

from synergy.accounts.models import User
from synergy.actors.models import Organisation
from synergy.challenges import services as challenge_services
from synergy.challenges.models import Challenge, Proposal
from synergy.facilities.models import Item
from synergy.funding.models import Project
from synergy.notifications.services import notify
from synergy.trainings.models import Training

from .. import hostile
from ..security.crawl import crawl

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

MARK = "XSSPROBE"
PAYLOAD = "".join(
    [hostile.IMG_ONERROR, hostile.SVG_ONLOAD, hostile.ATTRIBUTE_BREAKOUT, hostile.MARKDOWN_LINK, hostile.SCRIPT]
)
SHORT_PAYLOAD = hostile.IMG_ONERROR + hostile.SVG_ONLOAD
INJECTED = """() => ({
    ran: window.__xss !== undefined,
    elements: [...document.querySelectorAll('[data-xss], [onerror], [onload], [onfocus]')].map(e => e.outerHTML),
    scriptLinks: [...document.querySelectorAll('a[href^="javascript:" i]')].map(e => e.outerHTML),
    text: document.body.innerText,
})"""


def _text(place: str, payload: str = PAYLOAD) -> str:
    return f"{MARK}-{place} {payload}"


def _store_injections() -> list[str]:
    """Put an injection in each displayed kind of text; returns the texts stored."""
    member = User.objects.get(email="member@synergy.test")
    coordinator = User.objects.get(email="coordinator@synergy.test")
    proposal = Proposal.objects.get(title="Gyroid bracket")
    Proposal.objects.filter(pk=proposal.pk).update(
        title=_text("proposal-title"), summary=_text("proposal-summary"), approach=_text("proposal-approach")
    )
    challenge = Challenge.objects.get(slug="face-shield-design")
    Challenge.objects.filter(pk=challenge.pk).update(
        summary=_text("challenge-summary"), description=_text("challenge-description")
    )
    challenge_services.ask_question(challenge, member, _text("question"))
    challenge_services.add_comment(proposal, proposal.created_by, _text("comment"))
    Training.objects.filter(slug="lower-silesia-strategy-training-upcoming").update(
        title=_text("training-title"), description=_text("training-description")
    )
    Item.objects.filter(slug="metal-powder-bed-printer").update(
        description=_text("item-description"), location=_text("item-location")
    )
    Project.objects.filter(slug="open-source-microscope").update(
        summary=_text("project-summary"), description=_text("project-story")
    )
    Organisation.objects.filter(slug="wrust").update(name=_text("organisation-name"))
    User.objects.filter(pk=member.pk).update(display_name=_text("display-name", SHORT_PAYLOAD))
    notify(member, kind="k", title=_text("notification-title"), body=_text("notification-body"), url="/")
    notify(coordinator, kind="k", title=_text("notification-title"), url="/")
    return [
        "proposal-title", "proposal-summary", "proposal-approach", "challenge-summary", "challenge-description",
        "question", "comment", "training-title", "training-description", "item-description", "item-location",
        "project-summary", "project-story", "organisation-name", "display-name", "notification-title",
    ]  # fmt: skip


def _pages_showing_injections(emails: list[str]) -> dict[str, list[str]]:
    """Per persona, the pages whose HTML carries one of the injections (found by crawling)."""
    shown = {}
    for email in emails:
        client = Client()
        client.force_login(User.objects.get(email=email))
        pages, _forms = crawl(client, ["/", "/notifications/", "/challenges/mine/", "/funding/mine/"], limit=250)
        shown[email] = [p for p in pages if MARK in client.get(p).content.decode()]
    return shown


def test_no_stored_injection_runs_or_becomes_an_element_on_any_page(browser, live_server):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    places = _store_injections()
    personas = ["member@synergy.test", "coordinator@synergy.test", "admin@synergy.test"]
    pages = _pages_showing_injections(personas)
    problems, places_seen, visited = [], set(), 0
    for email, paths in pages.items():
        client = Client()
        client.force_login(User.objects.get(email=email))
        context = browser.new_context(locale="en-GB")
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda dialog, dialogs=dialogs: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in paths:
            page.goto(live_server.url + path, wait_until="load")
            page.wait_for_timeout(50)  # let an onerror of a broken image fire, were one injected
            found = page.evaluate(INJECTED)
            visited += 1
            if found["ran"] or found["elements"] or found["scriptLinks"] or dialogs:
                problems.append(f"{email} {path}: {found['elements'][:3]} {found['scriptLinks'][:3]} {dialogs}")
            places_seen.update(p for p in places if f"{MARK}-{p} " in found["text"])
            if MARK in found["text"] and "onerror=window.__xss=1" not in found["text"]:
                problems.append(f"{email} {path}: the injected text is not shown as text")
        context.close()
    assert not problems, "\n".join(problems)
    # Every kind of text was seen on some page, shown literally: the check cannot pass by missing them.
    assert set(places) - places_seen == set(), f"never seen: {set(places) - places_seen}; visited {visited} pages"
