"""Who is told what, what a person's data export holds, what search finds, and bad input."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from synergy.accounts.services import delete_account, export_personal_data
from synergy.challenges import services
from synergy.challenges.models import Challenge, Juror, Phase
from synergy.core.search import index_object, search
from synergy.notifications.models import Notification

from ..factories import ChallengeFactory, UserFactory
from ..hostile import EMOJI, LONG, NUL, RTL, SCRIPT, SQL
from .conftest import make_round, move_to, seat_juror

pytestmark = pytest.mark.django_db


def kinds(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("kind", flat=True))


def test_each_phase_change_is_announced_once_to_followers_teams_and_jurors(
    challenge, proposal, member, outsider, juror
):
    services.follow(challenge, outsider, on=True)
    Juror.objects.create(challenge=challenge, user=juror, status="accepted")
    challenge.announced_phase = Phase.OPEN
    challenge.save()
    assert services.announce_phase_changes() == 0  # nothing changed
    move_to(challenge, "evaluation")
    assert services.announce_phase_changes() == 1
    assert services.announce_phase_changes() == 0  # a second run announces nothing again
    for person in (outsider, member, juror):
        assert kinds(person).count("challenge.phase") == 1, person
    assert "Evaluation" in Notification.objects.filter(recipient=outsider, kind="challenge.phase").get().title


def test_the_phase_notification_is_written_in_the_recipients_language(challenge, outsider):
    outsider.preferred_language = "de"
    outsider.save()
    services.follow(challenge, outsider, on=True)
    challenge.announced_phase = Phase.OPEN
    challenge.save()
    move_to(challenge, "evaluation")
    services.announce_phase_changes()
    title = Notification.objects.get(recipient=outsider, kind="challenge.phase").title
    assert "Evaluation" not in title and "Bewertung" in title


def test_questions_reach_the_giver_and_answers_reach_the_asker_and_followers(challenge, org_admin, outsider, member):
    services.follow(challenge, member, on=True)
    question = services.ask_question(challenge, outsider, "May the part be two pieces?")
    assert kinds(org_admin) == ["challenge.question"]
    services.answer_question(question, org_admin, "Yes.")
    assert kinds(outsider) == ["challenge.answer"] and kinds(member) == ["challenge.answer"]


def test_a_juror_invited_by_e_mail_gets_a_link_and_existing_members_a_notification(
    challenge, coordinator, juror, deliver_mail
):
    services.invite_juror(challenge, coordinator, juror.email)
    assert kinds(juror) == ["challenge.jury_invitation"]
    seat = services.invite_juror(challenge, coordinator, "Expert@Example.org")
    deliver_mail()
    assert any(reverse("challenges:jury_invitation", args=[seat.token]) in m.body for m in mail.outbox)
    with pytest.raises(services.Refused, match="already invited"):
        services.invite_juror(challenge, coordinator, "expert@example.org")
    newcomer = UserFactory(email="expert@example.org")
    with pytest.raises(services.Refused, match="another e-mail address"):
        services.answer_jury_invitation(seat, juror, accept=True)
    services.answer_jury_invitation(seat, newcomer, accept=True)
    seat.refresh_from_db()
    assert seat.user == newcomer and seat.status == "accepted"


def test_a_team_member_cannot_sit_on_the_jury(challenge, proposal, member, coordinator):
    with pytest.raises(services.Refused, match="on a team"):
        services.invite_juror(challenge, coordinator, member.email)


def test_opening_a_round_tells_the_jurors(challenge, proposal, juror, seated):
    move_to(challenge, "evaluation")
    make_round(challenge, [proposal], weights=(100,))
    assert "challenge.round_opened" in kinds(juror)


def test_a_round_cannot_open_with_weights_off_100_or_beside_an_open_round(challenge, proposal):
    move_to(challenge, "evaluation")
    with pytest.raises(services.Refused, match="add up to 90"):
        make_round(challenge, [proposal], weights=(60, 30))
    make_round(challenge, [proposal], weights=(100,), name="First")
    with pytest.raises(services.Refused, match="Close the open round"):
        make_round(challenge, [proposal], weights=(100,), name="Second")


def test_personal_data_export_and_deletion(challenge, proposal, member, outsider):
    services.ask_question(challenge, member, "A question")
    sections = export_personal_data(member)["sections"]["challenge_participation"]
    assert {
        "challenge": challenge.title,
        "proposal": proposal.title,
        "status": "submitted",
        "team_status": "accepted",
        "lead": True,
    } in sections
    services.invite_team_member(proposal, member, "gone@example.org")
    leaver = UserFactory(email="gone@example.org")
    delete_account(leaver)
    assert not proposal.team.filter(email="gone@example.org").exists()


def test_published_challenges_are_found_by_the_search_box(challenge):
    draft = ChallengeFactory(title="Secret draft about wroclaw", status="draft")
    challenge.title = "Lighter brackets for Wrocław trams"
    challenge.save()
    index_object(challenge)
    index_object(draft)
    titles = [doc.title for doc in search("wroclaw", "en")[:10]]
    assert challenge.title in titles and draft.title not in titles


def test_the_open_now_filter(client, organisation, region, challenge):
    later = ChallengeFactory(giver=organisation, regions=[region], title="Evaluating")
    move_to(later, "evaluation")
    open_now = client.get(reverse("challenges:list") + "?open_now=true").content.decode()
    assert challenge.get_absolute_url() in open_now and later.get_absolute_url() not in open_now
    closed = client.get(reverse("challenges:list") + "?open_now=false").content.decode()
    assert challenge.get_absolute_url() not in closed and later.get_absolute_url() in closed


@pytest.mark.parametrize("text", [SCRIPT, SQL, RTL, EMOJI])
def test_hostile_proposals_questions_and_comments_are_kept_and_escaped(client, challenge, outsider, text):
    challenge.campaign_type = "community"
    challenge.save()
    client.force_login(outsider)
    client.post(
        reverse("challenges:proposal_create", args=[challenge.slug]),
        {"title": text, "summary": text, "milestones-TOTAL_FORMS": 0, "milestones-INITIAL_FORMS": 0},
    )
    proposal = challenge.proposals.get()
    assert proposal.title == text
    client.post(reverse("challenges:proposal_submit", args=[challenge.slug, proposal.pk]))
    client.post(reverse("challenges:ask", args=[challenge.slug]), {"text": text})
    client.post(reverse("challenges:comment", args=[challenge.slug, proposal.pk]), {"body": text})
    assert challenge.questions.get().text == text and proposal.comments.get().body == text
    for page in (challenge.get_absolute_url(), proposal.get_absolute_url()):
        assert SCRIPT not in client.get(page).content.decode()


@pytest.mark.parametrize(
    ("text", "message"), [(LONG + "x", "at most 4000 characters"), (NUL, "Null characters are not allowed.")]
)
def test_overlong_or_nul_text_is_refused_with_a_message(client, challenge, proposal, outsider, text, message):
    """Refused with the field's own reason, and the question shown back to be corrected."""
    client.force_login(outsider)
    response = client.post(reverse("challenges:ask", args=[challenge.slug]), {"text": text}, follow=True)
    assert not challenge.questions.exists()
    page = response.content.decode()
    assert "Your question could not be posted" in page and message in page
    assert escape(text) in page


