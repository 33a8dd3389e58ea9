"""Create (or bring up to date) the demo data; running it twice changes nothing."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction

from synergy.accounts.models import RegionRole, User
from synergy.accounts.services import record_consents
from synergy.actors.models import Membership, Organisation
from synergy.core.models import Region
from synergy.core.search import rebuild_index

from .data import DEMO_PASSWORD, PAST_PARTICIPANTS, REGIONS, TRAINING_DESCRIPTION, TRAINING_OBJECTIVES, USERS


@transaction.atomic
def seed_demo() -> list[tuple[str, str, str]]:
    """Returns (role, e-mail, password) for each demo login."""
    for spec in REGIONS:
        region = _seed_region(spec)
        slug, name, kind, website = spec["coordinator"]
        _seed_organisation(slug, name, kind, region, website=website, coordinates=True)
        for other_slug, other_name, other_kind in spec["others"]:
            _seed_organisation(other_slug, other_name, other_kind, region)
    logins = [_seed_user(*user) for user in USERS]
    _grant_roles()
    for spec in REGIONS:
        _seed_trainings(Region.objects.get(slug=spec["slug"]), Organisation.objects.get(slug=spec["coordinator"][0]))
    rebuild_index()
    return logins


def _seed_region(spec) -> Region:
    names = {f"name_{code}": spec["names"].get(code, spec["names"]["en"]) for code, _ in settings.LANGUAGES}
    region, _created = Region.objects.update_or_create(
        slug=spec["slug"],
        defaults={
            "name": spec["names"]["en"],
            **names,
            "nuts_code": spec["nuts_code"],
            "country": spec["country"],
            "default_language": spec["default_language"],
        },
    )
    return region


def _seed_organisation(slug, name, kind, region, *, website="", coordinates=False) -> Organisation:
    defaults = {"name": name, "type": kind, "country": region.country, "region": region, "website": website}
    if coordinates:
        defaults["coordinated_region"] = region
        defaults["description"] = (
            f"{name} coordinates **{region.name_en}** on Synergy: it runs the regional trainings on the "
            "crowd-innovation strategy and adopts the strategy's plan of actions for the region."
        )
    organisation, _created = Organisation.objects.update_or_create(slug=slug, defaults=defaults)
    return organisation


def _seed_user(role, email, display_name, stakeholder_type, region_slug):
    user, created = User.objects.get_or_create(email=email)
    user.display_name = display_name
    user.stakeholder_type = stakeholder_type
    user.region = Region.objects.get(slug=region_slug) if region_slug else None
    user.country = user.region.country if user.region else ""
    user.is_staff = user.is_superuser = email == "admin@synergy.test"
    if created or not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    record_consents(user)
    return role, email, DEMO_PASSWORD


def _grant_roles() -> None:
    coordinator = User.objects.get(email="coordinator@synergy.test")
    RegionRole.objects.get_or_create(
        user=coordinator, region=Region.objects.get(slug="lower-silesia"), role=RegionRole.Role.COORDINATOR
    )
    Membership.objects.get_or_create(
        user=coordinator, organisation=Organisation.objects.get(slug="wrust"),
        defaults={"role": Membership.Role.ADMIN},
    )  # fmt: skip
    Membership.objects.get_or_create(
        user=User.objects.get(email="orgadmin@synergy.test"),
        organisation=Organisation.objects.get(slug="saxony-printing-sme"),
        defaults={"role": Membership.Role.ADMIN},
    )


def _seed_trainings(region: Region, organiser: Organisation) -> None:
    """A training held a month ago and one open for registration, both online, in the region's language."""
    from datetime import timedelta

    from django.utils import timezone

    from synergy.trainings.models import LearningObjective, Training

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for suffix, start, status in (("past", now - timedelta(days=30), Training.Status.HELD),
                                  ("upcoming", now + timedelta(days=14), Training.Status.PUBLISHED)):  # fmt: skip
        training, _created = Training.objects.update_or_create(
            slug=f"{region.slug}-strategy-training-{suffix}",
            defaults={
                "title": f"Crowd-innovation strategy webinar: {region.name_en}",
                "description": TRAINING_DESCRIPTION,
                "region": region,
                "organiser": organiser,
                "format": Training.Format.ONLINE,
                "webinar_url": f"https://meet.example.org/synergy-{region.slug}",
                "language": region.default_language,
                "starts_at": start,
                "ends_at": start + timedelta(hours=2),
                "registration_deadline": start - timedelta(days=1),
                "capacity": 30,
                "target_groups": ["public_authority", "public_organisation", "network_member"],
                "with_promotional_meeting": True,
                "status": status,
                "published_at": start - timedelta(days=30),
            },
        )
        for position, text in enumerate(TRAINING_OBJECTIVES):
            LearningObjective.objects.update_or_create(training=training, position=position, defaults={"text": text})
        if status == Training.Status.HELD:
            _seed_attendance(training)
        training.materials.add(_common_slides())


def _common_slides():
    from synergy.trainings.models import TrainingMaterial

    material, _created = TrainingMaterial.objects.get_or_create(
        title="Regional Strategy on Crowd Innovation: common training slides",
        defaults={
            "kind": TrainingMaterial.Kind.SLIDES,
            "description": "The slide deck every partner used in its regional training. "
            "Coordinators upload each language version; anyone can ask for a missing one.",
        },
    )
    return material


def _seed_attendance(training) -> None:
    """Guests who attended the past training; the demo member also attended one and gave feedback."""
    from synergy.trainings import services as trainings

    count = PAST_PARTICIPANTS[training.region.slug]
    member = User.objects.get(email="member@synergy.test")
    with_member = training.region.slug == "lower-silesia"
    for number in range(1, count + 1 - (1 if with_member else 0)):
        trainings.add_walk_in(
            training, email=f"participant-{number}@{training.region.slug}.example", name=f"Participant {number}"
        )
    if with_member:
        registration = trainings.add_walk_in(training, email=member.email)
        if not hasattr(registration, "feedback"):
            ratings = {objective: 4 + (objective.position % 2) for objective in training.objectives.all()}
            trainings.give_feedback(registration, ratings=ratings, usefulness=5, intention="yes", comment="")
