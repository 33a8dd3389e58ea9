"""The jury ranking is worked out once per state of the jury's work, and as each person may see it.

A round of 500 proposals took 55 ms to rank and draw; shown again, the ranking comes from the
cache, until a score, a conflict or anything else of the challenge changes.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from synergy.challenges import services

from ..factories import UserFactory
from .conftest import make_round, move_to, seat_juror

pytestmark = pytest.mark.django_db


@pytest.fixture
def judged(challenge, proposal, seated):
    """A round in evaluation with two proposals; Jules (seated) declared a conflict with the first."""
    other = services.create_proposal(challenge, UserFactory(), title="Other team", summary="…")
    services.submit_proposal(other)
    services.declare_conflict(seated, proposal)
    move_to(challenge, "evaluation")
    round_ = make_round(challenge, [proposal, other], weights=(100,))
    return round_, other


def test_the_ranking_is_shown_again_without_scoring_anew(client, admin_user, challenge, judged):
    round_, _other = judged
    url = reverse("challenges:ranking", args=[challenge.slug, round_.pk])
    client.force_login(admin_user)
    first = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as again:
        assert client.get(url).content.decode().count("Other team") == first.count("Other team") == 1
    assert not [q for q in again.captured_queries if "challenges_score" in q["sql"]]


def test_a_new_score_shows_in_the_ranking_at_once(client, admin_user, challenge, judged):
    round_, other = judged
    url = reverse("challenges:ranking", args=[challenge.slug, round_.pk])
    client.force_login(admin_user)
    assert "7.00" not in client.get(url).content.decode()
    scorer = seat_juror(challenge)
    services.record_scores(scorer, other, round_, {round_.criteria.get().pk: (7, "")})
    assert "7.00" in client.get(url).content.decode()


def test_a_juror_never_gets_the_managers_ranking_from_the_cache(client, admin_user, juror, challenge, proposal, judged):
    round_, _other = judged
    services.close_round(round_)
    url = reverse("challenges:ranking", args=[challenge.slug, round_.pk])
    client.force_login(admin_user)
    managers = client.get(url).content.decode()
    assert proposal.title in managers and "Jury progress" in managers
    client.force_login(juror)
    jurors = client.get(url).content.decode()
    assert "Other team" in jurors and proposal.title not in jurors and "Jury progress" not in jurors
