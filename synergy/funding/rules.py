"""Who may do what in crowdfunding. Project-level permissions take the project; campaign-level
ones take the simulated campaign."""

import rules

from synergy.accounts.rules import coordinates_region_id, is_coordinator, is_member, is_platform_admin
from synergy.actors.rules import administers_organisation_id

from .models import Project


@rules.predicate
def designs(user, project) -> bool:
    if project is None or not user.is_authenticated:
        return False
    if project.designer_id == user.pk:
        return True
    return administers_organisation_id(user, project.organisation_id)


@rules.predicate
def coordinates_project_region(user, project) -> bool:
    return project is not None and coordinates_region_id(user, project.region_id)


@rules.predicate
def coordinates_campaign_region(user, campaign) -> bool:
    return campaign is not None and coordinates_region_id(user, campaign.region_id)


@rules.predicate
def is_public(user, project) -> bool:
    return project is not None and project.status in (
        Project.Status.PUBLISHED, Project.Status.FUNDED, Project.Status.NOT_FUNDED
    )  # fmt: skip


@rules.predicate
def is_draft(user, project) -> bool:
    return project is not None and project.status == Project.Status.DRAFT


@rules.predicate
def is_pending(user, project) -> bool:
    return project is not None and project.status == Project.Status.PENDING


@rules.predicate
def raising(user, project) -> bool:
    return project is not None and project.is_open_for_pledges()


@rules.predicate
def not_closed(user, project) -> bool:
    return project is not None and project.status in (Project.Status.DRAFT, Project.Status.PENDING)


manages_project = is_platform_admin | coordinates_project_region

rules.add_perm("funding.add_project", is_member)
rules.add_perm("funding.view_project", is_public | designs | manages_project)
rules.add_perm("funding.change_project", (designs & not_closed) | (manages_project & ~is_public))
rules.add_perm("funding.submit_for_approval", designs & is_draft)
rules.add_perm("funding.approve_project", manages_project & is_pending)
rules.add_perm("funding.pledge", is_member & raising & ~designs)
rules.add_perm("funding.post_update", designs & is_public)
rules.add_perm("funding.view_supporters", designs | manages_project)
rules.add_perm("funding.add_campaign", is_platform_admin | is_coordinator)
rules.add_perm("funding.change_campaign", is_platform_admin | coordinates_campaign_region)
