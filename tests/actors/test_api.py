import pytest

from synergy.actors.models import ActorCompetence
from synergy.core import search
from tests.actors.factories import ParticipationFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_api_searches_and_filters_like_the_directory(client, region):
    wanted = OrganisationFactory(name="Sensing Lab", specialisation="Printed sensors", region=region, type="research")
    ActorCompetence.objects.create(organisation=wanted, term="sensors", declared=True)
    search.index_object(wanted)
    other = OrganisationFactory(name="Other", specialisation="Printed sensors", type="sme")
    search.index_object(other)
    data = client.get("/api/v1/organisations/", {"q": "printed sens", "competence": "sensors"}).json()
    assert [item["slug"] for item in data["items"]] == [wanted.slug]
    assert data["count"] == 1
    assert client.get("/api/v1/organisations/", {"q": "printed", "region": region.slug}).json()["count"] == 1


def test_api_refuses_unknown_filter_values_with_a_validation_error(client, db):
    response = client.get("/api/v1/organisations/", {"competence": "hacking"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "competence"]


def test_api_detail_has_competences_and_projects_but_no_contact(client, organisation):
    organisation.contact_email = "secret@example.org"
    organisation.save()
    ActorCompetence.objects.create(organisation=organisation, term="sensors", declared=True, evidence=1)
    participation = ParticipationFactory(organisation=organisation, role="coordinator", project__trl_end=6)
    response = client.get(f"/api/v1/organisations/{organisation.slug}")
    data = response.json()
    assert data["competences"] == [
        {"term": "sensors", "label": "Sensors and measurement", "declared": True, "evidence": 1}
    ]
    assert data["project_count"] == 1
    assert data["projects"][0]["project"] == participation.project_id
    assert data["projects"][0]["role"] == "coordinator"
    assert "secret@example.org" not in response.content.decode()
    project = client.get(f"/api/v1/organisations/projects/{participation.project_id}").json()
    assert project["consortium"] == [
        {
            "organisation": organisation.slug,
            "name": organisation.name,
            "country": organisation.country,
            "role": "coordinator",
        }
    ]


def test_api_list_and_detail_queries_do_not_grow(client, region, django_assert_max_num_queries, uncached):
    organisation = OrganisationFactory(region=region)
    for _ in range(20):
        OrganisationFactory(region=region)
        ParticipationFactory(organisation=organisation)
    ActorCompetence.objects.create(organisation=organisation, term="sensors", declared=True)
    with django_assert_max_num_queries(3):
        client.get("/api/v1/organisations/", {"type": "sme", "competence": "sensors"})
    with django_assert_max_num_queries(5):
        client.get(f"/api/v1/organisations/{organisation.slug}")
