"""A newcomer's first visit, end to end in a real browser:

sign up → open the verification link from the mail → log in → switch to Polish →
turn on two-factor authentication → log out → log in with a code.
"""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from playwright.sync_api import expect

from synergy.notifications.services import flush_outbox

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "newcomer@example.org"
PASSWORD = "a sturdy passphrase 2026"


def _totp(secret: str) -> str:
    if 30 - time.time() % 30 < 4:  # don't hand over a code about to expire on a busy machine
        time.sleep(30 - time.time() % 30 + 0.5)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _log_in(page):
    page.goto("/accounts/login/")
    page.get_by_label(re.compile("Email|E-mail", re.I)).first.fill(EMAIL)
    page.get_by_label(re.compile("Password|Hasło", re.I)).first.fill(PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").first.click()


def test_newcomer_signs_up_verifies_switches_to_polish_and_uses_two_factor(page, live_server):
    page.goto("/")
    page.get_by_role("link", name="Sign up").first.click()
    page.check()
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Display name").fill("Nowa Osoba 🚀")
    page.get_by_label("I take part as").select_option("sme")
    page.get_by_label("I accept the terms of use").check()
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Password \(again\)")).fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.check()
    assert "/accounts/confirm-email/" in page.url

    # The verification mail goes through the outbox; the worker's job is done here.
    assert flush_outbox() == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.check()

    _log_in(page)
    page.check()
    assert page.url.rstrip("/") == live_server.url
    expect(page.get_by_role("link", name="Nowa Osoba 🚀")).to_be_visible()

    page.get_by_label("Language").select_option("pl")
    page.get_by_role("button", name="Change").click()
    page.check()
    assert page.locator("html").get_attribute("lang") == "pl"
    expect(page.get_by_role("link", name="Regiony", exact=True)).to_be_visible()

    page.goto("/me/profile/")
    page.locator("a[href='/accounts/2fa/']").click()
    page.check()
    page.locator("a[href='/accounts/2fa/totp/activate/']").click()
    if "/accounts/reauthenticate/" in page.url:  # a sensitive change asks for the password again
        page.check()
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form:has(input[name=password]) button[type=submit]").first.click()
    page.check()
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(_totp(secret))
    page.locator("form:has(input[name=code]) button[type=submit]").first.click()
    page.check()
    page.goto("/accounts/2fa/")
    assert page.locator("html").get_attribute("lang") == "pl"

    page.locator("form[action='/accounts/logout/'] button").click()
    page.check()
    _log_in(page)
    page.check()
    assert "/accounts/2fa/authenticate/" in page.url
    page.locator("input[name=code]").fill(_totp(secret))
    page.locator("form:has(input[name=code]) button[type=submit]").first.click()
    page.check()
    assert page.url.rstrip("/") == live_server.url
    assert page.locator("html").get_attribute("lang") == "pl"
    assert len(page.checked) >= 10
