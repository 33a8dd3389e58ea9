"""Who may do what in the knowledge library. Entry permissions take the entry.

Like a participation platform's content (Decidim, CONSUL), entries are written by the people who
answer for them and published by those who curate the region:

- platform admins do everything;
- a regional coordinator writes entries, edits every entry of their region and publishes it;
- an organisation's admin writes entries for their organisation and edits them, published or not,
  but cannot publish: they submit a draft for publication, and a coordinator of the entry's region
  (or a platform admin, for an entry of no region) publishes it or sends it back;
- coordinators and platform admins have a list of the entries waiting for them;
- everyone reads published entries and their files; a draft is seen only by those who may edit it.
"""

import rules

from synergy.accounts.rules import coordinates_region_id, is_coordinator, is_platform_admin
from synergy.actors.rules import administered_organisation_ids, administers_organisation_id


@rules.predicate
def is_published(user, entry) -> bool:
    return entry is not None and entry.is_published


@rules.predicate
def is_draft(user, entry) -> bool:
    return entry is not None and entry.status == entry.Status.DRAFT


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
may_publish = is_platform_admin | coordinates_entry_region

rules.add_perm("library.add_entry", is_platform_admin | is_coordinator | is_any_organisation_admin)
rules.add_perm("library.view_entry", is_published | may_edit)
rules.add_perm("library.change_entry", may_edit)
# Those who may publish do so; submitting would only tell them about their own draft.
rules.add_perm("library.submit_entry", may_edit & is_draft & ~may_publish)
rules.add_perm("library.publish_entry", may_publish)
rules.add_perm("library.review_entries", is_platform_admin | is_coordinator)
