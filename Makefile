# Campus Portal — every task runs from here. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Development mode for the commands a developer runs; `serve` and `check` use production settings.
DEV := DJANGO_DEBUG=true
HOST ?= 127.0.0.1
PORT ?= 8000
# Throwaway values that let Django load production settings for checks and a local serve.
PROD_ENV := DJANGO_DEBUG=false DJANGO_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-localhost,127.0.0.1} CACHE_URL=$${CACHE_URL:-redis://127.0.0.1:6379/0}

.DEFAULT_GOAL := help
.PHONY: help install run serve test lint fmt check messages lock clean totp bench backup restore

help: ## List the tasks
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements/dev.txt | $(BIN)/activate
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	@touch $@

install: $(VENV)/.installed ## Create .venv and install the locked dependencies

run: install ## Migrate, load reference and demo data, serve at http://127.0.0.1:8000/
	$(DEV) $(MANAGE) migrate --no-input
	$(DEV) $(MANAGE) load_reference
	$(DEV) $(MANAGE) load_demo
	@echo "Campus Portal: http://$(HOST):$(PORT)/  (emails are printed in this console)"
	$(DEV) $(MANAGE) runserver $(HOST):$(PORT)

totp: install ## Print the demo staff accounts' current second-factor code
	@$(DEV) $(MANAGE) demo_totp_code

serve: install ## Production settings: collectstatic, then gunicorn
	$(PROD_ENV) $(MANAGE) collectstatic --no-input -v0
	$(PROD_ENV) $(MANAGE) migrate --no-input
	$(PROD_ENV) $(BIN)/gunicorn campus_portal.wsgi --bind $(HOST):$(PORT) --workers 2 --no-control-socket

test: install ## Run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set)
	$(DEV) $(BIN)/pytest $(PYTEST_ARGS)

lint: install ## Lint with ruff and bandit
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -r campus_portal students companies jobboard events -c pyproject.toml

fmt: install ## Format with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install ## Migrations, translation catalogues and deployment checks
	$(DEV) $(MANAGE) makemigrations --check --dry-run
	$(DEV) $(MANAGE) check_catalogues
	$(PROD_ENV) $(BIN)/python -W error::DeprecationWarning manage.py check --deploy --fail-level WARNING

messages: install ## Extract strings into the NL and EN catalogues, then compile them
	$(DEV) $(MANAGE) makemessages --locale nl --locale en --no-obsolete --ignore '.venv/*' --ignore 'staticfiles/*' --add-location file
	$(DEV) $(MANAGE) compilemessages --locale nl --locale en --ignore '.venv/*'

bench: install ## Load the main pages, cold and warm, on a large data set (PostgreSQL; bench/README.md)
	@if [ -z "$$DATABASE_URL" ]; then \
		echo "make bench needs PostgreSQL in DATABASE_URL, for example:"; \
		echo "  psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE campus_bench'"; \
		echo "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/campus_bench make bench"; \
		echo "It migrates, loads the reference data, seeds the bench data (seed_bench), then"; \
		echo "bench/run.py starts gunicorn with production settings, loads the pages with wrk"; \
		echo "and locust and writes docs/benchmarks.md. BENCH_ARGS go to bench/run.py."; \
		exit 2; \
	fi
	$(PROD_ENV) $(MANAGE) migrate --no-input -v0
	$(PROD_ENV) $(MANAGE) load_reference
	$(PROD_ENV) $(MANAGE) seed_bench $(SEED_ARGS)
	$(PROD_ENV) $(MANAGE) collectstatic --no-input -v0
	$(PROD_ENV) $(BIN)/python bench/run.py $(BENCH_ARGS)

backup: install ## Back up the database (PostgreSQL) and both file stores into BACKUP_DIR
	$(MANAGE) backup

restore: install ## Replace the database and stores with a backup: make restore BACKUP=folder
	@if [ -z "$(BACKUP)" ]; then \
		echo "Name the backup folder: make restore BACKUP=var/backups/campus-YYYYMMDDTHHMMSSZ"; \
		echo "It asks for the database's name before replacing anything (CONFIRM=yes skips that)."; \
		exit 2; \
	fi
	$(MANAGE) restore "$(BACKUP)" $(if $(filter yes,$(CONFIRM)),--yes)

lock: ## Re-pin requirements/*.txt from pyproject.toml (needs uv)
	uv pip compile pyproject.toml -o requirements/main.txt
	uv pip compile pyproject.toml --extra dev -o requirements/dev.txt

clean: ## Remove the virtualenv, the local database and collected files
	rm -rf $(VENV) db.sqlite3 staticfiles var
