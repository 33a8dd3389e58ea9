"""The authorization matrix: every URL pattern and every API operation, requested by every
persona, checked against a declared policy.

A route with no declared policy fails ``test_every_route_has_a_policy``, so no new page can ship
unguarded: add it to ``POLICY`` (or ``API_POLICY``) with the outcome each persona must get.

Outcomes, one letter per persona in the order of ``PERSONAS``:

    O  the page or action answers (2xx)
    R  a redirect somewhere other than the sign-in page (an action done, or refused with a message)
    L  a redirect to the sign-in page
    D  denied: 403 or 404, nothing shown
    N  405: the method is not allowed

Each route is requested with GET and with POST (empty data: a view that forgot its permission
check answers with a form error instead of a refusal). Whoever the policy does not list in
``writers`` must leave the database exactly as it was.
"""

import json
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ..factories import MembershipFactory, RegionFactory, RegionRoleFactory, UserFactory
from . import world as worlds

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "member", "org_admin", "coordinator", "other_coordinator", "juror", "admin_user"]


POLICY = {
    # core
    "core:home": ("O O O O O O O", "O O O O O O O"),
    "core:regions": ("O O O O O O O", "O O O O O O O"),
    "core:region": ("O O O O O O O", "O O O O O O O"),
    "core:search": ("O O O O O O O", "O O O O O O O"),
    "core:style": ("O O O O O O O", "O O O O O O O"),
    "core:terms": ("O O O O O O O", "O O O O O O O"),
    "core:privacy": ("O O O O O O O", "O O O O O O O"),
    # accounts (allauth)
    "account_signup": ("O R R R R R R", "O R R R R R R"),
    "account_confirm_email": ("O O O O O O O", "D D D D D D D"),
    "account_login": ("O R R R R R R", "O R R R R R R"),
    "account_logout": ("R O O O O O O", "R R R R R R R"),
    "account_inactive": ("O O O O O O O", "N N N N N N N"),
    "account_reauthenticate": ("L O O O O O O", "L O O O O O O"),
    "account_request_reauthentication_code": ("L O O O O O O", "L O O O O O O"),
    "account_confirm_reauthentication_code": ("L R R R R R R", "L R R R R R R"),
    "account_email": ("L O O O O O O", "L R R R R R R"),
    "account_email_verification_sent": ("O O O O O O O", "N N N N N N N"),
    "account_change_password": ("L O O O O O O", "L O O O O O O"),
    "account_set_password": ("L R R R R R R", "L R R R R R R"),
    "account_reset_password": ("O O O O O O O", "O O O O O O O"),
    "account_confirm_login_code": ("L R R R R R R", "L R R R R R R"),
    "account_reset_password_from_key_done": ("O O O O O O O", "N N N N N N N"),
    "account_reset_password_from_key": ("O O O O O O O", "O O O O O O O"),
    "account_reset_password_done": ("O O O O O O O", "N N N N N N N"),
    "mfa_index": ("L O O O O O O", "L N N N N N N"),
    "mfa_authenticate": ("L R R R R R R", "L R R R R R R"),
    "mfa_reauthenticate": ("L R R R R R R", "L R R R R R R"),
    "mfa_activate_totp": ("L R R R R R R", "L R R R R R R"),
    "mfa_deactivate_totp": ("L D D D D D D", "L D D D D D D"),
    "mfa_view_recovery_codes": ("L D D D D D D", "L N N N N N N"),
    "mfa_generate_recovery_codes": ("L R R R R R R", "L R R R R R R"),
    "mfa_download_recovery_codes": ("L D D D D D D", "L D D D D D D"),
    # accounts
    "accounts:profile": ("L O O O O O O", "L O O O O O O"),
    "accounts:set_language": ("N N N N N N N", "R R R R R R R"),
    "accounts:export_data": ("L O O O O O O", "L O O O O O O"),
    "accounts:delete": ("L O O O O O O", "L O O O O O O"),
    # notifications
    "notifications:list": ("L O O O O O O", "L O O O O O O"),
    "notifications:mark_all_read": ("L N N N N N N", "L R R R R R R"),
    "notifications:unsubscribe": ("O O O O O O O", "O O O O O O O"),
    # actors
    "actors:list": ("O O O O O O O", "O O O O O O O"),
    "actors:detail": ("O O O O O O O", "O O O O O O O"),
    "actors:import_new": ("L D D D D D O", "L D D D D D O"),
    "actors:import": ("L D D D D D O", "L D D D D D O"),
    "actors:import_separate": ("L N N N N N N", "L D D D D D R"),
    "actors:person_edit": ("L O O O O O O", "L O O O O O O"),
    "actors:person": ("O O O O O O O", "N N N N N N N"),
    "actors:project": ("O O O O O O O", "N N N N N N N"),
    "actors:project_edit": ("L D O D D D O", "L D O D D D O"),
    "actors:edit": ("L D O D D D O", "L D O D D D O"),
    "actors:join": ("L D D O O O O", "L D D O O O O"),
    "actors:members": ("L D O D D D O", "L D O D D D O"),
    "actors:member_action": ("L N N N N N N", "L D R D D D R"),
    "actors:answer_request": ("L N N N N N N", "L D R D D D R"),
    "actors:project_add": ("L D O D D D O", "L D O D D D O"),
    "actors:place_answer": ("L N N N N N N", "L D R D D D R"),
    # networks
    "networks:list": ("O O O O O O O", "N N N N N N N"),
    "networks:create": ("L D O O O D O", "L D O O O D O"),
    "networks:mine": ("L O O O O O O", "N N N N N N N"),
    "networks:assistant": ("L D O O O D O", "L D O O O D O"),
    "networks:detail": ("O O O O O O O", "N N N N N N N"),
    "networks:edit": ("L D O O D D O", "L D O O D D O"),
    "networks:invite": ("L D O O D D O", "L D O O D D O"),
    "networks:apply": ("L D D D D D O", "L D D D D D O"),
    "networks:answer": ("L N N N N N N", "L D D D D D R"),
    "networks:leave": ("L N N N N N N", "L D D D D D R"),
    "networks:withdraw": ("L N N N N N N", "L D R R D D R"),
    "networks:remove": ("L N N N N N N", "L D R R D D R"),
    "networks:role": ("L N N N N N N", "L D R R D D R"),
    "networks:analysis": ("L D O O D D O", "L D O O D D O"),
    "networks:history": ("L O O O O O O", "N N N N N N N"),
    # matchmaking (the platform admin reads requests in the back office, never as a party)
    "matchmaking:need": ("L O O O O O O", "L N N N N N N"),
    "matchmaking:challenge": ("L D O O D D O", "L N N N N N N"),
    "matchmaking:opportunities": ("L D O D D D O", "L N N N N N N"),
    "matchmaking:requests": ("L O O O O O O", "L N N N N N N"),
    "matchmaking:request": ("L D O D D D D", "L N N N N N N"),
    "matchmaking:answer": ("L N N N N N N", "L D O D D D D"),
    "matchmaking:withdraw": ("L N N N N N N", "L D D D D D D"),
    "matchmaking:ask_organisation": ("L O D O O O O", "L O D O O O O"),
    "matchmaking:ask_person": ("L O O O O O O", "L O O O O O O"),
    # trainings
    "trainings:list": ("O O O O O O O", "O O O O O O O"),
    "trainings:create": ("L D D O O D O", "L D D O O D O"),
    "trainings:mine": ("L O O O O O O", "L O O O O O O"),
    "trainings:follow_up": ("L D D O O D O", "L D D O O D O"),
    "trainings:programme_report": ("L D D O O D O", "L D D O O D O"),
    "trainings:programme_report_file": ("L D D O O D O", "L D D O O D O"),
    "trainings:materials": ("O O O O O O O", "O O O O O O O"),
    "trainings:material_create": ("L D D O O D O", "L D D O O D O"),
    "trainings:material_edit": ("L D D O O D O", "L D D O O D O"),
    "trainings:material_request_translation": ("N N N N N N N", "O O O O O O O"),
    "trainings:personal_calendar": ("O O O O O O O", "O O O O O O O"),
    "trainings:region_calendar": ("O O O O O O O", "O O O O O O O"),
    "trainings:region_report": ("L D D O D D O", "L D D O D D O"),
    "trainings:region_report_file": ("L D D O D D O", "L D D O D D O"),
    "trainings:certificate_check": ("O O O O O O O", "O O O O O O O"),
    "trainings:calendar": ("O O O O O O O", "O O O O O O O"),
    "trainings:detail": ("O O O O O O O", "O O O O O O O"),
    "trainings:edit": ("L D O O D D O", "L D O O D D O"),
    "trainings:publish": ("L N N N N N N", "L D R R D D R"),
    "trainings:close_registration": ("L N N N N N N", "L D R R D D R"),
    "trainings:reported": ("L N N N N N N", "L D R R D D R"),
    "trainings:cancel": ("L D O O D D O", "L D R R D D R"),
    "trainings:participants": ("L D O O D D O", "L D O O D D O"),
    "trainings:register": ("L N N N N N N", "L R R R R R R"),
    "trainings:checkin": ("L D O O D D O", "L D D D D D D"),
    "trainings:walk_in": ("L N N N N N N", "L D R R D D R"),
    "trainings:attendance_upload": ("L D O O D D O", "L D O O D D O"),
    "trainings:attendance_preview": ("L D O O D D O", "L D O O D D O"),
    "trainings:held": ("L N N N N N N", "L D R R D D R"),
    "trainings:feedback": ("L R R R R R R", "L R R R R R R"),
    "trainings:certificate": ("L R R R R R R", "L R R R R R R"),
    "trainings:report": ("L D O O D D O", "L D O O D D O"),
    "trainings:participants_file": ("L D O O D D O", "L D O O D D O"),
    "trainings:unregister": ("L N N N N N N", "L R R R R R R"),
    # challenges
    "challenges:list": ("O O O O O O O", "O O O O O O O"),
    "challenges:create": ("L D O D D D O", "L D O D D D O"),
    "challenges:mine": ("L O O O O O O", "L O O O O O O"),
    "challenges:call": ("O O O O O O O", "O O O O O O O"),
    "challenges:certificate_check": ("O O O O O O O", "O O O O O O O"),
    "challenges:team_invitation": ("L O O O O O O", "L R R R R R R"),
    "challenges:jury_invitation": ("L O O O O O O", "L R R R R R R"),
    "challenges:region_report": ("L D D O D D O", "L D D O D D O"),
    "challenges:detail": ("O O O O O O O", "O O O O O O O"),
    "challenges:edit": ("L D O O D D O", "L D O O D D O"),
    "challenges:attachments": ("L D O O D D O", "L D O O D D O"),
    "challenges:attachment": ("O O O O O O O", "O O O O O O O"),
    "challenges:submit_for_approval": ("L N N N N N N", "L D D D D D R"),
    "challenges:review": ("L N N N N N N", "L D D D D D R"),
    "challenges:follow": ("L N N N N N N", "L R R R R R R"),
    "challenges:ask": ("L N N N N N N", "L R R R R R R"),
    "challenges:answer": ("L D O O D D O", "L D O O D D O"),
    "challenges:report": ("L D O O D D O", "L D O O D D O"),
    "challenges:proposal_create": ("L O O O O O O", "L O O O O O O"),
    "challenges:proposal": ("O O O O O O O", "O O O O O O O"),
    "challenges:proposal_edit": ("L D D D D D O", "L D D D D D O"),
    "challenges:proposal_submit": ("L N N N N N N", "L D D D D D R"),
    "challenges:proposal_withdraw": ("L N N N N N N", "L D D D D D R"),
    "challenges:team_invite": ("L N N N N N N", "L D D D D D R"),
    "challenges:team_remove": ("L N N N N N N", "L D D D D D R"),
    "challenges:proposal_attachment_add": ("L N N N N N N", "L D D D D D R"),
    "challenges:proposal_attachment": ("O O O O O O O", "O O O O O O O"),
    "challenges:proposal_attachment_delete": ("L N N N N N N", "L D D D D D R"),
    "challenges:like": ("L N N N N N N", "L D D D D D R"),
    "challenges:comment": ("L N N N N N N", "L R R R R R R"),
    "challenges:jury": ("L D D O D D O", "L D D O D D O"),
    "challenges:round_create": ("L D D O D D O", "L D D O D D O"),
    "challenges:round_edit": ("L D D R D D R", "L D D R D D R"),
    "challenges:round_status": ("L N N N N N N", "L D D R D D R"),
    "challenges:ranking": ("L D D O D D O", "L D D O D D O"),
    "challenges:jury_home": ("L D D D D O D", "L D D D D O D"),
    "challenges:score": ("L D D D D O D", "L D D D D O D"),
    "challenges:declare_conflict": ("L N N N N N N", "L D D D D R D"),
    "challenges:winners": ("L D D O D D O", "L D D O D D O"),
    "challenges:results": ("O O O O O O O", "O O O O O O O"),
    "challenges:certificate": ("L D D D D D D", "L D D D D D D"),
    # funding
    "funding:list": ("O O O O O O O", "O O O O O O O"),
    "funding:create": ("L O O O O O O", "L O O O O O O"),
    "funding:mine": ("L O O O O O O", "L O O O O O O"),
    "funding:campaign_create": ("L D D O O D O", "L D D O O D O"),
    "funding:campaign": ("O O O O O O O", "O O O O O O O"),
    "funding:campaign_edit": ("L D D O D D O", "L D D O D D O"),
    "funding:campaign_close": ("L N N N N N N", "L D D R D D R"),
    "funding:project": ("O O O O O O O", "O O O O O O O"),
    "funding:edit": ("L D D D D D O", "L D D D D D O"),
    "funding:submit_for_approval": ("L N N N N N N", "L D D D D D R"),
    "funding:review": ("L N N N N N N", "L D D D D D R"),
    "funding:pledge": ("L N N N N N N", "L R R R R R R"),
    "funding:cancel_pledge": ("L N N N N N N", "L D D D D D D"),
    "funding:post_update": ("L N N N N N N", "L D D D D D R"),
    # facilities
    "facilities:list": ("O O O O O O O", "O O O O O O O"),
    "facilities:create": ("L D O D D D O", "L D O D D D O"),
    "facilities:mine": ("L O O O O O O", "L O O O O O O"),
    "facilities:report": ("L D D D D D O", "L D D D D D O"),
    "facilities:region_report": ("L D D O D D O", "L D D O D D O"),
    "facilities:personal_calendar": ("O O O O O O O", "O O O O O O O"),
    "facilities:request": ("L D O D D D O", "L D O D D D O"),
    "facilities:request_action": ("L N N N N N N", "L D D D D D D"),
    "facilities:item": ("O O O O O O O", "O O O O O O O"),
    "facilities:edit": ("L D O D D D O", "L D O D D D O"),
    "facilities:photos": ("L D O D D D O", "L D O D D D O"),
    "facilities:request_access": ("L N N N N N N", "L O D O O O O"),
    "facilities:calendar": ("O O O O O O O", "O O O O O O O"),
    # library (the home world's published entry, contributed by the organisation in the home region)
    "library:list": ("O O O O O O O", "O O O O O O O"),
    "library:create": ("L D O O O D O", "L D O O O D O"),
    "library:detail": ("O O O O O O O", "O O O O O O O"),
    "library:edit": ("L D O O D D O", "L D O O D D O"),
    "library:translate": ("L D O O D D O", "L D O O D D O"),
    "library:publish": ("L N N N N N N", "L D D R D D R"),  # already published: refused with a message
    "library:submit": ("L N N N N N N", "L D D D D D R"),  # not a draft (admins pass the rule): refused
    "library:review": ("L D D O O D O", "L D D O O D O"),  # coordinators and platform admins
    "library:files": ("L D O O D D O", "L D R R D D R"),  # no action chosen: refused with a message
    "library:attachment": ("O O O O O O O", "O O O O O O O"),
    # strategy: public reading; a region's plan changed by its coordinators and the platform admins
    "strategy:index": ("O O O O O O O", "N N N N N N N"),
    "strategy:region": ("R R R R R R R", "N N N N N N N"),
    "strategy:detail": ("O O O O O O O", "N N N N N N N"),
    "strategy:chapter": ("O O O O O O O", "N N N N N N N"),
    "strategy:actions": ("O O O O O O O", "N N N N N N N"),
    "strategy:action": ("O O O O O O O", "N N N N N N N"),
    "strategy:pdf": ("O O O O O O O", "N N N N N N N"),
    "strategy:request_translation": ("L N N N N N N", "L R R R R R R"),  # no language chosen: refused with a message
    "strategy:compare": ("O O O O O O O", "N N N N N N N"),
    "strategy:plan": ("O O O O O O O", "N N N N N N N"),
    "strategy:infographic": ("O O O O O O O", "N N N N N N N"),  # a file (SVG, PNG or PDF), not a page
    "strategy:infographic_choice": ("R R R R R R R", "N N N N N N N"),  # no language chosen: back to the plan
    "strategy:adopt": ("L D D O D D O", "L D D O D D O"),  # no action chosen: the form again
    "strategy:plan_edit": ("L D D O D D O", "L N N N N N N"),
    "strategy:action_add": ("L D D O D D O", "L D D O D D O"),
    "strategy:action_edit": ("L D D O D D O", "L D D O D D O"),
    "strategy:indicator_add": ("L D D O D D O", "L D D O D D O"),
    "strategy:indicator_edit": ("L D D O D D O", "L D D O D D O"),
    "strategy:value_add": ("L D D O D D O", "L D D O D D O"),
    # reports: public figures and open data, reading only
    "reports:figures": ("O O O O O O O", "N N N N N N N"),
    "reports:region": ("O O O O O O O", "N N N N N N N"),
    "reports:open_data": ("O O O O O O O", "N N N N N N N"),
    # site
    "api_docs": ("O O O O O O O", "O O O O O O O"),
    "api-1.0.0:openapi-json": ("O O O O O O O", "O O O O O O O"),
    "api-1.0.0:index": ("O O O O O O O", "N N N N N N N"),
    "api-1.0.0:api-root": ("O O O O O O O", "N N N N N N N"),
    "api_unknown": ("D D D D D D D", "D D D D D D D"),
    "healthz": ("O O O O O O O", "O O O O O O O"),
    # development server only (DEBUG): uploads, without the confidential folders
    "media": ("D D D D D D D", "N N N N N N N"),
}

