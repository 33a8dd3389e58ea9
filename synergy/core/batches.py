"""Many ids, a few hundred at a time."""

from collections.abc import Iterable, Iterator

# Ids per query: below SQLite's limit of bound parameters, and a statement PostgreSQL plans quickly.
BATCH = 500


def batches(ids: Iterable[int], size: int = BATCH) -> Iterator[list[int]]:
    """The distinct ids, in ascending order, in lists of at most ``size``."""
    ordered = sorted({int(i) for i in ids})
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]
