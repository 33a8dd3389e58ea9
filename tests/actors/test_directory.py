import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from synergy.actors.models import ActorCompetence
from synergy.core import search
from tests.actors.factories import ParticipationFactory
from tests.factories import ItemFactory, OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db


def _indexed(**fields):
    organisation = OrganisationFactory(**fields)
    search.index_object(organisation)
    return organisation


def _names(client, **query) -> str:
    return client.get(reverse("actors:list"), query).content.decode()


def test_directory_filters_by_type_and_region(client, region):
    OrganisationFactory(name="Alpha University", type="university", region=region)
    OrganisationFactory(name="Beta SME", type="sme", region=region)
    OrganisationFactory(name="Gamma University", type="university", region=RegionFactory())
    body = _names(client, type="university", region=region.pk)
    assert "Alpha University" in body
    assert "Beta SME" not in body
    assert "Gamma University" not in body


def test_htmx_filter_request_gets_only_the_results_fragment(client, region):
    OrganisationFactory(name="Alpha University", type="university", region=region)
    response = client.get(reverse("actors:list"), {"type": "university"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Alpha University" in body
    assert "<html" not in body
    assert 'role="status"' in body


def test_invalid_filter_values_are_ignored_not_an_error(client, region):
    OrganisationFactory(region=region)
    response = client.get(
        reverse("actors:list"),
        {"type": "<script>", "region": "'; DROP TABLE x;--", "readiness": "99", "ordering": "x", "competence": "z"},
    )
    assert response.status_code == 200


def test_organisation_page_renders_description_markdown_safely(client, organisation):
    body = client.get(organisation.get_absolute_url()).content.decode()
    assert "<strong>3D printers</strong>" in body
    assert "<script>alert(1)</script>" not in body


def test_full_text_finds_specialisation_keywords_and_competence_labels_with_diacritics_folded(client):
    _indexed(name="Łódź Lasers", specialisation="Laser cladding of turbine blades")
    _indexed(name="Keyword Works", keywords="ultrasonic welding, plastics")
    labelled = OrganisationFactory(name="Labelled Lab")
    ActorCompetence.objects.create(organisation=labelled, term="biomedical", declared=True)
    search.index_object(labelled)
    _indexed(name="Nothing Here")
    assert "Łódź Lasers" in _names(client, q="lodz clad")
    assert "Nothing Here" not in _names(client, q="lodz clad")
    assert "Keyword Works" in _names(client, q="ultrason")
    assert "Labelled Lab" in _names(client, q="biomedical engineering")


@pytest.mark.parametrize(
    "query", ["<script>alert(1)</script>", '"', "'; DROP TABLE x;--", "*", "a" * 500, "NEAR(", "x\x00y"]
)
def test_hostile_search_words_are_words_not_syntax(client, query):
    _indexed(name="Plain Organisation")
    response = client.get(reverse("actors:list"), {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode().split("</form>")[-1]


def test_search_is_ordered_by_relevance_then_filtered(client):
    _indexed(name="Sensor Sensor Company", specialisation="sensors sensors sensors", type="sme")
    _indexed(name="Other Company", description="Among other things, sensors.", type="sme")
    _indexed(name="Sensor University", specialisation="sensors", type="university")
    body = _names(client, q="sensors", type="sme")
    assert body.index("Sensor Sensor Company") < body.index("Other Company")
    assert "Sensor University" not in body


def test_filters_by_competence_key_area_country_readiness_and_infrastructure(client, region):
    sensing = OrganisationFactory(name="Sensing", country="SI")
    ActorCompetence.objects.create(organisation=sensing, term="sensors", declared=True)
    ActorCompetence.objects.create(organisation=sensing, term="industry_40", evidence=2)
    mature = OrganisationFactory(name="Mature")
    ParticipationFactory(organisation=mature, project__trl_start=4, project__trl_end=7)
    equipped = OrganisationFactory(name="Equipped", infrastructure="")
    ItemFactory(provider=equipped, published=True)
    described = OrganisationFactory(name="Described", infrastructure="A clean room")
    assert "Sensing" in _names(client, competence="sensors")
    assert "Mature" not in _names(client, competence="sensors")
    assert "Sensing" in _names(client, key_area="industry_40")
    assert "Sensing" in _names(client, country="SI") and "Mature" not in _names(client, country="SI")
    assert "Mature" in _names(client, readiness="7") and "Mature" not in _names(client, readiness="8")
    body = _names(client, has_infrastructure="on")
    assert "Equipped" in body and "Described" in body and "Mature" not in body
    assert described.pk


def test_ordering_by_completeness(client):
    OrganisationFactory(name="Aaa Sparse").__class__.objects.filter(name="Aaa Sparse").update(completeness=10)
    full = OrganisationFactory(name="Zzz Full")
    full.__class__.objects.filter(pk=full.pk).update(completeness=90)
    body = _names(client, ordering="completeness")
    assert body.index("Zzz Full") < body.index("Aaa Sparse")


@pytest.mark.parametrize("query", [{}, {"q": "organisation"}, {"q": "organisation", "ordering": "completeness"}])
def test_directory_queries_do_not_grow_with_the_data(client, uncached, query):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("actors:list"), {**query, "competence": "", "readiness": ""}).status_code == 200
        return len(queries)

    for _ in range(3):
        organisation = _indexed()
        ActorCompetence.objects.create(organisation=organisation, term="sensors", declared=True)
    few = count()
    for _ in range(15):
        organisation = _indexed()
        ActorCompetence.objects.create(organisation=organisation, term="sensors", declared=True)
    assert count() == few
    assert few <= 10


def test_profile_page_queries_do_not_grow_with_projects_and_competences(client, uncached, organisation):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(organisation.get_absolute_url())
        return len(queries)

    ParticipationFactory(organisation=organisation)
    few = count()
    for term in ("sensors", "energy", "data"):
        ActorCompetence.objects.create(organisation=organisation, term=term, declared=True)
    ParticipationFactory.create_batch(10, organisation=organisation)
    assert count() == few
