"""Factories for networks; hostile text is seeded as in tests/factories.py."""

import factory

from synergy.actors.models import ActorCompetence
from synergy.networks.models import Member, Network

from ..factories import OrganisationFactory
from ..hostile import SCRIPT


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Network {n} {SCRIPT}")
    slug = factory.Sequence(lambda n: f"network-{n}")
    key_areas = ["additive_manufacturing"]
    description = f"We print **together**. {SCRIPT}"


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    network = factory.SubFactory(NetworkFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Member.Role.MEMBER
    status = Member.Status.ACTIVE


class CompetenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActorCompetence

    organisation = factory.SubFactory(OrganisationFactory)
    term = "additive_manufacturing"
    declared = True
    evidence = 0
