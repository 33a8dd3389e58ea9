"""The role matrix of the knowledge library: who writes, who edits, who publishes, who reads a draft."""

import pytest

from synergy.library.models import Entry

from ..factories import EntryFactory, RegionFactory, RegionRoleFactory, UserFactory

pytestmark = pytest.mark.django_db

# persona: (add, view draft, change, publish) for a draft of the home region contributed by the organisation
MATRIX = {
    "admin_user": (True, True, True, True),
    "coordinator": (True, True, True, True),
    "org_admin": (True, True, True, False),
    "member": (False, False, False, False),
    "outsider": (False, False, False, False),
    "juror": (False, False, False, False),
}


@pytest.mark.parametrize("persona", MATRIX)
def test_each_role_may_do_what_the_matrix_says_with_a_draft(persona, request, draft):
    user = request.getfixturevalue(persona)
    may = (
        user.has_perm("library.add_entry"),
        user.has_perm("library.view_entry", draft),
        user.has_perm("library.change_entry", draft),
        user.has_perm("library.publish_entry", draft),
    )
    assert may == MATRIX[persona]


def test_a_visitor_reads_published_entries_and_nothing_else(entry, draft):
    from django.contrib.auth.models import AnonymousUser

    visitor = AnonymousUser()
    assert visitor.has_perm("library.view_entry", entry)
    assert not visitor.has_perm("library.view_entry", draft)
    assert not visitor.has_perm("library.add_entry")
    assert not visitor.has_perm("library.change_entry", entry)


def test_a_coordinator_of_another_region_neither_edits_nor_publishes(draft):
    elsewhere = UserFactory()
    RegionRoleFactory(user=elsewhere, region=RegionFactory(slug="elsewhere"))
    assert elsewhere.has_perm("library.add_entry")
    assert not elsewhere.has_perm("library.view_entry", draft)
    assert not elsewhere.has_perm("library.change_entry", draft)
    assert not elsewhere.has_perm("library.publish_entry", draft)


def test_an_entry_of_no_region_is_published_by_platform_admins_only(coordinator, admin_user, org_admin, organisation):
    platform_wide = EntryFactory(organisation=organisation, region=None, status=Entry.Status.DRAFT)
    assert not coordinator.has_perm("library.publish_entry", platform_wide)
    assert org_admin.has_perm("library.change_entry", platform_wide)
    assert admin_user.has_perm("library.publish_entry", platform_wide)


def test_an_organisation_admin_edits_their_organisations_published_entry_but_not_anothers(org_admin, entry):
    assert org_admin.has_perm("library.change_entry", entry)
    assert not org_admin.has_perm("library.publish_entry", entry)
    other = EntryFactory(status=Entry.Status.PUBLISHED)
    assert not org_admin.has_perm("library.change_entry", other)


# persona: (submit the draft, see the entries to review)
PUBLICATION_MATRIX = {
    "admin_user": (True, True),  # a platform admin passes every rule; the page offers them Publish instead
    "coordinator": (False, True),  # publishes it
    "org_admin": (True, False),
    "member": (False, False),
    "outsider": (False, False),
    "juror": (False, False),
}


@pytest.mark.parametrize("persona", PUBLICATION_MATRIX)
def test_each_role_may_submit_and_review_as_the_matrix_says(persona, request, draft):
    user = request.getfixturevalue(persona)
    may = (user.has_perm("library.submit_entry", draft), user.has_perm("library.review_entries"))
    assert may == PUBLICATION_MATRIX[persona]