SIGNED_IN_PERSONAS = set(PERSONAS) - {"anonymous"}
MANAGERS = {"org_admin", "coordinator", "admin_user"}  # of the home world's training, challenge or item

# Who may change data through each route; for everyone else the database must stay as it was.
# Routes not listed change nothing for anyone (empty POST data, or refused).
WRITERS = {
    "notifications:mark_all_read": SIGNED_IN_PERSONAS,
    "notifications:unsubscribe": set(PERSONAS),  # the signed token in the link is the authority
    "trainings:publish": MANAGERS,
    "trainings:close_registration": MANAGERS,
    "trainings:reported": MANAGERS,
    "trainings:cancel": MANAGERS,
    "trainings:register": SIGNED_IN_PERSONAS,
    "challenges:proposal_withdraw": {"admin_user"},
    "challenges:team_remove": {"admin_user"},
    "challenges:proposal_attachment_delete": {"admin_user"},
    "challenges:round_status": {"coordinator", "admin_user"},
    "challenges:declare_conflict": {"juror"},
    "funding:campaign_close": {"coordinator", "admin_user"},
    "networks:answer": {"admin_user"},  # the invitation of another organisation: superusers pass every rule
    "networks:leave": {"admin_user"},
    "networks:withdraw": {"org_admin", "coordinator", "admin_user"},  # the network's managers
    "networks:remove": {"org_admin", "coordinator", "admin_user"},
}

