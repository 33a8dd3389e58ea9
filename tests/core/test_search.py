import pytest
from django.urls import reverse

from synergy.core.search import fold, rebuild_index, search
from tests.factories import OrganisationFactory, ProjectFactory, UserFactory
from tests.hostile import ALL, SCRIPT

pytestmark = pytest.mark.django_db


def _index(*objects):
    from synergy.core.search import index_object

    for obj in objects:
        index_object(obj)


def test_search_finds_organisations_and_regions_without_diacritics(region):
    wroclaw = OrganisationFactory(name="Politechnika Wrocławska", region=region)
    jsi = OrganisationFactory(name="Institut Jožef Stefan", region=region)
    _index(wroclaw, jsi, region)
    assert [doc.title for doc in search("wroclawska", "en")[:5]] == ["Politechnika Wrocławska"]
    assert [doc.title for doc in search("jozef", "en")[:5]] == ["Institut Jožef Stefan"]
    assert fold("Dolny Śląsk Đakovo") == "Dolny Slask Dakovo"


def test_search_matches_word_prefixes_and_requires_every_word(region):
    _index(OrganisationFactory(name="Additive Manufacturing Lab", region=region))
    _index(OrganisationFactory(name="Additive Ceramics", region=region))
    assert len(search("addit", "en")) == 2
    assert [d.title for d in search("additive manuf", "en")[:5]] == ["Additive Manufacturing Lab"]


def test_search_results_are_in_the_requested_language(region):
    region.name_pl = "Dolny Śląsk"
    region.name_en = "Lower Silesia"
    region.save()
    _index(region)
    assert [d.title for d in search("silesia", "pl")[:1]] == ["Dolny Śląsk"]
    assert [d.title for d in search("silesia", "en")[:1]] == ["Lower Silesia"]


def test_saving_an_object_updates_the_index_after_commit(region, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        organisation = OrganisationFactory(name="Quantum Foundry", region=region)
    assert len(search("quantum", "en")) == 1
    with django_capture_on_commit_callbacks(execute=True):
        organisation.name = "Photon Foundry"
        organisation.save()
    assert len(search("quantum", "en")) == 0
    organisation.delete()
    assert len(search("photon", "en")) == 0


def test_a_pledge_leaves_the_index_alone_but_an_edit_updates_it(django_capture_on_commit_callbacks):
    """Found by bench/load.py: every pledge rewrote its project's document in all six languages."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from synergy.funding import services

    with django_capture_on_commit_callbacks(execute=True):
        project = ProjectFactory(title="Osteon lattice")
    supporter = UserFactory()
    with CaptureQueriesContext(connection) as captured, django_capture_on_commit_callbacks(execute=True):
        services.pledge(project, supporter, 50)
    assert not [query for query in captured.captured_queries if "core_searchdocument" in query["sql"]]
    with django_capture_on_commit_callbacks(execute=True):
        project.title = "Trabecular lattice"
        project.save(update_fields=["title"])
    assert (len(search("trabecular", "en")), len(search("osteon", "en"))) == (1, 0)


@pytest.mark.parametrize("query", [*ALL, '"', "AND OR NOT", "title:x", "*", "-", "NEAR(a b)", "'; --"])
def test_hostile_queries_never_fail(client, region, query):
    _index(OrganisationFactory(region=region))
    response = client.get(reverse("core:search"), {"q": query})
    assert response.status_code == 200
    assert SCRIPT not in response.content.decode()


def test_search_page_shows_results_escaped(client, region):
    _index(OrganisationFactory(name=f"Evil {SCRIPT} Labs", region=region))
    response = client.get(reverse("core:search"), {"q": "evil"})
    body = response.content.decode()
    assert "Evil &lt;script&gt;alert(1)&lt;/script&gt; Labs" in body
    assert SCRIPT not in body


def test_rebuild_index_indexes_every_registered_type(region):
    OrganisationFactory.create_batch(3, region=region)
    assert rebuild_index() == 4  # three organisations and the region


def test_search_page_queries_do_not_grow_with_the_results(client, region, django_assert_max_num_queries, uncached):
    _index(*OrganisationFactory.create_batch(30, name="Cluster member", region=region))
    with django_assert_max_num_queries(6):
        response = client.get(reverse("core:search"), {"q": "cluster"})
    assert response.status_code == 200


def test_indexing_in_bulk_writes_what_indexing_one_by_one_writes(region, django_assert_max_num_queries):
    from synergy.actors.models import Organisation
    from synergy.core.models import SearchDocument
    from synergy.core.search import index_object, index_objects

    def documents():
        columns = ("object_id", "language", "kind", "title", "body", "url", "folded_title", "folded_body")
        return sorted(SearchDocument.objects.filter(content_type__model="organisation").values_list(*columns))

    for number in range(5):
        OrganisationFactory(name=f"Łódź Lattice Works {number} {SCRIPT}", region=region)
    organisations = list(Organisation.objects.select_related("region").prefetch_related("competences"))
    for organisation in organisations:
        index_object(organisation)
    one_by_one = documents()
    Organisation.objects.filter(pk=organisations[0].pk).update(name="Renamed Works")
    organisations[0].name = "Renamed Works"
    with django_assert_max_num_queries(6):  # whatever the number of objects and languages
        assert index_objects(organisations) == 5
    in_bulk = documents()
    assert len(in_bulk) == len(one_by_one)
    assert [row for row in in_bulk if "Renamed" in row[3]]
    assert [row[1:] for row in in_bulk if "Renamed" not in row[3]] == [
        row[1:] for row in one_by_one if "Works 0" not in row[3]
    ]
    assert len(search("lodz lattice", "en")) == 4
