"""Readable differences between consecutive versions of a network's analysis.

Texts are compared word by word (difflib), keeping the spaces and line breaks between words, so a
reader sees what was removed and what was added in place, not two whole versions side by side.
"""

import difflib
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Revision

ANALYSIS_FIELDS = [
    ("strengths", _("Strengths")),
    ("weaknesses", _("Weaknesses")),
    ("opportunities", pgettext_lazy("SWOT analysis", "Opportunities")),
    ("threats", _("Threats")),
    ("lessons", _("Lessons learnt")),
]
_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass
class Segment:
    kind: str  # "same", "removed" or "added"
    text: str


@dataclass
class FieldChange:
    label: str
    segments: list[Segment]


@dataclass
class VersionChanges:
    revision: Revision
    changes: list[FieldChange]


def word_diff(old: str, new: str) -> list[Segment]:
    """``old`` turned into ``new``: the unchanged, removed and added runs of words, in reading order."""
    before, after = _TOKENS.findall(old), _TOKENS.findall(new)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("same", "".join(before[a1:a2])))
            continue
        if a2 > a1:
            segments.append(Segment("removed", "".join(before[a1:a2])))
        if b2 > b1:
            segments.append(Segment("added", "".join(after[b1:b2])))
    return segments


def changes_between(older: Revision | None, newer: Revision) -> list[FieldChange]:
    """The fields that differ from the version before (all non-empty ones for the first version)."""
    changes = []
    for name, label in ANALYSIS_FIELDS:
        old, new = getattr(older, name, "") if older else "", getattr(newer, name)
        if old != new:
            changes.append(FieldChange(label=str(label), segments=word_diff(old, new)))
    return changes


def version_changes(revisions: list[Revision], previous: Revision | None) -> list[VersionChanges]:
    """``revisions`` newest first, each with its changes; ``previous`` is the version just before the
    oldest of them (None if that one is the first)."""
    result = []
    for index, revision in enumerate(revisions):
        older = revisions[index + 1] if index + 1 < len(revisions) else previous
        result.append(VersionChanges(revision=revision, changes=changes_between(older, revision)))
    return result
