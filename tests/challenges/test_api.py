"""Challenges in the open API: public data for anyone, proposal submission for members."""

import pytest

from synergy.challenges.models import Proposal

from ..factories import ChallengeFactory
from .conftest import move_to

pytestmark = pytest.mark.django_db


def test_public_challenges_and_their_public_proposals(client, challenge, proposal):
    ChallengeFactory(status="draft")  # never listed
    listing = client.get("/api/v1/challenges/").json()
    assert [item["slug"] for item in listing["items"]] == [challenge.slug]
    assert listing["items"][0]["phase"] == "open" and listing["items"][0]["proposal_count"] == 1
    detail = client.get(f"/api/v1/challenges/{challenge.slug}").json()
    assert detail["description"] == challenge.description
    proposals = client.get(f"/api/v1/challenges/{challenge.slug}/proposals").json()
    assert [item["title"] for item in proposals["items"]] == [proposal.title]


def test_jury_only_proposals_are_not_in_the_api(client, challenge, proposal):
    challenge.proposal_visibility = "jury"
    challenge.save()
    assert client.get(f"/api/v1/challenges/{challenge.slug}/proposals").status_code == 403


def test_a_signed_in_member_submits_a_proposal(client, challenge, outsider):
    url = f"/api/v1/challenges/{challenge.slug}/proposals"
    payload = {"title": "API idea", "summary": "Sent from a script", "submit": True}
    assert client.post(url, payload, content_type="application/json").status_code == 401
    client.force_login(outsider)
    response = client.post(url, payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Proposal.objects.get(pk=response.json()["id"]).status == "submitted"
    move_to(challenge, "evaluation")
    late = client.post(url, payload, content_type="application/json")
    assert late.status_code == 409


def test_the_schema_documents_the_challenge_operations(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/challenges/", "/api/v1/challenges/{slug}", "/api/v1/challenges/{slug}/proposals"} <= set(paths)
