"""Links that other apps add to a region's page ("Trainings in this region", …).

Registered from each app's ``AppConfig.ready`` so that core links to no app by name.
"""

from collections.abc import Callable

from .models import Region

_links: list[tuple[object, Callable[[Region], str]]] = []


def add(label, url: Callable[[Region], str]) -> None:
    _links.append((label, url))


def for_region(region: Region) -> list[tuple[str, str]]:
    return [(str(label), url(region)) for label, url in _links]
