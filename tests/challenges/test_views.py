"""The challenge pages: each renders for those allowed, refuses the others, and refuses bad
input with a message that says what to fix, keeping what was typed."""

import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from synergy.challenges import services
from synergy.challenges.models import Challenge, Conflict, Like, Proposal, Round
from synergy.notifications.models import Notification

from ..factories import ChallengeFactory, UserFactory
from ..hostile import LONG, NUL, SCRIPT, STORABLE
from .conftest import make_round, move_to, seat_juror

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def challenge_form_data(organisation, region, **overrides):
    data = {
        "title": "Cooler hospital masks",
        "summary": "Masks that breathe",
        "description": "We need **better** masks.",
        "giver": organisation.pk,
        "regions": [region.pk],
        "campaign_type": "expert",
        "prize_kind": "cash",
        "prize_value": "2500",
        "prize_currency": "eur",
        "proposal_visibility": "jury",
        "team_min": 1,
        "team_max": 3,
        "opens_at": "2031-01-01T09:00",
        "evaluation_starts_at": "2031-02-01T09:00",
        "results_at": "2031-03-01T09:00",
        "closes_at": "2031-04-01T09:00",
    }
    return data | overrides


def test_a_giver_creates_a_challenge_and_sends_it_for_approval(client, org_admin, organisation, region, coordinator):
    client.force_login(org_admin)
    response = client.post(reverse("challenges:create"), challenge_form_data(organisation, region))
    challenge = Challenge.objects.get()
    assert response.status_code == 302 and challenge.status == "draft" and challenge.prize_currency == "EUR"
    assert client.get(challenge.get_absolute_url()).status_code == 200
    client.post(reverse("challenges:submit_for_approval", args=[challenge.slug]))
    client.force_login(coordinator)
    page = client.get(challenge.get_absolute_url())
    assert "Approve and publish" in page.content.decode()
    client.post(reverse("challenges:review", args=[challenge.slug]), {"decision": "approve", "note": ""})
    challenge.refresh_from_db()
    assert challenge.status == "published"


def test_phases_out_of_order_are_refused_with_a_message(client, org_admin, organisation, region):
    client.force_login(org_admin)
    data = challenge_form_data(organisation, region, results_at="2031-01-15T09:00", team_min=5, team_max=2)
    response = client.post(reverse("challenges:create"), data)
    assert response.status_code == 200 and not Challenge.objects.exists()
    content = response.content.decode()
    assert "Each phase must start after the one before it." in content
    assert "The maximum team size cannot be below the minimum." in content
    assert "Cooler hospital masks" in content  # what was typed is kept


@pytest.mark.parametrize("value", STORABLE)
def test_hostile_text_is_stored_as_typed_and_shown_escaped(client, org_admin, organisation, region, value):
    client.force_login(org_admin)
    client.post(reverse("challenges:create"), challenge_form_data(organisation, region, title=value, summary=value))
    challenge = Challenge.objects.get()
    assert challenge.title == value
    content = client.get(challenge.get_absolute_url()).content.decode()
    assert SCRIPT not in content


def test_ten_thousand_characters_are_refused_in_a_title(client, org_admin, organisation, region):
    client.force_login(org_admin)
    response = client.post(reverse("challenges:create"), challenge_form_data(organisation, region, title=LONG))
    assert response.status_code == 200 and not Challenge.objects.exists()
    assert "Ensure this value has at most 300 characters" in response.content.decode()


