"""Factories seed hostile text on purpose, so every template is tested against injection."""

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from synergy.accounts.models import RegionRole, User
from synergy.actors.models import Membership, Organisation
from synergy.core.models import Region

from .hostile import SCRIPT

PASSWORD = "correct horse battery staple"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Region {n} {SCRIPT}")
    slug = factory.Sequence(lambda n: f"region-{n}")
    country = "PL"
    nuts_code = factory.Sequence(lambda n: f"T{n:04d}")
    default_language = "pl"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n} {SCRIPT}")
    stakeholder_type = "sme"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        self.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n} {SCRIPT}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    type = "sme"
    country = "PL"
    region = factory.SubFactory(RegionFactory)
    description = f"We build **3D printers**. {SCRIPT}"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER


class RegionRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionRole

    user = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegionFactory)
    role = RegionRole.Role.COORDINATOR


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "trainings.Training"

    title = factory.Sequence(lambda n: f"Strategy webinar {n} {SCRIPT}")
    slug = factory.Sequence(lambda n: f"training-{n}")
    description = f"Learn about **open innovation**. {SCRIPT}"
    region = factory.SubFactory(RegionFactory)
    format = "online"
    webinar_url = "https://meet.example.org/secret-room"
    language = "pl"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    registration_deadline = factory.LazyAttribute(lambda o: o.starts_at - timedelta(days=1))
    capacity = 20
    status = "published"
    target_groups = factory.LazyFunction(lambda: ["public_authority", "sme"])


class ChallengeFactory(factory.django.DjangoModelFactory):
    """A published expert challenge in its open phase (opened yesterday, evaluation in a week)."""

    class Meta:
        model = "challenges.Challenge"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Lighter 3D-printed brackets {n} {SCRIPT}")
    slug = factory.Sequence(lambda n: f"challenge-{n}")
    summary = f"Halve the weight of a bracket. {SCRIPT}"
    description = f"Our **brackets** are too heavy. {SCRIPT}"
    giver = factory.SubFactory(OrganisationFactory)
    status = "published"
    campaign_type = "expert"
    prize_value = 5000
    team_min = 1
    team_max = 4
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    evaluation_starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    results_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create:
            self.regions.set(extracted if extracted is not None else [self.giver.region])


class ProjectFactory(factory.django.DjangoModelFactory):
    """A research project raising real money, published, running from yesterday for a month."""

    class Meta:
        model = "funding.Project"

    title = factory.Sequence(lambda n: f"Printed bone scaffolds {n} {SCRIPT}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    summary = f"Scaffolds that the body absorbs. {SCRIPT}"
    description = f"We print **scaffolds**. {SCRIPT}"
    designer = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegionFactory)
    goal = 1000
    currency = "EUR"
    rule = "all_or_nothing"
    status = "published"
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


class SimulatedCampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "funding.SimulatedCampaign"

    title = factory.Sequence(lambda n: f"Training game {n} {SCRIPT}")
    slug = factory.Sequence(lambda n: f"game-{n}")
    region = factory.SubFactory(RegionFactory)
    points_per_participant = 100
    winners = 2
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "facilities.Item"

    provider = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Metal powder-bed printer {n} {SCRIPT}")
    slug = factory.Sequence(lambda n: f"item-{n}")
    kind = "printer"
    description = f"Prints **titanium**. {SCRIPT}"
    region = factory.LazyAttribute(lambda o: o.provider.region)
    location = "Hall B, Technology Park"
    access = "fee"
    price = "80 EUR per hour"


# --- Knowledge library ------------------------------------------------------------------------


class EntryFactory(factory.django.DjangoModelFactory):
    """A published entry of the organisation's region, in English only."""

    class Meta:
        model = "library.Entry"

    kind = "best_practice"
    title_en = factory.Sequence(lambda n: f"Open innovation practice {n} {SCRIPT}")
    slug = factory.Sequence(lambda n: f"entry-{n}")
    summary_en = f"How a region opened its innovation. {SCRIPT}"
    body_en = f"The region **listened** to its stakeholders. {SCRIPT}"
    organisation = factory.SubFactory(OrganisationFactory)
    region = factory.LazyAttribute(lambda o: o.organisation.region if o.organisation else None)
    topics = factory.LazyFunction(lambda: ["strategy"])
    stakeholder_types = factory.LazyFunction(lambda: ["public_authority"])
    status = "published"
    published_at = factory.LazyFunction(timezone.now)


# --- Strategy (synergy.strategy) ------------------------------------------------------------------


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "strategy.Strategy"

    title = factory.Sequence(lambda n: f"Crowd-innovation strategy {n} {SCRIPT}")
    slug = factory.Sequence(lambda n: f"strategy-{n}")
    summary = f"A plan of actions for **open innovation**. {SCRIPT}"


class ChapterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "strategy.Chapter"

    strategy = factory.SubFactory(StrategyFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Chapter {n} {SCRIPT}")
    introduction = f"Why this matters. {SCRIPT}"


class StrategySectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "strategy.Section"

    chapter = factory.SubFactory(ChapterFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Section {n} {SCRIPT}")
    body = f"Open calls reach *new solvers*. {SCRIPT}"


class StrategyActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "strategy.Action"

    chapter = factory.SubFactory(ChapterFactory)
    strategy = factory.LazyAttribute(lambda o: o.chapter.strategy)
    code = factory.Sequence(lambda n: f"A{n}.1")
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Run an open challenge {n} {SCRIPT}")
    description = f"Post a **challenge** with a prize. {SCRIPT}"
    target_groups = ["industry", "academia"]
    stakeholder_types = ["sme", "university"]
    suggested_indicators = f"Challenges launched; proposals received. {SCRIPT}"
    time_frame = "2026–2027"


class RegionalPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "strategy.RegionalPlan"

    region = factory.SubFactory(RegionFactory)
    strategy = factory.SubFactory(StrategyFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=200))


class PlanActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "strategy.PlanAction"

    plan = factory.SubFactory(RegionalPlanFactory)
    code = factory.Sequence(lambda n: f"R{n}")
    title = factory.Sequence(lambda n: f"Regional hackathon {n} {SCRIPT}")
    description = f"Two days of **prototyping**. {SCRIPT}"
    notes = SCRIPT


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "strategy.Indicator"

    plan = factory.SubFactory(RegionalPlanFactory)
    name = factory.Sequence(lambda n: f"Companies reached {n} {SCRIPT}")
    unit = "companies"
    baseline = 10
    target = 110
