"""Our JSON Schema (2020-12) of CASE 1.1 payloads, written from the 1EdTech CASE 1.1
information model (required fields, types, the lowercase UUID pattern, associationType
values, date and date-time formats); the facts are in sources/interop/README.md, the field
lists checked against the CASE 1.1 JSON Schema binding as OpenSALT keeps it.

Dates are checked by pattern (not by `format`, which validators may ignore). `schema(name)`
gives the schema of one payload: package, document (standalone), documents (the list),
item (standalone), association (standalone), itemAssociations, itemType, license.
"""

from __future__ import annotations

UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
DATE_TIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$"
DATE = r"^\d{4}-\d{2}-\d{2}$"
URI = r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$"
ASSOCIATION_TYPES = ["isChildOf", "isPeerOf", "isPartOf", "exactMatchOf", "precedes", "isRelatedTo",
                     "replacedBy", "exemplar", "hasSkillLevel", "isTranslationOf"]


def _obj(properties: dict, required: list[str]) -> dict:
    return {"type": "object", "properties": properties, "required": required,
            "additionalProperties": False}


def _defs() -> dict:
    s = {"type": "string"}
    ident = {"type": "string", "pattern": UUID}
    uri = {"type": "string", "pattern": URI}
    dt = {"type": "string", "pattern": DATE_TIME}
    date = {"type": "string", "pattern": DATE}
    link = {"$ref": "#/$defs/LinkURI"}
    strings = {"type": "array", "items": s}
    ext = {"type": "object"}
    document = {
        "identifier": ident, "uri": uri, "frameworkType": s, "caseVersion": {"enum": ["1.1"]},
        "creator": s, "title": s, "lastChangeDateTime": dt, "officialSourceURL": uri, "publisher": s,
        "description": s, "subject": strings, "subjectURI": {"type": "array", "items": link},
        "language": s, "version": s, "adoptionStatus": s, "statusStartDate": date,
        "statusEndDate": date, "licenseURI": link, "notes": s, "extensions": ext,
    }
    item = {
        "identifier": ident, "fullStatement": s, "alternativeLabel": s, "CFItemType": s, "uri": uri,
        "humanCodingScheme": s, "listEnumeration": s, "abbreviatedStatement": s,
        "conceptKeywords": strings, "conceptKeywordsURI": link, "notes": s, "subject": strings,
        "subjectURI": {"type": "array", "items": link}, "language": s, "educationLevel": strings,
        "CFItemTypeURI": link, "licenseURI": link, "statusStartDate": date, "statusEndDate": date,
        "lastChangeDateTime": dt, "extensions": ext,
    }
    association = {
        "identifier": ident,
        "associationType": {"anyOf": [{"enum": ASSOCIATION_TYPES},
                                      {"type": "string", "pattern": r"^ext:[A-Za-z0-9.\-_]+$"}]},
        "sequenceNumber": {"type": "integer"}, "uri": uri,
        "originNodeURI": {"$ref": "#/$defs/LinkGenURI"},
        "destinationNodeURI": {"$ref": "#/$defs/LinkGenURI"},
        "CFAssociationGroupingURI": link, "lastChangeDateTime": dt, "notes": s, "extensions": ext,
    }
    assoc_required = ["identifier", "associationType", "uri", "originNodeURI", "destinationNodeURI",
                      "lastChangeDateTime"]
    return {
        "LinkURI": _obj({"title": s, "identifier": ident, "uri": uri}, ["title", "identifier", "uri"]),
        "LinkGenURI": _obj({"title": s, "identifier": ident, "uri": uri,
                            "targetType": {"type": "string", "pattern": r"^(CASE|ext:[A-Za-z0-9.\-_]+)$"}},
                           ["title", "identifier", "uri"]),
        "PackageDocument": _obj(document, ["identifier", "uri", "creator", "title", "lastChangeDateTime"]),
        "Document": _obj({**document, "CFPackageURI": link},
                         ["identifier", "uri", "creator", "title", "lastChangeDateTime", "CFPackageURI"]),
        "PackageItem": _obj(item, ["identifier", "fullStatement", "uri", "lastChangeDateTime"]),
        "Item": _obj({**item, "CFDocumentURI": link},
                     ["identifier", "fullStatement", "uri", "lastChangeDateTime", "CFDocumentURI"]),
        "PackageAssociation": _obj({**association, "CFDocumentURI": link}, assoc_required),
        "Association": _obj({**association, "CFDocumentURI": link}, assoc_required),
        "ItemType": _obj({"identifier": ident, "uri": uri, "title": s, "description": s,
                          "hierarchyCode": s, "typeCode": s, "lastChangeDateTime": dt, "extensions": ext},
                         ["identifier", "uri", "title", "description", "hierarchyCode", "lastChangeDateTime"]),
        "License": _obj({"identifier": ident, "uri": uri, "title": s, "description": s, "licenseText": s,
                         "lastChangeDateTime": dt, "extensions": ext},
                        ["identifier", "uri", "title", "licenseText", "lastChangeDateTime"]),
        "Definitions": _obj({
            "CFConcepts": {"type": "array"}, "CFSubjects": {"type": "array"},
            "CFLicenses": {"type": "array", "items": {"$ref": "#/$defs/License"}},
            "CFItemTypes": {"type": "array", "items": {"$ref": "#/$defs/ItemType"}},
            "CFAssociationGroupings": {"type": "array"}, "extensions": ext}, []),
    }


ROOTS = {
    "package": _obj({"CFDocument": {"$ref": "#/$defs/PackageDocument"},
                     "CFItems": {"type": "array", "items": {"$ref": "#/$defs/PackageItem"}},
                     "CFAssociations": {"type": "array", "items": {"$ref": "#/$defs/PackageAssociation"}},
                     "CFDefinitions": {"$ref": "#/$defs/Definitions"},
                     "CFRubrics": {"type": "array"}, "extensions": {"type": "object"}}, ["CFDocument"]),
    "documents": _obj({"CFDocuments": {"type": "array", "items": {"$ref": "#/$defs/Document"}}},
                      ["CFDocuments"]),
    "document": {"$ref": "#/$defs/Document"},
    "item": {"$ref": "#/$defs/Item"},
    "association": {"$ref": "#/$defs/Association"},
    "itemAssociations": _obj({"CFItem": {"$ref": "#/$defs/Item"},
                              "CFAssociations": {"type": "array", "items": {"$ref": "#/$defs/Association"}}},
                             ["CFItem", "CFAssociations"]),
    "itemType": {"$ref": "#/$defs/ItemType"},
    "license": {"$ref": "#/$defs/License"},
    "error": _obj({"imsx_codeMajor": {"enum": ["success", "processing", "failure", "unsupported"]},
                   "imsx_severity": {"enum": ["status", "warning", "error"]},
                   "imsx_description": {"type": "string"},
                   "imsx_codeMinor": _obj({"imsx_codeMinorField": {"type": "array", "minItems": 1, "items": _obj(
                       {"imsx_codeMinorFieldName": {"type": "string"},
                        "imsx_codeMinorFieldValue": {"type": "string"}},
                       ["imsx_codeMinorFieldName", "imsx_codeMinorFieldValue"])}}, ["imsx_codeMinorField"])},
                  ["imsx_codeMajor", "imsx_severity"]),
}
# endpoint folder -> payload schema name
BY_ENDPOINT = {"CFDocuments": "document", "CFPackages": "package", "CFItems": "item",
               "CFAssociations": "association", "CFItemAssociations": "itemAssociations",
               "CFItemTypes": "itemType", "CFLicenses": "license"}


def schema(name: str) -> dict:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **ROOTS[name], "$defs": _defs()}
