"""Loading: the catalog decides which file goes into which graph; bad input is named."""

from __future__ import annotations

import subprocess
import sys

import pytest
from competentieset.errors import CatalogError, TurtleSyntaxError
from competentieset.model import config, vocabulary

from tests.project_copy import copy_project


@pytest.fixture
def copy(tmp_path, project):
    return copy_project(tmp_path / "p")


def test_syntax_error_names_file_line_and_column(copy):
    path = copy / "ontology" / "mapping" / "esco.ttl"
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("competentie:reflecteren"))
    index = next(i for i in range(start, len(lines)) if "<http://data.europa.eu/" in lines[i]) - 1
    lines[index + 1] = lines[index + 1].replace("<http", "http", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(TurtleSyntaxError) as err:
        vocabulary.load(config.load_project(copy))
    assert err.value.problem.path == path.resolve()
    assert err.value.problem.line == index + 2
    assert err.value.problem.column is not None
    assert str(err.value).startswith(f"{path.resolve()}:{index + 2}:")


def test_a_file_missing_from_the_catalog_is_an_error(copy):
    (copy / "ontology" / "redactie" / "extra.ttl").write_text("", encoding="utf-8")
    with pytest.raises(CatalogError, match="extra.ttl"):
        vocabulary.load(config.load_project(copy))


def test_a_catalogued_file_that_is_gone_is_an_error(copy):
    (copy / "ontology" / "mapping" / "esco.ttl").unlink()
    with pytest.raises(CatalogError, match="mapping/esco.ttl"):
        vocabulary.load(config.load_project(copy))


def test_cli_reports_syntax_error_without_traceback(copy):
    path = copy / "ontology" / "bronnen.ttl"
    path.write_text(path.read_text(encoding="utf-8") + "\nthis is not turtle\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "competentieset.cli", "--project", str(copy), "info"],
                            check=False, capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{path.resolve()}:" in result.stderr


def test_cli_info_counts_the_graphs(project):
    result = subprocess.run([sys.executable, "-m", "competentieset.cli", "--project", str(project.root), "info"],
                            capture_output=True, text=True, check=True)
    # 418 before issue 11, less what moved out of the source graph (42 notations, 42
    # sequence numbers, the publisher, the dcat:Dataset type, 5 areas x inScheme and
    # topConceptOf of our area scheme), plus the source's one sentence as scope note
    assert "bron/competentieset.ttl: 323 triples, Bron (sourced)" in result.stdout
