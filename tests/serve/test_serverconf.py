"""The generated production configs: written by write(ctx), valid for nginx, deterministic,
and the Accept rules they share agree with conneg on the cases they are meant for."""

from __future__ import annotations

import re
import shutil
import subprocess
from types import SimpleNamespace

import pytest
from competentieset.model.config import load_project
from competentieset.publication.formats import FORMATS
from competentieset.serving import conneg, serverconf
from serve_helpers import DEPRECATED, SUCCESSOR
from test_http import ACCEPT_TABLE, NGINX_DIFFERS

from tests import tools


def first_rule(accept: str) -> str:
    for regex, ext in serverconf.accept_rules():
        if re.search(regex, accept, re.IGNORECASE):
            return ext
    return "html"


@pytest.mark.parametrize("accept", list(ACCEPT_TABLE) + ["text/html;q=0, image/png", "*/*;q=0", "text/html;q=0"])
def test_accept_rules_agree_with_the_table(accept):
    expected = ACCEPT_TABLE.get(accept, "406")
    assert first_rule(accept) == NGINX_DIFFERS.get(accept, expected)


@pytest.mark.parametrize("accept", list(ACCEPT_TABLE))
def test_conneg_agrees_with_the_table(accept):
    assert conneg.choose(accept).extension == ACCEPT_TABLE[accept]


def test_accept_rules_agree_with_conneg_on_random_headers():
    """Seeded random headers of up to four ranges (our types, wildcards, others), q given to
    one decimal or implied: the regex list answers as conneg does. The one documented
    exception (serverconf.py): both type wildcards refused with */* allowed."""
    import random

    types = ["text/html", "text/turtle", "application/ld+json", "application/json",
             "application/n-triples", "application/rdf+xml", "text/csv", "*/*", "text/*",
             "application/*", "image/png", "application/xml", "text/plain"]
    qs = [None] + [f"0.{d}" for d in range(10)] + ["1", "0"]
    rng = random.Random(20261206)
    differ = []
    for _ in range(3000):
        parts = [t if q is None else f"{t};q={q}"
                 for t, q in ((t, rng.choice(qs)) for t in rng.sample(types, rng.randint(1, 4)))]
        accept = ", ".join(parts)
        if re.search(r"application/\*;q=0(?:\.0)?(?:,|$)", accept) and \
                re.search(r"text/\*;q=0(?:\.0)?(?:,|$)", accept):
            continue
        chosen = conneg.choose(accept)
        expected = "406" if chosen is None else chosen.extension
        if first_rule(accept) != expected:
            differ.append((accept, first_rule(accept), expected))
    assert differ == []


def test_accept_rules_cover_every_format():
    for fmt in FORMATS:
        assert first_rule(fmt.media_type) == fmt.extension
        assert first_rule(f"{fmt.media_type};q=0.5, image/png") == fmt.extension


def write(tmp_path, webroot):
    proj = load_project(webroot.project)
    stage = tmp_path / "www"
    shutil.copytree(webroot.path, stage, symlinks=True)
    ctx = SimpleNamespace(project=proj, webroot=stage, build_dir=tmp_path)
    return serverconf.write(ctx), stage


def test_write_produces_the_four_configs(tmp_path, webroot):
    written, stage = write(tmp_path, webroot)
    assert written == [tmp_path / "nginx/competentieset.conf", stage / ".htaccess",
                       tmp_path / "apache/competentieset.conf", tmp_path / "w3id/.htaccess"]
    nginx = written[0].read_text()
    assert "return 303 $cs_target$ext;" in nginx
    assert f'"/doc/{DEPRECATED}" "</id/{SUCCESSOR}>; rel=\\"successor-version\\""' in nginx
    htaccess = written[1].read_text()
    assert "[R=303,L]" in htaccess and "RewriteCond \"%{HTTP_ACCEPT}\"" in htaccess
    # the Apache server config: the proxies, to the default upstreams (README, Production)
    apache = written[2].read_text().splitlines()
    for line in ('ProxyPass "/api/" "http://127.0.0.1:8000/api/"',
                 'ProxyPass "/label/" "http://127.0.0.1:8000/label/"',
                 'ProxyPass "/openapi.json" "http://127.0.0.1:8000/openapi.json"',
                 'ProxyPass "/sparql" "http://127.0.0.1:7878/query"',
                 'ProxyPassMatch "^/ims/case/(v1p[01])/(CFItems|CFAssociations|CFItemAssociations|'
                 'CFConcepts|CFSubjects|CFAssociationGroupings|CFRubrics)/([A-Za-z0-9-]+)$" '
                 '"http://127.0.0.1:8000/ims/case/$1/$2/$3"',
                 'RewriteRule "^/ims/case/(v1p[01])/CFDocuments$" '
                 '"http://127.0.0.1:8000/ims/case/$1/CFDocuments" [P,L]'):
        assert line in apache, line
    w3id = written[3].read_text()
    base_path = webroot.base.split("://", 1)[1].split("/", 1)[1]
    assert f"w3id.org/{base_path}" in w3id or base_path in w3id
    assert serverconf.W3ID_TARGET_PLACEHOLDER in w3id and "placeholder" in w3id
    # deterministic: a second run writes the same bytes
    again, _ = write(tmp_path / "again", webroot)
    for a, b in zip(written, again, strict=True):
        assert a.read_bytes() == b.read_bytes()
    # and the same bytes as the build wrote
    build_dir = webroot.path.parent
    from_build = [build_dir / serverconf.NGINX_FILE, webroot.path / ".htaccess",
                  build_dir / serverconf.APACHE_FILE, build_dir / serverconf.W3ID_FILE]
    for path, built in zip(written, from_build, strict=True):
        assert path.read_bytes() == built.read_bytes(), built


