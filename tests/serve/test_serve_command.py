"""`competentieset serve`: its options and what it prints on start."""

from __future__ import annotations

from competentieset import cli
from competentieset.commands.serve import urls_to_try
from competentieset.publication.formats import FORMATS
from competentieset.serving.server import create_app


def test_serve_is_a_command_with_its_options():
    parser = cli.build_parser()
    args = parser.parse_args(["serve", "--host", "0.0.0.0", "--port", "9000", "--webroot", "x",
                              "--access-log", "--sparql-timeout", "3", "--sparql-max-results", "7",
                              "--sparql-workers", "1"])
    assert (args.host, args.port, args.webroot, args.access_log) == ("0.0.0.0", 9000, "x", True)
    assert (args.sparql_timeout, args.sparql_max_results, args.sparql_workers) == (3.0, 7, 1)
    args = parser.parse_args(["serve"])
    assert (args.host, args.port, args.webroot, args.access_log) == ("127.0.0.1", 8000, None, False)


def test_start_message_lists_urls_to_try(webroot):
    app = create_app(webroot.base, webroot.path)
    lines = "\n".join(urls_to_try(app, "127.0.0.1", 8000))
    assert "http://localhost:8000/" in lines
    for fmt in FORMATS:
        assert f"Accept: {fmt.media_type}" in lines
    assert "http://localhost:8000/sparql" in lines
    assert "/openapi.json" in lines


def test_missing_webroot_is_a_clear_error(tmp_path, capsys):
    code = cli.main(["serve", "--webroot", str(tmp_path / "nowhere")])
    assert code == 2
    assert "competentieset build" in capsys.readouterr().err
