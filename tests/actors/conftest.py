import pytest

from synergy.actors import services


@pytest.fixture
def changed_profiles(monkeypatch):
    """The organisation ids each ``profile_changed`` signal carried, in order."""
    sent: list[list[int]] = []

    def receiver(sender, organisation_ids, **kwargs):
        sent.append(sorted(organisation_ids))

    services.profile_changed.connect(receiver, weak=False, dispatch_uid="tests-changed-profiles")
    yield sent
    services.profile_changed.disconnect(dispatch_uid="tests-changed-profiles")


@pytest.fixture
def evidence_refreshed(monkeypatch):
    """The organisation ids passed to ``evidence.refresh_competences`` (the real one still runs if present)."""
    calls: list[list[int]] = []
    try:
        from synergy.actors import evidence
    except ImportError:  # the CORDIS part is not there yet: a stand-in records the calls
        import sys
        import types

        evidence = types.ModuleType("synergy.actors.evidence")
        evidence.refresh_competences = lambda organisation_ids: None
        monkeypatch.setitem(sys.modules, "synergy.actors.evidence", evidence)
    real = evidence.refresh_competences

    def recording(organisation_ids):
        calls.append(sorted(organisation_ids))
        real(organisation_ids)

    monkeypatch.setattr(evidence, "refresh_competences", recording)
    return calls
