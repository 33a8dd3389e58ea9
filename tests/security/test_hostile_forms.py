"""Every POST form a demo persona can reach, put through the hostile strings of tests/hostile.py.

The forms are found by crawling the demo world (tests/security/crawl.py) as each persona and as
a visitor without an account, so a new form is covered without being listed here; the back
office is not crawled, and the change forms of its main models are opened by name. Each form is
sent once per hostile string with its own rendered defaults and every free-text field set to
``"<marker> <hostile>"``. The answer must never be a server error; an accepted form must have
stored each value exactly (Django's form fields strip surrounding white space, the one declared
normalisation); a refused form must say why and show the typed text again, escaped.

Each submission runs in a transaction that is rolled back, so every one starts from the same
demo world and a submission cannot make the next one fail for a reason of state.
"""

import io
import itertools
import json
import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.html import escape
from PIL import Image

from synergy.accounts.models import User
from synergy.actors.models import Organisation
from synergy.challenges.models import Challenge, Proposal
from synergy.core.models import Region
from synergy.facilities.models import AccessRequest, Item
from synergy.funding.models import Project
from synergy.trainings.models import Training

from .. import hostile
from ..factories import ProjectFactory
from .crawl import Field, Form, crawl

pytestmark = pytest.mark.django_db

PERSONAS = [
    "admin@synergy.test",
    "coordinator@synergy.test",
    "orgadmin@synergy.test",
    "juror@synergy.test",
    "member@synergy.test",
    None,  # a visitor: sign-up, sign-in, password reset and the other forms open without an account
]
# The back office: the change pages of the main models, as the platform admin.
BACK_OFFICE_PERSONA = "admin@synergy.test"
BACK_OFFICE_MODELS = [Challenge, Proposal, Project, Item, AccessRequest, Training, Organisation, User]
# Where a visitor signs up, signs in or asks for a new password (a signed-in person is sent on).
ACCOUNT_PAGES = ["/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"]
# Fields whose value has a format (a code, a person to look up, a web address's part): they keep their rendered value
# in the main run, so the rest of the form can be accepted, and get their own refusal probes.
FORMAT_FIELDS = {"currency", "prize_currency", "identifier", "slug", "time_zone"}
FORMAT_TYPES = {"url", "email"}
# The back office's dates, times and people or objects named by their number.
FORMAT_CLASSES = {"vDateField", "vTimeField", "vForeignKeyRawIdAdminField", "vManyToManyRawIdAdminField"}
PROBES = [hostile.SCRIPT, hostile.JS_URL, hostile.NUL, hostile.IMG_ONERROR]
# Values for empty fields a browser user would have to fill for the form to be accepted.
EMPTY_DEFAULTS = {
    "date": "2031-03-03",
    "time": "10:00",
    "number": "1",
    "url": "https://example.org/hostile",
    "email": "hostile@example.org",
    "password": "Quiet-harbour-7319-lantern",
}
# Forms that do not store what is typed into them, and what they do instead.
NOT_STORED = {
    "accounts/password/reset/": "sends a reset link to a known address and stores nothing",
    "challenges/<slug:slug>/jury/": "looks a person up by name or address to invite them",
    "challenges/<slug:slug>/proposals/<int:pk>/team/": "looks a person up by name or address to invite them",
    "trainings/materials/<int:pk>/translation/": "e-mails the request to the coordinators",
}
# Boxes embedded in another page that redirect back on refusal and show what was typed there.
KEPT_ACROSS_REDIRECT = {
    "challenges/<slug:slug>/questions/": "question box on the challenge page",
    "challenges/<slug:slug>/review/": "approval box on the challenge page",
    "challenges/<slug:slug>/proposals/<int:pk>/comments/": "comment box on the proposal page",
    "challenges/<slug:slug>/proposals/<int:pk>/files/": "file upload on the proposal page (the file is chosen again)",
    "challenges/<slug:slug>/proposals/<int:pk>/team/": "team invitation on the proposal page",
    "challenges/<slug:slug>/evaluate/conflict/<int:proposal_pk>/": "conflict declaration on the jury page",
    "funding/<slug:slug>/updates/": "update box on the project page",
    "funding/<slug:slug>/review/": "approval box on the project page",
    "library/<slug:slug>/publish/": "send-back reason on the library entry's page",
    "facilities/requests/<int:pk>/act/": "negotiation boxes on the request page",
    "trainings/<slug:slug>/walk-in/": "walk-in box on the check-in page",
}
FORMSET_ROW = re.compile(r"^[\w]+-(\d+|__prefix__)-")  # __prefix__: the back office's template of a new row
ERROR_MARK = re.compile(r'class="errorlist|aria-invalid="true"|class="alert alert--error')


@dataclass
class Outcome:
    form: Form
    value: str
    problem: str


def _text_columns() -> list[tuple[type[models.Model], list[str]]]:
    found = []
    for model in apps.get_models():
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices
        ]
        if names:
            found.append((model, names))
    return found


