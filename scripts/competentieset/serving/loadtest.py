"""A small, bounded HTTP/1.1 load client (asyncio, keep-alive), for tests and benchmarks.

Sends exactly `total` GET requests over `concurrency` persistent connections to one
loopback server, cycling through the given (path, headers) requests, and reports the
status counts, errors, requests per second and latency percentiles. Not a general HTTP
client: it reads Content-Length bodies only (every response of ours has one, nginx's too,
except chunked ones, which count as errors here).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class LoadResult:
    requests: int
    seconds: float
    statuses: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


async def _connection(host, port, requests, count, result: LoadResult, timeout: float):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        for i in range(count):
            raw = requests[i % len(requests)]
            start = time.perf_counter()
            writer.write(raw)
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
            status_line, _, rest = head.partition(b"\r\n")
            status = int(status_line.split(b" ", 2)[1])
            length = None
            for line in rest.split(b"\r\n"):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
                elif name.strip().lower() == b"transfer-encoding":
                    raise ValueError("chunked response")
            if length:
                await asyncio.wait_for(reader.readexactly(length), timeout)
            result.latencies.append(time.perf_counter() - start)
            result.statuses[status] += 1
    except (TimeoutError, OSError, ValueError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as exc:
        result.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        writer.close()


def run(host: str, port: int, requests: list[tuple[str, dict[str, str]]], total: int = 20_000,
        concurrency: int = 64, timeout: float = 10.0) -> LoadResult:
    """Send `total` requests at `concurrency`; returns when all are answered or failed."""
    raws = []
    for path, headers in requests:
        lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        raws.append(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
    per_connection = [total // concurrency + (1 if i < total % concurrency else 0) for i in range(concurrency)]
    result = LoadResult(requests=0, seconds=0.0)

    async def main():
        await asyncio.gather(*(
            _connection(host, port, raws[i % len(raws):] + raws[:i % len(raws)], n, result, timeout)
            for i, n in enumerate(per_connection) if n))

    start = time.perf_counter()
    asyncio.run(main())
    result.seconds = time.perf_counter() - start
    result.requests = sum(result.statuses.values())
    return result