def test_generated_nginx_config_passes_nginx_t(tmp_path, webroot):
    nginx = tools.require("nginx")
    written, _ = write(tmp_path, webroot)
    main = tmp_path / "nginx.conf"
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / sub).mkdir()
    main.write_text(f"""pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;
events {{}}
http {{ client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy;
fastcgi_temp_path {tmp_path}/fastcgi; uwsgi_temp_path {tmp_path}/uwsgi; scgi_temp_path {tmp_path}/scgi;
include {written[0]}; }}
""")
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(main)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_serverconf_command(tmp_path, webroot):
    from competentieset import cli

    stage = tmp_path / "www"
    shutil.copytree(webroot.path, stage, symlinks=True)
    code = cli.main(["serverconf", "--webroot", str(stage), "--build-dir", str(tmp_path),
                     "--w3id-target", "https://competenties.voorbeeld.test"])
    assert code == 0
    assert "https://competenties.voorbeeld.test/$1" in (tmp_path / "w3id/.htaccess").read_text()
    assert (stage / ".htaccess").is_file() and (tmp_path / "nginx/competentieset.conf").is_file()


def test_serverconf_command_sets_the_upstreams(tmp_path, webroot, capsys):
    """--app, --sparql and --sparql-path go into both server configs (operators need not edit
    copies); a malformed address is refused with what to give instead, writing nothing."""
    from competentieset import cli

    stage = tmp_path / "www"
    shutil.copytree(webroot.path, stage, symlinks=True)
    common = ["serverconf", "--webroot", str(stage), "--build-dir", str(tmp_path)]
    assert cli.main(common + ["--app", "10.1.2.3:9000", "--sparql", "sparql.intern:3030",
                              "--sparql-path", "/ds/query"]) == 0
    nginx = (tmp_path / "nginx/competentieset.conf").read_text().splitlines()
    assert "upstream competentieset_app { server 10.1.2.3:9000; keepalive 16; }" in nginx
    assert "upstream competentieset_sparql { server sparql.intern:3030; keepalive 16; }" in nginx
    assert "        proxy_pass http://competentieset_sparql/ds/query;" in nginx
    apache = (tmp_path / "apache/competentieset.conf").read_text().splitlines()
    assert 'ProxyPass "/api/" "http://10.1.2.3:9000/api/"' in apache
    assert 'ProxyPass "/sparql" "http://sparql.intern:3030/ds/query"' in apache
    before = (tmp_path / "apache/competentieset.conf").read_bytes()
    capsys.readouterr()
    assert cli.main(common + ["--app", "http://10.1.2.3:9000/"]) == 2
    assert capsys.readouterr().err == (
        "serverconf: --app 'http://10.1.2.3:9000/' is not HOST:PORT (e.g. 127.0.0.1:8000); "
        "give the address without http:// and without a path\n")
    assert cli.main(common + ["--sparql-path", "query"]) == 2
    assert capsys.readouterr().err == (
        "serverconf: --sparql-path 'query' must be a path starting with / (e.g. /query)\n")
    assert (tmp_path / "apache/competentieset.conf").read_bytes() == before


def test_deprecations_from_the_store_match_the_lookup_index(webroot):
    """The build takes the deprecations from its vocabulary's store (no web-root index);
    they must be the resources the lookup API marks deprecated, with their successors."""
    from competentieset.serving.lookup import Lookup, _load_store
    from competentieset.serving.webroot import Webroot

    dataset = Webroot(webroot.path).dataset()
    lookup = Lookup(dataset, webroot.base)
    prefix = webroot.base + "/"
    expected = {
        uri[len(prefix) - 1:]: [s[len(prefix) - 1:] if s.startswith(prefix) else s for s in res.replaced_by]
        for uri, res in lookup.resources.items() if res.deprecated or res.replaced_by
    }
    assert expected, "the fixture has a deprecated resource"
    found = serverconf.deprecations_in(_load_store(dataset), webroot.base)
    assert {d.doc_path.replace("/doc/", "/id/", 1): list(d.successors) for d in found} == expected
    assert found == serverconf.deprecations(webroot.path, webroot.base)