# Every operation of the OpenAPI schema, requested with the home world's identifiers.
API_POLICY = {
    "GET /api/v1/regions/": "O O O O O O O",
    "GET /api/v1/regions/{slug}": "O O O O O O O",
    "GET /api/v1/organisations/": "O O O O O O O",
    "GET /api/v1/organisations/{slug}": "O O O O O O O",
    "GET /api/v1/organisations/{slug}/projects": "O O O O O O O",
    "GET /api/v1/organisations/projects/{pk}": "O O O O O O O",
    "GET /api/v1/networks/": "O O O O O O O",
    "GET /api/v1/networks/{slug}": "O O O O O O O",
    "GET /api/v1/matchmaking/match": "O O O O O O O",
    "GET /api/v1/trainings/": "O O O O O O O",
    "GET /api/v1/trainings/figures": "O O O O O O O",
    "GET /api/v1/trainings/{slug}": "O O O O O O O",
    "POST /api/v1/trainings/{slug}/registration": "401 O O O O O O",
    "DELETE /api/v1/trainings/{slug}/registration": "401 D D D D D D",  # no registration to cancel
    "GET /api/v1/challenges/": "O O O O O O O",
    "GET /api/v1/challenges/{slug}": "O O O O O O O",
    "GET /api/v1/challenges/{slug}/proposals": "O O O O O O O",
    "POST /api/v1/challenges/{slug}/proposals": "401 400 400 400 400 400 400",  # signed in: the empty body is refused
    "GET /api/v1/funding/": "O O O O O O O",
    "GET /api/v1/funding/{slug}": "O O O O O O O",
    "POST /api/v1/funding/{slug}/pledges": "401 400 400 400 400 400 400",
    "GET /api/v1/facilities/": "O O O O O O O",
    "GET /api/v1/facilities/{slug}": "O O O O O O O",
    "GET /api/v1/facilities/{slug}/busy": "O O O O O O O",
    "POST /api/v1/facilities/{slug}/requests": "401 400 400 400 400 400 400",
    "GET /api/v1/library/": "O O O O O O O",
    "GET /api/v1/library/{slug}": "O O O O O O O",
    "GET /api/v1/figures/counters": "O O O O O O O",
    "GET /api/v1/figures/statistics": "O O O O O O O",
}
API_WRITERS = {"POST /api/v1/trainings/{slug}/registration": SIGNED_IN_PERSONAS}


