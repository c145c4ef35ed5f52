# 政协履职管理平台 — `make run` serves the demo, `make test` runs the checks.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SCALE ?= province
ECHARTS := static/vendor/echarts/echarts.min.js
# pytest-xdist workers for `make test` (auto: one per core; 0 runs serially in one process).
TEST_WORKERS ?= auto

.PHONY: run test install assets messages bench fuzz faults cluster cluster-down cluster-test cluster-figures

install: $(VENV)/.installed assets

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $@

assets: $(ECHARTS)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(ECHARTS): node_modules/.package-lock.json
	mkdir -p $(dir $@)
	cp node_modules/echarts/dist/echarts.min.js node_modules/echarts/LICENSE $(dir $@)

run: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py seed_demo --if-empty
	@echo ""
	@echo "  政协履职管理平台  http://127.0.0.1:$(PORT)/"
	@echo "  admin           http://127.0.0.1:$(PORT)/admin/"
	@echo "  dashboards      http://127.0.0.1:$(PORT)/dashboard/   portal  http://127.0.0.1:$(PORT)/portal/"
	@echo "  API docs        http://127.0.0.1:$(PORT)/api/docs/"
	@echo "  demo accounts (password cppcc-demo): secretariat, leader, member, member2, unit, county"
	@echo "  background jobs (large exports and imports): a worker beside the server, queue in jobs-queue.sqlite3"
	@echo ""
	DJANGO_DEBUG=1 $(BIN)/python manage.py run_huey --quiet & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

# Schemathesis over the whole API (README, "Permission matrix and fuzzing"): every operation as every
# persona, FUZZ_EXAMPLES inputs per operation and persona; then FUZZ_SCENARIOS sequences of linked
# requests of up to FUZZ_STEPS each, as the secretariat and as a member (the suite runs a few of
# each; this is the long pass, not run in CI).
FUZZ_EXAMPLES ?= 100
FUZZ_SCENARIOS ?= 100
FUZZ_STEPS ?= 20
fuzz: install
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_SCENARIOS=$(FUZZ_SCENARIOS) FUZZ_STEPS=$(FUZZ_STEPS) $(BIN)/pytest -s \
		tests/api/test_schema_fuzz.py tests/api/test_stateful_fuzz.py -k "every_operation or linked_requests"

# The fault suite (README, "Faults"): gunicorn against a throwaway PostgreSQL database and Redis
# reached through proxies the tests cut; the machine's own servers are never stopped.
faults: install
	CPPCC_FAULTS=1 $(BIN)/pytest -m faults -p no:xdist tests/faults

# The province deployment on one machine (README, "Scale beyond one machine"): a hot standby of the
# PostgreSQL on 5432 (port 5433), two gunicorn instances and the jobs worker behind nginx on :8100.
# Idempotent; state under .cluster/. cluster-down removes all of it, the standby included.
cluster: install
	deploy/cluster/cluster.sh up

cluster-down:
	deploy/cluster/cluster.sh down

cluster-test: cluster
	CPPCC_CLUSTER=1 $(BIN)/pytest -m cluster -p no:xdist -p no:cacheprovider tests/cluster

# Requests/s through nginx with two instances and one, replica lag under load, failover (README).
CLUSTER_SECONDS ?= 10
cluster-figures: cluster
	$(BIN)/python -m tests.cluster.figures --seconds $(CLUSTER_SECONDS)

# The benchmark against DATABASE_URL (PostgreSQL): SCALE=province (the province decade, default) or
# SCALE=ci (one city-year, as CI runs it); prints a table, writes bench-results.json.
bench: install
	$(BENCH_ENV) $(BIN)/python manage.py migrate --noinput
	$(BENCH_ENV) $(BIN)/python manage.py bench --scale $(SCALE) $(BENCH_ARGS)

BENCH_ENV = DJANGO_SETTINGS_MODULE=cppcc.bench.settings \
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-bench-only-secret-key-not-for-production-use-xxxxxxxx} \
	FIELD_ENCRYPTION_KEYS=$${FIELD_ENCRYPTION_KEYS:-bench:62656e6368206b6579206f6e6c792121} \
	REDIS_URL=$${REDIS_URL-redis://127.0.0.1:6379/0} \
	DJANGO_ALLOWED_HOSTS=testserver,127.0.0.1,localhost DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_LOG_LEVEL=WARNING

# Refresh the translation catalogue after changing strings; commit locale/ (.po and .mo).
messages: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete \
		--ignore '.venv/*' --ignore 'node_modules/*' --ignore 'tests/*' --ignore 'static/*'
	DJANGO_DEBUG=1 $(BIN)/python manage.py compilemessages --ignore '.venv/*' --ignore 'node_modules/*'
