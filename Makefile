# Synergy: `make demo` serves the platform with demo data; `make test` runs the whole suite.
# Both start from nothing but Python >= 3.11 and Node.js (and Debian's chromium for browser tests).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
VENDOR := synergy/static/vendor
HOST ?= 127.0.0.1
PORT ?= 8000
# Parallel test processes; browser journeys share one browser on one of them.
TEST_WORKERS ?= 2

.PHONY: demo test setup serve lint messages bench bench-quick bench-pages security clean

demo: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py seed_demo
	@echo "Synergy is starting on http://$(HOST):$(PORT)/ (Ctrl+C stops the server, the worker and the scheduler)"
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) manage.py worker & \
	$(PY) manage.py run_scheduler & \
	$(PY) manage.py runserver --noreload $(HOST):$(PORT)

test: setup
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: that is a failure"; exit 1; fi; exit $$status

setup: $(VENV)/.installed $(VENDOR)/.installed

$(VENV)/.installed: requirements/base.txt requirements/dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Synergy needs Python 3.11 or newer")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --require-hashes -r requirements/base.txt -r requirements/dev.txt
	touch $@

# Third-party front-end files come from npm, pinned by package-lock.json, never copied by hand.
$(VENDOR)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js
	cp node_modules/axe-core/axe.min.js $(VENDOR)/axe.min.js
	mkdir -p $(VENDOR)/fonts
	cp node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf $(VENDOR)/fonts/
	touch $@

# The load benchmark: PostgreSQL-backed production settings, the full data sizes of every
# app's benchmark, gunicorn and a task worker driven by wrk over loopback; figures go to
# docs/benchmarks.md. bench-quick does the same at one tenth of the sizes in a few minutes.
# BENCH_DATABASE_URL names the PostgreSQL server to use (a database is created and dropped).
bench: setup
	$(PY) bench/load.py

bench-quick: setup
	$(PY) bench/load.py --quick

# Per-page timings through Django's test client, one app at a time (SQLite unless
# DATABASE_URL names an empty PostgreSQL database).
bench-pages: setup
	$(PY) bench/trainings.py
	$(PY) bench/challenges.py
	$(PY) bench/funding.py
	$(PY) bench/facilities.py

# Static analysis (bandit) and known vulnerabilities in the pinned dependencies (pip-audit);
# findings fail unless docs/security.md explains them.
security: setup
	$(PY) -m scripts.security_checks

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Re-extract translatable strings (needs GNU gettext); translators then complete the .po files.
messages: setup
	cd synergy && ../$(PY) ../manage.py makemessages --all --no-obsolete
	$(PY) -m scripts.check_translations --write-english
	cd synergy && ../$(PY) ../manage.py compilemessages
	$(PY) -m scripts.check_translations --quick

clean:
	rm -rf $(VENV) node_modules $(VENDOR) staticfiles
