"""The same form submitted twice at once (a double click, two tabs): one effect.

Real forms through the real HTTP stack on PostgreSQL, the two submissions released at
the same moment. Signup, likes, capacity and booking agreements are covered in
tests/test_concurrency.py and tests/<app>/test_concurrency.py; these are the forms that
create something for one person.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from synergy.challenges import services as challenge_services
from synergy.facilities.models import AccessRequest
from synergy.funding.models import Pledge
from synergy.notifications.models import Notification
from synergy.trainings.models import Registration
from tests.factories import ChallengeFactory, ItemFactory, ProjectFactory, TrainingFactory, UserFactory
from tests.parallel import csrf_token, in_parallel, logged_in_tab

from .conftest import FAULT_MARKS

pytestmark = [*FAULT_MARKS, pytest.mark.django_db(transaction=True)]


def _twice_at_once(live_server, user, page: str, action: str, data: dict) -> list[int]:
    """Two tabs of ``user`` showing ``page`` send the same form to ``action`` at the same moment."""
    tabs = [logged_in_tab(live_server, user) for _ in range(2)]
    tokens = [csrf_token(tab, page) for tab in tabs]
    return in_parallel(
        *[
            lambda tab=tab, token=token: tab.post(action, {"csrfmiddlewaretoken": token, **data})
            for tab, token in zip(tabs, tokens, strict=True)
        ]
    )


def test_a_double_click_on_register_makes_one_registration_and_one_mail(live_server):
    training = TrainingFactory(capacity=5)
    person = UserFactory()
    statuses = _twice_at_once(
        live_server, person, training.get_absolute_url(), f"/trainings/{training.slug}/register/", {}
    )
    assert statuses == [200, 200]
    assert Registration.objects.filter(training=training, user=person).count() == 1
    assert Notification.objects.filter(recipient=person).count() <= 1


def test_a_double_click_on_pledge_makes_one_pledge(live_server):
    project = ProjectFactory(goal=10_000)
    person = UserFactory()
    statuses = _twice_at_once(
        live_server, person, project.get_absolute_url(), f"/funding/{project.slug}/pledge/", {"amount": "50"}
    )
    assert statuses == [200, 200]
    assert Pledge.objects.filter(project=project, supporter=person).count() == 1
    project.refresh_from_db()
    assert project.raised == 50


def test_a_double_click_on_request_access_makes_one_request(live_server):
    item = ItemFactory()
    person = UserFactory()
    start = timezone.localtime() + timedelta(days=4)
    data = {
        "starts_at": start.strftime("%Y-%m-%dT%H:00"),
        "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:00"),
        "purpose": "Print a bracket",
        "needs": "",
    }
    statuses = _twice_at_once(live_server, person, item.get_absolute_url(), f"/facilities/{item.slug}/request/", data)
    assert statuses == [200, 200]
    assert AccessRequest.objects.filter(item=item, taker=person).count() == 1


def test_a_double_click_on_submit_proposal_submits_it_once(live_server, organisation, org_admin):
    challenge = ChallengeFactory(giver=organisation)
    lead = UserFactory()
    proposal = challenge_services.create_proposal(challenge, lead, title="Twice", summary="…")
    path = f"/challenges/{challenge.slug}/proposals/{proposal.pk}/"
    statuses = _twice_at_once(live_server, lead, path, path + "submit/", {})
    assert statuses == [200, 200]
    # The same form sent again later (a tab left open on the draft) lands on the proposal page,
    # told it was already submitted, instead of on a 403 page.
    late = logged_in_tab(live_server, lead)
    assert late.post(path + "submit/", {"csrfmiddlewaretoken": csrf_token(late, path)}) == 200
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    assert Notification.objects.filter(recipient=org_admin, kind="challenge.proposal_submitted").count() == 1
