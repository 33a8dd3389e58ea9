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
from .library import seed_library
from .strategy import seed_strategy


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
    _seed_challenges()
    _seed_funding()
    _seed_facilities()
    _seed_actors()
    _seed_network()
    _seed_matchmaking()
    seed_strategy()
    seed_library()
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


def _seed_challenges() -> None:
    """Four challenges of the demo organisation: one waiting for approval, one open, a community
    vote with likes, and one judged in two rounds whose winner holds a certificate."""
    from datetime import timedelta

    from django.utils import timezone

    from synergy.challenges.models import (
        Award,
        Challenge,
        Conflict,
        Criterion,
        Juror,
        Like,
        Proposal,
        Question,
        Round,
        Score,
        TeamMember,
        ThematicCall,
    )  # fmt: skip
    from synergy.challenges.services import recount_likes

    from .data import CHALLENGES

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    day = timedelta(days=1)
    giver = Organisation.objects.get(slug="saxony-printing-sme")
    regions = [Region.objects.get(slug="saxony"), Region.objects.get(slug="lower-silesia")]
    call, _created = ThematicCall.objects.update_or_create(
        slug="pandemic-response",
        defaults={
            "title": "Pandemic response call",
            "description": "Challenges on protective equipment and health-care logistics that regional "
            "manufacturers can answer quickly with additive manufacturing.",
        },
    )
    people = {email: User.objects.get(email=email) for email in ("member@synergy.test", "juror@synergy.test")}
    solvers = [_seed_solver(number) for number in range(1, 7)]
    for spec in CHALLENGES:
        start = now + spec["opens_in_days"] * day
        challenge, created = Challenge.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                **spec["fields"],
                "giver": giver,
                "thematic_call": call if spec.get("in_call") else None,
                "status": spec["status"],
                "opens_at": start,
                "evaluation_starts_at": start + 30 * day,
                "results_at": start + 45 * day,
                "closes_at": start + 90 * day,
                "announced_phase": "draft",
            },
        )
        challenge.regions.set(regions)
        if not created:
            continue
        challenge.announced_phase = challenge.phase
        challenge.published_at = start - 5 * day if spec["status"] == "published" else None
        challenge.save(update_fields=["announced_phase", "published_at"])
        for question, answer in spec.get("questions", []):
            Question.objects.create(
                challenge=challenge, author=solvers[0], text=question, answer=answer, answered_at=start + day
            )
        proposals = []
        for index, (title, summary) in enumerate(spec.get("proposals", [])):
            lead = people["member@synergy.test"] if index == 0 else solvers[index]
            proposal = Proposal.objects.create(
                challenge=challenge, title=title, summary=summary, created_by=lead,
                objectives="Halve the part's weight while keeping its stiffness.",
                approach="Topology optimisation, then a printed gyroid lattice, tested on the giver's rig.",
                resources="Metal powder-bed printer; tensile testing machine.", budget_total=18000,
                status=Proposal.Status.SUBMITTED, submitted_at=start + (index + 1) * day,
            )  # fmt: skip
            TeamMember.objects.create(proposal=proposal, user=lead, is_lead=True, status="accepted", answered_at=start)
            TeamMember.objects.create(
                proposal=proposal, user=solvers[(index + 3) % 6], status="accepted", answered_at=start
            )
            proposals.append(proposal)
        for index, proposal in enumerate(proposals if challenge.is_community_vote else []):
            for solver in solvers[: 5 - index]:
                if not proposal.team.filter(user=solver).exists():
                    Like.objects.get_or_create(proposal=proposal, user=solver)
        recount_likes(challenge.proposals.all())
        if spec.get("judged"):
            seated = {"status": "accepted", "confidentiality_accepted_at": start, "no_conflict_declared_at": start}
            jurors = [
                Juror.objects.create(challenge=challenge, user=user, **seated)
                for user in [people["juror@synergy.test"], solvers[4], solvers[5]]
            ]
            Conflict.objects.create(juror=jurors[2], proposal=proposals[1], reason="Former colleague")
            marks = [(9, 8, 8), (7, 9, 6), (6, 6, 7)]
            for position, (name, weights, chosen) in enumerate(
                [("Shortlist", (50, 50), proposals), ("Final", (40, 35, 25), proposals[:2])], start=1
            ):
                round_ = Round.objects.create(challenge=challenge, name=name, position=position, status="closed")
                round_.proposals.set(chosen)
                criteria = [
                    Criterion.objects.create(round=round_, name=label, weight=weight, position=number)
                    for number, (label, weight) in enumerate(
                        zip(("Novelty", "Feasibility", "Impact"), weights, strict=False)
                    )
                ]
                for juror in jurors:
                    for number, proposal in enumerate(chosen):
                        if juror == jurors[2] and proposal == proposals[1]:
                            continue
                        for criterion, value in zip(criteria, marks[number], strict=False):
                            Score.objects.create(criterion=criterion, proposal=proposal, juror=juror, value=value)
            Award.objects.create(
                challenge=challenge, proposal=proposals[0], rank=1, title="First prize",
                value=challenge.prize_value, currency=challenge.prize_currency,
            )  # fmt: skip
            challenge.results_published_at = start + 46 * day
            challenge.save(update_fields=["results_published_at"])


