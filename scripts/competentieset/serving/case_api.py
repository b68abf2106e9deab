"""The read-only CASE service provider (1EdTech CASE 1.1 and 1.0) over the built files.

The build writes every answer that is one object as a file (publication.exports.case):
ims/case/{v1p1,v1p0}/{Endpoint}/{sourcedId}.json and ims/case/{v}/CFDocuments.json. This
module answers the same URLs without the .json, adds the list parameters of CFDocuments
(limit, offset, sort, orderBy, filter, fields) and the IMS error bodies:

  GET /ims/case/{v}/CFDocuments[?limit&offset&sort&orderBy&filter&fields]
  GET /ims/case/{v}/{CFDocuments|CFPackages|CFItems|CFAssociations|CFItemAssociations|
                     CFItemTypes|CFConcepts|CFSubjects|CFLicenses|CFAssociationGroupings|
                     CFRubrics}/{sourcedId}

An unknown sourcedId answers 404 with codeMinor `unknownobject`; a bad parameter 400 with
`invalid_selection_field` (filter, fields) or `invalid_sort_field` (sort); an unknown
endpoint 404. The filter syntax is the 1EdTech one, reduced: `field op 'value'` with op one
of = != > >= < <= ~ (contains), joined by ` AND ` or ` OR ` (not mixed).
"""

from __future__ import annotations

import json
import re

from competentieset.publication.exports.case import API, ENDPOINTS, VERSIONS

MAX_LIMIT = 1000
_FILTER = re.compile(r"^\s*([A-Za-z][A-Za-z0-9]*)\s*(!=|>=|<=|=|>|<|~)\s*'([^']*)'\s*$")


class CaseError(Exception):
    def __init__(self, status: int, description: str, minor: str, field: str = "sourcedId"):
        super().__init__(description)
        self.status, self.description, self.minor, self.field = status, description, minor, field

    def body(self) -> dict:
        return {"imsx_codeMajor": "failure", "imsx_severity": "error",
                "imsx_description": self.description,
                "imsx_codeMinor": {"imsx_codeMinorField": [
                    {"imsx_codeMinorFieldName": self.field, "imsx_codeMinorFieldValue": self.minor}]}}


def file_for(version: str, endpoint: str, sourced_id: str | None) -> str:
    """The web-root path of the file answering a GET without parameters."""
    if sourced_id is None:
        return f"{API}/{version}/{endpoint}.json"
    return f"{API}/{version}/{endpoint}/{sourced_id}.json"


def parse_path(rest: str) -> tuple[str, str | None]:
    """(endpoint, sourcedId or None) of the path after /ims/case/{v}/; CaseError if unknown."""
    endpoint, _, sourced_id = rest.partition("/")
    if endpoint not in ENDPOINTS or (sourced_id == "" and endpoint != "CFDocuments") or "/" in sourced_id:
        raise CaseError(404, f"no CASE endpoint /{rest}; the service has "
                        + ", ".join(f"/{e}/{{sourcedId}}" for e in ENDPOINTS) + " and /CFDocuments",
                        "unknownobject", "endpoint")
    return endpoint, sourced_id or None


def _params(query: dict[str, list[str]]) -> dict[str, str]:
    out = {}
    for key, values in query.items():
        if key not in ("limit", "offset", "sort", "orderBy", "filter", "fields"):
            raise CaseError(400, f"unknown parameter {key!r}; CFDocuments takes limit, offset, sort, "
                            "orderBy, filter and fields", "invalid_selection_field", key)
        if len(values) != 1:
            raise CaseError(400, f"give {key} once", "invalid_selection_field", key)
        out[key] = values[0]
    return out


def _compare(value, op: str, wanted: str) -> bool:
    if value is None:
        return op == "!="
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if op == "~":
        return wanted.lower() in text.lower()
    return {"=": text == wanted, "!=": text != wanted, ">": text > wanted, ">=": text >= wanted,
            "<": text < wanted, "<=": text <= wanted}[op]


def _filter(documents: list[dict], expression: str, known: set[str]) -> list[dict]:
    joiner = " OR " if " OR " in expression else " AND "
    if " OR " in expression and " AND " in expression:
        raise CaseError(400, "filter: use either AND or OR, not both", "invalid_selection_field", "filter")
    tests = []
    for part in expression.split(joiner):
        match = _FILTER.match(part)
        if not match:
            raise CaseError(400, f"filter: expected field op 'value' (op = != > >= < <= ~), got {part!r}",
                            "invalid_selection_field", "filter")
        if match.group(1) not in known:
            raise CaseError(400, f"filter: unknown field {match.group(1)!r}", "invalid_selection_field",
                            "filter")
        tests.append(match.groups())
    combine = any if joiner == " OR " else all
    return [d for d in documents if combine(_compare(d.get(f), op, v) for f, op, v in tests)]


def list_documents(all_documents: list[dict], query: dict[str, list[str]]) -> list[dict]:
    """CFDocuments with the list parameters applied (CaseError on a bad one)."""
    params = _params(query)
    known = {key for doc in all_documents for key in doc}
    docs = list(all_documents)
    if "filter" in params:
        docs = _filter(docs, params["filter"], known)
    order = params.get("orderBy", "asc")
    if order not in ("asc", "desc"):
        raise CaseError(400, "orderBy must be asc or desc", "invalid_sort_field", "orderBy")
    if "sort" in params:
        field = params["sort"]
        if field not in known:
            raise CaseError(400, f"sort: unknown field {field!r}", "invalid_sort_field", "sort")
        docs.sort(key=lambda d: (d.get(field) is None, json.dumps(d.get(field), ensure_ascii=False)),
                  reverse=order == "desc")
    for key, low in (("limit", 1), ("offset", 0)):
        if key in params and (not params[key].isdigit() or int(params[key]) < low
                              or (key == "limit" and int(params[key]) > MAX_LIMIT)):
            raise CaseError(400, f"{key} must be an integer {low}.." + (str(MAX_LIMIT) if key == "limit" else ""),
                            "invalid_selection_field", key)
    offset = int(params.get("offset", "0"))
    limit = int(params.get("limit", str(MAX_LIMIT)))
    docs = docs[offset:offset + limit]
    if "fields" in params:
        fields = [f.strip() for f in params["fields"].split(",") if f.strip()]
        unknown = [f for f in fields if f not in known]
        if not fields or unknown:
            raise CaseError(400, f"fields: unknown field(s) {', '.join(unknown) or '(none given)'}",
                            "invalid_selection_field", "fields")
        docs = [{f: d[f] for f in fields if f in d} for d in docs]
    return docs


def versions() -> tuple[str, ...]:
    return tuple(VERSIONS)
