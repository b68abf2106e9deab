"""Production web-server configs for the static build: nginx, Apache, w3id.

`write(ctx)` is what `competentieset build` calls; `competentieset serverconf` runs it on
its own. It writes
  build/nginx/competentieset.conf   an nginx server block
  <web root>/.htaccess              Apache (mod_rewrite, mod_headers, mod_mime)
  build/apache/competentieset.conf  Apache server config: the proxies a .htaccess cannot hold
  build/w3id/.htaccess              the redirect rules for the w3id.org repository
giving, from the static files, the behaviour of the embedded server (server.py): 303 from
id and def URIs, content negotiation on doc URIs, extension URLs, the same headers.

Negotiation in nginx and Apache is a list of regular expressions over Accept, first match
wins (`accept_rules()`), because neither can compute q-values. The list implements
conneg.choose for the headers clients send (browsers, curl, rdflib, SPARQLWrapper, HTTP
client libraries, one type, one type with */*, types with q=1 and types with q<1) with
these limits:
  - below q=1 the client's q is compared to its first decimal: within one class (0.5 and
    0.55) the server's source quality decides, not the client's q
    (`text/csv;q=0.55, application/json;q=0.5` gets JSON from nginx, CSV from the
    embedded server);
  - a refusal with q=0 is honoured for what it names, for HTML refused by text/*;q=0, and
    for */*;q=0; refusing both text/* and application/* while allowing */* is not;
  - the Accept length limit is nginx's header buffer (8k), not conneg's 2048 bytes.
tests/serve/test_http.py runs the same requests against both servers, so any other
difference is a failing test.

The lookup API (/api/, /label/, /openapi.json) and the helpful 404 pages need the
embedded server (`competentieset serve`) as an upstream; /sparql goes to a SPARQL server
(default: Oxigraph's `oxigraph serve-read-only` on 127.0.0.1:7878, path /query).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode

from competentieset.model import uris
from competentieset.model.layout import VERSIONS_DIR
from competentieset.publication.exports import media_types, services
from competentieset.publication.formats import FORMATS, Format, content_type
from competentieset.serving.lookup import DCT, OWL, SKOS
from competentieset.serving.webroot import CACHE_LATEST, CACHE_RELEASE, STATIC_TYPES

NGINX_FILE = Path("nginx") / "competentieset.conf"
APACHE_FILE = Path("apache") / "competentieset.conf"
W3ID_FILE = Path("w3id") / ".htaccess"
DEFAULT_ROOT = "/srv/competentieset/www"
DEFAULT_APP = "127.0.0.1:8000"
DEFAULT_SPARQL = "127.0.0.1:7878"
DEFAULT_SPARQL_PATH = "/query"
# a placeholder, reserved for documentation (RFC 2606): the publisher puts the host here
W3ID_TARGET_PLACEHOLDER = "https://publicatie.example.org"

CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; frame-ancestors 'none'")
EXPOSE = "Link, Content-Location, ETag, Last-Modified, Location, Vary"
VERSION_RE = r"(?<v>/versie/[0-9]+\.[0-9]+\.[0-9]+)?"

_Q0 = r"\s*;\s*q\s*=\s*0(?:\.0{0,3})?\s*(?:;[^,]*)?(?:,|$)"
_PARAMS = r"(?:\s*;\s*(?!q\s*=)[^,;]*)*"


def _type_re(media_type: str) -> str:
    return media_type.replace("+", r"\+").replace(".", r"\.").replace("*", r"\*")


def _named(media_type: str) -> str:
    """Lookahead: the header names this type (with any q)."""
    return rf"(?=.*(?:^|,)\s*{_type_re(media_type)}{_PARAMS}\s*(?:;|,|$))"


def _not_named(media_type: str) -> str:
    return "(?!" + _named(media_type)[3:]


def _range_at(media_range: str, q: str) -> str:
    """The range with a q of class `q`: '1' (given or implied) or one first decimal '0.d'
    (0 < q < 1)."""
    t = _type_re(media_range)
    if q == "1":
        return rf"(?:^|,)\s*{t}{_PARAMS}(?:\s*;\s*q\s*=\s*1(?:\.0{{0,3}})?\s*(?:;[^,]*)?)?\s*(?:,|$)"
    if q == "0.0":
        return rf"(?:^|,)\s*{t}{_PARAMS}\s*;\s*q\s*=\s*0\.0(?:[1-9][0-9]?|0[1-9])"
    return rf"(?:^|,)\s*{t}{_PARAMS}\s*;\s*q\s*=\s*{q.replace('.', chr(92) + '.')}[0-9]{{0,2}}"


def accept_rules(formats: tuple[Format, ...] = FORMATS) -> list[tuple[str, str]]:
    """(case-insensitive PCRE over Accept, extension or '406'), first match wins.

    The tiers follow conneg's order (client q, then named type over type/* over */*, then
    source quality), per class of q (1, then 0.9.., 0.8.., ... 0.0..): named types; by
    type/* (the first of its formats the header does not name); by */*. Then the
    wildcard fallbacks and the 406 cases."""
    rules = []
    majors = []
    for fmt in formats:
        major = fmt.media_type.split("/")[0]
        if major not in majors:
            majors.append(major)
    for q in ["1"] + [f"0.{digit}" for digit in range(9, -1, -1)]:
        for fmt in formats:  # named at this q; source-quality order
            rules.append((_range_at(fmt.media_type, q), fmt.extension))
        for major in majors:  # by type/* at this q: the best format of that type not named
            for fmt in (f for f in formats if f.media_type.startswith(major + "/")):
                rules.append(("^" + _not_named(fmt.media_type) + ".*" + _range_at(f"{major}/*", q),
                              fmt.extension))
        for fmt in formats:  # by */* at this q: neither named nor covered by its type/*
            major = fmt.media_type.split("/")[0]
            rules.append(("^" + _not_named(fmt.media_type) + _not_named(f"{major}/*")
                          + ".*" + _range_at("*/*", q), fmt.extension))
    # HTML refused: text/html;q=0, or text/*;q=0 when text/html is not named
    html_refused = (rf"(?:(?=.*(?:^|,)\s*text/html{_Q0})|"
                    rf"{_not_named('text/html')}(?=.*(?:^|,)\s*text/\*{_Q0}))")
    second = formats[1].extension  # what a wildcard gets when HTML is refused (Turtle)
    rules.append((rf"^{html_refused}(?=.*(?:^|,)\s*(?:\*/\*|text/\*)(?!{_Q0}))", second))
    rules.append((rf"(?:^|,)\s*text/\*(?!{_Q0})", formats[0].extension))
    app_first = next(f for f in formats if f.media_type.startswith("application/"))
    rules.append((rf"^(?!.*(?:^|,)\s*\*/\*(?!{_Q0})).*(?:^|,)\s*application/\*(?!{_Q0})", app_first.extension))
    rules.append((rf"^{html_refused}", "406"))
    rules.append((rf"(?:^|,)\s*\*/\*{_Q0}", "406"))
    return rules


def _q(value: str) -> str:
    """Quote a string for an nginx config."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class Deprecation:
    doc_path: str  # /doc/<type>/<name>
    successors: tuple[str, ...]  # local paths