def _seed_solver(number: int) -> User:
    user, created = User.objects.get_or_create(
        email=f"solver-{number}@demo.example",
        defaults={"display_name": f"Solver {number}", "stakeholder_type": ["university", "sme", "citizen"][number % 3]},
    )
    if created:
        user.set_unusable_password()
        user.country = ["DE", "PL", "IT", "SI", "HR", "ES"][number - 1]
        user.save()
    return user


def _seed_funding() -> None:
    """A research project raising euros with rewards, and Lower Silesia's training game in points."""
    from datetime import timedelta

    from django.utils import timezone

    from synergy.funding import services as funding
    from synergy.funding.models import Project, Reward, SimulatedCampaign

    from .data import FUNDING_PROJECTS, GAME_PROJECTS

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    lower_silesia = Region.objects.get(slug="lower-silesia")
    designer = User.objects.get(email="member@synergy.test")
    solvers = [_seed_solver(number) for number in range(1, 7)]
    for spec in FUNDING_PROJECTS:
        project, created = Project.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                **spec["fields"], "designer": designer, "region": Region.objects.get(slug=spec["region"]),
                "starts_at": now + timedelta(days=spec["starts_in_days"]),
                "ends_at": now + timedelta(days=spec["starts_in_days"] + 45), "status": "published",
            },
        )  # fmt: skip
        if not created:
            continue
        for title, minimum, quantity in spec["rewards"]:
            Reward.objects.create(project=project, title=title, minimum=minimum, quantity=quantity)
        for solver, amount in zip(solvers, spec["pledges"], strict=False):
            Project.objects.filter(pk=project.pk).update(starts_at=now - timedelta(days=1))
            funding.pledge(project, solver, amount, anonymous=solver == solvers[1])
        for title, body in spec.get("updates", []):
            project.updates.create(title=title, body=body)
    game, created = SimulatedCampaign.objects.update_or_create(
        slug="lower-silesia-training-game",
        defaults={
            "title": "Lower Silesia training game",
            "description": "Each participant of the regional training spreads 1,000 points over the projects. "
            "The three best projects win a voucher for prototyping services.",
            "region": lower_silesia, "points_per_participant": 1000, "winners": 3,
            "starts_at": now - timedelta(days=2), "ends_at": now + timedelta(days=12),
        },
    )  # fmt: skip
    if created:
        for index, (title, summary, goal) in enumerate(GAME_PROJECTS):
            project = Project.objects.create(
                slug=f"game-{index + 1}-" + title.lower().replace(" ", "-")[:60], title=title, summary=summary,
                description=summary, designer=solvers[index], region=lower_silesia, campaign=game, currency="PTS",
                goal=goal, rule=Project.Rule.KEEP, starts_at=game.starts_at, ends_at=game.ends_at, status="published",
            )  # fmt: skip
            for number, solver in enumerate(solvers):
                if solver != solvers[index]:
                    funding.pledge(project, solver, 100 + 50 * ((number + index) % 3))


def _seed_facilities() -> None:
    """Equipment shared by two organisations, with a booked request, an open one and a past use."""
    from datetime import timedelta

    from django.utils import timezone

    from synergy.facilities import services as facilities
    from synergy.facilities.models import AccessRequest, Booking, Item

    from .data import SHARED_ITEMS

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for spec in SHARED_ITEMS:
        provider = Organisation.objects.get(slug=spec["provider"])
        Item.objects.update_or_create(
            slug=spec["slug"], defaults={**spec["fields"], "provider": provider, "region": provider.region}
        )
    if AccessRequest.objects.exists():
        return
    printer = Item.objects.get(slug="metal-powder-bed-printer")
    taker = User.objects.get(email="member@synergy.test")
    provider = User.objects.get(email="orgadmin@synergy.test")
    booked = facilities.request_access(
        printer, taker, purpose="Print five gyroid brackets for the rail challenge.", needs="Titanium powder",
        starts_at=now + timedelta(days=6, hours=9), ends_at=now + timedelta(days=6, hours=15),
    )  # fmt: skip
    facilities.post_message(booked, provider, "Morning works for us; the powder is included in the price.")
    facilities.accept_terms(booked, provider)
    facilities.request_access(
        Item.objects.get(slug="tensile-testing-machine"), taker, purpose="Test the printed brackets.", needs="",
        starts_at=now + timedelta(days=9, hours=10), ends_at=now + timedelta(days=9, hours=12),
    )  # fmt: skip
    past = facilities.request_access(
        printer, taker, purpose="A first test print.", needs="",
        starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=1, hours=3),
    )  # fmt: skip
    booking = facilities.accept_terms(past, provider)
    Booking.objects.filter(pk=booking.pk).update(
        starts_at=now - timedelta(days=20, hours=-9), ends_at=now - timedelta(days=20, hours=-12)
    )
    AccessRequest.objects.filter(pk=past.pk).update(
        starts_at=now - timedelta(days=20, hours=-9), ends_at=now - timedelta(days=20, hours=-12)
    )
    booking.refresh_from_db()
    facilities.record_usage(booking, provider, hours_used=3, outcome="as_planned", notes="Two parts printed.")
    facilities.record_usage(booking, taker, hours_used=3, outcome="as_planned", notes="Parts passed inspection.")