def routes():
    """(name, pattern) of every URL pattern outside the admin site, namespaces included."""

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}".strip(":") if pattern.name else f"unnamed:{pattern.pattern}"
                yield name, prefix + str(pattern.pattern)

    return [(name, route) for name, route in walk(get_resolver().url_patterns) if not route.startswith("admin/")]


TRAINING_PAGES = [
    "calendar", "detail", "edit", "publish", "close_registration", "cancel", "register", "unregister",
    "participants", "checkin", "walk_in", "attendance_upload",
]  # fmt: skip
CHALLENGE_PAGES = [
    "detail", "edit", "attachments", "submit_for_approval", "review", "follow", "ask", "report",
    "proposal_create", "jury", "round_create",
]  # fmt: skip
NETWORK_PAGES = ["detail", "edit", "invite", "apply", "analysis", "history"]
STRATEGY_PAGES = ["detail", "actions", "compare", "request_translation"]
PLAN_PAGES = ["plan", "adopt", "plan_edit", "action_add", "indicator_add"]
PROPOSAL_PAGES = [
    "proposal", "proposal_edit", "proposal_submit", "proposal_withdraw", "team_invite", "proposal_attachment_add",
    "like", "comment",
]  # fmt: skip


def url_arguments(world) -> dict[str, dict]:
    """The identifiers each route is requested with, taken from ``world``."""
    w = world
    training, held = {"slug": w.training.slug}, {"slug": w.held_training.slug}
    challenge, judged, finished = {"slug": w.challenge.slug}, {"slug": w.judged.slug}, {"slug": w.finished.slug}
    proposal = {**challenge, "pk": w.proposal.pk}
    return {
        "core:region": {"slug": w.region.slug},
        "reports:region": {"slug": w.region.slug},
        "reports:open_data": {"extension": "csv"},
        "api_unknown": {"path": f"v1/organisations/{w.organisation.slug}/members"},
        "notifications:unsubscribe": {"token": w.unsubscribe_token},
        "actors:detail": {"slug": w.organisation.slug},
        **{f"actors:{name}": {"slug": w.organisation.slug} for name in ("edit", "join", "members", "project_add")},
        "actors:member_action": {"slug": w.organisation.slug, "pk": w.plain_membership.pk},
        "actors:answer_request": {"slug": w.organisation.slug, "pk": w.join_request.pk},
        "actors:person": {"pk": w.owner.pk},
        "actors:project": {"pk": w.research_project.pk},
        "actors:project_edit": {"pk": w.research_project.pk},
        "actors:place_answer": {"pk": w.placed_project.pk, "slug": w.organisation.slug},
        "actors:import": {"pk": w.cordis_import.pk},
        "actors:import_separate": {"pk": w.cordis_import.pk, "cordis_id": "999"},
        **{f"networks:{name}": {"slug": w.network.slug} for name in NETWORK_PAGES},
        "networks:answer": {"slug": w.network.slug, "pk": w.network_invitation.pk},
        "networks:withdraw": {"slug": w.network.slug, "pk": w.network_invitation.pk},
        "networks:remove": {"slug": w.network.slug, "pk": w.network_member.pk},
        **{f"networks:{name}": {"slug": w.network.slug, "pk": w.network_member.pk} for name in ("leave", "role")},
        "matchmaking:challenge": {"slug": w.challenge.slug},
        "matchmaking:opportunities": {"slug": w.organisation.slug},
        "matchmaking:ask_organisation": {"slug": w.organisation.slug},
        "matchmaking:ask_person": {"pk": w.owner.pk},
        **{f"matchmaking:{name}": {"pk": w.collaboration_request.pk} for name in ("request", "answer", "withdraw")},
        "trainings:material_edit": {"pk": w.material.pk},
        "trainings:material_request_translation": {"pk": w.material.pk},
        "trainings:personal_calendar": {"token": w.trainings_feed_token},
        "trainings:region_calendar": {"region_slug": w.region.slug},
        "trainings:region_report": {"region_slug": w.region.slug},
        "trainings:region_report_file": {"region_slug": w.region.slug, "extension": "csv"},
        "trainings:programme_report_file": {"extension": "csv"},
        "trainings:certificate_check": {"code": w.registration.certificate_code},
        **{f"trainings:{name}": training for name in TRAINING_PAGES},
        **{f"trainings:{name}": held for name in ("reported", "held", "feedback", "certificate", "report")},
        "trainings:participants_file": {**held, "extension": "csv"},
        "trainings:attendance_preview": {**held, "import_id": w.attendance_import.pk},
        "challenges:call": {"slug": w.call.slug},
        "challenges:certificate_check": {"code": w.award.certificate_code},
        "challenges:team_invitation": {"token": w.pending_invitation.token},
        "challenges:jury_invitation": {"token": w.pending_juror.token},
        "challenges:region_report": {"region_slug": w.region.slug},
        **{f"challenges:{name}": challenge for name in CHALLENGE_PAGES},
        "challenges:attachment": {**challenge, "pk": w.challenge_attachment.pk},
        "challenges:answer": {**challenge, "pk": w.question.pk},
        **{f"challenges:{name}": proposal for name in PROPOSAL_PAGES},
        "challenges:team_remove": {**proposal, "member_pk": w.team_member.pk},
        "challenges:proposal_attachment": {**proposal, "attachment_pk": w.proposal_attachment.pk},
        "challenges:proposal_attachment_delete": {**proposal, "attachment_pk": w.proposal_attachment.pk},
        "challenges:round_edit": {**judged, "round_pk": w.round.pk},
        "challenges:round_status": {**judged, "round_pk": w.round.pk},
        "challenges:ranking": {**judged, "round_pk": w.round.pk},
        "challenges:jury_home": judged,
        "challenges:score": {**judged, "round_pk": w.round.pk, "proposal_pk": w.judged_proposal.pk},
        "challenges:declare_conflict": {**judged, "proposal_pk": w.judged_proposal.pk},
        "challenges:winners": finished,
        "challenges:results": finished,
        "challenges:certificate": {**finished, "award_pk": w.award.pk},
        **{f"funding:{name}": {"slug": w.campaign.slug} for name in ("campaign", "campaign_edit", "campaign_close")},
        **{
            f"funding:{name}": {"slug": w.project.slug}
            for name in ("project", "edit", "submit_for_approval", "review", "pledge", "post_update")
        },
        "funding:cancel_pledge": {"slug": w.project.slug, "pk": w.pledge.pk},
        "facilities:region_report": {"region_slug": w.region.slug},
        "facilities:personal_calendar": {"token": w.facilities_feed_token},
        "facilities:request": {"pk": w.access_request.pk},
        "facilities:request_action": {"pk": w.access_request.pk},
        **{
            f"facilities:{name}": {"slug": w.item.slug}
            for name in ("item", "edit", "photos", "request_access", "calendar")
        },
        **{f"library:{name}": {"slug": w.entry.slug} for name in ("detail", "edit", "publish", "submit", "files")},
        "library:translate": {"slug": w.entry.slug, "language": "pl"},
        "library:attachment": {"slug": w.entry.slug, "pk": w.library_attachment.pk},
        "strategy:region": {"region_slug": w.region.slug},
        **{f"strategy:{name}": {"slug": w.strategy.slug} for name in STRATEGY_PAGES},
        "strategy:chapter": {"slug": w.strategy.slug, "number": 1},
        "strategy:action": {"slug": w.strategy.slug, "code": w.strategy_action.code},
        "strategy:pdf": {"slug": w.strategy.slug, "language": "pl"},
        "strategy:infographic": {
            "slug": w.strategy.slug,
            "region_slug": w.region.slug,
            "language": "pl",
            "kind": "png",
        },
        "strategy:infographic_choice": {"slug": w.strategy.slug, "region_slug": w.region.slug},
        **{f"strategy:{name}": {"slug": w.strategy.slug, "region_slug": w.region.slug} for name in PLAN_PAGES},
        "strategy:action_edit": {"slug": w.strategy.slug, "region_slug": w.region.slug, "pk": w.plan_action.pk},
        **{
            f"strategy:{name}": {"slug": w.strategy.slug, "region_slug": w.region.slug, "pk": w.indicator.pk}
            for name in ("indicator_edit", "value_add")
        },
        "account_confirm_email": {"key": "not-a-key"},
        "account_reset_password_from_key": {"uidb36": "0", "key": "not-a-key"},
    }