def test_a_file_over_the_size_limit_is_refused(client, settings, challenge, member):
    from django.contrib.messages import get_messages

    settings.UPLOAD_MAX_BYTES = 1024
    proposal = services.create_proposal(challenge, member, title="Idea", summary="…")
    client.force_login(member)
    big = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n" + b"0" * 4096)
    response = client.post(
        reverse("challenges:proposal_attachment_add", args=[challenge.slug, proposal.pk]), {"title": "Big", "file": big}
    )
    assert not proposal.attachments.exists()
    assert any("the limit is 1.0" in str(m) for m in get_messages(response.wsgi_request))


def test_a_community_vote_ranks_by_likes(client, organisation, region):
    vote = ChallengeFactory(giver=organisation, regions=[region], campaign_type="community")
    people = [UserFactory() for _ in range(4)]
    quiet = services.create_proposal(vote, people[0], title="Quiet", summary="…")
    loved = services.create_proposal(vote, people[1], title="Loved", summary="…")
    for proposal in (quiet, loved):
        services.submit_proposal(proposal)
    for person in people[2:]:
        services.set_like(loved, person, on=True)
    content = client.get(vote.get_absolute_url()).content.decode()
    assert content.index("Loved") < content.index("Quiet")
    assert Challenge.objects.with_counts().get(pk=vote.pk).proposal_count == 2


def test_a_juror_with_a_seat_elsewhere_cannot_score_here(challenge, proposal, organisation, region):
    other = ChallengeFactory(giver=organisation, regions=[region])
    seat = seat_juror(other)
    move_to(challenge, "evaluation")
    round_ = make_round(challenge, [proposal], weights=(100,))
    with pytest.raises(services.Refused, match="seated juror of this challenge"):
        services.record_scores(seat, proposal, round_, {round_.criteria.get().pk: (5, "")})


def test_jurors_cannot_propose_or_join_a_team_in_their_challenge(challenge, member, juror, seated):
    with pytest.raises(services.Refused, match="jury cannot take part"):
        services.create_proposal(challenge, juror, title="Mine", summary="…")
    proposal = services.create_proposal(challenge, member, title="Team", summary="…")
    with pytest.raises(services.Refused, match="jury cannot take part"):
        services.invite_team_member(proposal, member, juror.email)


def test_the_stored_like_count_follows_likes_and_unlikes(challenge, proposal, outsider, member):
    from synergy.challenges.models import Proposal

    challenge.campaign_type = "community"
    challenge.save()
    voter = UserFactory()
    assert services.set_like(proposal, outsider, on=True) == 1
    assert services.set_like(proposal, outsider, on=True) == 1  # a second click counts nothing
    assert services.set_like(proposal, voter, on=True) == 2
    assert services.set_like(proposal, outsider, on=False) == 1
    assert services.set_like(proposal, outsider, on=False) == 1  # taking back twice counts nothing
    Proposal.objects.filter(pk=proposal.pk).update(like_count=99)
    services.recount_likes(Proposal.objects.all())
    assert Proposal.objects.get(pk=proposal.pk).like_count == 1