def test_a_member_writes_invites_and_submits_a_proposal(client, challenge, member, outsider, deliver_mail):
    challenge.team_min = 2
    challenge.save()
    client.force_login(member)
    response = client.post(
        reverse("challenges:proposal_create", args=[challenge.slug]),
        {
            "title": "Gyroid bracket",
            "summary": "Lattice infill",
            "objectives": "Halve the weight",
            "budget_total": "12000",
            "milestones-TOTAL_FORMS": 1,
            "milestones-INITIAL_FORMS": 0,
            "milestones-0-title": "Prototype",
            "milestones-0-due_on": "2031-05-01",
        },
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and proposal.milestones.count() == 1
    submit = reverse("challenges:proposal_submit", args=[challenge.slug, proposal.pk])
    response = client.post(submit)
    assert "Your team has 1 member; this challenge needs at least 2." in messages_of(response)
    client.post(reverse("challenges:team_invite", args=[challenge.slug, proposal.pk]), {"identifier": outsider.email})
    client.force_login(outsider)
    invitation = proposal.team.get(user=outsider)
    client.post(reverse("challenges:team_invitation", args=[invitation.token]), {"accept": "1"})
    client.force_login(member)
    client.post(submit)
    proposal.refresh_from_db()
    assert proposal.status == "submitted"


def test_an_invitation_by_e_mail_reaches_someone_without_an_account(client, challenge, member, deliver_mail):
    from django.core import mail

    proposal = services.create_proposal(challenge, member, title="Idea", summary="…")
    client.force_login(member)
    invite = reverse("challenges:team_invite", args=[challenge.slug, proposal.pk])
    client.post(invite, {"identifier": "New@Example.org"})
    deliver_mail()
    invitation = proposal.team.get(email="new@example.org")
    assert any(reverse("challenges:team_invitation", args=[invitation.token]) in m.body for m in mail.outbox)
    newcomer = UserFactory(email="new@example.org")
    client.force_login(newcomer)
    client.post(reverse("challenges:team_invitation", args=[invitation.token]), {"accept": "1"})
    invitation.refresh_from_db()
    assert invitation.user == newcomer and invitation.status == "accepted"


def test_a_submission_after_the_deadline_is_refused_with_a_message(client, challenge, member):
    proposal = services.create_proposal(challenge, member, title="Late", summary="…")
    move_to(challenge, "evaluation")
    client.force_login(member)
    response = client.post(reverse("challenges:proposal_submit", args=[challenge.slug, proposal.pk]))
    assert response.status_code == 403
    edit = client.post(
        reverse("challenges:proposal_edit", args=[challenge.slug, proposal.pk]),
        {"title": "Changed", "summary": "…", "milestones-TOTAL_FORMS": 0, "milestones-INITIAL_FORMS": 0},
    )
    assert edit.status_code == 403
    assert Proposal.objects.get(pk=proposal.pk).title == "Late"


def test_a_form_opened_before_the_deadline_cannot_save_after_it(challenge, member):
    proposal = services.create_proposal(challenge, member, title="Before", summary="…")
    move_to(challenge, "evaluation")
    with pytest.raises(services.Refused, match="deadline"):
        services.save_proposal(proposal, lambda: Proposal.objects.filter(pk=proposal.pk).update(title="After"))
    assert Proposal.objects.get(pk=proposal.pk).title == "Before"


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
STL = b"solid bracket\n facet normal 0 0 1\n  outer loop\n   vertex 0 0 0\n  endloop\n endfacet\nendsolid bracket\n"
STEP = b"ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION(('bracket'),'2;1');\nENDSEC;\nEND-ISO-10303-21;\n"


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("plan.pdf", PDF, True),
        ("bracket.stl", STL, True),
        ("bracket.step", STEP, True),
        ("plan.pdf", b"MZ\x90\x00 not a pdf at all", False),
        ("bracket.stl", PDF, False),  # a PDF named as a CAD file
        ("notes.txt", "Zażółć gęślą jaźń".encode("cp1250"), False),  # Windows-1250 text is not accepted here
    ],
)
def test_attachments_are_checked_by_content(client, challenge, member, name, content, accepted):
    proposal = services.create_proposal(challenge, member, title="Idea", summary="…")
    client.force_login(member)
    response = client.post(
        reverse("challenges:proposal_attachment_add", args=[challenge.slug, proposal.pk]),
        {"title": "Drawing", "file": SimpleUploadedFile(name, content)},
    )
    assert proposal.attachments.exists() == accepted
    if not accepted:
        assert any("content" in message or "should end in" in message for message in messages_of(response))
    else:
        attachment = proposal.attachments.get()
        url = reverse("challenges:proposal_attachment", args=[challenge.slug, proposal.pk, attachment.pk])
        download = client.get(url)
        assert download.status_code == 200 and b"".join(download.streaming_content) == content
        client.logout()
        assert client.get(url).status_code == 403  # a draft's files are the team's alone