def deprecations(webroot: Path, base: str) -> list[Deprecation]:
    """Deprecated resources of the built dataset (the web root's N-Quads), with the local
    paths of their successors."""
    from competentieset.serving.lookup import _load_store
    from competentieset.serving.webroot import Webroot

    dataset = Webroot(webroot).dataset()
    return deprecations_in(_load_store(dataset), base) if dataset is not None else []


def deprecations_in(store, base: str) -> list[Deprecation]:
    """Deprecated resources of a pyoxigraph store (union of its graphs), with the local
    paths of their successors; the same resources lookup.Lookup marks deprecated (ours
    under id/ or def/, with a skos:prefLabel or skos:notation)."""
    base = base.rstrip("/")
    prefix = base + "/"

    def local(uri: str) -> str | None:
        return "/" + uri[len(prefix):] if uri.startswith(prefix) else None

    def indexed(uri: str) -> bool:  # what Lookup indexes as a resource of ours
        return uri.startswith((f"{base}/id/", f"{base}/def/"))

    found: dict[str, list[str]] = {}  # deprecated or replaced resource -> successors
    rows = store.query(
        f"""SELECT DISTINCT ?s ?r WHERE {{
          {{ ?s <{OWL}deprecated> true }} UNION {{ ?s <{DCT}isReplacedBy> ?r }}
          FILTER EXISTS {{ ?s <{SKOS}prefLabel>|<{SKOS}notation> ?x }}
        }} ORDER BY ?r""",
        use_default_graph_as_union=True,
    )
    for row in rows:
        uri = row["s"].value
        if not isinstance(row["s"], NamedNode) or not indexed(uri):
            continue
        successors = found.setdefault(uri, [])
        if row["r"] is not None:
            successors.append(row["r"].value)
    result = []
    for uri, successors in sorted(found.items()):
        try:
            doc = "/" + str(uris.doc_path(uri, base))
        except uris.NotOurs:
            continue
        result.append(Deprecation(doc, tuple(local(s) or s for s in successors)))
    return result


