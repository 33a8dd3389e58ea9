"""Private services for the fault tests, so they can be broken without harming anyone else.

The shared PostgreSQL and Redis serve other test processes and must never be stopped, so
this module starts its own: a PostgreSQL cluster, a Redis and an SMTP server on free ports
in a temporary directory, plus gunicorn servers, task workers and a scheduler as real
subprocesses pointed at them. Everything is stopped and removed at the end of the session.
The tests only run in the PostgreSQL pass (DATABASE_URL), where the cluster binaries exist.
"""

import asyncio
import contextlib
import email
import json
import os
import shutil
import signal
import subprocess
import tempfile
import textwrap
import time
from pathlib import Path

import psycopg
import pytest
import requests
from django.conf import settings

from tests.smtp import Recorder, SMTPServer, free_port

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG_BIN = Path("/usr/lib/postgresql/15/bin")

# Every fault test: run in the PostgreSQL pass only, all on one xdist worker (one set of services).
FAULT_MARKS = [
    pytest.mark.faults,
    pytest.mark.postgres,
    pytest.mark.xdist_group("faults"),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql" or not (PG_BIN / "initdb").exists(),
        reason="fault tests run on PostgreSQL (DATABASE_URL), with PostgreSQL 15's programs installed",
    ),
]

# Tables the test-only tasks (tests/faults/tasks.py) write to: one row per run, and the
# effect, once per key.
TEST_TABLES = """
CREATE TABLE faults_run (id bigserial PRIMARY KEY, key text NOT NULL, pid int NOT NULL, worker int NOT NULL);
CREATE TABLE faults_effect (key text PRIMARY KEY);
"""


def wait_until(predicate, *, timeout: float, what: str, interval: float = 0.2, details=None):
    """Poll ``predicate`` until it returns something truthy; fail the test after ``timeout`` seconds
    (with what ``details()`` says about the state then)."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {what}" + (f": {details()}" if details else ""))
        time.sleep(interval)


def message_id(raw) -> str:
    """The Message-ID of a stored or received mail: one per outbox message, kept by every resend."""
    return email.message_from_bytes(bytes(raw))["Message-ID"]


class RelayRecorder(Recorder):
    """The SMTP server's handler, which can also be slow to accept a recipient (a relay under load)."""

    def __init__(self):
        super().__init__()
        self.delay_rcpt = 0.0
        self.rcpt_seen = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt_seen = True
        await asyncio.sleep(self.delay_rcpt)
        envelope.rcpt_tos.append(address)
        return "250 OK"


class PrivatePostgres:
    """A throw-away PostgreSQL cluster owned by the ``postgres`` user (it refuses to run as root)."""

    def __init__(self, directory: Path):
        self.directory = directory / "pg"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/synergy"
        self.directory.mkdir()
        shutil.chown(self.directory, "postgres", "postgres")
        self._as_postgres(str(PG_BIN / "initdb"), "-D", str(self.directory), "--auth=trust", "-U", "postgres")

    def _as_postgres(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c max_connections=200"
        log = str(self.directory / "server.log")
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.directory), "-o", options, "-l", log, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.directory), "-m", mode, "-w", "stop")

    def connect(self, dbname: str = "synergy") -> psycopg.Connection:
        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=dbname, autocommit=True)

    def execute(self, sql: str, params=()) -> None:
        with self.connect() as connection:
            connection.execute(sql, params)

    def query(self, sql: str, params=()) -> list[tuple]:
        with self.connect() as connection:
            return connection.execute(sql, params).fetchall()


