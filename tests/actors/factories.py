"""Projects, participations, people's profiles and requests to join, with hostile text seeded."""

import factory

from synergy.actors.models import JoinRequest, Participation, PersonProfile, ResearchProject, Source
from tests.factories import OrganisationFactory, UserFactory
from tests.hostile import SCRIPT


class ResearchProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchProject

    title = factory.Sequence(lambda n: f"Printed sensors {n} {SCRIPT}")
    acronym = factory.Sequence(lambda n: f"PS{n}")
    programme = "Horizon Europe"
    objective = f"We print **sensors** on foils. {SCRIPT}"
    source = Source.PLATFORM


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    project = factory.SubFactory(ResearchProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Participation.Role.PARTICIPANT


class PersonProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonProfile

    user = factory.SubFactory(UserFactory)
    expertise = f"Finite element **simulation**. {SCRIPT}"
    competences = factory.LazyFunction(lambda: ["simulation"])
    keywords = "composites, FEM"
    listed = True
    public_fields = factory.LazyFunction(lambda: ["expertise", "competences"])


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    message = f"I work in the lab. {SCRIPT}"
