"""GDPR: each app registers how to export and how to anonymise what it holds about a person.

Contributions (comments, proposals, pledges…) stay when an account is deleted; the
erasure functions remove or blank what identifies the person instead.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    name: str
    export: Callable  # (user) -> JSON-serialisable data
    erase: Callable | None  # (user) -> None, runs inside the deletion transaction


_sections: dict[str, Section] = {}


def register(name: str, export: Callable, erase: Callable | None = None) -> None:
    _sections[name] = Section(name, export, erase)


def sections() -> list[Section]:
    return list(_sections.values())
