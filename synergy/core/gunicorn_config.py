"""gunicorn's settings for Synergy's web workers (docs/deploy.md); the command line adds the
address, the number of workers and their recycling:

    gunicorn synergy.wsgi --config python:synergy.core.gunicorn_config --workers 3 …

They keep a worker's memory down (issue #8: under 120 MB), measured in docs/deploy.md:

- The master loads Synergy once, with its URLs, and forks the workers from it (``preload_app``):
  a worker starts with the master's pages, shared until it writes to them, and maps only the
  parts of the libraries it runs; a worker that ``--max-requests`` replaces starts at once.
- Before forking, the master moves everything it loaded into the garbage collector's permanent
  generation (``gc.freeze``). Every request leaves objects in reference cycles (a request and
  its lazily loaded user refer to each other) that only a full collection frees, and CPython
  runs one only when the objects that survived earlier collections have grown by a quarter.
  Counting Django's and Synergy's own modules, that waited for the garbage of a hundred requests
  or more, which scattered over the heap and stayed resident. Frozen, the modules no longer
  count and are no longer walked: full collections come far sooner and cost little, and the
  workers do not write to (and so copy) the master's pages when they collect.
"""

import gc

preload_app = True


def when_ready(server) -> None:
    """In the master, once Synergy is loaded and before the first worker is forked."""
    from django.db import connections
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - Django imports the URLconf at the first request otherwise
    # A connection opened while loading would be shared by every forked worker.
    connections.close_all()
    gc.collect()  # the garbage of loading is not kept for ever
    gc.freeze()
    # A full collection of what is left (nothing) resets the count of long-lived objects that
    # the next automatic full collection waits to grow by a quarter.
    gc.collect()
