"""The whole life of a training, in German, in a real browser, every page checked by axe-core."""

import re

import pytest
from django.core.management import call_command

from synergy.demo.data import DEMO_PASSWORD
from synergy.trainings.models import Registration, Training

pytestmark = pytest.mark.django_db(transaction=True)

REPORT = (
    "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n"
    "Julia Jurorin,JUROR@synergy.test,03/10/2030 10:00:00 AM,03/10/2030 11:00:00 AM,60\n"
)


def _german_page(browser, live_server, email):
    from tests.browser.conftest import Page

    context = browser.new_context(locale="de-DE", accept_downloads=True)
    context.add_cookies([{"name": "django_language", "value": "de", "url": live_server.url}])
    page = Page(context.new_page(), live_server.url)
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").first.click()
    page.wait_for_load_state("load")
    return context, page


def _register(page, slug):
    page.goto(f"/trainings/{slug}/")
    page.locator(f"form[action='/trainings/{slug}/register/'] button[type=submit]").click()
    page.check()


def test_a_training_from_planning_to_report_in_german(browser, live_server, tmp_path):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    coordinator_context, coordinator = _german_page(browser, live_server, "coordinator@synergy.test")
    # The coordinator plans a training with two objectives and publishes it.
    coordinator.goto("/trainings/new/")
    assert coordinator.locator("html").get_attribute("lang") == "de"
    form = coordinator.locator("form.form-card")
    form.locator("input[name=title]").fill("Offene Innovation in Niederschlesien")
    form.locator("select[name=region]").select_option(index=1)  # the coordinator's one region
    form.locator("select[name=format]").select_option("online")
    form.locator("input[name=webinar_url]").fill("https://meet.example.org/niederschlesien")
    form.locator("select[name=language]").select_option("de")
    form.locator("select[name=time_zone]").select_option("Europe/Warsaw")
    form.locator("input[name=starts_at]").fill("2030-03-10T10:00")
    form.locator("input[name=ends_at]").fill("2030-03-10T12:00")
    form.locator("input[name=registration_deadline]").fill("2030-03-09T18:00")
    form.locator("input[name=capacity]").fill("1")
    form.locator("input[name='objectives-0-text']").fill("Mechanismen offener Innovation kennen")
    form.locator("input[name='objectives-1-text']").fill("Partner für Kooperationen finden")
    form.locator("button[type=submit]").last.click()
    coordinator.check()
    training = Training.objects.get(title="Offene Innovation in Niederschlesien")
    assert training.objectives.count() == 2
    coordinator.locator(f"form[action='/trainings/{training.slug}/publish/'] button").click()
    coordinator.check()
    training.refresh_from_db()
    assert training.status == "published"

    # Two members register; the second lands on the waitlist; the first cancels and the second moves up.
    member_context, member = _german_page(browser, live_server, "member@synergy.test")
    juror_context, juror = _german_page(browser, live_server, "juror@synergy.test")
    _register(member, training.slug)
    _register(juror, training.slug)
    assert Registration.objects.get(training=training, user__email="juror@synergy.test").status == "waitlisted"
    member.locator(f"form[action='/trainings/{training.slug}/unregister/'] button").click()
    member.check()
    assert Registration.objects.get(training=training, user__email="juror@synergy.test").status == "confirmed"

    # The coordinator imports the webinar tool's attendance report.
    report = tmp_path / "zoom-participants.csv"
    report.write_bytes(b"\xef\xbb\xbf" + REPORT.encode())
    coordinator.goto(f"/trainings/{training.slug}/attendance/")
    coordinator.locator("input[name=file]").set_input_files(str(report))
    coordinator.locator("form.form-card button[type=submit]").click()
    coordinator.check()
    coordinator.locator("button[name=apply]").click()
    coordinator.check()
    assert Registration.objects.get(training=training, user__email="juror@synergy.test").attended_at

    coordinator.goto(f"/trainings/{training.slug}/")
    coordinator.locator(f"form[action='/trainings/{training.slug}/held/'] button").click()
    coordinator.check()

    # The attendee gives feedback and downloads the certificate.
    juror.goto(f"/trainings/{training.slug}/feedback/")
    for fieldset in juror.locator("fieldset.rating").all()[:3]:
        fieldset.locator("input[type=radio]").nth(3).check()
    juror.locator("input[name=intention][value=yes]").check()
    juror.locator("textarea[name=comment]").fill("Sehr hilfreich – danke! Zażółć gęślą jaźń.")
    juror.locator("form.form-card button[type=submit]").click()
    juror.check()
    assert training.registrations.get(user__email="juror@synergy.test").feedback.usefulness == 4
    with juror.expect_download() as download:
        juror.locator(f"a[href='/trainings/{training.slug}/certificate.pdf']").click()
    assert download.value.path().read_bytes().startswith(b"%PDF-")

    # The coordinator reads the region report, with its chart, and exports the participants.
    coordinator.goto("/trainings/region/lower-silesia/report/")
    assert coordinator.locator("figure.chart svg").count() >= 2
    with coordinator.expect_download() as workbook:
        coordinator.locator("a[href='/trainings/region/lower-silesia/report.xlsx']").click()
    assert workbook.value.path().read_bytes().startswith(b"PK")  # an XLSX is a ZIP
    coordinator.goto(f"/trainings/{training.slug}/report/")
    with coordinator.expect_download() as export:
        coordinator.locator(f"a[href='/trainings/{training.slug}/participants.csv']").click()
    assert re.search("Julia Jurorin", download_text(export.value))
    for context in (coordinator_context, member_context, juror_context):
        context.close()


def download_text(download) -> str:
    return download.path().read_bytes().decode("utf-8-sig")