@pytest.fixture(scope="module")
def both_worlds(django_db_setup, django_db_blocker, tmp_path_factory):
    """The home world (with the personas' roles in it) and the other region's world, built once
    per module inside a transaction that is rolled back at its end. Each test runs inside it
    in its own savepoint, and each request in a savepoint of its own."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        people = {
            "anonymous": None,
            "member": UserFactory(email="mia@example.org", display_name="Mia"),
            "org_admin": UserFactory(email="otto@example.org", display_name="Otto"),
            "coordinator": UserFactory(email="cora@example.org", display_name="Cora"),
            "other_coordinator": UserFactory(email="olga@example.org", display_name="Olga"),
            "juror": UserFactory(email="jules@example.org", display_name="Jules"),
            "admin_user": UserFactory(email="ada@example.org", display_name="Ada", is_staff=True, is_superuser=True),
        }
        region = RegionFactory(slug="home-region")
        RegionRoleFactory(user=people["coordinator"], region=region)
        home = worlds.build("home", region=region, org_admin=people["org_admin"], coordinator=people["coordinator"],
                            juror=people["juror"])  # fmt: skip
        MembershipFactory(user=people["member"], organisation=home.organisation)
        away = worlds.build("away")
        RegionRoleFactory(user=people["other_coordinator"], region=away.region)
        yield home, away, people, media
        transaction.set_rollback(True)


@pytest.fixture
def home(both_worlds, settings):
    settings.MEDIA_ROOT = both_worlds[3]
    return both_worlds[0]


@pytest.fixture
def away(both_worlds):
    return both_worlds[1]


@pytest.fixture
def people(both_worlds):
    """Persona name -> user (None for the anonymous visitor)."""
    return both_worlds[2]


def outcome(response) -> str:
    status = response.status_code
    if 200 <= status < 300:
        return "O"
    if status in (301, 302, 303, 307, 308):
        return "L" if response["Location"].startswith(reverse("account_login")) else "R"
    if status in (403, 404):
        return "D"
    if status == 405:
        return "N"
    return str(status)


def fingerprint() -> dict:
    """Every row of every table the product owns, to show that a refused request changed nothing."""
    skipped = {"sessions", "admin"}
    return {
        model._meta.label: hash(repr(list(model._base_manager.order_by("pk").values_list())))
        for model in apps.get_models()
        if model._meta.app_label not in skipped and not model._meta.proxy
    }


def visit(user, method: str, url: str):
    """One request by ``user`` in a new session, inside a savepoint that is rolled back, so that
    personas never see each other's effects (nor a sign-out end the next request's session)."""
    client = Client()
    with transaction.atomic():
        if user is not None:
            client.force_login(user)
        before = fingerprint()
        response = getattr(client, method)(url, secure=True)
        changed = sorted(label for label, value in fingerprint().items() if before.get(label) != value)
        transaction.set_rollback(True)
    return outcome(response), changed


API_IDENTIFIERS = {  # the collection in an API path -> the home world's object it names
    "regions": "region", "organisations": "organisation", "trainings": "training",
    "challenges": "challenge", "funding": "project", "facilities": "item", "networks": "network",
    "library": "entry",
}  # fmt: skip
API_QUERIES = {"/api/v1/matchmaking/match": "?need=lattice+printing"}  # operations that answer only with a query


def api_operations(client=None) -> list[str]:
    schema = json.loads((client or Client()).get("/api/v1/openapi.json").content)
    return [f"{method.upper()} {path}" for path, item in schema["paths"].items() for method in item]


def api_url(operation: str, world) -> str:
    path = operation.split(" ", 1)[1]
    if "{slug}" in path:
        path = path.replace("{slug}", getattr(world, API_IDENTIFIERS[path.split("/")[3]]).slug)
    return path.replace("{pk}", str(world.research_project.pk)) + API_QUERIES.get(path, "")


def test_every_route_and_api_operation_has_a_policy():
    operations = api_operations()
    schema_paths = {operation.split(" ", 1)[1] for operation in operations}
    unguarded, missing_from_schema = [], []
    for name, route in routes():
        if name.startswith("api-1.0.0:") and name not in POLICY:
            django_path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
            if django_path not in schema_paths:
                missing_from_schema.append(name)
        elif name not in POLICY:
            unguarded.append(f"{name} ({route})")
    assert not unguarded, f"routes with no declared policy: {unguarded}"
    assert not missing_from_schema, f"API routes outside the OpenAPI schema: {missing_from_schema}"
    assert set(operations) == set(API_POLICY), "API operations and API_POLICY differ"
    stale = set(POLICY) - {name for name, _route in routes()}
    assert not stale, f"policies for routes that no longer exist: {stale}"


def check(declared: str, observed: list[tuple[str, list[str]]], writers: set[str], where: str) -> list[str]:
    problems = []
    for persona, expected, (got, changed) in zip(PERSONAS, declared.split(), observed, strict=True):
        if got != expected:
            problems.append(f"{where} as {persona}: expected {expected}, got {got}")
        if changed and persona not in writers:
            problems.append(f"{where} as {persona}: changed {changed} without the right to")
    return problems


@pytest.mark.parametrize("name", sorted(POLICY))
def test_route_answers_each_persona_as_declared(name, home, people):
    if name == "media":
        urls = [f"/media/{home.proposal_attachment.file.name}", f"/media/{home.attendance_import.file.name}",
                f"/media/{home.challenge_attachment.file.name}"]  # fmt: skip
    else:
        urls = [reverse(name, kwargs=url_arguments(home).get(name, {}))]
    get_policy, post_policy = POLICY[name]
    writers = WRITERS.get(name, set())
    problems = []
    for url in urls:
        with override_settings(DEBUG=name == "media"):  # the development server's media route is the one on trial
            problems += check(get_policy, [visit(people[p], "get", url) for p in PERSONAS], writers, f"GET {url}")
            problems += check(post_policy, [visit(people[p], "post", url) for p in PERSONAS], writers, f"POST {url}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("operation", sorted(API_POLICY))
def test_api_operation_answers_each_persona_as_declared(operation, home, people):
    method, url = operation.split(" ", 1)[0].lower(), api_url(operation, home)
    observed = [visit(people[p], method, url) for p in PERSONAS]
    problems = check(API_POLICY[operation], observed, API_WRITERS.get(operation, set()), operation)
    assert not problems, "\n".join(problems)


def test_the_back_office_is_for_staff_only(home, people):
    """Every model's list and add page in the admin site: staff only; the rest go to its sign-in."""
    pages = []
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        pages.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(_request_for(people["admin_user"])):
            pages.append(reverse("admin:{}_{}_add".format(*info)))
    problems = []
    for url in [reverse("admin:index"), *pages]:
        for persona in PERSONAS:
            response = _client_for(people[persona]).get(url, secure=True)
            if persona == "admin_user":
                ok = response.status_code == 200
            else:
                ok = response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
            if not ok:
                problems.append(f"{url} as {persona}: {response.status_code}")
    assert not problems, "\n".join(problems)


