"""The load benchmark: Synergy as deployed, under load, on this machine (issue #8).

    .venv/bin/python bench/load.py            # full data sizes, 20 s per page; writes docs/benchmarks.md
    .venv/bin/python bench/load.py --quick    # one tenth of the sizes, 10 s per page
    .venv/bin/python bench/load.py --tiny     # a few seconds per scenario: checks the harness, writes no docs

What a run does, and why:

- Creates its own PostgreSQL database (``synergy_bench_<pid>``) on the server that
  ``BENCH_DATABASE_URL`` names, migrates it, and drops it at the end, also on failure or Ctrl+C.
  Cache, sessions and the task queue live in Redis (``REDIS_URL``, database 13 by default); the
  run's cache entries and sessions carry its database's name as prefix and are removed at the end.
  Other runs may share that Redis database (two runs sharing it also share the task queue).
- Runs production's settings (``SYNERGY_ENV=production``, a generated ``SECRET_KEY``, ``DEBUG``
  off, whitenoise serving hashed, compressed static files collected into a temporary folder)
  through bench/settings.py, which only adds the "floor" view (bench/urls.py). Every request
  carries ``X-Forwarded-Proto: https`` and ``X-Forwarded-For``, as the reverse proxy of
  docs/deploy.md sends them, rather than turning ``SECURE_SSL_REDIRECT`` off: that way the
  production code paths run as deployed (no redirect, secure cookies, HSTS, CSRF's referer check
  for HTTPS, rate limits keyed by the forwarded address). Mail goes to Django's dummy backend:
  messages are still written to the outbox and delivered by the task worker, but not sent.
- Seeds the demo data and the data of bench/trainings.py, challenges.py, funding.py,
  facilities.py and actors.py, through their own ``seed()`` (``seed_large()`` for the actors:
  organisations, projects, networks, the derived competences and the matchmaking index;
  ``--quick``: one tenth of the sizes).
- Starts gunicorn as docs/deploy.md does for one machine (``--config
  python:synergy.core.gunicorn_config --workers 3 --max-requests 20000`` with a tenth as
  jitter: 3 workers for the 2 cores here) and a task worker
  (``manage.py worker``), on a free loopback port.
- Lets the platform settle before the first page: the task worker
  runs what the seeding queued, ``VACUUM ANALYZE`` does what autovacuum would otherwise do
  during some page's measurement, and the run waits for the machine to be quiet (not ``--tiny``).
- Drives each page for a fixed time with wrk (2 threads, ``CONCURRENCY`` connections), through a
  Lua script generated per page that cycles through prepared requests (several signed-in people,
  several objects), counts responses with an unexpected status, and prints its figures as JSON.
  Writes are sent by many signed-in people with the CSRF token each got from a real page; the
  rows they should have created are counted afterwards. ``--tiny`` drives each read scenario's
  pages together, as one mix.
- Counts each page's queries in this process (``CaptureQueriesContext``, same database, same
  settings, one request after a warm-up), samples the peak resident memory of gunicorn's workers
  and of the task worker from /proc after every page, and writes the figures with the issue's
  targets to docs/benchmarks.md. Exits non-zero if any request failed or a write went missing.
"""

import argparse
import atexit
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
# scale of the data, seconds per page (per scenario with --tiny), people who write, people who read
MODES = {"full": (1.0, 20, 200, 20), "quick": (0.1, 10, 100, 20), "tiny": (0.01, 2, 10, 4)}
CONCURRENCY, THREADS, WORKERS, MAX_REQUESTS = 8, 2, 3, 20000
FLOOR_SHARE, MEMORY_LIMIT_MB = 10, 120  # the targets: ≥ 1/10 of the floor, workers < 120 MB
HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}
STRATEGY = "crowd-innovation-strategy"  # the demo's (synergy.demo.strategy)
MATCHMAKING_NEED = "We look for a partner who prints titanium brackets and tests them with sensors."


@dataclass
class Page:
    """One row of the report: requests wrk cycles through for the page's time, and what they expect.

    A write page also says how to count the rows its requests create, and whether sending one of
    its requests twice has one effect (``idempotent``) or two.
    """

    scenario: str
    name: str
    requests: list[tuple[str, str, dict, str]]  # method, path, headers, body
    expect: int = 200
    count_rows: Callable[[], int] | None = None
    idempotent: bool = True
    refused: int = 0  # the status a repeated write may legitimately get instead (0: none)
    probe: tuple[str, str, dict, str] | None = None  # a write's request for counting queries
    result: dict = field(default_factory=dict)


