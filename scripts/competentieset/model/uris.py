"""The URI scheme (Dutch linked-data URI strategy) and the URI -> build path mapping.

  {base}/id/{type}/{name}        a thing (competency, indicator, area, ...); 303 -> doc
  {base}/def/{Term}              a model term; 303 -> {base}/doc/def/{Term}
  {base}/def/                    the model (ontology) itself; 303 -> {base}/doc/def
  {base}/doc/{type}/{name}       the document about a thing, in every format
  {base}/versie/{v}/...          the same, frozen in release {v}

A document's representations live in the build's web root at the doc path plus an
extension: doc/competentie/reflecteren.ttl, .jsonld, .json, .nt, .rdf, .csv, .html.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePosixPath

NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TERM = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
VERSION = re.compile(r"^\d+\.\d+\.\d+$")


class NotOurs(ValueError):
    """The URI is not under the configured base, or does not follow the URI scheme."""


def split(uri: str, base: str) -> tuple[str | None, str, str]:
    """Split a URI of ours into (version or None, kind 'id'|'def'|'doc', rest).

    `rest` is the part after /id/, /def/ or /doc/ ('' for the model itself).
    """
    prefix = base.rstrip("/") + "/"
    if not uri.startswith(prefix):
        raise NotOurs(f"{uri} is not under {prefix}")
    path = uri[len(prefix):]
    version = None
    if path.startswith("versie/"):
        parts = path.split("/", 2)
        if len(parts) < 3 or not VERSION.match(parts[1]):
            raise NotOurs(f"{uri}: expected versie/MAJOR.MINOR.PATCH/...")
        version, path = parts[1], parts[2]
    kind, _, rest = path.partition("/")
    if kind not in ("id", "def", "doc") or "?" in rest or "#" in rest:
        raise NotOurs(f"{uri}: expected id/, def/ or doc/ after the base")
    return version, kind, rest


def doc_uri(uri: str, base: str) -> str:
    """The document URI for an id or def URI (the target of the 303)."""
    version, kind, rest = split(uri, base)
    prefix = base.rstrip("/") + "/" + (f"versie/{version}/" if version else "")
    if kind == "id":
        return f"{prefix}doc/{rest}"
    if kind == "def":
        return f"{prefix}doc/def" + (f"/{rest}" if rest else "")
    return uri


def doc_path(uri: str, base: str) -> PurePosixPath:
    """The build path (without extension) of the document about `uri`.

    Works for id, def and doc URIs; the result is relative to the web root, e.g.
    id/competentie/reflecteren -> doc/competentie/reflecteren.
    """
    return PurePosixPath(doc_rel(uri, base))


def doc_rel(uri: str, base: str) -> str:
    """str(doc_path(uri, base)), without making a path (the site asks for 20,000s)."""
    target = doc_uri(uri, base)
    rel = target[len(base.rstrip("/")) + 1:]
    # check the raw segments: PurePosixPath would silently drop "." and empty ones (so a
    # checked one is its own str(PurePosixPath))
    if any(part in ("", ".", "..") for part in rel.split("/")):
        raise NotOurs(f"{uri}: no document path for it")
    return rel


def file_path(uri: str, base: str, extension: str) -> PurePosixPath:
    """The build file for one representation: doc path + '.' + extension."""
    path = doc_path(uri, base)
    return path.with_name(f"{path.name}.{extension.lstrip('.')}")


# RFC 4122's URL namespace (uuid.NAMESPACE_URL), as bytes
_NAMESPACE_URL = bytes.fromhex("6ba7b8119dad11d180b400c04fd430c8")


def uuid5_text(namespace: bytes, name: str) -> str:
    """str(uuid.uuid5(UUID(bytes=namespace), name)), made without the UUID object (the
    exports make hundreds of thousands): SHA-1 of namespace + UTF-8 name, first 16 bytes,
    version 5 in the high nibble of byte 6, the RFC 4122 variant in byte 8, lowercase hex."""
    digest = bytearray(hashlib.sha1(namespace + name.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    x = digest.hex()
    return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


def uuid_of(uri: str) -> str:
    """The resource's name-based UUID: RFC 4122 version 5 in the URL namespace, of its URI,
    lowercase (CASE 1.1 requires lowercase). It never changes while the URI does not."""
    return uuid5_text(_NAMESPACE_URL, uri)


def short_code(uri: str, base: str) -> str:
    """A short code for systems that need one (Moodle/Totara idnumber, CASE humanCodingScheme):
    the last segment of the resource's id or def URI, e.g. `reflecteren`, `reflecteren-1`.
    Ours (editorial), at most 100 characters; unique because names are unique per type and an
    indicator's name is its competency's name plus its number."""
    _, _, rest = split(uri, base)
    code = rest.rsplit("/", 1)[-1]
    if not code or len(code) > 100:
        raise NotOurs(f"{uri}: no short code (empty or longer than 100 characters)")
    return code


def name_of(label: str) -> str:
    """The name (last URI segment) of a new competency or area: its Dutch label in lowercase
    ASCII, accents dropped, every run of other characters one hyphen ("Gedeeld leiderschap"
    -> gedeeld-leiderschap, "sociaal-communicatief" -> sociaal-communicatief): the rule every
    name of the source's competencies and areas follows. "" when nothing is left."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()
    name = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return name if NAME.match(name) else ""
