"""The knowledge library in a real browser: search, filter and open an entry by keyboard alone,
every page checked by axe-core."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

BREATHING = "The \u201cbreathing strategy\u201d of Baden-Württemberg"
EMILIA = "The open-innovation strategy of Emilia-Romagna"


def test_a_visitor_searches_filters_and_opens_an_entry_by_keyboard(page):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.goto("/library/")
    expect(page.get_by_role("link", name=BREATHING)).to_be_visible()

    page.locator("#id_q").focus()
    page.keyboard.type("strategy")
    with page.expect_event("load"):  # Enter submits the form (htmx updates the results meanwhile)
        page.keyboard.press("Enter")
    assert "q=strategy" in page.url
    page.check()
    expect(page.get_by_role("link", name=EMILIA)).to_be_visible()

    page.locator("#id_kind").focus()
    page.keyboard.press("ArrowDown")  # "Best practice", the first kind after "Any kind"
    page.wait_for_url("**kind=best_practice*")
    expect(page.get_by_role("link", name=BREATHING)).to_be_visible()
    expect(page.get_by_role("link", name=EMILIA)).not_to_be_visible()
    page.check()

    page.get_by_role("link", name=BREATHING).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/library/baden-wurttemberg-breathing-strategy/")
    page.check()
    expect(page.get_by_role("heading", level=1)).to_have_text(BREATHING)
    expect(page.locator("dd span[lang=de]")).to_have_text("Deutsch")
    expect(page.get_by_role("link", name="Karlsruhe Institute of Technology").first).to_be_visible()


def test_a_reader_sees_the_entry_in_their_language_or_english_marked_as_such(page):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.goto("/")
    page.get_by_label("Language").select_option("it")
    page.get_by_role("button", name="Change").click()
    page.goto("/library/?language=it")
    expect(page.get_by_role("link", name="La strategia di innovazione aperta dell'Emilia-Romagna")).to_be_visible()
    page.goto("/library/baden-wurttemberg-breathing-strategy/")
    assert page.locator("h1").get_attribute("lang") == "en"


def test_an_organisation_admin_submits_an_entry_and_the_coordinator_sends_it_back_then_publishes_it(
    browser, live_server
):
    from synergy.library.models import Entry
    from tests.browser.test_challenge_journey import _person, _submit

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    writer = _person(browser, live_server, "orgadmin@synergy.test")
    writer.goto("/library/new/")
    writer.locator("select[name=kind]").select_option("tool")
    writer.locator("input[name=title_en]").fill("A jury briefing kit")
    writer.locator("textarea[name=summary_en]").fill("What to tell a jury before it scores.")
    writer.locator("textarea[name=body_en]").fill("Start with the **criteria**.")
    writer.locator("select[name=region]").select_option(label="Lower Silesia")
    writer.locator("select[name=organisation]").select_option(index=1)
    _submit(writer)
    writer.get_by_role("button", name="Submit for publication").click()
    writer.check()
    assert Entry.objects.get(title_en="A jury briefing kit").status == "pending"

    coordinator = _person(browser, live_server, "coordinator@synergy.test")
    coordinator.goto("/library/")
    coordinator.get_by_role("link", name="Entries to review (1)").click()
    coordinator.check()
    coordinator.get_by_role("link", name="A jury briefing kit").click()
    coordinator.check()
    coordinator.get_by_label("Why it goes back to draft").fill("Name the criteria of the demo challenge.")
    coordinator.get_by_role("button", name="Back to draft").click()
    coordinator.check()

    writer.goto("/notifications/")
    expect(writer.get_by_text("Name the criteria of the demo challenge.")).to_be_visible()
    writer.goto("/library/a-jury-briefing-kit/")
    expect(writer.get_by_text("Sent back to draft: Name the criteria of the demo challenge.")).to_be_visible()
    writer.get_by_role("button", name="Submit for publication").click()
    coordinator.goto("/library/a-jury-briefing-kit/")
    coordinator.get_by_role("button", name="Publish").click()
    coordinator.check()
    assert Entry.objects.get(title_en="A jury briefing kit").status == "published"
    writer.goto("/notifications/")
    # Notifications are written in the recipient's language (Otto's region speaks German).
    from django.utils import translation

    from synergy.accounts.models import User
    from synergy.notifications.services import recipient_language

    with translation.override(recipient_language(User.objects.get(email="orgadmin@synergy.test"))):
        published = translation.gettext("Your library entry is published: %(title)s") % {"title": "A jury briefing kit"}
    expect(writer.get_by_text(published)).to_be_visible()
