# The two commands: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000
WS_PORT ?= 8001

.PHONY: install run test lint format migrate seed serve worker beat bench bench-cat bench-readiness browser e2e faults fuzz

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

## Serve the API with HTTP and WebSockets on :$(PORT); migrates, and seeds demo data into an empty database.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/uvicorn config.asgi:application --host 0.0.0.0 --port $(PORT) --reload --reload-include '*.html' --no-access-log

## Run the whole test suite (SQLite by default; PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set).
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Debian's Chromium for the browser tests (Playwright drives it; it downloads no browser of its own).
browser:
	@test -x /usr/bin/chromium || apt-get install -y chromium || (apt-get update && apt-get install -y chromium)

## Real-browser end-to-end tests (part of `make test` too, skipped there when Chromium is missing).
e2e: install browser
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

## Fault tests: private PostgreSQL and Redis servers are stopped and restarted under load.
faults: install
	$(BIN)/python -m pytest tests/faults $(PYTEST_ARGS)

## Schema fuzzing with schemathesis against the served OpenAPI schema.
fuzz: install
	$(BIN)/python -m pytest tests/fuzz $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: install
	$(BIN)/python manage.py seed_demo

## Production-style serving (set SECRET_KEY, DEBUG=False, DATABASE_URL, REDIS_URL): the HTTP API on :$(PORT)
## (gunicorn, threaded WSGI workers, config/gunicorn.py) and WebSockets on :$(WS_PORT) (gunicorn, uvicorn
## workers, config/gunicorn_ws.py); the load balancer sends /ws/ to the second. Ctrl-C stops both.
serve: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput
	WS_PORT=$(WS_PORT) $(BIN)/gunicorn -c config/gunicorn_ws.py & ws=$$!; \
	trap 'kill $$ws 2>/dev/null; wait $$ws' EXIT INT TERM; \
	PORT=$(PORT) $(BIN)/gunicorn -c config/gunicorn.py

## Background worker (emails); needs REDIS_URL.
worker: install
	$(BIN)/celery -A config worker --loglevel=INFO

## Periodic jobs (CELERY_BEAT_SCHEDULE: settle expired exams every minute, nightly statistics and
## calibration); needs REDIS_URL and a running worker. Run exactly one per deployment.
beat: install
	$(BIN)/celery -A config beat --loglevel=INFO

## Benchmark (never part of `make test`): builds its data set once into nclex_bench, serves as `make serve`
## does, drives every endpoint with wrk and prints one table (bench/run.py; results in bench/RESULTS.md).
bench: install
	@command -v wrk >/dev/null || apt-get install -y wrk || (apt-get update && apt-get install -y wrk)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

## Adaptive exam simulation (never part of `make test`): 2,000 simulated candidates through psychometrics.cat
## and through catsim on one synthetic bank; prints one table, draws bench/cat.png (bench/cat.py).
bench-cat: install
	$(BIN)/python -m bench.cat $(BENCH_ARGS)

## Readiness over time (never part of `make test`): simulated students week by week through the real rule
bench-readiness: install
	$(BIN)/python -m bench.readiness $(BENCH_ARGS)
