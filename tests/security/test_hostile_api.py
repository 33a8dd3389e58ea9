"""Every API operation that takes text, put through the hostile strings; then Schemathesis.

The API answers a signed-in member's session with CSRF enforced, as a browser script would
send it. Each accepted value must read back exactly; each refused one must come with a 4xx
that names the field.
"""

import json
import secrets
from datetime import timedelta

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings

from synergy.api.api import api
from synergy.challenges.models import Proposal
from synergy.facilities.models import AccessRequest

from .. import hostile
from ..factories import ChallengeFactory, ItemFactory, UserFactory

pytestmark = pytest.mark.django_db

# Every operation with a text field in its body, the fields, and where the value is kept.
TEXT_OPERATIONS = {
    ("post", "/api/v1/challenges/{slug}/proposals"): ["title", "summary", "objectives", "approach", "resources"],
    ("post", "/api/v1/facilities/{slug}/requests"): ["purpose", "needs"],
}


def _text_operations_in_schema() -> set[tuple[str, str]]:
    schema = json.loads(json.dumps(api.get_openapi_schema()))
    found = set()
    for path, methods in schema["paths"].items():
        for method, spec in methods.items():
            body = spec.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            name = body.get("$ref", "").rsplit("/", 1)[-1]
            properties = schema["components"]["schemas"].get(name, {}).get("properties", {})
            if any(p.get("type") == "string" and "format" not in p for p in properties.values()):
                found.add((method, path))
    return found


def test_the_battery_covers_every_operation_that_takes_text():
    assert _text_operations_in_schema() == set(TEXT_OPERATIONS)


@pytest.fixture
def member_api():
    """A test client signed in as a member, with CSRF checks on and the token in the header."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(UserFactory(stakeholder_type="sme"))
    token = secrets.token_hex(16)
    client.cookies["csrftoken"] = token
    client.defaults["HTTP_X_CSRFTOKEN"] = token
    return client


def _judge(response, sent: dict[str, str], read_back) -> str | None:
    if response.status_code >= 500:
        return f"answered {response.status_code}"
    if response.status_code in (200, 201):
        stored = read_back(response.json()["id"])
        wrong = [name for name, value in sent.items() if stored[name] != value]
        return f"stored {wrong} differently" if wrong else None
    if response.status_code in (400, 409, 422):
        detail = response.json().get("detail")
        named = json.dumps(detail)
        return None if detail and any(name in named for name in sent) else f"refused without naming a field: {detail}"
    return f"answered {response.status_code}"


def _battery(client, url, fixed: dict, fields: list[str], read_back) -> list[str]:
    problems = []
    for index, value in enumerate(hostile.BATTERY):
        sent = {name: f"HX{index:03d}{name} {value}" for name in fields}
        with transaction.atomic():
            response = client.post(url, {**fixed, **sent}, content_type="application/json")
            problem = _judge(response, sent, read_back)
            transaction.set_rollback(True)
        if problem:
            problems.append(f"{url} with {value[:40]!r}: {problem}")
    return problems


def test_proposal_text_reads_back_exactly_or_is_refused_by_field(member_api):
    challenge = ChallengeFactory()
    fields = TEXT_OPERATIONS[("post", "/api/v1/challenges/{slug}/proposals")]
    url = f"/api/v1/challenges/{challenge.slug}/proposals"
    plain = member_api.post(url, {"title": "Plain", "summary": "Plain"}, content_type="application/json")
    assert plain.status_code == 201, plain.content  # the battery cannot pass by every request failing
    problems = _battery(member_api, url, {}, fields, lambda pk: Proposal.objects.values(*fields).get(pk=pk))
    assert not problems, "\n".join(problems)
    without_token = Client(enforce_csrf_checks=True)
    without_token.cookies = member_api.cookies
    refused = without_token.post(url, {"title": "t", "summary": "s"}, content_type="application/json")
    assert refused.status_code == 403  # a session without the CSRF header cannot write


def test_access_request_text_reads_back_exactly_or_is_refused_by_field(member_api):
    item = ItemFactory()
    starts = timezone.now() + timedelta(days=30)
    fixed = {"starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=2)).isoformat()}
    fields = TEXT_OPERATIONS[("post", "/api/v1/facilities/{slug}/requests")]
    url = f"/api/v1/facilities/{item.slug}/requests"
    problems = _battery(member_api, url, fixed, fields, lambda pk: AccessRequest.objects.values(*fields).get(pk=pk))
    assert not problems, "\n".join(problems)


# Schemathesis: random valid and invalid requests to every operation, checked for server
# errors and for answers that do not match the schema.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


@pytest.fixture
def api_world(member_api):
    """One published object of each kind, so generated slugs sometimes hit something real.

    Schemathesis calls the WSGI handler directly; like Django's test client, it must not close
    the test's database connection at the end of each request (it lives in the test's transaction).
    """
    ChallengeFactory(slug="a")
    ItemFactory(slug="a")
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield member_api
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_every_generated_request_without_a_server_error(case, api_world):
    headers = {"Cookie": "; ".join(f"{k}={m.value}" for k, m in api_world.cookies.items())}
    headers["X-CSRFToken"] = api_world.cookies["csrftoken"].value
    case.call_and_validate(headers=headers)
