"""Who may do what in the knowledge library. Entry permissions take the entry.

Like a participation platform's content (Decidim, CONSUL), entries are written by the people who
answer for them and published by those who curate the region:

- platform admins do everything;
- a regional coordinator writes entries, edits every entry of their region and publishes it;
- an organisation's admin writes entries for their organisation and edits them, published or not,
  but cannot publish: a coordinator of the entry's region (or a platform admin) does;
- everyone reads published entries and their files; a draft is seen only by those who may edit it.
"""

import rules

from synergy.accounts.rules import coordinates_region_id, is_coordinator, is_platform_admin
from synergy.actors.rules import administered_organisation_ids, administers_organisation_id


@rules.predicate
def is_published(user, entry) -> bool:
    return entry is not None and entry.is_published


@rules.predicate
def coordinates_entry_region(user, entry) -> bool:
    return entry is not None and coordinates_region_id(user, entry.region_id)


@rules.predicate
def administers_contributor(user, entry) -> bool:
    return entry is not None and administers_organisation_id(user, entry.organisation_id)


@rules.predicate
def is_any_organisation_admin(user) -> bool:
    return bool(administered_organisation_ids(user))


may_edit = is_platform_admin | coordinates_entry_region | administers_contributor

rules.add_perm("library.add_entry", is_platform_admin | is_coordinator | is_any_organisation_admin)
rules.add_perm("library.view_entry", is_published | may_edit)
rules.add_perm("library.change_entry", may_edit)
rules.add_perm("library.publish_entry", is_platform_admin | coordinates_entry_region)