# Proxying to the embedded server; the app's own CORS and security headers are hidden, as
# nginx adds the same ones itself.
APP_PROXY = (
    "        proxy_pass http://competentieset_app;",
    "        proxy_http_version 1.1;",
    '        proxy_set_header Connection "";',
    "        proxy_set_header Host $host;",
    "        proxy_hide_header Access-Control-Allow-Origin;",
    "        proxy_hide_header Access-Control-Expose-Headers;",
    "        proxy_hide_header X-Content-Type-Options;",
    "        proxy_hide_header Referrer-Policy;",
    "        proxy_hide_header Content-Security-Policy;",
)


def _links(doc: str, prefix: str = "$v") -> str:
    parts = [f'<{prefix}{doc}.{f.extension}>; rel="alternate"; type="{f.media_type}"' for f in FORMATS]
    parts.append(f'<{prefix}/en{doc}.html>; rel="alternate"; type="text/html"; hreflang="en"')
    return ", ".join(parts)


def nginx_conf(base: str, *, root: str = DEFAULT_ROOT, listen: str = "80", server_name: str = "_",
               app: str = DEFAULT_APP, sparql: str = DEFAULT_SPARQL,
               sparql_path: str = DEFAULT_SPARQL_PATH, sparql_read_timeout: int = 30,
               deprecated: list[Deprecation] = ()) -> str:
    """The nginx config (http-level maps and upstreams, then one server block)."""
    ext_alt = "|".join(f.extension for f in FORMATS)
    textual = sorted(({content_type(f).split(";")[0] for f in FORMATS if "charset" in content_type(f)}
                      | {t.split(";")[0] for t in STATIC_TYPES.values() if "charset" in t})
                     - {"text/html"})  # nginx's charset_types has text/html already
    common = [
        'add_header Access-Control-Allow-Origin "*" always;',
        f'add_header Access-Control-Expose-Headers "{EXPOSE}" always;',
        'add_header X-Content-Type-Options "nosniff" always;',
        'add_header Referrer-Policy "strict-origin-when-cross-origin" always;',
        "add_header Content-Security-Policy $cs_csp always;",
    ]
    common_text = "\n".join(f"        {line}" for line in common)
    # the exports' APIs (CASE): their own locations, with the same headers as the files
    export_locations = [line for module in services() for line in module.nginx_locations(
        [f"        {line}" for line in common] + ["        add_header Cache-Control $cs_cache;"],
        list(APP_PROXY))]
    lines = [
        "# nginx config for the competency set, generated by `competentieset serverconf` / build.",
        f"# Base URI {base}/ is served at this server's root (see the w3id rules).",
        "# Include it inside the http {} block. Change root, listen, server_name and the",
        "# upstreams to your installation; `nginx -t` checks it. Limits of the Accept handling:",
        "# see competentieset/serving/serverconf.py (q-values below 1 compared to one decimal).",
        "# The maps' keys are document paths; nginx's default bucket (64 bytes) is too small for",
        "# the longer ones (e.g. a deprecated concept scheme's). Remove this line if your http {}",
        "# block sets map_hash_bucket_size itself.",
        "map_hash_bucket_size 128;",
        "",
        "map $http_accept $cs_ext {",
        "    default html;",
    ]
    for regex, ext in accept_rules():
        lines.append(f"    {_q('~*' + regex)} {ext};")
    lines += ["}", "",
              "# Cache-Control of files: short for the latest, long and immutable for a release",
              "map $uri $cs_cache {",
              f"    default {_q(CACHE_LATEST)};",
              f"    {_q('~^/' + VERSIONS_DIR + '/[0-9]')} {_q(CACHE_RELEASE)};",
              '    "~^/(api/|label/|openapi\\.json$)" "";',
              "}", "",
              "map $sent_http_content_type $cs_csp {",
              '    default "";',
              f'    ~^text/html {_q(CSP)};',
              "}", "",
              '# methods: GET, HEAD and OPTIONS everywhere; POST on /sparql',
              "map $request_method:$uri $cs_bad_method {",
              "    default 1;",
              '    "~^(GET|HEAD|OPTIONS):" 0;',
              '    "~^POST:/sparql$" 0;',
              "}", "",
              "# deprecated resources (owl:deprecated / dct:isReplacedBy in the data)",
              "map $cs_doc $cs_successor {",
              '    default "";']
    for dep in deprecated:
        link = ", ".join(f'<{s}>; rel="successor-version"' for s in dep.successors)
        lines.append(f"    {_q(dep.doc_path)} {_q(link)};")
    lines += ["}", "",
              f"upstream competentieset_app {{ server {app}; keepalive 16; }}",
              f"upstream competentieset_sparql {{ server {sparql}; keepalive 16; }}",
              "",
              "server {",
              f"    listen {listen};",
              f"    server_name {server_name};",
              f"    root {root};",
              "    index index.html;",
              "    absolute_redirect off;",
              "    server_tokens off;",
              "    charset utf-8;",
              f"    charset_types {' '.join(textual)};",
              "    if_modified_since before;",
              "    disable_symlinks on from=$document_root;",
              "    large_client_header_buffers 4 8k;",
              "    client_max_body_size 64k;",
              "    set $cs_doc \"\";",
              "",
              "    types {",
              ]
    seen = set()
    for f in FORMATS:
        lines.append(f"        {f.media_type} {f.extension};")
        seen.add(f.extension)
    for ext, ctype in sorted({**media_types(), **STATIC_TYPES}.items()):
        if ext not in seen:
            lines.append(f"        {ctype.split(';')[0]} {ext};")
    lines += ["    }",
              "    default_type application/octet-stream;",
              "",
              *[f"    {line}" for line in common],
              "    add_header Cache-Control $cs_cache;",
              "    add_header Allow \"GET, HEAD, OPTIONS\" always;",
              "    add_header Access-Control-Allow-Methods \"GET, HEAD, OPTIONS\" always;",
              "    add_header Access-Control-Allow-Headers \"Accept, Accept-Language, Content-Type, If-None-Match, If-Modified-Since\" always;",
              "",
              "    if ($cs_bad_method) { return 405; }",
              "    if ($request_method = OPTIONS) { return 204; }",
              "    error_page 404 = @competentieset_app;",
              "    error_page 405 = @cs_405;",
              "",
              "    location @cs_405 {",
              "        default_type application/problem+json;",
              '        add_header Allow "GET, HEAD, OPTIONS" always;',
              common_text,
              ("        return 405 '{\"type\":\"about:blank\",\"title\":\"Method not allowed\",\"status\":405,"
               "\"detail\":\"use GET or HEAD (POST only on /sparql)\"}';"),
              "    }",
              "",
              "    # the lookup API, known labels and the helpful 404 pages come from the embedded server",
              "    location @competentieset_app {",
              APP_PROXY[0],
              "        include /etc/nginx/proxy_params_competentieset*;",
              *APP_PROXY[1:],
              "    }",
              "    location ~ ^/(api/|label/|openapi\\.json$) {",
              *APP_PROXY,
              "    }",
              "",
              "    # SPARQL 1.1 Protocol, read-only server (Oxigraph serve-read-only, Fuseki, GraphDB...)",
              "    location = /sparql {",
              f"        proxy_pass http://competentieset_sparql{sparql_path};",
              "        proxy_http_version 1.1;",
              '        proxy_set_header Connection "";',
              f"        proxy_read_timeout {sparql_read_timeout}s;",
              "        proxy_intercept_errors off;",
              "        proxy_hide_header Access-Control-Allow-Origin;",
              "        add_header Allow \"GET, HEAD, POST, OPTIONS\" always;",
              "        add_header Access-Control-Allow-Methods \"GET, HEAD, POST, OPTIONS\" always;",
              "        add_header Access-Control-Allow-Headers \"Accept, Content-Type\" always;",
              common_text,
              "    }",
              "",
              *export_locations,
              "    # hidden files (.htaccess, .git) are never served",
              "    location ~ /\\. {",
              "        return 404;",
              "    }",
              "",
              "    # downloads: plain files",
              f"    location ~ ^(/{VERSIONS_DIR}/[0-9.]+)?/doc/download/ {{",
              "        try_files $uri =404;",
              "    }",
              "",
              "    # id and def URIs: 303 See Other to the document (keeping an extension)",
              f"    location ~ ^{VERSION_RE}/id/(?<rest>[a-z0-9./-]+?)(?<ext>\\.(?:{ext_alt}))?$ {{",
              "        set $cs_target $v/doc/$rest;",
              "        if (!-f $document_root$cs_target.ttl) { return 404; }",
              '        add_header Vary "Accept" always;',
              common_text,
              "        return 303 $cs_target$ext;",
              "    }",
              f"    location ~ ^{VERSION_RE}/def(?:/(?<term>[A-Za-z0-9]+?)?)?(?<ext>\\.(?:{ext_alt}))?$ {{",
              "        set $cs_target $v/doc/def;",
              "        if ($term) { set $cs_target $v/doc/def/$term; }",
              "        if (!-f $document_root$cs_target.ttl) { return 404; }",
              '        add_header Vary "Accept" always;',
              common_text,
              "        return 303 $cs_target$ext;",
              "    }",
              "",
              "    # a representation by extension: no negotiation",
              f"    location ~ ^{VERSION_RE}(?<doc>/doc/(?!download/)[A-Za-z0-9./-]+?)\\.(?:{ext_alt})$ {{",
              "        set $cs_doc $doc;",
              f"        add_header Link {_q(_links('$doc'))} always;",
              "        add_header Link $cs_successor always;",
              "        add_header Cache-Control $cs_cache;",
              common_text,
              "        try_files $uri =404;",
              "    }",
              "",
              "    # a document: negotiate on Accept",
              f"    location ~ ^{VERSION_RE}(?<doc>/doc/(?!download/)[A-Za-z0-9./-]+?)$ {{",
              "        set $cs_doc $doc;",
              "        if ($cs_ext = 406) { return 406 \"406 Not Acceptable. This document is available as: "
              + ", ".join(f.media_type for f in FORMATS) + "\\n\"; }",
              '        add_header Vary "Accept" always;',
              "        add_header Content-Location $v$doc.$cs_ext;",
              f"        add_header Link {_q(_links('$doc'))} always;",
              "        add_header Link $cs_successor always;",
              "        add_header Cache-Control $cs_cache;",
              common_text,
              "        default_type text/plain;",
              "        try_files $uri.$cs_ext =404;",
              "    }",
              "",
              "    location / {",
              "        try_files $uri $uri/ =404;",
              "    }",
              "}",
              ""]
    return "\n".join(lines)