def test_weights_that_do_not_sum_to_100_are_refused(client, challenge, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("challenges:round_create", args=[challenge.slug]),
        {
            "name": "Shortlist", "position": 1, "scale_min": 0, "scale_max": 10,
            "criteria-TOTAL_FORMS": 2, "criteria-INITIAL_FORMS": 0,
            "criteria-0-name": "Novelty", "criteria-0-weight": 60, "criteria-0-position": 1,
            "criteria-1-name": "Feasibility", "criteria-1-weight": 30, "criteria-1-position": 2,
        },
    )  # fmt: skip
    assert response.status_code == 200 and not Round.objects.exists()
    assert "weights add up to 90 %; they must add up to 100 %" in response.content.decode()


def test_a_score_outside_the_scale_is_refused(client, challenge, proposal, juror, seated):
    move_to(challenge, "evaluation")
    round_ = make_round(challenge, [proposal], weights=(100,), scale=(1, 5))
    criterion = round_.criteria.get()
    client.force_login(juror)
    url = reverse("challenges:score", args=[challenge.slug, round_.pk, proposal.pk])
    response = client.post(url, {f"value_{criterion.pk}": 9, f"comment_{criterion.pk}": "Great"})
    assert response.status_code == 200 and not criterion.scores.exists()
    assert "Ensure this value is less than or equal to 5." in response.content.decode()
    with pytest.raises(services.Refused, match="outside the scale"):
        services.record_scores(seated, proposal, round_, {criterion.pk: (9, "")})


def test_a_juror_sees_no_proposal_before_signing_the_declarations(client, challenge, proposal, juror):
    from synergy.challenges.models import Juror

    challenge.proposal_visibility = "jury"
    challenge.save()
    seat = Juror.objects.create(challenge=challenge, user=juror, status="accepted")
    client.force_login(juror)
    assert client.get(proposal.get_absolute_url()).status_code == 403
    client.post(reverse("challenges:jury_home", args=[challenge.slug]), {"confidentiality": "on", "no_conflict": "on"})
    seat.refresh_from_db()
    assert seat.is_seated
    assert client.get(proposal.get_absolute_url()).status_code == 200


def test_a_declared_conflict_hides_the_proposal_from_the_juror(client, challenge, proposal, juror, seated):
    challenge.proposal_visibility = "jury"
    challenge.save()
    client.force_login(juror)
    client.post(reverse("challenges:declare_conflict", args=[challenge.slug, proposal.pk]), {"reason": "my student"})
    assert client.get(proposal.get_absolute_url()).status_code == 403
    assert proposal.title not in client.get(challenge.get_absolute_url()).content.decode()


def test_jurors_see_each_others_scores_only_once_the_round_closes(client, challenge, proposal, juror, seated):
    move_to(challenge, "evaluation")
    round_ = make_round(challenge, [proposal], weights=(100,))
    url = reverse("challenges:ranking", args=[challenge.slug, round_.pk])
    client.force_login(juror)
    assert client.get(url).status_code == 403
    services.close_round(round_)
    assert client.get(url).status_code == 200


def test_likes_are_one_per_member_and_can_be_taken_back(client, challenge, proposal, outsider):
    challenge.campaign_type = "community"
    challenge.save()
    client.force_login(outsider)
    url = reverse("challenges:like", args=[challenge.slug, proposal.pk])
    client.post(url, {"like": "1"})
    client.post(url, {"like": "1"})
    assert Like.objects.filter(proposal=proposal).count() == 1
    client.post(url, {"like": "0"})
    assert not Like.objects.exists()
    htmx = client.post(url, {"like": "1"}, headers={"HX-Request": "true"})
    assert "1 like" in htmx.content.decode() and "<html" not in htmx.content.decode()


