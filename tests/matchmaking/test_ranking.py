"""The default matcher: who comes first for a need, and what it says matched."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from synergy.actors.models import ActorCompetence
from synergy.actors.services import profile_changed
from synergy.matchmaking import index
from synergy.matchmaking.models import ActorKind, ActorTerm
from synergy.matchmaking.services import match_challenge, match_need
from synergy.matchmaking.text import stem, tokens
from tests.factories import ChallengeFactory

from .factories import listed_person, organisation_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def printers_and_bakers(db):
    printers = organisation_with(
        "Proto3D",
        specialisation="Metal 3D printing of lightweight parts",
        keywords="additive manufacturing, titanium, topology optimisation",
        declared=["additive_manufacturing"],
    )
    sensors = organisation_with(
        "Senso Lab",
        specialisation="Vibration sensors for machines",
        keywords="sensors, condition monitoring",
        declared=["sensors"],
    )
    bakers = organisation_with("Bakery Ltd", specialisation="Bread and pastry", keywords="bakery, sourdough")
    return printers, sensors, bakers


def names(matches):
    return [m.actor.name for m in matches]


def test_light_stemming_joins_inflections_and_keeps_words_apart():
    assert stem("printers") == stem("printer")
    assert stem("automated") == stem("automation") == stem("automating")
    assert stem("machining") == stem("machine")
    assert stem("sensors") == "sensor"
    assert stem("analysis") == "analysis"


def test_tokens_fold_drop_stopwords_and_read_synonyms_across_languages():
    assert tokens("Drukowanie 3D z metalu") == ["print", "3d", "metal"]
    assert "print" in tokens("Wir suchen 3D-Druck")
    assert "print" in tokens("stampa 3D di componenti")
    assert "3d" in tokens("3D-printed")
    assert "the" not in tokens("the and for")


def test_need_in_other_words_ranks_the_fitting_organisation_first(printers_and_bakers):
    printers, _sensors, _bakers = printers_and_bakers
    matches = match_need("We want lighter titanium brackets made by additive manufacturing", kinds=["organisation"])
    assert names(matches)[0] == printers.name
    assert "Bakery Ltd" not in names(matches)


def test_need_in_polish_finds_the_3d_printing_company(printers_and_bakers):
    matches = match_need("Szukamy firmy do druku 3D części z tytanu", kinds=["organisation"])
    assert names(matches)[:1] == ["Proto3D"]


def test_matches_say_which_words_of_the_need_matched(printers_and_bakers):
    matches = match_need("Titanium parts, lightweight", kinds=["organisation"])
    assert matches[0].actor.name == "Proto3D"
    assert "Titanium" in matches[0].terms
    assert "lightweight" in matches[0].terms


def test_a_picked_competence_matches_by_its_label(printers_and_bakers):
    matches = match_need("brackets", competences=["sensors"], kinds=["organisation"])
    assert matches[0].actor.name == "Senso Lab"
    assert "Sensors and measurement" in matches[0].terms


def test_a_rare_word_outweighs_a_common_one(db):
    for n in range(6):
        organisation_with(f"Generic {n}", specialisation="software development services")
    rare = organisation_with("Rare One", specialisation="software for tribology")
    matches = match_need("tribology software", kinds=["organisation"])
    assert matches[0].actor == rare


def test_an_organisation_with_nothing_in_common_is_not_listed(printers_and_bakers):
    assert match_need("sourdough", kinds=["organisation"])[0].actor.name == "Bakery Ltd"
    assert len(match_need("sourdough", kinds=["organisation"])) == 1
    assert match_need("", kinds=["organisation"]) == []
    assert match_need("the and for of", kinds=["organisation"]) == []


def test_project_evidence_counts_but_less_than_the_profile(db):
    by_profile = organisation_with("Profile Says", specialisation="hydrogen electrolysers")
    by_project = organisation_with(
        "Project Says", projects=[("Hydrogen electrolysers for steel plants", "Cheaper electrolysers.")]
    )
    matches = match_need("electrolysers", kinds=["organisation"])
    assert names(matches) == [by_profile.name, by_project.name]


def test_listed_people_match_only_on_what_they_show(db):
    shown = listed_person(expertise="Finite element simulation of composites", display_name="Shown")
    listed_person(expertise="Finite element simulation of composites", public=(), display_name="Private")
    listed_person(expertise="Finite element simulation of composites", listed=False, display_name="Unlisted")
    matches = match_need("composites simulation", kinds=["person"])
    assert [m.actor for m in matches] == [shown]


def test_profile_changed_signal_reindexes_the_organisation(db, django_capture_on_commit_callbacks):
    organisation = organisation_with("Quiet Co", specialisation="consulting")
    assert match_need("ultrasonic welding", kinds=["organisation"]) == []
    organisation.specialisation = "Ultrasonic welding of plastics"
    organisation.save()
    with django_capture_on_commit_callbacks(execute=True):
        profile_changed.send(sender=None, organisation_ids=[organisation.pk])
    assert match_need("ultrasonic welding", kinds=["organisation"])[0].actor == organisation


def test_competence_change_is_seen_after_the_signal(db, django_capture_on_commit_callbacks):
    organisation = organisation_with("Plain")
    ActorCompetence.objects.create(organisation=organisation, term="micro_nano", declared=True)
    with django_capture_on_commit_callbacks(execute=True):
        profile_changed.send(sender=None, organisation_ids=[organisation.pk])
    assert ActorTerm.objects.filter(object_id=organisation.pk, term="c:micro_nano").exists()


def test_person_profile_saved_and_deleted_keeps_the_index(db, django_capture_on_commit_callbacks):
    person = listed_person(expertise="laser cladding")
    profile = person.actor_profile
    profile.listed = False
    with django_capture_on_commit_callbacks(execute=True):
        profile.save()
    assert not ActorTerm.objects.filter(kind=ActorKind.PERSON, object_id=person.pk).exists()
    profile.listed = True
    with django_capture_on_commit_callbacks(execute=True):
        profile.save()
    assert ActorTerm.objects.filter(kind=ActorKind.PERSON, object_id=person.pk).exists()
    profile.delete()
    assert not ActorTerm.objects.filter(kind=ActorKind.PERSON, object_id=person.pk).exists()


def test_deleting_an_organisation_removes_its_terms(printers_and_bakers):
    printers = printers_and_bakers[0]
    printers.delete()
    assert not ActorTerm.objects.filter(kind=ActorKind.ORGANISATION, object_id=printers.pk).exists()


def test_rebuild_command_indexes_everyone(printers_and_bakers):
    from django.core.management import call_command

    ActorTerm.objects.all().delete()
    call_command("rebuild_match_index", verbosity=0)
    assert set(ActorTerm.objects.values_list("object_id", flat=True)) == {o.pk for o in printers_and_bakers}


def test_a_challenge_is_matched_on_its_text_and_competences_without_its_giver(printers_and_bakers):
    printers = printers_and_bakers[0]
    challenge = ChallengeFactory(
        title="Lighter brackets",
        summary="Halve the weight of a titanium bracket",
        description="Printed in metal.",
        competences=["additive_manufacturing"],
    )
    index.reindex_organisations([challenge.giver_id])
    matches = match_challenge(challenge)
    assert matches[0].actor == printers
    assert challenge.giver not in [m.actor for m in matches]


def test_reindexing_many_organisations_takes_few_queries(db, django_assert_max_num_queries):
    organisations = [
        organisation_with(f"Org {n}", specialisation="laser welding", projects=[("P", "laser")]) for n in range(12)
    ]
    with django_assert_max_num_queries(8):
        index.reindex_organisations([o.pk for o in organisations])


def test_matching_takes_the_same_queries_for_few_and_many_organisations(db, django_assert_max_num_queries):
    for n in range(3):
        organisation_with(f"Few {n}", specialisation="laser welding")
    with django_assert_max_num_queries(22) as few:  # the scoring, and the database cache's own queries
        match_need("laser welding")
    for n in range(30):
        organisation_with(f"Many {n}", specialisation="laser welding", projects=[("P", "laser welding")])
    with django_assert_max_num_queries(len(few.captured_queries)):
        match_need("laser welding")


def test_a_need_asked_again_is_ranked_from_memory_until_the_index_changes(db):
    first = organisation_with("First Welders", specialisation="laser welding")
    assert [m.actor for m in match_need("laser welding")] == [first]
    with CaptureQueriesContext(connection) as again:
        assert [m.actor for m in match_need("laser welding")] == [first]
    assert not [q for q in again.captured_queries if "matchmaking_actorterm" in q["sql"]]

    second = organisation_with("Second Welders", specialisation="laser welding", keywords="laser welding")
    assert {m.actor for m in match_need("laser welding")} == {first, second}


def test_a_remembered_ranking_shows_each_person_the_words_they_typed(db):
    organisation_with("Sensor Printers", specialisation="printing titanium sensors")
    first = match_need("Printing titanium sensors")
    second = match_need("print titanium sensor")  # the same stems: the same remembered ranking
    assert "Printing" in first[0].terms and "sensors" in first[0].terms
    assert "Printing" not in second[0].terms and "sensors" not in second[0].terms
    assert "print" in second[0].terms and "sensor" in second[0].terms