def _apache_links(var: str) -> str:
    parts = [f'</%{{{var}}}e.{f.extension}>; rel=\\"alternate\\"; type=\\"{f.media_type}\\"' for f in FORMATS]
    return ", ".join(parts)


def htaccess(base: str, deprecated: list[Deprecation] = ()) -> str:
    """Apache .htaccess for the web root, which must be the DocumentRoot (mod_rewrite,
    mod_headers, mod_mime, mod_dir; AllowOverride All)."""
    ext_alt = "|".join(f.extension for f in FORMATS)
    version = f"(?:{VERSIONS_DIR}/[0-9.]+/)?"
    out = [
        "# Apache config for the competency set, generated by `competentieset serverconf` / build.",
        f"# Base URI {base}/ is served at this web root, which must be the DocumentRoot.",
        "# Needs AllowOverride All, mod_rewrite, mod_headers, mod_mime and mod_dir. Negotiation:",
        "# the same rules as the nginx config (see competentieset/serving/serverconf.py for their limits).",
        "# The lookup API, /sparql and the exports' APIs (CASE items, associations, list",
        "# parameters) need the proxies of build/apache/competentieset.conf in the server config.",
        "# mod_rewrite in a .htaccess needs FollowSymLinks or SymLinksIfOwnerMatch; the server's",
        "# <Directory> may have neither (Options None): turn the narrower one on here",
        "Options -MultiViews -Indexes +SymLinksIfOwnerMatch",
        "DirectoryIndex index.html",
        "# doc/def is a document and a folder (doc/def/<Term>): add slashes ourselves, below",
        "DirectorySlash Off",
        "",
    ]
    for f in FORMATS:
        out.append(f"AddType {f.media_type} .{f.extension}")
        if "charset" in content_type(f):
            out.append(f"AddCharset utf-8 .{f.extension}")
    out += [
        "AddType application/n-quads .nq",
        *[f"AddType {ctype} .{ext}" for ext, ctype in sorted(media_types().items())
          if ext not in {f.extension for f in FORMATS}],
        "AddCharset utf-8 .nq",
        'ErrorDocument 406 "406 Not Acceptable. This document is available as: '
        + ", ".join(f.media_type for f in FORMATS) + '"',
        "# unknown URLs: the site's own 404 page, English under /en/",
        "ErrorDocument 404 /404.html",
        '<If "%{REQUEST_URI} =~ m#^/en(/|$)#">',
        "    ErrorDocument 404 /en/404.html",
        "</If>",
        "",
        "RewriteEngine On",
        "# hidden files (this one, .git) are never served",
        "RewriteRule (^|/)\\. - [R=404,L]",
        "# OPTIONS (CORS preflight) and methods other than GET and HEAD",
        "RewriteCond %{REQUEST_METHOD} =OPTIONS",
        "RewriteRule ^ - [R=204,L]",
        "RewriteCond %{REQUEST_METHOD} !^(GET|HEAD)$",
        "RewriteRule ^ - [R=405,L]",
        "",
        *[line for module in services() for line in module.apache_rules()],
        "# folders of the site get their slash (what DirectorySlash would do), documents not",
        "RewriteCond %{REQUEST_FILENAME} -d",
        f"RewriteRule ^(?!{version}doc/)(.+[^/])$ /$1/ [R=301,L]",
        "",
        "# id and def URIs: 303 See Other to the document (keeping an extension)",
        "RewriteCond %{DOCUMENT_ROOT}/$1doc/$2.ttl -f",
        f"RewriteRule ^({version})id/([a-z0-9./-]+?)(\\.(?:{ext_alt}))?$ /$1doc/$2$3 [R=303,L]",
        "RewriteCond %{DOCUMENT_ROOT}/$1doc/def.ttl -f",
        f"RewriteRule ^({version})def/?$ /$1doc/def [R=303,L]",
        "RewriteCond %{DOCUMENT_ROOT}/$1doc/def/$2.ttl -f",
        f"RewriteRule ^({version})def/([A-Za-z0-9]+)(\\.(?:{ext_alt}))?$ /$1doc/def/$2$3 [R=303,L]",
        "",
        "# a representation by extension: remember the document for the Link header",
        f"RewriteRule ^({version}doc/(?!download/)[A-Za-z0-9./-]+?)\\.(?:{ext_alt})$ - [E=CS_DOC:$1]",
        "",
        "# documents: negotiate on Accept (first matching rule wins)",
    ]
    doc_re = (f"^({version}doc/(?!download/)(?![A-Za-z0-9./-]*\\.(?:{ext_alt})$)"
              "[A-Za-z0-9./-]+)$")
    for regex, ext in accept_rules():
        out.append(f'RewriteCond "%{{HTTP_ACCEPT}}" "{regex}" [NC]')
        if ext == "406":
            out.append(f"RewriteRule {doc_re} - [R=406,L]")
        else:
            out.append(f"RewriteRule {doc_re} $1.{ext} [L,E=CS_NEGOTIATED:$1.{ext},E=CS_DOC:$1]")
    out.append(f"RewriteRule {doc_re} $1.html [L,E=CS_NEGOTIATED:$1.html,E=CS_DOC:$1]")
    out += [
        "",
        "<IfModule mod_headers.c>",
        '  Header always set Access-Control-Allow-Origin "*"',
        f'  Header always set Access-Control-Expose-Headers "{EXPOSE}"',
        '  Header always set Access-Control-Allow-Methods "GET, HEAD, OPTIONS"',
        '  Header always set Access-Control-Allow-Headers "Accept, Accept-Language, Content-Type, If-None-Match, If-Modified-Since"',
        '  Header always set Allow "GET, HEAD, OPTIONS"',
        '  Header always set X-Content-Type-Options "nosniff"',
        '  Header always set Referrer-Policy "strict-origin-when-cross-origin"',
        f'  Header always set Content-Security-Policy "{CSP}" "expr=%{{CONTENT_TYPE}} =~ m#^text/html#"',
        f'  Header always set Vary "Accept" "expr=%{{REQUEST_URI}} =~ m#^/{version}(id|def)(/|$)#"',
        "  # Cache-Control of files: short for the latest, long and immutable for a release",
        f'  Header set Cache-Control "{CACHE_RELEASE}" "expr=%{{REQUEST_URI}} =~ m#^/{VERSIONS_DIR}/[0-9]#"',
        f'  Header set Cache-Control "{CACHE_LATEST}" "expr=!(%{{REQUEST_URI}} =~ m#^/{VERSIONS_DIR}/[0-9]#)"',
        '  Header always set Vary "Accept" env=REDIRECT_CS_NEGOTIATED',
        '  Header always set Content-Location "/%{REDIRECT_CS_NEGOTIATED}e" env=REDIRECT_CS_NEGOTIATED',
        f'  Header always set Link "{_apache_links("REDIRECT_CS_DOC")}" env=REDIRECT_CS_DOC',
        f'  Header always set Link "{_apache_links("CS_DOC")}" env=CS_DOC',
    ]
    if deprecated:
        out.append("  # deprecated resources: say what replaced them")
        for dep in deprecated:
            link = ", ".join(f'<{s}>; rel=\\"successor-version\\"' for s in dep.successors)
            out.append(f'  <If "%{{REQUEST_URI}} =~ m#^{dep.doc_path}(\\.[a-z]+)?$#">')
            out.append(f'    Header always add Link "{link}"')
            out.append("  </If>")
    out += ["</IfModule>", ""]
    return "\n".join(out)


