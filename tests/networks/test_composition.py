"""Composition by country, type and sector, and the diversity measure."""

import pytest

from synergy.networks.composition import composition, diversity

from ..factories import OrganisationFactory
from .factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_diversity_is_the_chance_two_members_differ():
    assert diversity([12]) == 0
    assert diversity([1, 1, 1]) == 1
    assert diversity([3, 3, 3, 3]) == pytest.approx(1 - 2 / 11)  # 82%, as the page's example says
    assert diversity([1]) is None and diversity([]) is None


def test_composition_counts_each_dimension(db):
    organisations = [
        OrganisationFactory(country="PL", type="sme"),
        OrganisationFactory(country="PL", type="university"),
        OrganisationFactory(country="SI", type="research"),
    ]
    made_of = composition(organisations)
    country, kind, sector = made_of.dimensions
    assert country.counts == [("Poland", 2), ("Slovenia", 1)]
    assert sector.counts == [("Academia and research", 2), ("Industry", 1)]
    assert kind.percent == 100 and country.percent == 67
    assert made_of.percent == round((2 / 3 + 1 + 2 / 3) / 3 * 100)


def test_network_page_draws_a_chart_per_dimension_with_its_diversity(network, client):
    MemberFactory(network=network, organisation=OrganisationFactory(country="SI", type="university"))
    html = client.get(network.get_absolute_url()).content.decode()
    assert html.count("<svg") == 3
    assert "Slovenia" in html and "Academia and research" in html
    assert "Overall diversity: 100%" in html
    assert "What the diversity measure means" in html


def test_only_active_members_count(network, client):
    MemberFactory(network=network, organisation=OrganisationFactory(country="SI"), status="invited")
    html = client.get(network.get_absolute_url()).content.decode()
    assert "Slovenia" not in html
    assert "Diversity is measured once the network has two members." in html
