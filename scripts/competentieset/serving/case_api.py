"""The read-only CASE service provider (1EdTech CASE 1.1 and 1.0) over the built files.

The build writes the documents, packages, item types and licences as files
(publication.exports.case, FILE_ENDPOINTS): ims/case/{v}/{Endpoint}/{sourcedId}.json and
ims/case/{v}/CFDocuments.json. This module answers the same URLs without the .json, answers
CFItems, CFAssociations and CFItemAssociations from the packages (in memory, made once with
the build's api_files), adds the list parameters of CFDocuments (limit, offset, sort,
orderBy, filter, fields) and the IMS error bodies:

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

from competentieset.publication.exports.case import (
    API,
    ENDPOINTS,
    FILE_ENDPOINTS,
    LANGS,
    VERSIONS,
    api_files,
)

MAX_LIMIT = 1000
_FILTER = re.compile(r"^\s*([A-Za-z][A-Za-z0-9]*)\s*(!=|>=|<=|=|>|<|~)\s*'([^']*)'\s*$")


def document_fields() -> list[str]:
    """The fields of a CFDocument (CASE 1.1), which sort, filter and fields may name."""
    from competentieset.publication.exports import case_schema

    return list(case_schema._defs()["Document"]["properties"])


def _patterns() -> tuple[str, str]:
    """(filter, fields) regular expressions for the OpenAPI description."""
    names = "|".join(document_fields())
    clause = rf"\s*({names})\s*(!=|>=|<=|=|>|<|~)\s*'[^']*'\s*"
    return (rf"^{clause}(( AND {clause})*|( OR {clause})*)$", rf"^({names})(,({names}))*$")


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
    known = set(document_fields())
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


def _components() -> dict:
    """Our CASE 1.1 JSON Schema as OpenAPI 3.0 component schemas (Case<Name>)."""
    from competentieset.publication.exports import case_schema

    def rewrite(node):
        if isinstance(node, dict):
            return {k: (v.replace("#/$defs/", "#/components/schemas/Case") if k == "$ref" else rewrite(v))
                    for k, v in node.items()}
        if isinstance(node, list):
            return [rewrite(v) for v in node]
        return node

    out = {f"Case{name}": rewrite(body) for name, body in case_schema._defs().items()}
    for name in ("package", "documents", "itemAssociations", "error"):
        out[f"Case_{name}"] = rewrite(case_schema.ROOTS[name])
    return out


def openapi_paths(prefix: str = f"/{API}", examples: dict[str, str] | None = None) -> tuple[dict, dict]:
    """(paths, component schemas) of the CASE service for the OpenAPI document; `examples`
    gives a known sourcedId per endpoint."""
    from competentieset.publication.exports.case_schema import UUID

    examples = examples or {}
    ref = "#/components/schemas/"
    error = {"application/json": {"schema": {"$ref": ref + "Case_error"}},
             "application/problem+json": {"schema": {"$ref": ref + "Problem"}}}
    paths = {}
    payload = {"CFDocuments": "CaseDocument", "CFPackages": "Case_package", "CFItems": "CaseItem",
               "CFAssociations": "CaseAssociation", "CFItemAssociations": "Case_itemAssociations",
               "CFItemTypes": "CaseItemType", "CFLicenses": "CaseLicense",
               "CFConcepts": None, "CFSubjects": None, "CFAssociationGroupings": None, "CFRubrics": None}
    for version, case in VERSIONS.items():
        base = f"{prefix}/{version}"
        paths[f"{base}/CFDocuments"] = {"get": {
            "summary": f"CASE {case}: the competency frameworks (nl, en)",
            "operationId": f"case_{version}_getAllCFDocuments",
            "parameters": [
                {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}},
                {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}},
                {"name": "sort", "in": "query", "schema": {"type": "string", "enum": document_fields()}},
                {"name": "orderBy", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}},
                {"name": "filter", "in": "query", "schema": {"type": "string", "pattern": _patterns()[0]},
                 "description": "field op 'value', op one of = != > >= < <= ~, joined by AND or OR"},
                {"name": "fields", "in": "query", "schema": {"type": "string", "pattern": _patterns()[1]},
                 "description": "comma-separated field names"},
            ],
            "responses": {
                "200": {"description": "the documents",
                        "content": {"application/json": {"schema": {"type": "object",
                                                                    "required": ["CFDocuments"]}}}},
                "400": {"description": "invalid parameter (IMS error)", "content": error},
            }}}
        for endpoint, schema_name in payload.items():
            ok = ({"description": "the object", "content": {"application/json": {"schema": {
                "$ref": ref + schema_name}}}} if schema_name else None)
            responses = {"404": {"description": "unknown sourcedId (IMS error, unknownobject)", "content": error},
                         "400": {"description": "invalid request", "content": error}}
            if ok:
                responses["200"] = ok
            paths[f"{base}/{endpoint}/{{sourcedId}}"] = {"get": {
                "summary": f"CASE {case}: {endpoint} by sourcedId (a lowercase UUID)",
                "operationId": f"case_{version}_get{endpoint}",
                "parameters": [{"name": "sourcedId", "in": "path", "required": True,
                                "schema": {"type": "string", "pattern": UUID},
                                **({"example": examples[endpoint]} if endpoint in examples else {})}],
                "responses": responses}}
    return paths, _components()


def examples(webroot) -> dict[str, str]:
    """A known sourcedId per endpoint (from the web root's Dutch CASE 1.1 package), for the
    OpenAPI description; empty when the web root has no CASE files."""
    info = webroot.file(file_for("v1p1", "CFDocuments", None))
    if info is None:
        return {}
    doc_id = json.loads(webroot.read(info))["CFDocuments"][0]["identifier"]
    package_info = webroot.file(file_for("v1p1", "CFPackages", doc_id))
    if package_info is None:
        return {}
    package = json.loads(webroot.read(package_info))
    out = {"CFDocuments": doc_id, "CFPackages": doc_id}
    if package.get("CFItems"):
        out["CFItems"] = out["CFItemAssociations"] = package["CFItems"][0]["identifier"]
    if package.get("CFAssociations"):
        out["CFAssociations"] = package["CFAssociations"][0]["identifier"]
    definitions = package.get("CFDefinitions", {})
    for key in ("CFItemTypes", "CFLicenses"):
        if definitions.get(key):
            out[key] = definitions[key][0]["identifier"]
    return out


# ------------------------------------------------------------------ the export's service hooks
# (publication.exports: the CASE row names this module as its `service`)

PATTERN = r"/ims/case/(?P<case_version>v1p[01])/(?P<case_rest>.*)"


def handle(app, req):
    """The route's handler (server.App, server.Request) -> server.Response."""
    version, rest = req.match["case_version"], req.match["case_rest"]
    try:
        endpoint, sourced_id = parse_path(rest)
        if sourced_id is None and req.query:
            try:
                from urllib.parse import parse_qs

                query = parse_qs(req.query.decode("utf-8"), keep_blank_values=True, max_num_fields=20)
            except (UnicodeDecodeError, ValueError):
                raise CaseError(400, "the query string is not valid UTF-8 form data",
                                "invalid_selection_field", "query") from None
            info = app.webroot.file(file_for(version, endpoint, None))
            if info is None:
                raise CaseError(404, "this web root has no CASE documents", "unknownobject")
            documents = json.loads(app.webroot.read(info))["CFDocuments"]
            return app._json({"CFDocuments": list_documents(documents, query)})
        if endpoint not in FILE_ENDPOINTS:
            value = answers(app, version).get(file_for(version, endpoint, sourced_id))
            if value is None:
                raise CaseError(404, f"no {endpoint} has the sourcedId {sourced_id!r}", "unknownobject")
            response = app._json(value)
            response.cacheable = True  # the same for every request until the server restarts
            return response
        info = app.webroot.file(file_for(version, endpoint, sourced_id))
        if info is None:
            raise CaseError(404, f"no {endpoint} has the sourcedId {sourced_id!r}" if sourced_id
                            else "this web root has no CASE documents", "unknownobject")
    except CaseError as exc:
        return app._json(exc.body(), exc.status)
    return app.static(info, req.headers)


def answers(app, version: str) -> dict:
    """Every answer of one version (path -> JSON value), made once from the web root's
    packages with the build's own function (exports.case.api_files); {} without packages."""
    cache = app.__dict__.setdefault("_case_answers", {})
    found = cache.get(version)
    if found is None:
        found = {}
        listing = app.webroot.file(file_for(version, "CFDocuments", None))
        if listing is not None:
            packages = {}
            for doc in json.loads(app.webroot.read(listing))["CFDocuments"]:
                info = app.webroot.file(file_for(version, "CFPackages", doc["identifier"]))
                if info is not None:
                    packages[doc["language"]] = json.loads(app.webroot.read(info))
            if set(packages) == set(LANGS):
                found = api_files(packages, version, app.base)
        cache[version] = found
    return found


def openapi(webroot) -> tuple[dict, dict, str]:
    paths, schemas = openapi_paths(examples=examples(webroot))
    return paths, schemas, ("The read-only CASE service provider (1EdTech CASE 1.1 and 1.0) is under "
                            "/ims/case/v1p1 and /ims/case/v1p0.")


def nginx_locations(common: list[str], proxy: list[str]) -> list[str]:
    """nginx: documents, packages, item types and licences are files; items, associations
    and list parameters go to the embedded server, and so do unknown ids (the server's
    `error_page 404` hands 404s to it, which gives the IMS error body)."""
    return [
        "    # CASE service provider (publication/exports/case.py writes the answers; serving/case_api.py)",
        "    location ~ ^/ims/case/(?<cv>v1p[01])/CFDocuments$ {",
        "        error_page 404 418 = @competentieset_app;",
        "        if ($args) { return 418; }  # list parameters: the embedded server",
        "        default_type application/json;",
        *common,
        "        try_files /ims/case/$cv/CFDocuments.json =404;",
        "    }",
        "    location ~ ^/ims/case/(?<cv>v1p[01])/(?<cep>"
        + "|".join(FILE_ENDPOINTS) + ")/(?<cid>[A-Za-z0-9-]+)$ {",
        "        default_type application/json;",
        *common,
        "        try_files /ims/case/$cv/$cep/$cid.json =404;",
        "    }",
        "    location ~ ^/ims/case/ {  # items, associations, list parameters: the embedded server",
        *proxy,
        "    }",
        "",
    ]


def apache_proxy(app: str) -> list[str]:
    """Apache server config (build/apache/competentieset.conf): what nginx hands to the
    embedded server, Apache proxies to it: CFItems, CFAssociations, CFItemAssociations (unknown
    ids included: the app answers the IMS error body) and CFDocuments with list parameters.
    Proxied requests never read the .htaccess; the app sets its own CORS headers."""
    proxied = "|".join(e for e in ENDPOINTS if e not in FILE_ENDPOINTS and e != "CFDocuments")
    return [
        "# CASE service provider: items, associations and list parameters from the embedded server",
        f"ProxyPassMatch \"^/ims/case/(v1p[01])/({proxied})/([A-Za-z0-9-]+)$\" "
        f"\"http://{app}/ims/case/$1/$2/$3\"",
        "RewriteCond %{QUERY_STRING} .",
        f"RewriteRule \"^/ims/case/(v1p[01])/CFDocuments$\" \"http://{app}/ims/case/$1/CFDocuments\" [P,L]",
    ]


def apache_rules() -> list[str]:
    """Apache (.htaccess): documents, packages, item types and licences are files; an unknown
    id gets the IMS error body (ErrorDocument); CFItems, CFAssociations, CFItemAssociations and
    the list parameters on CFDocuments come through the proxies of `apache_proxy` (the server
    config, build/apache/competentieset.conf); without them they are 404s."""
    from competentieset.publication.exports.case import NOT_FOUND_FILE

    return [
        "# CASE service provider: documents, packages, item types and licences are files",
        "# (exports/case.py); an unknown id gets the IMS error body; CFItems, CFAssociations,",
        "# CFItemAssociations and list parameters need a proxy to the embedded server (README)",
        "RewriteCond %{QUERY_STRING} ^$",
        "RewriteCond %{DOCUMENT_ROOT}/ims/case/$1/CFDocuments.json -f",
        "RewriteRule ^ims/case/(v1p[01])/CFDocuments$ ims/case/$1/CFDocuments.json [END]",
        "RewriteCond %{DOCUMENT_ROOT}/ims/case/$1/$2/$3.json -f",
        "RewriteRule ^ims/case/(v1p[01])/(" + "|".join(FILE_ENDPOINTS)
        + ")/([A-Za-z0-9-]+)$ ims/case/$1/$2/$3.json [END]",
        "RewriteCond %{ENV:REDIRECT_STATUS} ^$",
        "RewriteRule ^ims/case/ - [R=404,L]",
        '<If "%{REQUEST_URI} =~ m#^/ims/case/#">',
        f"  ErrorDocument 404 /{NOT_FOUND_FILE}",
        "</If>",
        "",
    ]