def apache_conf(base: str, *, app: str = DEFAULT_APP, sparql: str = DEFAULT_SPARQL,
                sparql_path: str = DEFAULT_SPARQL_PATH) -> str:
    """Apache server config (Include it in the VirtualHost whose DocumentRoot is the web
    root): the proxies a .htaccess cannot hold, to the embedded server (lookup API, known
    labels, OpenAPI, the exports' APIs) and to a SPARQL server; the files and negotiation stay
    in the web root's .htaccess. Needs mod_proxy, mod_proxy_http and mod_rewrite."""
    return "\n".join([
        "# Apache server config for the competency set, generated by `competentieset serverconf` / build.",
        f"# Base URI {base}/ is served at the DocumentRoot (the web root, with its .htaccess).",
        "# Include it inside that VirtualHost (or the main server config). Needs mod_proxy,",
        "# mod_proxy_http and mod_rewrite. Change the two upstreams to your installation: the",
        f"# embedded server (`competentieset serve`, here {app}) and a read-only SPARQL server",
        f"# (here http://{sparql}{sparql_path}). Proxied requests do not read the .htaccess: the",
        "# embedded server sets its own CORS and security headers.",
        "ProxyRequests Off",
        f"ProxyPass \"/api/\" \"http://{app}/api/\"",
        f"ProxyPass \"/label/\" \"http://{app}/label/\"",
        f"ProxyPass \"/openapi.json\" \"http://{app}/openapi.json\"",
        f"ProxyPass \"/sparql\" \"http://{sparql}{sparql_path}\"",
        "RewriteEngine On",
        *[line for module in services() for line in module.apache_proxy(app)],
        "",
    ])