class Run:
    """What a run creates outside this process, so that every exit path removes it exactly once."""

    def __init__(self, server_url: str, redis_url: str):
        self.server_url, self.redis_url = server_url, redis_url
        self.database = f"synergy_bench_{os.getpid()}"
        self.temp = Path(tempfile.mkdtemp(prefix="synergy-load-"))
        self.processes: list[subprocess.Popen] = []
        self.database_created = False
        self.cleaned = False

    def admin_connection(self):
        return psycopg.connect(self.server_url, dbname="postgres", autocommit=True)

    def create_database(self) -> str:
        with self.admin_connection() as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.database)))
        self.database_created = True
        parts = urlsplit(self.server_url)
        return parts._replace(path=f"/{self.database}").geturl()

    def start(self, command: list[str], log: str, env: dict) -> subprocess.Popen:
        """Start ``command`` in a process group of its own, so that stopping it stops its children."""
        with open(self.temp / log, "wb") as output:
            process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.processes.append(process)
        return process

    def cleanup(self) -> None:
        if self.cleaned:
            return
        self.cleaned = True
        for process in reversed(self.processes):
            stop(process)
        try:
            from django.db import connections

            for connection in connections.all():
                connection.close()
                if hasattr(connection, "close_pool"):
                    connection.close_pool()
        except Exception as error:  # noqa: BLE001 - the database is dropped by force below anyway
            print(f"closing Django's connections: {error}", file=sys.stderr)
        if self.database_created:
            with self.admin_connection() as connection:
                drop = "DROP DATABASE IF EXISTS {} WITH (FORCE)"
                connection.execute(sql.SQL(drop).format(sql.Identifier(self.database)))
        forget_keys(self.redis_url, self.database)
        shutil.rmtree(self.temp, ignore_errors=True)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the process group, SIGKILL after 10 s; then reap it."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        process.wait(timeout=10)


def forget_keys(url: str, prefix: str) -> None:
    """Remove the run's cache entries and sessions: every key under its own cache prefix. Another
    run may be using the same Redis database at the same time, so nothing else is touched."""
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(f"{prefix}:*", count=1000))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


STARTED = time.monotonic()


def say(text: str) -> None:
    print(f"[{time.monotonic() - STARTED:5.0f} s] {text}", flush=True)


def raise_on_term(signum, frame):
    raise SystemExit(128 + signum)


# --- The environment and the processes ----------------------------------------------------------


def configure(run: Run, database_url: str) -> dict:
    """Production settings through the environment, shared by this process, gunicorn and the worker."""
    static_root = run.temp / "static"
    os.environ.update(
        {
            "SYNERGY_ENV": "production",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
            "REDIS_URL": run.redis_url,
            "CACHE_PREFIX": run.database,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "BENCH_STATIC_ROOT": str(static_root),
            "MEDIA_ROOT": str(run.temp / "media"),
            "OUTBOX_DELIVERY_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "LOG_LEVEL": "WARNING",
        }
    )
    return dict(os.environ)


