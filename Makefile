# The two commands: `make run` and `make test`. Each does all set-up from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: run test test-dates install migrate deploy demo validate lint-diagrams bench clean
NODE_STAMP := node_modules/.installed-$(shell sha1sum package.json package-lock.json | sha1sum | cut -c1-12)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -f node_modules/.installed-*
	touch $(NODE_STAMP)

CSS := api/web/static/build/app.css
$(CSS): $(NODE_STAMP) api/web/styles/app.scss
	mkdir -p $(dir $(CSS))
	npm run -s build:css

# The modeller, compare, version-view and form-editor scripts (frontend/build.mjs, esbuild).
JS := api/web/static/build/modeller.js
$(JS): $(NODE_STAMP) package.json .bpmnlintrc $(shell find frontend -type f)
	mkdir -p $(dir $(JS))
	npm run -s build:js

install: $(STAMP) $(NODE_STAMP) $(CSS) $(JS)

migrate: install
	$(BIN)/concerns db upgrade

deploy: migrate
	$(BIN)/concerns deploy --note "make run"

demo: deploy
	$(BIN)/concerns demo

# The demo server's own session key, made once and kept (never a key written in the code).
SECRET_FILE := instance/secret_key
$(SECRET_FILE):
	mkdir -p instance
	umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_hex(32))' > $(SECRET_FILE)

# Install, migrate, load processes, seed demo data and serve on an embedded SQLite file.
run: demo $(SECRET_FILE)
	SECRET_KEY=$$(cat $(SECRET_FILE)) SESSION_COOKIE_SECURE=false $(BIN)/concerns serve

validate: install
	$(BIN)/concerns validate processes

# bpmnlint's recommended rules (.bpmnlintrc says which are off, README says why).
lint-diagrams: install
	find processes tests/fixtures/processes -name '*.bpmn' -print0 | xargs -0 -r node_modules/.bin/bpmnlint

# The whole suite on SQLite, and again on PostgreSQL when TEST_DATABASE_URL is set,
# spread over the machine's cores (each worker has its own databases).
TEST_WORKERS ?= 2
test: install lint-diagrams
	$(BIN)/concerns validate processes
	npm run -s test:js
	$(BIN)/pytest -n $(TEST_WORKERS)

# The date-sensitive tests again, as if today were TODAY (SQLite only; no browser: Chromium
# keeps the real time). The default crosses a weekend and the English and Welsh Christmas
# and New Year bank holidays inside the two-working-day and four-week timescales, a year
# before this was written; CI runs it after `make test`.
TODAY ?= 2025-12-23
test-dates: install
	TEST_DATABASE_URL= $(BIN)/pytest -n $(TEST_WORKERS) --today $(TODAY) tests/engine tests/api tests/web tests/processes

bench: install
	$(BIN)/python bench/task_completion.py
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/modeller_open.py
	$(BIN)/python bench/explore.py
	$(BIN)/python bench/deadline_report.py
	$(BIN)/python bench/growth.py --pg $${BENCH_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test}
	$(BIN)/python bench/parallel.py
	$(BIN)/python bench/scale.py

clean:
	rm -rf $(VENV) instance .pytest_cache