def test_the_whole_results_flow_through_the_pages(client, challenge, proposal, member, coordinator, juror, seated):
    move_to(challenge, "evaluation")
    make_round(challenge, [proposal], weights=(100,))
    client.force_login(coordinator)
    assert client.get(reverse("challenges:jury", args=[challenge.slug])).status_code == 200
    response = client.post(
        reverse("challenges:winners", args=[challenge.slug]),
        {"proposal": proposal.pk, "rank": 1, "title": "First prize", "value": "5000", "currency": "EUR"},
    )
    assert response.status_code == 302
    client.post(reverse("challenges:winners", args=[challenge.slug]), {"publish": "1"})
    award = proposal.award
    assert client.get(reverse("challenges:results", args=[challenge.slug])).status_code == 200
    client.force_login(member)
    pdf = client.get(reverse("challenges:certificate", args=[challenge.slug, award.pk]))
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    client.logout()
    check = client.get(reverse("challenges:certificate_check", args=[award.certificate_code]))
    assert check.status_code == 200 and "This certificate is genuine." in check.content.decode()
    assert client.get(reverse("challenges:certificate_check", args=["forged"])).status_code == 404
    assert client.get(reverse("challenges:certificate", args=[challenge.slug, award.pk])).status_code == 302


def test_reports_and_their_spreadsheet(client, challenge, proposal, coordinator, region):
    client.force_login(coordinator)
    page = client.get(reverse("challenges:report", args=[challenge.slug]))
    assert page.status_code == 200
    sheet = client.get(reverse("challenges:report", args=[challenge.slug]) + "?format=xlsx")
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(sheet.content))
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Proposals submitted"] == 1
    region_page = client.get(reverse("challenges:region_report", args=[region.slug]))
    assert region_page.status_code == 200


def test_pages_render_for_every_persona(as_persona, challenge, proposal, seated):
    pages = [
        reverse("challenges:list"),
        challenge.get_absolute_url(),
        proposal.get_absolute_url(),
        reverse("challenges:mine"),
        reverse("challenges:jury_home", args=[challenge.slug]),
        reverse("challenges:jury", args=[challenge.slug]),
        reverse("challenges:winners", args=[challenge.slug]),
        reverse("challenges:report", args=[challenge.slug]),
    ]
    for persona in ["anonymous", "member", "org_admin", "juror", "coordinator", "admin_user", "outsider"]:
        _user, client = as_persona(persona)
        for page in pages:
            status = client.get(page).status_code
            assert status in (200, 302, 403), (persona, page, status)


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_the_data(client, organisation, region, coordinator, uncached):
    community = ChallengeFactory(giver=organisation, regions=[region], campaign_type="community")
    people = [UserFactory() for _ in range(6)]

    def add(count):
        for index in range(count):
            proposal = services.create_proposal(community, people[index % 6], title=f"P{index}", summary="…")
            services.submit_proposal(proposal)
            Like.objects.create(proposal=proposal, user=people[(index + 1) % 6])
        ChallengeFactory(giver=organisation, regions=[region])

    client.force_login(coordinator)
    urls = lambda round_: [  # noqa: E731
        reverse("challenges:list"),
        community.get_absolute_url(),
        reverse("challenges:ranking", args=[community.slug, round_.pk]),
    ]
    add(2)
    move_to(community, "evaluation")
    jurors = [seat_juror(community) for _ in range(2)]
    small_round = make_round(community, community.proposals.all(), weights=(50, 50), status="draft")
    before = [_count_queries(client, url) for url in urls(small_round)]
    move_to(community, "open")
    add(12)
    move_to(community, "evaluation")
    big_round = make_round(community, community.proposals.all(), weights=(50, 50), name="Final")
    for juror in jurors:
        for proposal in community.proposals.all():
            criteria = list(big_round.criteria.all())
            services.record_scores(juror, proposal, big_round, {c.pk: (5, "") for c in criteria})
    after = [_count_queries(client, url) for url in urls(big_round)]
    assert after == before, (before, after)