def start_servers(run: Run, env: dict, port: int) -> tuple[subprocess.Popen, subprocess.Popen]:
    gunicorn = run.start(
        [str(VENV_BIN / "gunicorn"), "synergy.wsgi", "--config", "python:synergy.core.gunicorn_config",
         "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
         "--max-requests", str(MAX_REQUESTS), "--max-requests-jitter", str(MAX_REQUESTS // 10)],
        "gunicorn.log",
        env,
    )  # fmt: skip
    worker = run.start([sys.executable, "manage.py", "worker"], "worker.log", env)
    return gunicorn, worker


def wait_ready(run: Run, gunicorn: subprocess.Popen, worker: subprocess.Popen, port: int) -> None:
    """Until gunicorn answers /healthz with all its workers up; fails, saying why, if either process
    ends or two minutes pass."""
    deadline, last = time.monotonic() + 120, "no answer"
    while True:
        for process, log in ((gunicorn, "gunicorn.log"), (worker, "worker.log")):
            if process.poll() is not None:
                raise RuntimeError(f"{log} ended early:\n" + (run.temp / log).read_text()[-3000:])
        try:
            status, _headers, body = fetch(port, "/healthz")
            workers = len(children(gunicorn.pid))
            if status == 200 and workers == WORKERS:
                return
            last = f"status {status}, {workers} workers: {body[:500]}"
        except OSError as error:
            last = repr(error)
        if time.monotonic() > deadline:
            log = (run.temp / "gunicorn.log").read_text()[-3000:]
            raise RuntimeError(f"gunicorn was not ready within 120 s ({last}); gunicorn.log ends:\n{log}")
        time.sleep(0.5)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(port: int, path: str, cookie: str = "") -> tuple[int, object, str]:
    """One real HTTP request to gunicorn, as the proxy would pass it; redirects are not followed."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={**HEADERS, "Cookie": cookie})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode(errors="replace")


def children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _proc_mb(path: str, field: str) -> float:
    """A ``field: N kB`` line of a /proc file, in MB; 0 once the process has ended."""
    try:
        text = Path(path).read_text()
    except OSError:
        return 0.0
    found = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(found.group(1)) / 1024 if found else 0.0


def pss_mb(pid: int) -> float:
    """The process's proportional share of memory (shared pages split between their users), in MB."""
    return _proc_mb(f"/proc/{pid}/smaps_rollup", "Pss")


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MB; 0 once it has ended."""
    return _proc_mb(f"/proc/{pid}/status", "VmHWM")


class Memory:
    """The highest peak seen so far of any gunicorn worker, and of the task worker and its children.

    Sampled after every page: gunicorn replaces a worker after MAX_REQUESTS requests, so a reading
    taken only at the end would miss the workers that served most of the load.
    """

    def __init__(self, gunicorn: subprocess.Popen, worker: subprocess.Popen):
        self.gunicorn, self.worker = gunicorn, worker
        self.web = self.task = self.web_pss = 0.0
        self.web_pids: set[int] = set()

    def sample(self) -> None:
        web = children(self.gunicorn.pid)
        self.web_pids.update(web)
        self.web = max([self.web, *(peak_rss_mb(pid) for pid in web)])
        self.web_pss = max([self.web_pss, *(pss_mb(pid) for pid in web)])
        tasks = [self.worker.pid, *children(self.worker.pid)]
        self.task = max([self.task, *(peak_rss_mb(pid) for pid in tasks)])

    def pids(self) -> set[int]:
        return self.web_pids | {self.gunicorn.pid, self.worker.pid}


# --- Data, people and pages (after Django is set up) --------------------------------------------


def seed(scale: float) -> dict:
    """The demo data and every app's benchmark data at ``scale``, on one set of people."""
    import actors
    import challenges
    import facilities
    import funding
    import strategy
    import trainings
    from harness import scaled, seed_people

    admin, users = seed_people(scaled(trainings.PEOPLE, scale))  # the app that needs the most people
    found = {"admin": admin, "users": users}
    for app in (trainings, challenges, funding, facilities):
        found.update(app.seed(users, admin, scale))
    found["network"] = actors.seed_large(users, scale)
    strategy.adopt_everywhere(admin)
    return found


def sizes() -> dict[str, int]:
    from synergy.accounts.models import User
    from synergy.actors.models import Organisation, Participation, ResearchProject
    from synergy.challenges.models import Challenge, Like, Proposal
    from synergy.facilities.models import Booking, Item
    from synergy.funding.models import Pledge, Project
    from synergy.networks.models import Member, Network
    from synergy.trainings.models import Registration, Training

    models = {"people": User, "trainings": Training, "registrations": Registration, "challenges": Challenge,
              "proposals": Proposal, "likes": Like, "projects": Project, "pledges": Pledge, "items": Item,
              "bookings": Booking, "organisations": Organisation, "research projects": ResearchProject,
              "participations": Participation, "networks": Network, "network members": Member}  # fmt: skip
    return {name: model.objects.count() for name, model in models.items()}


def sign_in(user) -> str:
    """A session for ``user`` in the shared session store (Redis), as signing in creates it."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def csrf(port: int, session: str) -> tuple[str, str]:
    """The CSRF cookie and form token a signed-in person gets from a real page."""
    status, headers, body = fetch(port, "/trainings/", f"sessionid={session}")
    cookie = re.search(r"csrftoken=([^;]+)", " ".join(headers.get_all("Set-Cookie") or []))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not cookie or not token:
        raise RuntimeError(f"no CSRF token for a signed-in person (status {status})")
    return cookie.group(1), token.group(1)


def get(path: str, session: str = "") -> tuple[str, str, dict, str]:
    return ("GET", path, {**HEADERS, "Cookie": f"sessionid={session}"} if session else dict(HEADERS), "")


class Writer:
    """A signed-in person with a real CSRF token, who sends form posts as a browser would."""

    def __init__(self, user, port: int):
        self.user, self.port = user, port
        self.session = sign_in(user)
        self.cookie, self.token = csrf(port, self.session)

    def post(self, path: str, **fields) -> tuple[str, str, dict, str]:
        headers = {
            **HEADERS,
            "Cookie": f"sessionid={self.session}; csrftoken={self.cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"https://127.0.0.1:{self.port}{path}",
        }
        return ("POST", path, headers, urlencode({"csrfmiddlewaretoken": self.token, **fields}))


def read_pages(found: dict, readers: list[str], coordinator: str, admin: str) -> list[Page]:
    from synergy.actors.models import Organisation
    from synergy.challenges.models import Challenge
    from synergy.core.models import Region
    from synergy.facilities.services import feed_token

    region = Region.objects.get(slug="lower-silesia")
    training, challenge, round_ = found["training"], found["challenge"], found["round"]
    project, game, item, network = found["project"], found["game"], found["item"], found["network"]
    judged = Challenge.objects.filter(results_published_at__isnull=False).first()
    members = network.members.filter(status="active").count()
    anonymous = {
        "Home": "/",
        "Regions": "/regions/",
        f"Region page ({region.name})": f"/regions/{region.slug}/",
        "Actor directory": "/actors/",
        "Actor directory, full-text search": "/actors/?q=sensors",
        "Actor directory, filters": "/actors/?competence=sensors&readiness=6&country=DE",
        "Network list": "/networks/",
        f"Network page ({members} members)": network.get_absolute_url(),
        "Training list": "/trainings/",
        f"Training page ({training.registrations.count()} registrations)": training.get_absolute_url(),
        "Challenge list": "/challenges/",
        f"Challenge page ({challenge.proposals.count():,} proposals)": challenge.get_absolute_url(),
        "Challenge results": f"/challenges/{judged.slug}/results/",
        "Project list": "/funding/",
        f"Project page ({project.pledges.count():,} pledges)": project.get_absolute_url(),
        f"Game page ({game.projects.count()} projects)": f"/funding/campaigns/{game.slug}/",
        "Item list": "/facilities/",
        f"Item page ({item.bookings.count()} bookings)": item.get_absolute_url(),
        f"Item calendar feed ({item.bookings.count()} bookings)": f"/facilities/{item.slug}/calendar.ics",
        "Search": "/search/?q=printed",
        "Strategy": f"/strategy/{STRATEGY}/",
        f"Strategy dashboard ({region.name})": f"/strategy/{STRATEGY}/regions/{region.slug}/",
        "Strategy, the regions compared": f"/strategy/{STRATEGY}/regions/",
        "Knowledge library": "/library/",
        "Figures": "/figures/",
        f"Figures of a region ({region.name})": f"/figures/{region.slug}/",
    }
    pages = [Page("floor", "Bare Django view", [get("/bench/floor/")])]
    pages += [Page("anonymous", name, [get(path)]) for name, path in anonymous.items()]
    mine = {
        "Home, signed in": "/",
        "Notifications": "/notifications/",
        "My trainings": "/trainings/mine/",
        "My challenges": "/challenges/mine/",
        "My projects and pledges": "/funding/mine/",
        "My items and requests": "/facilities/mine/",
        "Matchmaking, a free-text need": "/matchmaking/?" + urlencode({"need": MATCHMAKING_NEED}),
    }
    pages += [Page("signed in", name, [get(path, session) for session in readers]) for name, path in mine.items()]
    reports = {
        "Trainings region report (coordinator)": f"/trainings/region/{region.slug}/report/",
        "Challenges region report (coordinator)": f"/challenges/region/{region.slug}/report/",
        "Facilities region report (coordinator)": f"/facilities/region/{region.slug}/report/",
        "Taker's calendar feed": f"/facilities/calendar/{feed_token(found['taker'])}.ics",
    }
    pages += [Page("signed in", name, [get(path, coordinator)]) for name, path in reports.items()]
    ranking = f"/challenges/{challenge.slug}/jury/rounds/{round_.pk}/ranking/"
    pages.append(Page("signed in", "Ranking of the largest round (platform admin)", [get(ranking, admin)]))
    solvers = f"/matchmaking/challenges/{challenge.slug}/"
    pages.append(Page("signed in", "Matchmaking, a challenge's solvers (platform admin)", [get(solvers, admin)]))
    fitting = f"/matchmaking/for/{Organisation.objects.order_by('pk').first().slug}/"
    pages.append(Page("signed in", "Opportunities for an organisation (platform admin)", [get(fitting, admin)]))
    api = {
        "Regions": "/api/v1/regions/",
        "Region": f"/api/v1/regions/{region.slug}",
        "Organisations": "/api/v1/organisations/",
        "Organisations, full-text search": "/api/v1/organisations/?q=sensors",
        "Organisation": f"/api/v1/organisations/{Organisation.objects.order_by('pk').first().slug}",
        "Trainings": "/api/v1/trainings/",
        "Training figures": "/api/v1/trainings/figures",
        "Training": f"/api/v1/trainings/{training.slug}",
        "Challenges": "/api/v1/challenges/",
        "Challenge": f"/api/v1/challenges/{challenge.slug}",
        "Challenge's proposals": f"/api/v1/challenges/{challenge.slug}/proposals",
        "Projects": "/api/v1/funding/",
        "Project": f"/api/v1/funding/{project.slug}",
        "Items": "/api/v1/facilities/",
        "Item": f"/api/v1/facilities/{item.slug}",
        "Item's busy times": f"/api/v1/facilities/{item.slug}/busy",
        "Networks": "/api/v1/networks/",
        "Library": "/api/v1/library/",
        "Statistics of a year": f"/api/v1/figures/statistics?year={date.today().year}",
    }
    return pages + [Page("API", f"GET {name}", [get(path)]) for name, path in api.items()]


def write_pages(writers: list[Writer], found: dict) -> list[Page]:
    """Registrations, proposal drafts and submissions, likes and pledges by ``writers``; the first
    writer's requests only count queries, so the others' rows are exactly what wrk caused."""
    from django.utils import timezone

    from synergy.challenges import services as challenge_services
    from synergy.challenges.models import Challenge, Like, Proposal
    from synergy.funding.models import Pledge, Project
    from synergy.trainings.models import Registration, Training

    now = timezone.now()
    people = [writer.user for writer in writers[1:]]
    trainings = list(
        Training.objects.filter(
            status="published", registration_deadline__gt=now + timezone.timedelta(hours=1)
        ).order_by("starts_at")[:5]
    )
    open_challenges = [c for c in Challenge.objects.published().filter(opens_at__lt=now) if c.allows("submit")]
    to_enter = next(c for c in open_challenges if not c.jurors.exists())
    votes = [c for c in open_challenges if c.is_community_vote and c.proposal_visibility == "public"]
    to_like = max(votes, key=lambda c: c.proposals.filter(status="submitted").count())
    liked = list(to_like.proposals.filter(status="submitted").order_by("pk")[:10])
    drafts = {
        writer: [
            challenge_services.create_proposal(to_enter, writer.user, title=f"Draft {k} of {writer.user.pk}",
                                               summary="A recyclable housing.")
            for k in range(2)
        ]
        for writer in writers
    }  # fmt: skip
    projects = list(Project.objects.filter(currency="EUR", slug__startswith="bench-").exclude(designer__in=people)[:5])
    projects = [p for p in projects if p.is_open_for_pledges(now)] or [found["project"]]
    proposal_fields = {"title": "A lighter housing", "summary": "A moulded shell of recycled polypropylene.",
                       "budget_total": "12000", "milestones-TOTAL_FORMS": "0", "milestones-INITIAL_FORMS": "0",
                       "milestones-MIN_NUM_FORMS": "0", "milestones-MAX_NUM_FORMS": "1000"}  # fmt: skip

    def register(w, t):
        return w.post(f"{t.get_absolute_url()}register/", share_contact="on")

    def submit(w, d):
        return w.post(f"{d.get_absolute_url()}submit/")

    def like(w, p):
        return w.post(f"{p.get_absolute_url()}like/", like="1")

    def pledge(w, p):
        # The same pledge again within seconds is a double click and has one effect (see
        # funding.services.pledge); each send pledges COUNTER + 0.25, an amount of its own.
        return w.post(f"{p.get_absolute_url()}pledge/", amount="COUNTER.25")

    def draft(w):
        return w.post(f"{to_enter.get_absolute_url()}proposals/new/", **proposal_fields)

    def submitted():
        return Proposal.objects.filter(created_by__in=people, status="submitted").count()

    probe, rest = writers[0], writers[1:]
    return [
        Page("writes", f"Training registration ({len(trainings)} trainings)",
             [register(w, t) for t in trainings for w in rest], 302,
             lambda: Registration.objects.filter(user__in=people).count(), probe=register(probe, trainings[0])),
        Page("writes", "Proposal draft", [draft(w) for w in rest], 302,
             lambda: Proposal.objects.filter(created_by__in=people).count(), False,
             probe=draft(probe)),
        Page("writes", "Proposal submission", [submit(w, d) for w in rest for d in drafts[w]], 302,
             submitted, probe=submit(probe, drafts[probe][0])),
        Page("writes", f"Like ({len(liked)} proposals)", [like(w, p) for p in liked for w in rest], 302,
             lambda: Like.objects.filter(user__in=people).count(), probe=like(probe, liked[0])),
        Page("writes", f"Pledge ({len(projects)} projects)", [pledge(w, p) for p in projects for w in rest], 302,
             lambda: Pledge.objects.filter(supporter__in=people).count(), False, probe=pledge(probe, projects[0])),
    ]  # fmt: skip


# --- Driving a page with wrk --------------------------------------------------------------------

LUA = """
local entries = {%(entries)s}
local expected, refused = %(expect)d, %(refused)d
local step = %(threads)d
local prepared, threads = {}, {}
issued, unexpected, repeats, last_status = 0, 0, 0, 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  for i, e in ipairs(entries) do prepared[i] = wrk.format(e[1], e[2], e[3], e[4]) end
  counter = id
end

-- Thread n sends entries n, n + step, n + 2 step…: together the threads send each entry once
-- before any is sent again.
-- A body holding COUNTER gets this send's number instead, so that no two sends are the same form.
function request()
  local i = counter %% #prepared + 1
  local r = prepared[i]
  local e = entries[i]
  if e[4] and e[4]:find("COUNTER", 1, true) then
    r = wrk.format(e[1], e[2], e[3], (e[4]:gsub("COUNTER", tostring(counter))))
  end
  counter = counter + step
  issued = issued + 1
  return r
end

-- A redirect to the sign-in page means the session was not accepted; a refusal of a repeated
-- write is expected, a refusal by the CSRF check never is.
function response(status, headers, body)
  local location = headers["Location"] or ""
  if status == refused and not body:find("CSRF", 1, true) then
    repeats = repeats + 1
  elseif status ~= expected or location:find("/accounts/login", 1, true) then
    unexpected = unexpected + 1
    last_status = status
  end
end

function done(summary, latency, requests)
  local sent, wrong, refusals, distinct, status = 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    local n = t:get("issued")
    sent = sent + n
    wrong = wrong + t:get("unexpected")
    refusals = refusals + t:get("repeats")
    if t:get("last_status") ~= 0 then status = t:get("last_status") end
    distinct = distinct + math.min(n, math.floor((#entries - t:get("id") + step - 1) / step))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests": %%d, "duration_us": %%d, "socket_errors": %%d, "timeouts": %%d, ' ..
    '"non_2xx_3xx": %%d, "unexpected": %%d, "unexpected_status": %%d, "refused": %%d, "issued": %%d, ' ..
    '"distinct": %%d, ' ..
    '"p50_us": %%d, "p95_us": %%d, "p99_us": %%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write, e.timeout, e.status, wrong, status,
    refusals, sent, distinct, latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def lua_string(text: str) -> str:
    """A Lua string literal for ``text``: every byte outside printable ASCII as a decimal escape."""
    escaped = "".join(chr(b) if 32 <= b < 127 and chr(b) not in '"\\' else f"\\{b:03d}" for b in text.encode())
    return f'"{escaped}"'


def lua_script(page: Page) -> str:
    def entry(method, path, headers, body):
        header_table = ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items())
        return (
            f"{{{lua_string(method)}, {lua_string(path)}, {{{header_table}}}, {lua_string(body) if body else 'nil'}}}"
        )

    entries = ",\n".join(entry(*request) for request in page.requests)
    return LUA % {"entries": entries, "expect": page.expect, "refused": page.refused, "threads": THREADS}


def drive(page: Page, port: int, seconds: int, folder: Path) -> dict:
    """Run wrk on ``page`` for ``seconds``; its figures, and the rows its writes created."""
    script = folder / f"page-{id(page)}.lua"
    script.write_text(lua_script(page))
    before = page.count_rows() if page.count_rows else 0
    command = ["wrk", f"-t{THREADS}", f"-c{CONCURRENCY}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script),
               f"http://127.0.0.1:{port}"]  # fmt: skip
    finished = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)
    found = re.search(r"^BENCH-JSON (.*)$", finished.stdout, re.MULTILINE)
    if finished.returncode or not found:
        raise RuntimeError(f"wrk failed on {page.name}:\n{finished.stdout}\n{finished.stderr}")
    result = json.loads(found.group(1))
    result["throughput"] = result["requests"] / (result["duration_us"] / 1e6)
    result["errors"] = result["socket_errors"] + result["timeouts"] + result["unexpected"]
    if page.count_rows:
        time.sleep(0.5)  # the requests wrk abandoned at the end may still be committing
        result["rows"] = page.count_rows() - before
        # Sent twice, an idempotent write has one effect; each of the others has its own.
        low, high = (
            (result["distinct"] - CONCURRENCY, result["distinct"])
            if page.idempotent
            else (result["requests"], result["issued"])
        )
        result["rows_expected"] = (max(low, 0), high)
        result["rows_ok"] = low <= result["rows"] <= high
    return result


def count_queries(page: Page) -> int:
    """The queries of one request of ``page``, in this process, after a warm-up request."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    method, path, headers, body = page.probe or page.requests[0]
    client = Client(HTTP_HOST="127.0.0.1")
    extra = {
        f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items() if k not in {"Cookie", "Content-Type"}
    }
    for cookie in filter(None, headers.get("Cookie", "").split("; ")):
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
    if method == "GET":
        client.get(path, **extra)
    with CaptureQueriesContext(connection) as captured:
        if method == "GET":
            response = client.get(path, **extra)
        else:
            body = body.replace("COUNTER", "0")  # as wrk's first send of it would
            response = client.post(path, body, content_type="application/x-www-form-urlencoded", **extra)
    if response.status_code != page.expect:
        raise RuntimeError(f"{page.name}: {path} answered {response.status_code} in process, not {page.expect}")
    return len(captured.captured_queries)


def mixed(pages: list[Page]) -> list[Page]:
    """--tiny: each read scenario's pages as one mix (one wrk run each); each write kind alone."""
    merged = {}
    for page in pages:
        if page.count_rows:
            merged[page.name] = page
            continue
        mix = merged.setdefault(page.scenario, Page(page.scenario, f"all {page.scenario} pages, mixed", []))
        mix.requests += page.requests
    return list(merged.values())


# --- The report ---------------------------------------------------------------------------------


def misses(page: Page, floor: float) -> list[str]:
    r, missed = page.result, []
    if r["errors"]:
        missed.append("errors")
    if page.count_rows is None and page.scenario != "floor" and r["throughput"] * FLOOR_SHARE < floor:
        missed.append(f"< 1/{FLOOR_SHARE} of floor")
    if page.count_rows and not r["rows_ok"]:
        missed.append("rows")
    return missed


def report(mode: str, pages: list[Page], memory: Memory, facts: dict) -> list[str]:
    floor = max(page.result["throughput"] for page in pages if page.scenario == "floor")
    title = {"full": "Load", "quick": "Load, quick", "tiny": "Load, tiny"}[mode]
    data = ", ".join(f"{count:,} {name}" for name, count in facts["sizes"].items())
    per = "scenario" if mode == "tiny" else "page"
    lines = [
        f"## {title} (postgresql, {time.strftime('%Y-%m-%d')})",
        "",
        f"`bench/load.py{'' if mode == 'full' else ' --' + mode}`: production settings on PostgreSQL and Redis "
        f"(`SYNERGY_ENV=production`, `DEBUG` off, whitenoise); the demo data and the benchmarks' data at "
        f"{facts['scale']:g} of their sizes ({data}), seeded in {facts['seeded_in']:.0f} s. gunicorn with "
        f"{WORKERS} sync workers and `--max-requests {MAX_REQUESTS}` as docs/deploy.md recommends for one machine "
        "(2 cores here), one task worker (`manage.py worker`, RQ). wrk on the loopback interface, "
        f"{THREADS} threads, {CONCURRENCY} connections, {facts['seconds']} s per {per}, every request with "
        "`X-Forwarded-Proto: https` as from the TLS proxy. Signed-in pages cycle through "
        f"{facts['readers']} people's sessions; writes through {facts['writers']} people's sessions and real "
        "CSRF tokens. Queries: one request of the page after a warm-up, counted in the benchmark's process on "
        "the same database. The floor is measured first and last; ratios are to the faster of the two. "
        + (
            f"Before the first page the task worker ran the {facts['backlog']:,} tasks the seeding had queued "
            f"({facts['backlog_left']:,} still queued after waiting), the database was vacuumed and analysed, "
            f"and the machine was left to settle: {facts['settled_in']:.0f} s in all. "
            if "settled_in" in facts
            else ""
        )
        + "1-minute load average "
        f"{facts['load_before']:.1f} before the first page, {facts['load_after']:.1f} after the last.",
        "",
        f"Targets (issue #8): no errors; every read page at least 1/{FLOOR_SHARE} of the floor's throughput; "
        f"workers under {MEMORY_LIMIT_MB} MB. The last column names each target a row misses.",
        "",
        "| scenario | page | req/s | median (ms) | p95 (ms) | p99 (ms) | errors | queries | × floor | misses |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for page in pages:
        r = page.result
        lines.append(
            f"| {page.scenario} | {page.name} | {r['throughput']:.1f} | {r['p50_us'] / 1000:.1f} | "
            f"{r['p95_us'] / 1000:.1f} | {r['p99_us'] / 1000:.1f} | {r['errors']} | {r['queries']} | "
            f"1/{floor / r['throughput']:.1f} | {', '.join(misses(page, floor)) or '—'} |"
            if r["throughput"]
            else f"| {page.scenario} | {page.name} | 0 | | | | {r['errors']} | {r['queries']} | | no responses |"
        )
    lines += [
        "",
        "Writes, checked afterwards by counting rows: an idempotent write (registration, submission, like) sent "
        "again must not add a row, so its rows equal the distinct requests sent (less at most one per "
        "connection still in flight when wrk stopped); a draft or a pledge adds one row per request. A repeated "
        "submission lands on the proposal with a message (302), as the first one does.",
        "",
        "| write | requests answered | distinct requests sent | refused as repeats | rows created | expected | |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for page in pages:
        if page.count_rows:
            r = page.result
            low, high = r["rows_expected"]
            lines.append(
                f"| {page.name} | {r['requests']:,} | {r['distinct']:,} | {r['refused']:,} | {r['rows']:,} | "
                f"{low:,}–{high:,} | "
                f"{'ok' if r['rows_ok'] else 'MISSING OR DOUBLED'} |"
            )
    web, task = memory.web, memory.task
    lines += [
        "",
        f"Peak resident memory (VmHWM from /proc, sampled after every {per}): gunicorn worker {web:.0f} MB "
        f"({'under' if web < MEMORY_LIMIT_MB else 'OVER'} the {MEMORY_LIMIT_MB} MB target; "
        f"{len(memory.web_pids)} workers over the run, as `--max-requests` replaces them; proportional share "
        f"at most {memory.web_pss:.0f} MB, as pages shared with the master and the other workers count once), "
        f"task worker {task:.0f} MB ({'under' if task < MEMORY_LIMIT_MB else 'OVER'} the target). "
        f"Tasks left queued at the end: {facts['tasks_queued']}; failed: {facts['tasks_failed']}.",
        "",
    ]
    return lines


def settle(quiet_load: float = 1.0, wait: float = 600) -> dict:
    """After the bulk load and before the first page, what an operator's platform would have done
    long before: the task worker's backlog from the seeding run, the tables vacuumed and analysed
    (autovacuum would otherwise do it in the middle of some page's measurement), and the machine
    quiet (the 1-minute load average under ``quiet_load``, or ``wait`` seconds in all)."""
    from django.db import connection

    started = time.monotonic()
    backlog = task_queue(wait=0)[0]
    say(f"settling: {backlog} tasks queued by the seeding, then VACUUM ANALYZE")
    left, _failed = task_queue(wait=wait)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    while os.getloadavg()[0] > quiet_load and time.monotonic() - started < wait:
        time.sleep(5)
    return {"backlog": backlog, "backlog_left": left, "settled_in": time.monotonic() - started}


def task_queue(wait: float) -> tuple[int, int]:
    """Wait up to ``wait`` seconds for the task worker to drain the queue; (queued, failed) jobs."""
    import django_rq

    queue = django_rq.get_queue("default")
    deadline = time.monotonic() + wait
    while (queue.count or queue.started_job_registry.count) and time.monotonic() < deadline:
        time.sleep(0.5)
    return queue.count + queue.started_job_registry.count, queue.failed_job_registry.count


# --- The run ------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_const", const="quick", dest="mode", help="one tenth of the sizes")
    size.add_argument("--tiny", action="store_const", const="tiny", dest="mode", help="a harness check; no docs")
    parser.add_argument("--json", type=Path, help="also write the figures here, as JSON")
    mode = parser.parse_args().mode or "full"
    arguments = parser.parse_args()
    scale, seconds, writer_count, reader_count = MODES[mode]
    run = Run(
        os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/"),
        os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/13"),
    )
    atexit.register(run.cleanup)
    signal.signal(signal.SIGTERM, raise_on_term)
    try:
        return measure_all(run, mode, scale, seconds, writer_count, reader_count, arguments.json)
    finally:
        run.cleanup()


def measure_all(run: Run, mode: str, scale: float, seconds: int, writer_count: int, reader_count: int,
                json_path: Path | None) -> int:  # fmt: skip
    env = configure(run, run.create_database())
    import harness  # sets Django up, with the environment above
    from django.core.management import call_command

    from synergy.accounts.models import User

    say(f"database {run.database}: migrating")
    call_command("migrate", verbosity=0)
    say("collecting static files")
    call_command("collectstatic", verbosity=0, interactive=False)
    # gunicorn and the worker start while the data is seeded: they need it only once requests come.
    port = free_port()
    gunicorn, worker = start_servers(run, env, port)
    say(f"gunicorn on port {port}; seeding at {scale:g} of the benchmarks' sizes")
    started = time.perf_counter()
    found = seed(scale)
    facts = {"scale": scale, "seconds": seconds, "seeded_in": time.perf_counter() - started, "sizes": sizes()}
    wait_ready(run, gunicorn, worker, port)
    say("signing people in")
    memory = Memory(gunicorn, worker)
    readers = [sign_in(user) for user in found["users"][:reader_count]]
    coordinator = sign_in(User.objects.get(email="coordinator@synergy.test"))
    writers = [
        Writer(User.objects.create_user(f"load{n}@example.org", display_name=f"Load {n}", stakeholder_type="sme"), port)
        for n in range(writer_count + 1)
    ]
    admin = sign_in(found["admin"])
    pages = read_pages(found, readers, coordinator, admin) + write_pages(writers, found)
    say("counting queries")
    queries = {id(page): count_queries(page) for page in pages}
    # --tiny checks the harness, settling included, without waiting for a quiet machine.
    facts.update(settle(quiet_load=float("inf"), wait=60) if mode == "tiny" else settle())
    facts.update(readers=len(readers), writers=writer_count, load_before=os.getloadavg()[0])
    driven = mixed(pages) if mode == "tiny" else pages
    # The floor first and last: other work on the machine comes and goes, and every ratio
    # is taken to the faster of the two.
    driven = [*driven, Page("floor", "Bare Django view, again after the other pages", driven[0].requests)]
    say(f"driving {len(driven)} {'scenarios' if mode == 'tiny' else 'pages'}, {seconds} s each")
    for page in driven:
        page.result = drive(page, port, seconds, run.temp)
        page.result["queries"] = queries.get(id(page)) or max(
            queries[id(p)] for p in pages if p.scenario == page.scenario and not p.count_rows
        )
        memory.sample()
        print(f"{page.scenario:>10} | {page.name}: {page.result['throughput']:.1f} req/s, "
              f"{page.result['errors']} errors", flush=True)  # fmt: skip
    facts["load_after"] = os.getloadavg()[0]
    facts["tasks_queued"], facts["tasks_failed"] = task_queue(wait=30)
    memory.sample()
    lines = report(mode, driven, memory, facts)
    if mode == "tiny":
        print("\n".join(lines))
    else:
        harness.write_section("## Load, quick (" if mode == "quick" else "## Load (", lines)
    failed = [page.name for page in driven if page.result["errors"] or not page.result.get("rows_ok", True)]
    if json_path:
        json_path.write_text(json.dumps({
            "database": run.database, "port": port, "pids": sorted(memory.pids()),
            "memory_mb": {"web": memory.web, "task": memory.task}, "failed": failed,
            "pages": [{"scenario": p.scenario, "name": p.name, **p.result} for p in driven],
        }, indent=1))  # fmt: skip
    if failed:
        print("errors or missing writes on: " + "; ".join(failed), file=sys.stderr)
        for log in ("gunicorn.log", "worker.log"):
            print(f"--- the end of {log}:\n" + (run.temp / log).read_text()[-6000:], file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