def _stored_values(columns, marker: str) -> set[str]:
    """Every text value in the database that contains ``marker``."""
    values: set[str] = set()
    for model, names in columns:
        condition = Q()
        for name in names:
            condition |= Q(**{f"{name}__contains": marker})
        for row in model._base_manager.filter(condition).values_list(*names):
            values.update(v for v in row if v and marker in v)
    return values


def _is_free(field: Field) -> bool:
    if not field.free_text or field.type in FORMAT_TYPES:
        return False
    if FORMSET_ROW.match(field.name) and not field.value:
        return False  # an empty extra row of a formset stays empty, as a person would leave it
    if FORMAT_CLASSES & set(field.css_class.split()) or _is_json(field.value):
        return False
    return field.name.rsplit("-", 1)[-1] not in FORMAT_FIELDS


def _is_json(value: str) -> bool:
    """A box holding a JSON list or object: the back office's editor of a JSON column."""
    try:
        return isinstance(json.loads(value), list | dict)
    except ValueError:
        return False


def _default(field: Field) -> str:
    if field.value or (field.free_text and field.type not in FORMAT_TYPES) or FORMSET_ROW.match(field.name):
        return field.value
    if field.type == "datetime-local":
        return "2031-03-03T12:00" if "end" in field.name else "2031-03-03T10:00"
    return EMPTY_DEFAULTS.get(field.type, field.value)


def _valid_file(where: str) -> SimpleUploadedFile:
    """A small file of a kind the upload field accepts, so that the rest of the form can be judged."""
    if "attendance" in where:
        return SimpleUploadedFile("attendance.csv", b"Name,Email,Duration (minutes)\n")
    if "photo" in where or "image" in where:
        buffer = io.BytesIO()
        Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
        return SimpleUploadedFile("photo.png", buffer.getvalue(), "image/png")
    return SimpleUploadedFile("document.pdf", b"%PDF-1.7\n%%EOF\n", "application/pdf")


class Battery:
    def __init__(self, client):
        client.raise_request_exception = False  # a server error is a finding to report, not a crash
        self.client = client
        self.columns = _text_columns()
        self.counter = itertools.count()
        self.problems: list[Outcome] = []
        self.accepted: dict[str, int] = {}
        self.targets: dict[tuple, list] = {}

    def submit(self, form: Form, value_for) -> tuple[object, dict[str, str]]:
        """Post the form inside a transaction that is rolled back; returns (response, text sent)."""
        sent: dict[str, str] = {}

        def text(field: Field) -> str:
            sent[field.name] = value_for(field)
            return sent[field.name]

        for field in form.fields:
            if field.tag == "input" and not field.free_text and not field.value:
                field.value = _default(field)
        data = form.data(text)
        for field in form.fields:
            if field.type == "file":
                data[field.name] = _valid_file(form.route + field.name)
        response = self.client.post(form.action, data)
        return response, sent

    def run(self, form: Form, hostile_value: str) -> None:
        marker = f"HX{next(self.counter):05d}Q"

        def value(field: Field) -> str:
            return f"{marker} {hostile_value}" if _is_free(field) else _default(field)

        with transaction.atomic():
            response, sent = self.submit(form, value)
            typed = {name: v for name, v in sent.items() if v.startswith(marker)}
            self._judge(form, hostile_value, response, typed, marker)
            transaction.set_rollback(True)

    def probe_format_fields(self, form: Form, hostile_value: str) -> None:
        """A field with a format must refuse a hostile value with a message, keeping what was typed."""
        targets = [f for f in form.fields if f.free_text and not _is_free(f) and not FORMSET_ROW.match(f.name)]
        if not targets:
            return
        with transaction.atomic():
            response, _sent = self.submit(form, lambda f: hostile_value if f in targets else _default(f))
            typed = {f.name: hostile_value for f in targets}
            if form.route in NOT_STORED and response.status_code in (302, 303):
                # Nothing is stored to compare with; a refusal must still keep what was typed.
                if self._redirect_error(response) and form.route in KEPT_ACROSS_REDIRECT:
                    self._check_shown_on_next_page(form, hostile_value, response, typed)
            else:
                self._judge(form, hostile_value, response, typed, marker=None)
            transaction.set_rollback(True)

    def _judge(self, form: Form, hostile_value: str, response, typed: dict[str, str], marker: str | None):
        status = response.status_code
        if status >= 500:
            self.problems.append(Outcome(form, hostile_value, f"answered {status}"))
            return
        html = response.content.decode(errors="replace") if status == 200 else ""
        if status in (302, 303) or (status == 200 and not ERROR_MARK.search(html)):
            self._check_accepted(form, hostile_value, response, typed, marker)
        elif status in (200, 400, 422):
            missing = [name for name, v in typed.items() if escape(v) not in html]
            if missing:
                self.problems.append(Outcome(form, hostile_value, f"refused but did not show back {missing}"))
        else:
            self.problems.append(Outcome(form, hostile_value, f"answered {status}"))

    def _check_accepted(self, form, hostile_value, response, typed, marker):
        error = self._redirect_error(response)
        if error and form.route in KEPT_ACROSS_REDIRECT:
            self._check_shown_on_next_page(form, hostile_value, response, typed)
            return
        if error:
            self.problems.append(
                Outcome(form, hostile_value, f"refused by a redirect, losing what was typed: {error!r}")
            )
            return
        if marker is None:  # a probe of a field with a format: taking a hostile value is the problem
            self.problems.append(Outcome(form, hostile_value, f"accepted it in {sorted(typed)}"))
            return
        self.accepted[form.route] = self.accepted.get(form.route, 0) + 1
        if form.route in NOT_STORED:
            return
        # The tables a form writes to are learned from its first accepted submission.
        targets = self.targets.get(form.key)
        stored = _stored_values(targets or self.columns, marker)
        if targets is None:
            self.targets[form.key] = [(m, n) for m, n in self.columns if _stored_values([(m, n)], marker)]
        elif not all(v in stored or v.strip() in stored for v in typed.values()):
            stored = _stored_values(self.columns, marker)  # look everywhere before reporting a loss
        for name, sent in typed.items():
            if sent not in stored and sent.strip() not in stored:
                self.problems.append(Outcome(form, hostile_value, f"accepted but {name!r} was not stored exactly"))

    def _check_shown_on_next_page(self, form, hostile_value, response, typed):
        html = self.client.get(response["Location"]).content.decode(errors="replace")
        missing = [name for name, v in typed.items() if escape(v) not in html]
        if missing:
            self.problems.append(Outcome(form, hostile_value, f"refused but did not show back {missing}"))

    def _redirect_error(self, response) -> str | None:
        """The error message a redirect carries to the next page (in the messages cookie), if any."""
        cookie = self.client.cookies.pop("messages", None)
        if response.status_code not in (302, 303) or cookie is None:
            return None
        carried = CookieStorage(response.wsgi_request)._decode(cookie.value) or []
        errors = [str(m) for m in carried if m.level == constants.ERROR]
        return errors[0] if errors else None


