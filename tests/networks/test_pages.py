"""The pages' cost and freshness: query counts that do not grow with members, networks or versions,
and cached fragments that show a change at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from synergy.networks import services
from synergy.networks.models import Member

from ..factories import OrganisationFactory
from ..hostile import SCRIPT
from .factories import MemberFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def add_members(network, count: int, status=Member.Status.ACTIVE):
    for number in range(count):
        MemberFactory(
            network=network, organisation=OrganisationFactory(country=["PL", "SI"][number % 2]), status=status
        )


@pytest.mark.parametrize("persona", ["anonymous", "coordinator_admin"])
def test_detail_queries_do_not_grow_with_members(scene, login, persona, uncached):
    client, url = login(scene["people"][persona]), scene["network"].get_absolute_url()
    add_members(scene["network"], 2)
    add_members(scene["network"], 1, Member.Status.APPLIED)
    few = queries(client, url)
    add_members(scene["network"], 20)
    add_members(scene["network"], 5, Member.Status.APPLIED)
    assert queries(client, url) == few


def test_list_queries_do_not_grow_with_networks(client, uncached):
    for _ in range(2):
        add_members(NetworkFactory(), 2)
    few = queries(client, reverse("networks:list"))
    for _ in range(15):
        add_members(NetworkFactory(), 3)
    assert queries(client, reverse("networks:list")) == few


def test_history_queries_do_not_grow_with_versions(network, org_admin, login, uncached):
    client, url = login(org_admin), reverse("networks:history", args=[network.slug])
    for number in range(11):
        services.save_analysis(network, by=org_admin, strengths=f"v{number}")
    few = queries(client, url)
    for number in range(30):
        services.save_analysis(network, by=org_admin, strengths=f"w{number}")
    assert queries(client, url) == few


def test_mine_queries_do_not_grow_with_networks(org_admin, organisation, login, uncached):
    client = login(org_admin)
    MemberFactory(organisation=organisation, status=Member.Status.INVITED)
    few = queries(client, reverse("networks:mine"))
    for _ in range(10):
        MemberFactory(organisation=organisation, status=Member.Status.INVITED)
    assert queries(client, reverse("networks:mine")) == few


def test_cached_detail_shows_a_new_member_and_a_new_analysis_at_once(scene, client):
    network = scene["network"]
    url = network.get_absolute_url()
    row = scene["rows"]["invited_org_admin"]
    assert row.organisation.name not in client.get(url).content.decode().replace("&lt;", "<").replace("&gt;", ">")
    services.answer(row, by=scene["people"]["invited_org_admin"], accept=True)
    services.save_analysis(network, by=scene["people"]["coordinator_admin"], threats="Rising prices")
    html = client.get(url).content.decode()
    assert "Rising prices" in html
    assert row.organisation.slug in html


def test_a_cached_page_is_served_with_fewer_queries(network, client):
    add_members(network, 5)
    first = queries(client, network.get_absolute_url())
    assert queries(client, network.get_absolute_url()) < first


def test_fragments_hold_nothing_personal(scene, login):
    """The coordinator's buttons are not served to the visitor who comes next from the cache."""
    network = scene["network"]
    manager_page = login(scene["people"]["coordinator_admin"]).get(network.get_absolute_url()).content.decode()
    assert reverse("networks:invite", args=[network.slug]) in manager_page
    visitor_page = login(None).get(network.get_absolute_url()).content.decode()
    assert reverse("networks:invite", args=[network.slug]) not in visitor_page
    body = visitor_page.split('id="members-title"', 1)[1].split("</main>", 1)[0]
    assert "csrfmiddlewaretoken" not in body
    assert SCRIPT not in visitor_page
