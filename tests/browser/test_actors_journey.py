"""Innovation actors in a real browser, every page checked by axe-core: an organisation admin
completes the profile, a coordinator forms a network with the assistant, and a member finds a
partner for a need and sends a collaboration request that the partner accepts."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from synergy.actors.models import Organisation
from synergy.matchmaking.models import CollaborationRequest
from synergy.networks.models import Member, Network
from tests.browser.test_challenge_journey import _person, _submit

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_profile_completed_a_network_formed_and_a_partner_found(browser, live_server):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    # The organisation admin completes the profile: what it offers, and one more competence.
    admin = _person(browser, live_server, "orgadmin@synergy.test")
    admin.goto("/actors/saxony-printing-sme/")
    expect(admin.locator("#missing-title")).to_be_visible()
    admin.locator("a", has_text="Edit the profile").click()
    admin.check()
    admin.locator("input[name=competences][value=sensors]").check()
    admin.locator("textarea[name=services]").fill("Printing of metal parts; **sensor housings** in titanium.")
    admin.locator("input[name=website]").fill("https://erzgebirge-additive.example.org")
    _submit(admin)
    organisation = Organisation.objects.get(slug="saxony-printing-sme")
    assert organisation.completeness == 100
    assert organisation.competences.filter(term="sensors", declared=True).exists()
    expect(admin.locator("#missing-title")).to_have_count(0)
    expect(admin.locator("#competences-title + ul")).to_contain_text("Sensors and measurement")

    # The coordinator asks the assistant for a micro- and nanotechnology network, drops one
    # proposal, names the network and creates it: the rest are invited.
    coordinator = _person(browser, live_server, "coordinator@synergy.test")
    coordinator.goto("/networks/assistant/")
    coordinator.locator("select[name=key_area]").select_option("micro_nano")
    _submit(coordinator, "form[aria-labelledby=assistant-search-title]")
    proposed = coordinator.locator("fieldset").first.locator("input[name=organisations]:checked")
    expect(proposed.first).to_be_visible()
    picks = proposed.count()
    assert picks >= 3
    dropped = proposed.first.get_attribute("value")
    proposed.first.uncheck()
    coordinator.locator("input[name=name]").fill("Micro and nano sensing network")
    coordinator.locator("textarea[name=description]").fill("Sensors from nanomaterials, from lab to factory.")
    coordinator.locator("select[name=coordinator]").select_option(label="Wrocław University of Science and Technology")
    _submit(coordinator, "form:has(input[name=organisations])")
    network = Network.objects.get(name="Micro and nano sensing network")
    invited = set(network.members.filter(status=Member.Status.INVITED).values_list("organisation_id", flat=True))
    assert len(invited) == picks - 1 and int(dropped) not in invited
    assert all(member.reason for member in network.members.filter(status=Member.Status.INVITED))
    expect(coordinator.locator("h1")).to_have_text("Micro and nano sensing network")

    # A member describes a need in their own words, finds the university, and asks it to work together.
    member = _person(browser, live_server, "member@synergy.test")
    member.goto("/matchmaking/")
    member.locator("textarea[name=need]").fill("Laser sintering of composite parts, handled by robots.")
    _submit(member)
    university = member.locator("a", has_text="Propose a collaboration to Wrocław University of Science and Technology")
    expect(university).to_be_visible()
    university.click()
    member.check()
    member.locator("input[name=subject]").fill("Sintered composite brackets")
    member.locator("textarea[name=message]").fill("Could your lab sinter ten brackets for our maritime sensors?")
    _submit(member)
    request = CollaborationRequest.objects.get(subject="Sintered composite brackets")
    expect(member.locator("#contact-title")).to_have_count(0)  # nothing shared before an answer

    # The university's admin (the coordinator) accepts; both now see each other's contact details.
    coordinator.goto("/matchmaking/requests/?view=received")
    coordinator.locator(f"a[href='{request.get_absolute_url()}']").click()
    coordinator.check()
    coordinator.locator("textarea[name=answer]").fill("Gladly: come to our lab next Tuesday.")
    coordinator.locator("button[name=decision][value=accept]").click()
    coordinator.check()
    expect(coordinator.locator("#contact-title + p + ul")).to_contain_text("member@synergy.test")
    request.refresh_from_db()
    assert request.status == CollaborationRequest.Status.ACCEPTED
    member.goto(request.get_absolute_url())
    expect(member.locator("#contact-title + p + ul")).to_contain_text("contact@wrust.example.org")
    for page in (admin, coordinator, member):
        assert page.csp_violations == []
