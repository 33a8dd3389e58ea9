"""Who may import CORDIS open data: platform admins and regional coordinators.

Imported by import_views so the rule is registered whenever the import pages are.
"""

import rules

from synergy.accounts.rules import is_coordinator, is_platform_admin

rules.add_perm("actors.import_cordis", is_platform_admin | is_coordinator)
