"""The release gate on the URI register (ontology/uri-register.txt).

"No register, no identifier": every URI this project mints is listed in the register,
and a listed URI never disappears from the data. What is checked here, in Python because
it reads the register file (the rules on deprecation are SHACL shapes in
shapes/competentieprofiel.ttl):

- uri-register/verwijderd (Violation): a registered URI is no longer the subject of any
  statement. Deprecate it instead (owl:deprecated true, dct:isReplacedBy a live resource).
- uri-register/zonder-type (Violation): a registered URI is still the subject of
  statements (leftover labels, translations, notes) but has no rdf:type any more: its
  defining block was deleted. Leftover labels must not keep a vanished resource "in the
  data"; restore the block, or deprecate the resource with a successor.
- uri-register/niet-geregistreerd (Violation): a resource under the base URI is defined
  in ontology/ but missing from the register. A Violation, not a Warning, because an
  unregistered URI is not protected by the first rule: once published, it could vanish
  without any check failing. The message gives the exact line to add.
- uri-register/uuid (Violation): a line's UUID (the second column) is missing or is not
  uuid_of(URI) (RFC 4122 version 5, URL namespace, lowercase). Systems key on it, so it is
  written down beside the URI and checked. The message gives the exact line.

The derived graph the build adds (model.identifiers.minted) counts as present in the data.

The register is written with the source base (pyproject.toml); it is compared after
rebasing when the configured base differs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from competentieset.model import identifiers
from competentieset.model.uris import uuid_of
from competentieset.validation.report import Finding
from competentieset.validation.shapes import SHAPES_PATH

RULES = {
    "verwijderd": {
        "nl": "De URI {uri} staat in het URI-register maar komt niet meer in de data voor. "
              "Een uitgegeven URI mag nooit verdwijnen: zet het begrip terug en markeer het als "
              "verouderd (owl:deprecated true, dct:isReplacedBy een levend begrip).",
        "en": "The URI {uri} is in the URI register but no longer in the data. A published URI "
              "must never disappear: restore the resource and mark it deprecated "
              "(owl:deprecated true, dct:isReplacedBy a live concept).",
    },
    "zonder-type": {
        "nl": "{name} staat in het URI-register en heeft nog uitspraken in {files}, maar geen type "
              "(rdf:type) meer: het blok dat het definieert is verwijderd en alleen losse termen "
              "of vertalingen zijn over. Een uitgegeven begrip verdwijnt nooit: zet het blok terug, "
              "of laat het staan en markeer het als verouderd (owl:deprecated true, "
              "dct:isReplacedBy een levend begrip).",
        "en": "{name} is in the URI register and still has statements in {files}, but no type "
              "(rdf:type) any more: the block that defines it was deleted and only leftover labels "
              "or translations remain. A published resource never disappears: restore the block, "
              "or keep it and mark it deprecated (owl:deprecated true, dct:isReplacedBy a live "
              "resource).",
    },
    "niet-geregistreerd": {
        "nl": "De URI {uri} is uitgegeven onder de basis-URI maar staat niet in het URI-register. "
              "Voeg deze regel toe aan {register}: {line}",
        "en": "The URI {uri} is minted under the base URI but missing from the URI register. "
              "Add this line to {register}: {line}",
    },
    "uuid": {
        "nl": "De regel voor {uri} in het URI-register heeft niet de UUID van die URI ({found}). "
              "Schrijf de regel zo: {line}",
        "en": "The line for {uri} in the URI register does not have that URI's UUID ({found}). "
              "Write the line as: {line}",
    },
    "register-ontbreekt": {
        "nl": "Het URI-register {register} ontbreekt. Zet het terug uit git; zonder register "
              "kan niet worden gecontroleerd dat uitgegeven URI's blijven bestaan.",
        "en": "The URI register {register} is missing. Restore it from git; without it nobody "
              "can check that published URIs stay.",
    },
}


@dataclass(frozen=True)
class Entry:
    uri: str  # rebased to the configured base
    written: str  # the URI as written in the file
    line: int
    uuid: str | None = None  # the second column (None when missing)


def read_register(project) -> list[Entry]:
    path = project.uri_register
    entries = []
    old, new = project.source_base + "/", project.base + "/"
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        written, _, rest = text.partition(" ")
        uuid = rest.strip() or None
        uri = new + written[len(old):] if written.startswith(old) and old != new else written
        entries.append(Entry(uri, written, number, uuid))
    return entries


def minted(vocab) -> set[str]:
    """Every IRI under the base that is the subject of a statement in the data."""
    prefix = vocab.project.base + "/"
    rows = vocab.query(
        f'SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{prefix}")) }}'
    )
    return {row["s"].value for row in rows}


def _short(uri: str, base: str) -> str:
    """indicator:stressbestendigheid-2 for an IRI under the base (the Turtle prefixes)."""
    from competentieset.model.namespaces import OWN

    for name, path in sorted(OWN.items(), key=lambda item: -len(item[1])):
        ns = f"{base}/{path}"
        if uri.startswith(ns) and "/" not in uri[len(ns):]:
            return f"{name}:{uri[len(ns):]}"
    return f"<{uri}>"


def _untyped(vocab, uris: set[str]) -> dict[str, list[str]]:
    """The URIs of `uris` with statements but no rdf:type: uri -> files holding them."""
    typed = {row["s"].value for row in vocab.query(
        "SELECT DISTINCT ?s WHERE { ?s a ?type FILTER(isIRI(?s)) }")}
    files: dict[str, set[str]] = {}
    graph_file = {iri: info.path for iri, info in vocab.graphs.items()}
    for uri in sorted(uris - typed):
        for quad in vocab.store.quads_for_pattern(ox.NamedNode(uri), None, None, None):
            path = graph_file.get(getattr(quad.graph_name, "value", None))
            files.setdefault(uri, set()).add(str(path) if path else "?")
    return {uri: sorted(paths) for uri, paths in files.items()}


def check_register(vocab, relpath) -> list[Finding]:
    """Findings of the release gate (empty when the register and the data agree)."""
    project = vocab.project
    base_rules = f"{project.base}{SHAPES_PATH}uri-register/"
    register_file = relpath(project.uri_register)
    if not project.uri_register.is_file():
        return [Finding(
            severity="Violation", rule="uri-register/register-ontbreekt",
            shape=base_rules + "register-ontbreekt", component=base_rules + "UriRegisterComponent",
            focus=project.uri_register.resolve().as_uri(),
            message={lang: t.format(register=register_file) for lang, t in RULES["register-ontbreekt"].items()},
            file=register_file, line=None)]
    entries = read_register(project)
    registered = {e.uri for e in entries}
    present = minted(vocab) | identifiers.minted(project.base)
    findings = []
    for e in entries:
        expected = uuid_of(e.written)
        if e.uuid != expected:
            findings.append(Finding(
                severity="Violation", rule="uri-register/uuid",
                shape=base_rules + "uuid", component=base_rules + "UriRegisterComponent",
                focus=e.uri,
                message={lang: t.format(uri=e.uri, found=e.uuid or "-", line=f"{e.written} {expected}")
                         for lang, t in RULES["uuid"].items()},
                file=register_file, line=e.line))
        if e.uri not in present:
            findings.append(Finding(
                severity="Violation", rule="uri-register/verwijderd",
                shape=base_rules + "verwijderd", component=base_rules + "UriRegisterComponent",
                focus=e.uri,
                message={lang: t.format(uri=e.uri) for lang, t in RULES["verwijderd"].items()},
                file=register_file, line=e.line))
    for uri, paths in _untyped(vocab, registered & present).items():
        names = ", ".join(relpath(Path(p)) for p in paths)
        findings.append(Finding(
            severity="Violation", rule="uri-register/zonder-type",
            shape=base_rules + "zonder-type", component=base_rules + "UriRegisterComponent",
            focus=uri,
            message={lang: t.format(name=_short(uri, project.base), files=names)
                     for lang, t in RULES["zonder-type"].items()},
            file=None, line=None))
    old, new = project.base + "/", project.source_base + "/"
    for uri in sorted(present - registered):
        written = new + uri[len(old):] if old != new else uri
        findings.append(Finding(
            severity="Violation", rule="uri-register/niet-geregistreerd",
            shape=base_rules + "niet-geregistreerd", component=base_rules + "UriRegisterComponent",
            focus=uri,
            message={lang: t.format(uri=uri, register=register_file, line=f"{written} {uuid_of(written)}")
                     for lang, t in RULES["niet-geregistreerd"].items()}))
    return findings
