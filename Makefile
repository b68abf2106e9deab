# Two commands matter: `make serve` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYC    := $(VENV)/.compiled

.PHONY: serve test validate build bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# pip compiles the packages it installs into .venv, but not this editable install, and where
# PYTHONDONTWRITEBYTECODE is set Python never caches what it compiles: every command would
# compile the package's modules again (about 0.1 s for a build). Compiled here after the
# install and after any change to them; a module changed since is compiled in memory as usual.
$(PYC): $(STAMP) $(shell find scripts -name '*.py')
	$(BIN)/python -m compileall -q scripts
	touch $(PYC)

validate: $(PYC)
	$(BIN)/competentieset validate

build: $(PYC)
	$(BIN)/competentieset build

# A local preview, the edit loop: builds as a preview (build --preview: a version not yet
# published is rebuilt even if its content changed since the last build; a published
# version's versie/<version>/ is never touched), serves, and rebuilds incrementally on every
# save in ontology/, shapes/ or site/; open pages reload themselves.
serve: $(PYC)
	$(BIN)/competentieset serve --watch

test: $(PYC)
	$(BIN)/python -m pytest

bench: $(PYC)
	$(BIN)/python -m competentieset.bench

clean:
	rm -rf build .build-trash $(VENV)
