"""Competences read from project text: the lexicon (derive_terms) and the evidence counts
kept on organisations (refresh_competences)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from synergy.actors.evidence import LEXICON, derive_terms, refresh_competences
from synergy.actors.models import ActorCompetence, Participation, ResearchProject
from synergy.core.taxonomy import TERM_CHOICES
from tests.factories import OrganisationFactory


def test_the_lexicon_covers_every_term_of_the_vocabulary():
    assert set(LEXICON) == {code for code, _label in TERM_CHOICES}
    assert all(len(phrases) >= 5 for phrases in LEXICON.values())


def test_phrases_match_whole_words_in_any_case_and_number():
    assert derive_terms("Selective Laser Melting and 3D-printed SENSORS") == {
        "additive_manufacturing": 2,
        "sensors": 1,
    }
    assert derive_terms("Digital twins for Industry 4.0") == {"industry_40": 2}
    assert derive_terms("an idiot with a chipboard") == {}  # neither "iot" nor "chip"


def test_a_phrase_ending_in_a_star_matches_words_that_start_with_it():
    assert derive_terms("nanoparticles, nanomaterials and microfluidics") == {"micro_nano": 3}


def test_the_longest_phrase_at_a_place_wins():
    # "software development" is one hit, not also "software" on its own.
    assert derive_terms("Software development") == {"software": 1}


def test_phrases_in_the_partner_languages_match_without_their_accents():
    assert derive_terms("Additive Fertigung und Künstliche Intelligenz") == {"additive_manufacturing": 1, "data": 1}
    assert derive_terms("Stampa 3D; druk 3D; aditivna proizvodnja") == {"additive_manufacturing": 3}
    assert derive_terms("Umetna inteligenca in analiza podatkov") == {"data": 2}
    assert derive_terms("Własność intelektualna") == {"ip": 1}


def test_empty_and_hostile_text_gives_no_terms():
    assert derive_terms("") == {}
    assert derive_terms("<script>alert(1)</script>\u202e🙂" * 1000) == {}


def project_with(organisations, title="", objective="", domain=""):
    project = ResearchProject.objects.create(title=title or "A project", objective=objective, domain=domain)
    for organisation in organisations:
        Participation.objects.create(project=project, organisation=organisation)
    return project


@pytest.mark.django_db
def test_evidence_counts_the_projects_that_show_a_term():
    lab = OrganisationFactory()
    project_with([lab], title="3D printing", objective="3D printing, again 3D printing, with robots")
    project_with([lab], title="Additive manufacturing of implants")

    refresh_competences([lab.pk])

    evidence = dict(lab.competences.values_list("term", "evidence"))
    assert evidence == {"additive_manufacturing": 2, "automation": 1, "biomedical": 1}
    assert not lab.competences.filter(declared=True).exists()


@pytest.mark.django_db
def test_a_project_domain_counts_as_evidence():
    lab = OrganisationFactory()
    project_with([lab], title="Untitled", domain="quality")

    refresh_competences([lab.pk])

    assert dict(lab.competences.values_list("term", "evidence")) == {"quality": 1}


@pytest.mark.django_db
def test_declared_competences_stay_and_evidence_that_is_gone_is_removed():
    lab = OrganisationFactory()
    ActorCompetence.objects.create(organisation=lab, term="sensors", declared=True, evidence=4)
    ActorCompetence.objects.create(organisation=lab, term="energy", declared=False, evidence=2)
    ActorCompetence.objects.create(organisation=lab, term="software", declared=True, evidence=0)
    project_with([lab], title="Software for robots")

    refresh_competences([lab.pk])

    rows = {c.term: (c.declared, c.evidence) for c in lab.competences.all()}
    assert rows == {"sensors": (True, 0), "software": (True, 1), "automation": (False, 1)}


@pytest.mark.django_db
def test_refreshing_is_idempotent_and_leaves_other_organisations_alone():
    lab, other = OrganisationFactory(), OrganisationFactory()
    ActorCompetence.objects.create(organisation=other, term="energy", evidence=7)
    project_with([lab, other], title="Robots")

    refresh_competences([lab.pk])
    first = list(ActorCompetence.objects.order_by("pk").values())
    refresh_competences([lab.pk])

    assert list(ActorCompetence.objects.order_by("pk").values()) == first
    assert other.competences.get().evidence == 7


@pytest.mark.django_db
def test_refreshing_costs_the_same_queries_for_one_or_many_organisations():
    def organisations_with_projects(count):
        organisations = [OrganisationFactory() for _number in range(count)]
        for organisation in organisations:
            project_with([organisation], title="Robots and sensors", objective="Machine learning.")
        return [o.pk for o in organisations]

    one, many = organisations_with_projects(1), organisations_with_projects(40)
    with CaptureQueriesContext(connection) as for_one:
        refresh_competences(one)
    with CaptureQueriesContext(connection) as for_many:
        refresh_competences(many)

    assert len(for_many) == len(for_one)