def test_a_coordinator_edits_a_challenge_of_another_organisation(client, challenge, coordinator, region):
    client.force_login(coordinator)
    form = client.get(reverse("challenges:edit", args=[challenge.slug])).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data |= {"regions": [region.pk], "title": "Edited by the coordinator"}
    for name in ["opens_at", "evaluation_starts_at", "results_at", "closes_at"]:
        data[name] = getattr(challenge, name).strftime("%Y-%m-%dT%H:%M")
    data.pop("refinement_starts_at", None)
    response = client.post(reverse("challenges:edit", args=[challenge.slug]), data)
    assert response.status_code == 302, response.context["form"].errors
    challenge.refresh_from_db()
    assert challenge.title == "Edited by the coordinator" and challenge.giver_id == form.initial["giver"]


def test_the_giver_reads_the_coordinators_note(client, challenge, org_admin, coordinator):
    Challenge.objects.filter(pk=challenge.pk).update(status="pending")
    challenge.refresh_from_db()
    services.request_changes(challenge, coordinator, "Please add the prize rules.")
    client.force_login(org_admin)
    assert "Please add the prize rules." in client.get(challenge.get_absolute_url()).content.decode()


def test_a_closed_ranking_hides_conflicts_and_needs_signed_declarations(client, challenge, proposal, juror, seated):
    from synergy.challenges.models import Juror

    other = services.create_proposal(challenge, UserFactory(), title="Other team", summary="…")
    services.submit_proposal(other)
    services.declare_conflict(seated, proposal)
    move_to(challenge, "evaluation")
    round_ = make_round(challenge, [proposal, other], weights=(100,))
    services.close_round(round_)
    url = reverse("challenges:ranking", args=[challenge.slug, round_.pk])
    client.force_login(juror)
    content = client.get(url).content.decode()
    assert "Other team" in content and proposal.title not in content
    unsigned = UserFactory()
    Juror.objects.create(challenge=challenge, user=unsigned, status="accepted")
    client.force_login(unsigned)
    assert client.get(url).status_code == 403


def test_declining_a_second_invitation_to_a_team_one_is_on_is_no_error(challenge, member, outsider):
    proposal = services.create_proposal(challenge, member, title="Idea", summary="…")
    by_name = services.invite_team_member(proposal, member, outsider.email)
    services.answer_team_invitation(by_name, outsider, accept=True)
    by_address = services.invite_team_member(proposal, member, "someone@example.org")
    by_address.email = outsider.email
    by_address.save()
    services.answer_team_invitation(by_address, outsider, accept=False)
    by_address.refresh_from_db()
    assert by_address.status == "declined" and proposal.team.filter(user=outsider).count() == 1


# --- Boxes on a page: a refusal comes back to that page with what was typed -----------------------


def test_submitting_a_proposal_again_lands_on_it_with_a_calm_message(client, challenge, member, org_admin):
    """A double click or a second tab: one submission, and the repeat is told so without an error page."""
    proposal = services.create_proposal(challenge, member, title="Twice", summary="…")
    client.force_login(member)
    submit = reverse("challenges:proposal_submit", args=[challenge.slug, proposal.pk])
    client.post(submit, follow=True)  # the first, read on the proposal page
    again = client.post(submit)
    assert again.status_code == 302 and again["Location"] == proposal.get_absolute_url()
    assert messages_of(again) == ["Your proposal was already submitted; nothing more to do."]
    assert Proposal.objects.get(pk=proposal.pk).status == "submitted"
    assert Notification.objects.filter(recipient=org_admin, kind="challenge.proposal_submitted").count() == 1


