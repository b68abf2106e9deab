"""A bounded load run on loopback: 20,000 requests at concurrency 64, no errors."""

from __future__ import annotations

from urllib.parse import urlsplit

from competentieset.serving import loadtest

REQUESTS = [
    ("/id/competentie/reflecteren", {"Accept": "text/turtle"}),
    ("/doc/competentie/reflecteren", {"Accept": "text/turtle"}),
    ("/doc/competentie/reflecteren", {"Accept": "application/ld+json"}),
    ("/doc/gedragsindicator/reflecteren-1", {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}),
    ("/doc/competentie/stressbestendigheid.jsonld", {}),
]


def test_load_run_has_no_errors(server):
    url = urlsplit(server.url)
    result = loadtest.run(url.hostname, url.port, REQUESTS, total=20_000, concurrency=64)
    print(f"{server.kind}: {result.rate:.0f} req/s, p99 {result.percentile(99) * 1000:.1f} ms")
    assert not result.errors, result.errors[:5]
    assert result.requests == 20_000
    assert set(result.statuses) == {200, 303}, result.statuses
    # the client rotates through REQUESTS per connection; only the first is a 303
    per_connection = [20_000 // 64 + (1 if i < 20_000 % 64 else 0) for i in range(64)]
    expected = sum(1 for i, n in enumerate(per_connection) for j in range(n) if (i + j) % len(REQUESTS) == 0)
    assert result.statuses[303] == expected
