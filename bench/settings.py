"""Settings of the load benchmark: production's, as bench/load.py configures them through the
environment (``SYNERGY_ENV=production``, PostgreSQL, Redis), plus a bare "floor" view.

Nothing here relaxes production: the only differences are the URL configuration, which adds
the floor view next to every real page, and where collected static files go (a temporary
folder, so a run never touches the checkout's ``staticfiles/``).
"""

import os

from synergy.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
