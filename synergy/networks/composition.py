"""What a network is made of: its members counted by country, type and sector, and how diverse that is.

The diversity of one dimension is the chance that two different members, picked at random, differ
in it (Simpson's index for a finite group, the unbiased form of the Blau index): 0 when every member
is alike, 1 when no two members share a value. It is comparable across networks of any size, needs
no count of "possible" categories, and says something a coordinator can picture.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from synergy.actors.models import SECTOR_OF_TYPE, Organisation, OrganisationType, Sector
from synergy.core.countries import COUNTRY_CHOICES

COUNTRY_NAMES = dict(COUNTRY_CHOICES)
TYPE_NAMES = dict(OrganisationType.choices)
SECTOR_NAMES = dict(Sector.choices)


@dataclass
class Dimension:
    code: str
    title: str
    counts: list[tuple[str, int]]  # (label, members), largest first
    diversity: float | None  # 0..1; None with fewer than two members

    @property
    def percent(self) -> int | None:
        return None if self.diversity is None else round(self.diversity * 100)

    @property
    def distinct(self) -> int:
        return len(self.counts)


@dataclass
class Composition:
    size: int
    dimensions: list[Dimension] = field(default_factory=list)

    @property
    def diversity(self) -> float | None:
        """The three dimensions' mean: one figure to compare networks by."""
        values = [d.diversity for d in self.dimensions if d.diversity is not None]
        return sum(values) / len(values) if values else None

    @property
    def percent(self) -> int | None:
        value = self.diversity
        return None if value is None else round(value * 100)


def diversity(counts) -> float | None:
    """The chance that two different members picked at random fall in different groups."""
    counts = [count for count in counts if count]
    total = sum(counts)
    if total < 2:
        return None
    same = sum(count * (count - 1) for count in counts) / (total * (total - 1))
    return 1 - same


def _dimension(code: str, title, values: list[str], names: dict) -> Dimension:
    counter = Counter(values)
    counts = sorted(((str(names.get(value, value)), n) for value, n in counter.items()), key=lambda c: (-c[1], c[0]))
    return Dimension(code=code, title=str(title), counts=counts, diversity=diversity(counter.values()))


def composition(organisations: list[Organisation]) -> Composition:
    """The composition of these organisations (a network's active members), without a query."""
    countries = [o.country for o in organisations]
    types = [o.type for o in organisations]
    sectors = [SECTOR_OF_TYPE.get(o.type, Sector.INDUSTRY) for o in organisations]
    return Composition(
        size=len(organisations),
        dimensions=[
            _dimension("country", _("Country"), countries, COUNTRY_NAMES),
            _dimension("type", _("Type of organisation"), types, TYPE_NAMES),
            _dimension("sector", _("Sector"), sectors, SECTOR_NAMES),
        ],
    )
