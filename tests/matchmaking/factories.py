"""Profiles with known words, so that a test can say who should fit a need and why."""

from synergy.actors.models import ActorCompetence, Organisation, Participation, PersonProfile, ResearchProject
from synergy.matchmaking import index
from tests.factories import OrganisationFactory, UserFactory


def organisation_with(
    name: str, *, specialisation: str = "", keywords: str = "", description: str = "", declared=(), projects=(),
    **fields,
) -> Organisation:  # fmt: skip
    """An organisation with this profile, declared competences and projects (title, objective), indexed."""
    organisation = OrganisationFactory(
        name=name, specialisation=specialisation, keywords=keywords, description=description, **fields
    )
    for code in declared:
        ActorCompetence.objects.create(organisation=organisation, term=code, declared=True)
    for title, objective in projects:
        project = ResearchProject.objects.create(title=title, objective=objective)
        Participation.objects.create(project=project, organisation=organisation)
    index.reindex_organisations([organisation.pk])
    return organisation


def listed_person(*, expertise: str, competences=(), public=("expertise", "competences"), listed=True, **user):
    person = UserFactory(**user)
    PersonProfile.objects.create(
        user=person, expertise=expertise, competences=list(competences), listed=listed, public_fields=list(public)
    )
    index.reindex_people([person.pk])
    return person