def _seed_actors() -> None:
    """Profiles of the demo organisations, ten more actors, evidence from a CORDIS-layout import of
    invented projects, and a listed person."""
    from pathlib import Path

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from synergy.actors import cordis, evidence
    from synergy.actors import services as actors
    from synergy.actors.models import ActorCompetence, CordisImport, PersonProfile

    from .data import MEMBER_PROFILE, MORE_ACTORS, PROFILES

    for slug, name, kind, region_slug, nuts, specialisation, keywords, terms in MORE_ACTORS:
        _seed_organisation(slug, name, kind, Region.objects.get(slug=region_slug))
        PROFILES.setdefault(slug, (nuts, specialisation, keywords, terms, "", ""))
    for slug, (nuts, specialisation, keywords, terms, offered, infrastructure) in PROFILES.items():
        organisation = Organisation.objects.get(slug=slug)
        organisation.nuts_code, organisation.specialisation, organisation.keywords = nuts, specialisation, keywords
        organisation.services, organisation.infrastructure = offered, infrastructure
        organisation.contact_email = organisation.contact_email or f"contact@{slug}.example.org"
        if not organisation.description:
            organisation.description = specialisation
        organisation.save()
        for term in terms:
            ActorCompetence.objects.update_or_create(organisation=organisation, term=term, defaults={"declared": True})
    if not CordisImport.objects.exists():  # invented projects in the layout of CORDIS's open-data files
        folder = Path(__file__).parent / "cordis"
        with open(folder / "project.csv", "rb") as projects, open(folder / "organization.csv", "rb") as partners:
            report = cordis.import_files(projects, partners)
        CordisImport.objects.create(
            projects_file=ContentFile((folder / "project.csv").read_bytes(), name="project.csv"),
            organisations_file=ContentFile((folder / "organization.csv").read_bytes(), name="organization.csv"),
            status=CordisImport.Status.DONE, report=report, finished_at=timezone.now(),
        )  # fmt: skip
    organisations = list(Organisation.objects.values_list("pk", flat=True))
    evidence.refresh_competences(organisations)
    actors.refresh_completeness(organisations)
    actors.record_activity(Organisation.objects.filter(memberships__isnull=False).values_list("pk", flat=True))
    actors.profile_changed.send(sender=Organisation, organisation_ids=organisations)
    member = User.objects.get(email="member@synergy.test")
    PersonProfile.objects.update_or_create(user=member, defaults={**MEMBER_PROFILE, "listed": True})


def _seed_network() -> None:
    """One Synergic Network with its members, one invitation and two versions of its SWOT analysis."""
    from synergy.networks.models import Member, Network, Revision

    from .data import DEMO_NETWORK as spec

    fields = ("strengths", "weaknesses", "opportunities", "threats", "lessons")
    coordinator = User.objects.get(email="coordinator@synergy.test")
    latest = spec["swot"][-1]
    network, created = Network.objects.update_or_create(
        slug=spec["slug"],
        defaults={
            "name": spec["name"], "key_areas": spec["key_areas"], "description": spec["description"],
            "created_by": coordinator, **{name: latest[name] for name in fields},
        },
    )  # fmt: skip
    Member.objects.get_or_create(
        network=network, organisation=Organisation.objects.get(slug=spec["coordinator"]),
        defaults={"role": Member.Role.COORDINATOR, "status": Member.Status.ACTIVE},
    )  # fmt: skip
    for slug in spec["members"]:
        Member.objects.get_or_create(
            network=network, organisation=Organisation.objects.get(slug=slug), defaults={"status": Member.Status.ACTIVE}
        )
    for slug in spec["invited"]:
        Member.objects.get_or_create(
            network=network,
            organisation=Organisation.objects.get(slug=slug),
            defaults={"status": Member.Status.INVITED},
        )
    if created:
        for version in spec["swot"]:
            Revision.objects.create(network=network, author=coordinator, **{name: version[name] for name in fields})


def _seed_matchmaking() -> None:
    """A collaboration request waiting for the demo organisation admin's answer."""
    from synergy.matchmaking.models import CollaborationRequest

    member = User.objects.get(email="member@synergy.test")
    CollaborationRequest.objects.get_or_create(
        sender=member,
        organisation=Organisation.objects.get(slug="saxony-printing-sme"),
        status=CollaborationRequest.Status.PENDING,
        defaults={
            "subject": "Printed housings for a maritime sensor",
            "message": "We design IP68 sensor housings for shipyards and look for a partner who prints them in "
            "titanium. Could we talk next week?",
        },
    )
