# The two commands of the README's quick start, and a few helpers.
#   make run   - install, migrate, load the demo data and serve on http://127.0.0.1:$(PORT)
#   make test  - install the dev requirements and run the whole test suite
#   make release-check - everything CI runs (.ci/run): both databases, the production path

PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin

.PHONY: run test check-python clean release-check

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required, found " + sys.version.split()[0])'

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

# A development .env so that the README's commands (manage.py geoparse ...) work as
# written; an existing .env is left alone. Production never reads it: see
# docs/operations.md ("The development .env").
.env:
	@printf '# Written by `make run` for local development. Never copy it to a server.\nDEBUG=1\n' > $@
	@echo "Wrote .env (DEBUG=1) for local commands."

run: $(VENV)/.installed .env
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py load_demo
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py build_gazetteer
	@echo "Serving the event map on http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/)"
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed-dev
	DEBUG=$${DEBUG:-1} $(BIN)/python -m pytest -n $${TEST_WORKERS:-auto} $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

release-check:  ## what CI runs: a fresh venv, tests on SQLite and PostgreSQL, the production path
	bash .ci/run

.PHONY: messages
messages: $(VENV)/.installed  ## refresh and compile the Arabic and French catalogues (needs GNU gettext)
	DEBUG=1 $(BIN)/python manage.py makemessages -l ar -l fr --ignore=.venv --ignore=var --no-obsolete
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv
