# Two commands matter: `make serve` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: serve test validate build bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

validate: $(STAMP)
	$(BIN)/competentieset validate

build: $(STAMP)
	$(BIN)/competentieset build

# A local preview, the edit loop: builds as a preview (build --preview: a version not yet
# published is rebuilt even if its content changed since the last build; a published
# version's versie/<version>/ is never touched), serves, and rebuilds incrementally on every
# save in ontology/, shapes/ or site/; open pages reload themselves.
serve: $(STAMP)
	$(BIN)/competentieset serve --watch

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m competentieset.bench

clean:
	rm -rf build $(VENV)
