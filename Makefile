# Carefile: `make run` to try it, `make test` to test it. See README.md.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
SEED ?= 1

.PHONY: run setup install venv deps assets migrate demo serve test test-fast check format lock e2e-browser clean validators validators-check

run: setup serve

setup: install migrate demo

install: deps assets

venv: $(VENV)/.created

$(VENV)/.created:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Carefile needs $(PYTHON) (Python 3.11 or newer). Set PYTHON=python3.x to use another." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@touch $@

deps: $(VENV)/.deps

$(VENV)/.deps: $(VENV)/.created requirements.lock pyproject.toml
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

# GOV.UK Frontend, MoJ Frontend and axe-core from npm, and our stylesheet built from their Sass (Arial, not
# GDS Transport). Each step is redone only when its inputs change. Sass prints one warning from MoJ Frontend's
# own Sass (its alert uses GOV.UK Frontend's deprecated govuk-text-colour mixin): it is theirs and harmless.
FRONTEND_CSS := carefile/static/build/carefile-frontend.css

assets: node_modules/.installed $(FRONTEND_CSS)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(FRONTEND_CSS): carefile/static_src/carefile.scss package-lock.json node_modules/.installed
	@mkdir -p $(@D)
	node_modules/.bin/sass --load-path=. --quiet-deps --style=compressed --no-source-map $< $@

migrate: deps
	$(PY) manage.py migrate --noinput

demo: deps
	$(PY) manage.py seed_council --size demo --seed $(SEED) --if-empty

serve: deps
	@$(PY) manage.py demo_signins
	$(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite: SQLite by default, PostgreSQL when DATABASE_URL is set. Browser tests need Chromium
# (Debian package `chromium`): `make e2e-browser` installs it where apt-get is available.
test: install e2e-browser
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: install
	$(PY) -m pytest -m "not e2e" $(PYTEST_ARGS)

e2e-browser:
	@bash scripts/ensure-chromium

check: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The DfE-rule validators (specs/validators.md) in a virtualenv of their own: they pin pandas<2 and numpy<1.25.
# `make validators-check` seeds a council into PostgreSQL, exports its returns and fails on any Error rule.
VALIDATORS_VENV := .venv-validators

validators: $(VALIDATORS_VENV)/.installed

$(VALIDATORS_VENV)/.installed: scripts/validators/requirements.txt
	$(PYTHON) -m venv $(VALIDATORS_VENV)
	$(VALIDATORS_VENV)/bin/pip install --quiet -r scripts/validators/requirements.txt
	@touch $@

validators-check: install validators
	bash scripts/validators/ci_check.sh

# Regenerate the lock file after changing pyproject.toml.
lock: venv
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 carefile/static/build
