import pytest

from ..factories import EntryFactory


@pytest.fixture
def entry(organisation, region):
    """A published entry contributed by the organisation (Otto administers it) in Cora's region."""
    return EntryFactory(organisation=organisation, region=region, slug="open-strategy")


@pytest.fixture
def draft(organisation, region):
    return EntryFactory(organisation=organisation, region=region, slug="a-draft", status="draft", published_at=None)


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    """Run the search index's on-commit writes of what is created inside the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