def _client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _request_for(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


NESTED = [  # routes whose URL names an object inside another: (route, the inner identifiers)
    (name, inner)
    for name, inner in {
        "trainings:attendance_preview": ["import_id"],
        "challenges:attachment": ["pk"],
        "challenges:answer": ["pk"],
        **{f"challenges:{name}": ["pk"] for name in PROPOSAL_PAGES},
        "challenges:team_remove": ["member_pk"],
        "challenges:proposal_attachment": ["attachment_pk"],
        "challenges:proposal_attachment_delete": ["attachment_pk"],
        "challenges:round_edit": ["round_pk"],
        "challenges:round_status": ["round_pk"],
        "challenges:ranking": ["round_pk"],
        "challenges:score": ["round_pk", "proposal_pk"],
        "challenges:declare_conflict": ["proposal_pk"],
        "challenges:certificate": ["award_pk"],
        "funding:cancel_pledge": ["pk"],
        "actors:member_action": ["pk"],
        "actors:answer_request": ["pk"],
        "actors:place_answer": ["pk"],
        "networks:answer": ["pk"],
        "networks:leave": ["pk"],
        "networks:role": ["pk"],
        "networks:withdraw": ["pk"],
        "networks:remove": ["pk"],
        "library:attachment": ["pk"],
        "strategy:action_edit": ["pk"],
        "strategy:indicator_edit": ["pk"],
        "strategy:value_add": ["pk"],
    }.items()
]


def test_every_nested_route_is_checked_across_worlds():
    """A new route with an object inside another must join NESTED."""
    inner_names = {"pk", "import_id", "member_pk", "attachment_pk", "round_pk", "proposal_pk", "award_pk"}
    nested = {name for name, route in routes() if "slug>" in route and any(f"{n}>" in route for n in inner_names)}
    assert nested == {name for name, _inner in NESTED}


@pytest.mark.parametrize(("name", "inner"), NESTED, ids=[name for name, _inner in NESTED])
def test_an_object_is_never_reached_through_another_ones_identifiers(name, inner, home, away, people):
    """The home world's challenge, training or project with the other world's proposal, round,
    attachment, pledge or import: not found, for everyone, the platform admin included."""
    arguments = url_arguments(home)[name] | {key: url_arguments(away)[name][key] for key in inner}
    url = reverse(name, kwargs=arguments)
    problems = []
    for persona in PERSONAS:
        for method in ("get", "post"):
            got, changed = visit(people[persona], method, url)
            if got not in ("D", "L", "N") or changed:
                problems.append(f"{method.upper()} {url} as {persona}: {got} {changed}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", ["trainings:region_report", "challenges:region_report", "facilities:region_report"])
def test_a_coordinator_reads_only_their_own_regions_report(name, home, away, people):
    assert visit(people["coordinator"], "get", reverse(name, args=[home.region.slug]))[0] == "O"
    assert visit(people["coordinator"], "get", reverse(name, args=[away.region.slug]))[0] == "D"
    assert visit(people["other_coordinator"], "get", reverse(name, args=[away.region.slug]))[0] == "O"


ORGANISATION_PAGES = [  # pages an organisation's admin manages, for the organisation's own objects
    ("challenges:edit", "challenge"), ("challenges:attachments", "challenge"), ("challenges:report", "challenge"),
    ("trainings:edit", "training"), ("trainings:participants", "training"), ("facilities:edit", "item"),
    ("facilities:photos", "item"), ("library:edit", "entry"), ("library:files", "entry"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "thing"), ORGANISATION_PAGES)
def test_an_organisation_admin_manages_only_their_organisations_objects(name, thing, home, away, people):
    assert visit(people["org_admin"], "get", reverse(name, args=[getattr(home, thing).slug]))[0] == "O"
    for method in ("get", "post"):
        got, changed = visit(people["org_admin"], method, reverse(name, args=[getattr(away, thing).slug]))
        assert (got, changed) == ("D", [])


def test_the_development_server_serves_public_uploads_only_in_debug(home):
    url = f"/media/{home.photo.image.name}"
    with override_settings(DEBUG=True):
        assert Client().get(url).status_code == 200
    assert Client().get(url).status_code == 404
