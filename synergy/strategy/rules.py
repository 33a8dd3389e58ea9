"""Who may do what with the strategy and the regions' plans.

The strategy and every plan's dashboard are public. A region's plan is adopted and changed by
the region's coordinators and the platform's admins only; ``strategy.adopt`` takes the region,
``strategy.change_plan`` the plan (read through its ``region_id``: no query for the region).
"""

import rules

from synergy.accounts.rules import coordinates_region_id, is_coordinator_of_region, is_member, is_platform_admin


@rules.predicate
def is_published(user, strategy) -> bool:
    return strategy is not None and strategy.published


@rules.predicate
def coordinates_plans_region(user, plan) -> bool:
    return plan is not None and coordinates_region_id(user, plan.region_id)


rules.add_perm("strategy.view_strategy", is_published | is_platform_admin)
rules.add_perm("strategy.request_translation", is_member)
rules.add_perm("strategy.adopt", is_platform_admin | is_coordinator_of_region)
rules.add_perm("strategy.change_plan", is_platform_admin | coordinates_plans_region)
