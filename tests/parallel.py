"""Work started at the same moment in threads: two tabs, two workers, a crowd of requests."""

import threading

from django.db import connection


def in_parallel(*functions) -> list:
    """Start the functions at the same moment in threads; return their results in order.

    An exception a function raised is returned in its place, for the test to assert on.
    Each thread closes the database connection it opened, so none outlives the test.
    """
    barrier = threading.Barrier(len(functions))
    results: list = [None] * len(functions)

    def run(index, function):
        barrier.wait()
        try:
            results[index] = function()
        except Exception as exc:  # noqa: BLE001 - reported to the test as a result
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results
