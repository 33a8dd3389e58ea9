"""One of everything, twice: a home region and another region, each with an organisation and
the objects of every app at the stage where its pages exist.

The authorization matrix requests every route of the home world as each persona; the
cross-tenant tests mix the identifiers of the two worlds. Objects are owned by people outside
the personas (``owner``: the proposal's author, the project's designer, the taker of a
request), so "member" stays a signed-in person with no stake in them.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from synergy.actors.models import CordisImport, JoinRequest, Membership, Participation, PersonProfile, ResearchProject
from synergy.challenges import services as challenges
from synergy.challenges.models import ChallengeAttachment, Juror, ProposalAttachment, TeamMember, ThematicCall
from synergy.facilities import services as facilities
from synergy.facilities.models import Photo
from synergy.funding import services as funding
from synergy.library.models import Attachment
from synergy.matchmaking.models import CollaborationRequest
from synergy.networks.models import Member, Network
from synergy.notifications import services as notifications
from synergy.strategy.models import Indicator, IndicatorValue, PlanAction, RegionalPlan
from synergy.trainings import services as trainings
from synergy.trainings.certificates import ensure_code
from synergy.trainings.models import AttendanceImport, TrainingMaterial

from ..challenges.conftest import make_round, move_to
from ..factories import (
    ChallengeFactory,
    EntryFactory,
    ItemFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    RegionFactory,
    RegionRoleFactory,
    SimulatedCampaignFactory,
    StrategyActionFactory,
    StrategyFactory,
    StrategySectionFactory,
    TrainingFactory,
    UserFactory,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@dataclass
class World:
    region: object
    organisation: object
    owner: object
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def build(tag: str, *, region=None, organisation=None, org_admin=None, coordinator=None, juror=None) -> World:
    """Create one world. Missing people and places are made up, named by ``tag``."""
    region = region or RegionFactory(slug=f"{tag}-region")
    organisation = organisation or OrganisationFactory(region=region, slug=f"{tag}-organisation")
    org_admin = org_admin or UserFactory(display_name=f"{tag} org admin")
    if not organisation.memberships.filter(user=org_admin).exists():
        MembershipFactory(user=org_admin, organisation=organisation, role=Membership.Role.ADMIN)
    if coordinator is None:
        coordinator = UserFactory(display_name=f"{tag} coordinator")
        RegionRoleFactory(user=coordinator, region=region)
    juror = juror or UserFactory(display_name=f"{tag} juror")
    owner = UserFactory(display_name=f"{tag} owner", email=f"owner@{tag}.example.org")
    teammate = UserFactory(display_name=f"{tag} teammate")
    world = World(region=region, organisation=organisation, owner=owner)
    o = world.objects
    now = timezone.now()

    # Trainings: one open for registration, one held with the owner attending.
    o["training"] = TrainingFactory(region=region, organiser=organisation, slug=f"{tag}-training")
    held = TrainingFactory(region=region, organiser=organisation, slug=f"{tag}-held-training")
    registration = trainings.register_participant(held, owner, share_contact=True)
    held.starts_at, held.ends_at = now - timedelta(days=2), now - timedelta(days=2, hours=-2)
    held.registration_deadline = now - timedelta(days=3)
    held.save()
    trainings.check_in(registration)
    trainings.mark_held(held)
    ensure_code(registration)
    registration.refresh_from_db()
    o["held_training"], o["registration"] = held, registration
    o["material"] = TrainingMaterial.objects.create(title=f"{tag} slides")
    o["attendance_import"] = AttendanceImport.objects.create(
        training=held, file=ContentFile(b"Name,Email,Duration\n", name="report.csv"), original_name="report.csv"
    )

    # Challenges: one open with a submitted proposal, one being judged, one with published results.
    o["call"] = ThematicCall.objects.create(title=f"{tag} call", slug=f"{tag}-call")
    challenge = ChallengeFactory(giver=organisation, regions=[region], slug=f"{tag}-challenge")
    challenge.thematic_call = o["call"]
    challenge.save()
    o["challenge"] = challenge
    o["challenge_attachment"] = ChallengeAttachment.objects.create(
        challenge=challenge, title="Drawing", file=ContentFile(PDF, name="drawing.pdf")
    )
    o["question"] = challenges.ask_question(challenge, owner, "Which alloy?")
    proposal = challenges.create_proposal(challenge, owner, title=f"{tag} proposal", summary="A lattice.")
    o["team_member"] = challenges.invite_team_member(proposal, owner, teammate.email)
    challenges.submit_proposal(proposal)
    o["proposal"] = proposal
    o["proposal_attachment"] = ProposalAttachment.objects.create(
        proposal=proposal, title="Model", file=ContentFile(PDF, name="model.pdf")
    )
    o["comment"] = challenges.add_comment(proposal, owner, "First!")
    o["pending_invitation"] = TeamMember.objects.create(
        proposal=proposal, email=f"invitee@{tag}.example.org", status=TeamMember.Status.INVITED
    )
    o["pending_juror"] = Juror.objects.create(challenge=challenge, email=f"juror@{tag}.example.org")

    judged = ChallengeFactory(giver=organisation, regions=[region], slug=f"{tag}-judged")
    judged_proposal = challenges.create_proposal(judged, owner, title=f"{tag} judged proposal", summary="A truss.")
    challenges.submit_proposal(judged_proposal)
    move_to(judged, "evaluation")
    seat = Juror.objects.create(challenge=judged, user=juror, status=Juror.Status.ACCEPTED)
    challenges.sign_declarations(seat)
    o["judged"], o["judged_proposal"], o["seat"] = judged, judged_proposal, seat
    o["round"] = make_round(judged, [judged_proposal])

    finished = ChallengeFactory(giver=organisation, regions=[region], slug=f"{tag}-finished")
    winner = challenges.create_proposal(finished, owner, title=f"{tag} winning proposal", summary="A gyroid.")
    challenges.submit_proposal(winner)
    move_to(finished, "results")
    o["award"] = challenges.confirm_award(
        finished, winner, coordinator, rank=1, title="First prize", value=5000, currency="EUR"
    )
    challenges.publish_results(finished)
    o["finished"] = finished

    # Funding: a published project with the owner's pledge, and a training game.
    o["project"] = ProjectFactory(region=region, designer=teammate, slug=f"{tag}-project")
    o["pledge"] = funding.pledge(o["project"], owner, amount=10)
    o["campaign"] = SimulatedCampaignFactory(region=region, slug=f"{tag}-game")

    # Shared infrastructure: an item of the organisation with a photo, requested by the owner.
    o["item"] = ItemFactory(provider=organisation, slug=f"{tag}-item")
    o["photo"] = Photo.objects.create(item=o["item"], image=ContentFile(PNG, name="printer.png"), description="Front")
    o["access_request"] = facilities.request_access(
        o["item"], owner, purpose="Print a bracket", needs="Titanium",
        starts_at=now + timedelta(days=3), ends_at=now + timedelta(days=3, hours=4),
    )  # fmt: skip

    # Innovation actors: the owner is a plain member of the organisation and keeps a listed profile;
    # the teammate asks to join; a project entered on the platform; a finished CORDIS import.
    o["plain_membership"] = Membership.objects.create(user=owner, organisation=organisation)
    PersonProfile.objects.create(
        user=owner, expertise="Lattices", competences=["materials"], listed=True, public_fields=["expertise"]
    )
    o["join_request"] = JoinRequest.objects.create(organisation=organisation, user=teammate, message="Let me in")
    o["research_project"] = ResearchProject.objects.create(title=f"{tag} lattice project", acronym="LAT")
    Participation.objects.create(
        project=o["research_project"], organisation=organisation, role=Participation.Role.COORDINATOR
    )
    o["cordis_import"] = CordisImport.objects.create(
        projects_file=ContentFile(b"id\n", name="project.csv"),
        organisations_file=ContentFile(b"projectID\n", name="organization.csv"),
        status=CordisImport.Status.DONE,
    )

    # Networks: the organisation coordinates one in the region, with a partner as member and another
    # invited. Matchmaking: the owner asks the organisation to work together.
    partner = OrganisationFactory(region=region, slug=f"{tag}-partner")
    invitee = OrganisationFactory(region=region, slug=f"{tag}-invitee")
    # The partner entered a project naming the organisation, whose admins have not confirmed it yet.
    o["placed_project"] = ResearchProject.objects.create(title=f"{tag} sensor project", acronym="SEN")
    Participation.objects.create(project=o["placed_project"], organisation=partner, role=Participation.Role.COORDINATOR)
    Participation.objects.create(project=o["placed_project"], organisation=organisation, confirmed=False)
    o["network"] = Network.objects.create(
        name=f"{tag} network", slug=f"{tag}-network", description="Printing", region=region
    )
    Member.objects.create(
        network=o["network"], organisation=organisation, role=Member.Role.COORDINATOR, status=Member.Status.ACTIVE
    )
    o["network_member"] = Member.objects.create(network=o["network"], organisation=partner, status=Member.Status.ACTIVE)
    o["network_invitation"] = Member.objects.create(network=o["network"], organisation=invitee)
    o["collaboration_request"] = CollaborationRequest.objects.create(
        sender=owner, organisation=organisation, subject="Together?", message="Shall we print a bracket?"
    )

    # Knowledge library: a published entry contributed by the organisation, with a file.
    o["entry"] = EntryFactory(organisation=organisation, region=region, slug=f"{tag}-entry")
    o["library_attachment"] = Attachment.objects.create(
        entry=o["entry"], title="Leaflet", file=ContentFile(PDF, name="leaflet.pdf")
    )

    # Strategy: a published strategy with a chapter and two actions; the region adopted one of them,
    # measured by an indicator with a value.
    o["strategy"] = StrategyFactory(slug=f"{tag}-strategy")
    section = StrategySectionFactory(chapter__strategy=o["strategy"], chapter__number=1)
    o["strategy_action"] = StrategyActionFactory(chapter=section.chapter, code=f"{tag.upper()}1.1")
    StrategyActionFactory(chapter=section.chapter, code=f"{tag.upper()}1.2")
    o["plan"] = RegionalPlan.objects.create(region=region, strategy=o["strategy"], adopted_by=coordinator)
    o["plan_action"] = PlanAction.objects.create(
        plan=o["plan"], source=o["strategy_action"], code=f"{tag.upper()}1.1", title="Open challenges"
    )
    o["indicator"] = Indicator.objects.create(plan=o["plan"], action=o["plan_action"], name="Companies", target=10)
    IndicatorValue.objects.create(indicator=o["indicator"], measured_on=now.date(), value=4)

    o["unsubscribe_token"] = notifications.unsubscribe_token(owner)
    o["trainings_feed_token"] = trainings.feed_token(owner)
    o["facilities_feed_token"] = facilities.feed_token(owner)
    return world