def w3id_htaccess(base: str, target: str = W3ID_TARGET_PLACEHOLDER) -> str:
    """The .htaccess for the w3id.org repository folder of the base URI's path."""
    from urllib.parse import urlsplit

    folder = urlsplit(base).path.strip("/")
    return "\n".join([
        f"# w3id.org/{folder}: persistent URIs of the competency set for public leaders.",
        f"# Put this file in the w3id.org repository as {folder}/.htaccess (a pull request).",
        "# It forwards every URI to the publication server, which answers id URIs with 303 and",
        "# negotiates documents. Replace the target below with the publication's address"
        + (" (it is a placeholder)." if target == W3ID_TARGET_PLACEHOLDER else "."),
        "Options +FollowSymLinks",
        "RewriteEngine on",
        "# keep the Accept header's variants apart in caches",
        'Header always set Vary "Accept"',
        f"RewriteRule ^$ {target.rstrip('/')}/ [R=302,L]",
        f"RewriteRule ^(.*)$ {target.rstrip('/')}/$1 [R=302,L,NE]",
        "",
    ])


def write(ctx, *, target: str = W3ID_TARGET_PLACEHOLDER, app: str = DEFAULT_APP,
          sparql: str = DEFAULT_SPARQL, sparql_path: str = DEFAULT_SPARQL_PATH) -> list[Path]:
    """Write the four configs. ctx: .project (Project), .webroot (the staging web root,
    already holding doc/download/competentieset.nq or .nt) and .build_dir (build/);
    optionally .store, a pyoxigraph store of the vocabulary to take the deprecations from
    (else they are read from the web root's dataset)."""
    base = ctx.project.base
    webroot = Path(ctx.webroot)
    store = getattr(ctx, "store", None)  # the build passes its vocabulary's store
    if store is not None:
        deprecated = deprecations_in(store, base)
    else:
        deprecated = deprecations(webroot, base) if webroot.is_dir() else []
    written = []
    for path, text in (
        (Path(ctx.build_dir) / NGINX_FILE, nginx_conf(base, deprecated=deprecated, app=app,
                                                      sparql=sparql, sparql_path=sparql_path)),
        (webroot / ".htaccess", htaccess(base, deprecated)),
        (Path(ctx.build_dir) / APACHE_FILE, apache_conf(base, app=app, sparql=sparql,
                                                        sparql_path=sparql_path)),
        (Path(ctx.build_dir) / W3ID_FILE, w3id_htaccess(base, target)),
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