def _summary(problems: list[Outcome]) -> str:
    """One line per form and kind of problem, with how many strings caused it and a few of them."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for p in problems:
        grouped.setdefault((f"{p.form.route} {p.form.submit or ''}", p.problem), []).append(p.value)
    return f"{len(problems)} problems:\n" + "\n".join(
        f"{where}: {problem} ({len(values)}x, e.g. {[v[:40] for v in values[:3]]})"
        for (where, problem), values in grouped.items()
    )


def _sign_in(client, email: str | None) -> None:
    if email is None:
        client.logout()
    else:
        client.force_login(User.objects.get(email=email))


@pytest.fixture
def demo_forms(client, settings):
    """Seed the demo world and crawl it as each persona; returns [(persona, form)]."""
    # Sign-up, sign-in and password reset are tried some hundred times from one address.
    settings.ACCOUNT_RATE_LIMITS = False
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # The demo world has a challenge awaiting approval but no project: one for the coordinator.
    ProjectFactory(status="pending", region=Region.objects.get(slug="lower-silesia"))
    pending = [*Challenge.objects.filter(status="pending"), *Project.objects.filter(status="pending")]
    awaiting_review = [obj.get_absolute_url() for obj in pending]
    found: dict[tuple, tuple[str | None, Form]] = {}

    def keep(email, forms):
        for form in forms:
            if any(f.free_text for f in form.fields):
                found.setdefault(form.key, (email, form))

    for email in PERSONAS:
        _sign_in(client, email)
        keep(email, crawl(client, ["/", "/me/profile/", "/notifications/", *ACCOUNT_PAGES])[1])
        # A crawl that opens three pages of each kind may not reach the ones awaiting review.
        keep(email, crawl(client, awaiting_review, limit=len(awaiting_review))[1])
    _sign_in(client, BACK_OFFICE_PERSONA)
    change_pages = [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[model.objects.first().pk])
        for model in BACK_OFFICE_MODELS
    ]
    keep(BACK_OFFICE_PERSONA, crawl(client, change_pages, limit=len(change_pages))[1])
    return list(found.values())


def test_every_form_stores_hostile_text_exactly_or_refuses_it_clearly(client, demo_forms):
    assert set(KEPT_ACROSS_REDIRECT) <= {form.route for _email, form in demo_forms}  # every box was found
    battery = Battery(client)
    for email, form in demo_forms:
        _sign_in(client, email)
        for value in hostile.BATTERY:
            battery.run(form, value)
        for value in PROBES:
            battery.probe_format_fields(form, value)
    assert not battery.problems, _summary(battery.problems)
    # The battery cannot pass by refusing everything: the main forms accepted hostile text.
    expected = {
        "challenges/<slug:slug>/proposals/new/",
        "challenges/<slug:slug>/proposals/<int:pk>/comments/",
        "challenges/<slug:slug>/questions/",
        "funding/new/",
        "facilities/new/",
        "accounts/signup/",
        "admin/challenges/challenge/<path:object_id>/change/",
        "me/profile/",
        "trainings/<slug:slug>/edit/",
    }
    assert expected <= set(battery.accepted), sorted(battery.accepted)