class PrivateRedis:
    def __init__(self, directory: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


class Processes:
    """Subprocesses of one test (servers, workers, a scheduler), each in its own process group."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.started: list[subprocess.Popen] = []

    def start(self, name: str, command: list[str], env: dict) -> subprocess.Popen:
        log = open(self.logs / f"{name}-{len(self.started)}.log", "wb")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        process.log_path = log.name
        log.close()
        self.started.append(process)
        return process

    def gunicorn(self, env: dict) -> str:
        """Start an application server as in docs/deploy.md; return its address once it answers."""
        port = free_port()
        command = [GUNICORN, "synergy.wsgi", "--config", "python:synergy.core.gunicorn_config",
                   "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
                   "--timeout", "60", "--graceful-timeout", "5"]  # fmt: skip
        process = self.start("gunicorn", command, env)
        url = f"http://127.0.0.1:{port}"

        def answers():
            if process.poll() is not None:
                pytest.fail(f"gunicorn exited: {Path(process.log_path).read_text()[-3000:]}")
            try:
                return requests.get(url + "/healthz", timeout=10).status_code == 200
            except requests.RequestException:
                return False

        wait_until(answers, timeout=60, what="gunicorn to answer /healthz")
        return url

    def worker(self, env: dict) -> subprocess.Popen:
        return self.start("worker", [PYTHON, "manage.py", "worker"], env)

    def scheduler(self, env: dict) -> subprocess.Popen:
        return self.start("scheduler", [PYTHON, "manage.py", "run_scheduler"], env)

    @staticmethod
    def kill(process: subprocess.Popen) -> None:
        """SIGKILL the whole process group: no clean-up code runs, as when a machine loses power."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def logs_text(self) -> str:
        return "\n".join(f"--- {p.args}\n{Path(p.log_path).read_text()[-2000:]}" for p in self.started)


class Site:
    """The private deployment: services, the environment every process shares, and helpers."""

    def __init__(self, directory: Path, postgres: PrivatePostgres, redis: PrivateRedis, smtp: SMTPServer):
        self.directory = directory
        self.postgres = postgres
        self.redis = redis
        self.smtp = smtp
        self.calls = 0
        inherited = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "DJANGO_"))}
        for key in ("DATABASE_URL", "REDIS_URL", "SYNERGY_ENV"):
            inherited.pop(key, None)
        self.env = {
            **inherited,
            "DJANGO_SETTINGS_MODULE": "synergy.settings",
            "DATABASE_URL": postgres.url,
            "DEBUG": "false",
            "MEDIA_ROOT": str(directory / "media"),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
            "EMAIL_TIMEOUT": "5",
            "OUTBOX_DELIVERY_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            # Retries 1, 2, 4 … seconds apart instead of minutes, so an outage fits in a test.
            "OUTBOX_RETRY_SECONDS": "1",
            # A send cut off by the database restart is taken over after this (10 minutes in
            # production), so the one-minute outbox sweep finishes it within the test.
            "OUTBOX_STALE_CLAIM_SECONDS": "15",
            "LOG_LEVEL": "WARNING",
        }

    def with_redis(self, **extra) -> dict:
        return {**self.env, "REDIS_URL": self.redis.url, **extra}

    def django(self, code: str, env: dict | None = None):
        """Run ``code`` in a Django process of the private site; it assigns ``result``, returned as JSON.

        Factory sequences start at a fresh offset each time (hundreds apart: region codes have
        five characters), so slugs and e-mails never clash with those of an earlier call.
        """
        self.calls += 1
        prelude = textwrap.dedent(
            """
            import json, django
            django.setup()
            import factory
            from tests import factories
            offset = {offset}
            for name in dir(factories):
                candidate = getattr(factories, name)
                if isinstance(candidate, type) and issubclass(candidate, factory.Factory):
                    candidate.reset_sequence(offset)
            result = None
            """
        ).format(offset=self.calls * 100)
        epilogue = "\nprint('RESULT:' + json.dumps(result, default=str))\n"
        completed = subprocess.run(
            [PYTHON, "-c", prelude + textwrap.dedent(code) + epilogue],
            cwd=ROOT, env=env or self.env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        if completed.returncode != 0:
            pytest.fail(f"Django snippet failed:\n{completed.stderr[-4000:]}")
        line = [line for line in completed.stdout.splitlines() if line.startswith("RESULT:")][-1]
        return json.loads(line.removeprefix("RESULT:"))

    def sessions_for(self, user_ids: list[int], env: dict | None = None) -> dict[int, str]:
        """Signed-in sessions made the way ``login()`` makes them, without the slow password hash."""
        return {
            int(key): value
            for key, value in self.django(
                f"""
                from importlib import import_module
                from django.conf import settings
                from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
                from synergy.accounts.models import User
                store = import_module(settings.SESSION_ENGINE).SessionStore
                result = {{}}
                for user in User.objects.filter(pk__in={user_ids!r}):
                    session = store()
                    session[SESSION_KEY] = str(user.pk)
                    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
                    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
                    session.create()
                    result[user.pk] = session.session_key
                """,
                env,
            ).items()
        }

    def count(self, sql: str, params=()) -> int:
        return self.postgres.query(sql, params)[0][0]


class Tab:
    """One browser tab of a signed-in person: its own cookies, the CSRF token of a page's form."""

    def __init__(self, session_key: str | None = None):
        self.http = requests.Session()
        if session_key:
            self.http.cookies.set("sessionid", session_key, domain="127.0.0.1", path="/")
        self.token = ""

    def open(self, url: str, check: bool = True) -> str:
        """GET a page and keep its form's CSRF token; ``check=False`` tolerates a failure."""
        try:
            response = self.http.get(url, timeout=30)
        except requests.RequestException:
            if check:
                raise
            return ""
        if check:
            response.raise_for_status()
        marker = 'name="csrfmiddlewaretoken" value="'
        if marker in response.text:
            self.token = response.text.split(marker, 1)[1].split('"', 1)[0]
        return response.text

    def post(self, url: str, data: dict) -> tuple[int | None, str]:
        """POST like a browser (following the redirect); (None, "") when the server did not answer."""
        try:
            response = self.http.post(
                url, data={"csrfmiddlewaretoken": self.token, **data}, headers={"Referer": url}, timeout=30
            )
        except requests.RequestException:
            return None, ""
        return response.status_code, response.text


@pytest.fixture(scope="session")
def site():
    directory = Path(tempfile.mkdtemp(prefix="synergy-faults-"))
    os.chmod(directory, 0o755)  # noqa: S103 - the postgres user must reach its data directory inside
    postgres = redis = smtp = None
    try:
        postgres = PrivatePostgres(directory)
        postgres.start()
        with postgres.connect("postgres") as connection:
            connection.execute("CREATE DATABASE synergy")
        redis = PrivateRedis(directory)
        smtp = SMTPServer()
        smtp.recorder = RelayRecorder()
        site = Site(directory, postgres, redis, smtp)
        for command in (["migrate", "--noinput"], ["createcachetable"]):
            subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=site.env, check=True, capture_output=True)
        with postgres.connect() as connection:
            connection.execute(TEST_TABLES)
        yield site
    finally:
        if smtp:
            smtp.stop()
        if redis:
            redis.stop()
        if postgres:
            with contextlib.suppress(subprocess.CalledProcessError):  # a failed test may have left it down
                postgres.stop("immediate")
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def processes(site, tmp_path):
    """The subprocesses of one test; all stopped when it ends, whatever happened."""
    started = Processes(tmp_path)
    yield started
    started.stop_all()


@pytest.fixture
def smtp(site):
    """The private SMTP server, up and empty at the start of each test (tests stop it on purpose)."""
    site.smtp.stop()
    site.smtp.recorder = RelayRecorder()
    site.smtp.start()
    yield site.smtp
    site.smtp.stop()


@pytest.fixture
def clean_queue(site):
    """Each test starts with no task or outbox message left by an earlier one."""
    site.postgres.execute(
        "DELETE FROM django_tasks_database_dbtaskresult; DELETE FROM notifications_outboxmessage; "
        "DELETE FROM faults_run; DELETE FROM faults_effect"
    )
    import redis as redis_client

    redis_client.Redis.from_url(site.redis.url).flushall()
