# Koshi: `make run` serves the system with demo data; `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint browser-deps messages bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(PY) manage.py compile_translations
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py run_scheduled
	$(PY) manage.py serve --bind 127.0.0.1:$(PORT)

test: $(STAMP) browser-deps
	$(PY) manage.py compile_translations
	$(PY) -m pytest -n 2 --dist loadfile
	PYTHONPATH=. $(VENV)/bin/openfisca test --country-package law.rules law/rules/tests

# Headless Chromium for the browser tests, from Debian's package; the tests skip with a message where it is missing.
browser-deps:
	@bash scripts/ensure_chromium.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

messages: $(STAMP)
	$(PY) manage.py makemessages --all --no-obsolete --ignore=.venv
	$(PY) manage.py compile_translations

clean:
	rm -rf $(VENV) db.sqlite3 var