def test_submitting_someone_elses_submitted_proposal_is_still_forbidden(client, challenge, proposal, member):
    teammate = UserFactory()
    invitation = services.invite_team_member(proposal, member, teammate.email)
    services.answer_team_invitation(invitation, teammate, accept=True)
    client.force_login(teammate)  # on the team, but not its lead
    assert client.post(reverse("challenges:proposal_submit", args=[challenge.slug, proposal.pk])).status_code == 403


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("nobody@", "Enter a member&#x27;s name or a valid e-mail address."), ("Nobody Here", "No single member")],
)
def test_a_refused_team_invitation_keeps_what_was_typed(client, challenge, member, typed, reason):
    proposal = services.create_proposal(challenge, member, title="Idea", summary="…")
    client.force_login(member)
    url = reverse("challenges:team_invite", args=[challenge.slug, proposal.pk])
    response = client.post(url, {"identifier": typed}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0].endswith("#team")
    assert reason in page and f'value="{escape(typed)}"' in page
    assert proposal.team.count() == 1
    assert f'value="{escape(typed)}"' not in client.get(proposal.get_absolute_url()).content.decode()  # once only


def test_a_refused_upload_keeps_its_title_and_asks_for_the_file_again(client, challenge, member):
    proposal = services.create_proposal(challenge, member, title="Idea", summary="…")
    client.force_login(member)
    response = client.post(
        reverse("challenges:proposal_attachment_add", args=[challenge.slug, proposal.pk]),
        {"title": f"Drawing {SCRIPT}", "file": SimpleUploadedFile("plan.pdf", b"MZ not a pdf")},
        follow=True,
    )
    page = response.content.decode()
    assert not proposal.attachments.exists()
    assert "The file is not attached; please correct the form below and choose the file again." in page
    assert "content" in page  # the file's own reason
    assert escape(f"Drawing {SCRIPT}") in page and "Choose the file to attach." in page


def test_a_refused_conflict_reason_is_shown_back_on_the_jury_page(client, challenge, proposal, juror, seated):
    client.force_login(juror)
    reason = "Kept " + "x" * 500
    response = client.post(
        reverse("challenges:declare_conflict", args=[challenge.slug, proposal.pk]), {"reason": reason}, follow=True
    )
    page = response.content.decode()
    assert not Conflict.objects.exists()
    assert "Your conflict is not recorded; please correct the reason below." in page
    assert f'value="{reason}"' in page and "at most 500 characters" in page
    assert f'id="conflict-{proposal.pk}-reason"' in page


def test_the_approval_box_is_shown_only_while_the_challenge_awaits_review(client, challenge, admin_user):
    client.force_login(admin_user)  # a platform admin passes every rule
    assert "Approve and publish" not in client.get(challenge.get_absolute_url()).content.decode()
    Challenge.objects.filter(pk=challenge.pk).update(status="pending")
    assert "Approve and publish" in client.get(challenge.get_absolute_url()).content.decode()


@pytest.mark.parametrize("decision", ["approve", "changes"])
def test_a_refused_approval_note_is_shown_back_and_decides_nothing(client, challenge, coordinator, decision):
    Challenge.objects.filter(pk=challenge.pk).update(status="pending")
    client.force_login(coordinator)
    note = f"Kept {NUL}"
    response = client.post(
        reverse("challenges:review", args=[challenge.slug]), {"decision": decision, "note": note}, follow=True
    )
    page = response.content.decode()
    assert Challenge.objects.get(pk=challenge.pk).status == "pending"
    assert "Your decision is not recorded; please correct the note below." in page
    assert escape(note) in page and "Null characters are not allowed." in page


def test_a_proposal_refused_by_the_rules_comes_back_with_what_was_typed(client, challenge, admin_user):
    move_to(challenge, "evaluation")  # a platform admin reaches the form; the deadline still holds
    client.force_login(admin_user)
    response = client.post(
        reverse("challenges:proposal_create", args=[challenge.slug]),
        {"title": "Kept title", "summary": "Kept summary", "milestones-TOTAL_FORMS": 0, "milestones-INITIAL_FORMS": 0},
    )
    page = response.content.decode()
    assert response.status_code == 200 and not Proposal.objects.exists()
    assert "The deadline for proposals has passed." in page and "Kept title" in page and "Kept summary" in page
