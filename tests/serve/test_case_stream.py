"""The CASE packages are written element by element (exports/case.py: 1.1, its download and
1.0 in one pass). What the files must be comes from here, not from the writer: json's own
compact text of the parsed file, and CASE 1.0 made the way the build made it before it
streamed (the whole 1.1 package as ASCII JSON text, the v1p1 URLs replaced, read back and
changed), written out in the test below."""

from __future__ import annotations

import json
import uuid

import pytest
from competentieset.publication.exports.case import Downgrade

ASSOCIATION_TYPES_1_0 = ("isChildOf", "isPeerOf", "isPartOf", "exactMatchOf", "precedes", "isRelatedTo",
                         "replacedBy", "exemplar", "hasSkillLevel")  # CASE 1.0's closed list


def _compact(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _reference_1_0(package: dict, base: str) -> dict:
    """CASE 1.0 of a 1.1 package, as the build made it before streaming (whole-text replace)."""
    old, new = f"{base}/ims/case/v1p1/", f"{base}/ims/case/v1p0/"
    out = json.loads(json.dumps(package).replace(old, new))
    out["CFDocument"].pop("caseVersion", None)
    kept = []
    for a in out["CFAssociations"]:
        kind = a["associationType"]
        if kind not in ASSOCIATION_TYPES_1_0:
            if kind == "isTranslationOf":
                continue
            ident = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{a['originNodeURI']['uri']} isRelatedTo "
                                                        f"{a['destinationNodeURI']['uri']}"))
            a.update(identifier=ident, associationType="isRelatedTo", uri=f"{new}CFAssociations/{ident}")
        kept.append(a)
    out["CFAssociations"] = kept
    return out


def _package_files(webroot, version):
    root = webroot.path / "ims" / "case" / version
    docs = json.loads((root / "CFDocuments.json").read_text(encoding="utf-8"))["CFDocuments"]
    return {doc["language"]: root / "CFPackages" / f"{doc['identifier']}.json" for doc in docs}


def test_packages_are_jsons_compact_text_and_the_download_is_the_same_bytes(webroot):
    files = _package_files(webroot, "v1p1")
    assert sorted(files) == ["en", "nl"]
    for lang, path in files.items():
        data = path.read_bytes()
        assert data == _compact(json.loads(data))
        assert (webroot.path / "doc" / "download" / f"case-{lang}.json").read_bytes() == data


def test_case_1_0_is_the_1_1_package_made_1_0_as_before(webroot):
    v11, v10 = _package_files(webroot, "v1p1"), _package_files(webroot, "v1p0")
    seen_kinds = set()
    for lang in ("nl", "en"):
        package = json.loads(v11[lang].read_bytes())
        seen_kinds |= {a["associationType"] for a in package["CFAssociations"]}
        assert v10[lang].read_bytes() == _compact(_reference_1_0(package, webroot.base))
    # the fixture exercises every branch: kept, dropped (isTranslationOf) and renamed (ext:)
    assert {"isChildOf", "isTranslationOf"} <= seen_kinds
    assert any(kind.startswith("ext:") for kind in seen_kinds)


ELEMENT_TEXTS = ["plain", "line\nbreak", 'a "quote" and \\ backslash', "é and \u2028", "\x01ctrl"]


@pytest.mark.parametrize(("base", "in_text"), [
    ("https://example.org/set", True),  # every real base: replaced in the compact text
    ("nx:", True),  # a match inside "\n" is the same in both texts
    ("https://example.org/sét", False),  # not ASCII: through json
    ("u00e9x:", False),  # would match inside the ASCII text's "\u00e9" only: through json
])
def test_downgrade_of_one_element_is_the_whole_package_reference(base, in_text):
    old = f"{base}/ims/case/v1p1/"
    texts = [*ELEMENT_TEXTS, "é" + old[len("u00e9"):], "a\n" + old[1:]]
    items = [{"identifier": str(i), "fullStatement": f"{text} {old}x \\{old}y\n{old}", "uri": f"{old}CFItems/{i}"}
             for i, text in enumerate(texts)]
    node = {"title": "n", "identifier": "1", "uri": f"{old}CFItems/1"}
    esco = {"title": "e", "identifier": "2", "uri": "http://data.europa.eu/esco/skill/x"}
    associations = [
        {"identifier": "a1", "associationType": "isChildOf", "uri": f"{old}CFAssociations/a1",
         "originNodeURI": node, "destinationNodeURI": node, "lastChangeDateTime": "2026-01-01T00:00:00+00:00"},
        {"identifier": "a2", "associationType": "ext:closeMatch", "uri": f"{old}CFAssociations/a2",
         "originNodeURI": node, "destinationNodeURI": esco, "lastChangeDateTime": "2026-01-01T00:00:00+00:00"},
        {"identifier": "a3", "associationType": "isTranslationOf", "uri": f"{old}CFAssociations/a3",
         "originNodeURI": node, "destinationNodeURI": node, "lastChangeDateTime": "2026-01-01T00:00:00+00:00"},
    ]
    document = {"identifier": "d", "uri": f"{old}CFDocuments/d", "caseVersion": "1.1", "title": "\n"}
    package = {"CFDocument": document, "CFItems": items, "CFAssociations": associations,
               "CFDefinitions": {"CFLicenses": [{"uri": old}]}}
    want = _reference_1_0(package, base)

    down = Downgrade(base)
    assert down.in_text == in_text
    texts = [down.text(i, json.dumps(i, ensure_ascii=False, separators=(",", ":"))) for i in items]
    assert [json.loads(t) for t in texts] == want["CFItems"]
    assert texts == [json.dumps(i, ensure_ascii=False, separators=(",", ":")) for i in want["CFItems"]]
    got = [down.association(a, json.dumps(a, ensure_ascii=False, separators=(",", ":"))) for a in associations]
    assert got[2] is None
    assert [json.loads(t) for t in got[:2]] == want["CFAssociations"]
    assert down.document(document) == want["CFDocument"]
    assert down.value(package["CFDefinitions"]) == want["CFDefinitions"]
