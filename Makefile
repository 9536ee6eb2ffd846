# Syncyard tasks; each calls a script in scripts/. `make help` lists them.
.DEFAULT_GOAL := help
PY := .venv/bin/python

.PHONY: help up test test-unit soak lint fmt bench migrate bootstrap docs-config deploy-check alert-rules

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

bootstrap: ## install OS packages, the venv and every package of the repo (idempotent)
	bash scripts/bootstrap.sh

up: ## start PostgreSQL, RabbitMQ, the simulators and all five services with demo data
	bash scripts/up.sh

test: ## the single test command: bootstrap, all lints, then every test (CI runs this)
	bash scripts/test.sh

soak: ## the soak drills (a store's quota paces them: 25 minutes and more), apart from make test
	bash scripts/test.sh -m soak -o log_cli=true

test-unit: ## unit tests only (no PostgreSQL or RabbitMQ)
	bash scripts/bootstrap.sh
	.venv/bin/pytest tests -m unit

lint: ## ruff, mypy, import contracts, module size and vendor-name checks
	bash scripts/lint.sh

fmt: ## format and auto-fix with ruff
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

bench: ## run the benchmarks in bench/
	bash scripts/bench.sh

migrate: ## apply every service's Alembic migrations (as SYNCYARD_MIGRATION_DATABASE_URL, granting SYNCYARD_DATABASE_URL's role)
	bash scripts/migrate.sh

docs-config: ## regenerate the README configuration table from the settings classes
	$(PY) -m scripts.docs_config

deploy-check: ## offline checks of deploy/: manifests, overlays, alert rules (promtool), dashboard
	bash scripts/bootstrap.sh
	.venv/bin/pytest tests/unit/deploy -q

alert-rules: ## regenerate deploy/k8s/prometheusrule.yaml from deploy/prometheus/syncyard-rules.yaml
	$(PY) -m scripts.render_prometheus_rule
