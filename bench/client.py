"""A small HTTP client for loopback measurements: latency samples, throughput, bulk posts.

Requests are pre-built bytes on a fresh connection each (gunicorn's sync workers close every
connection), so the client spends as little CPU as possible on the machine it shares with the
server. Every response must be a 200 (or the expected status), or the run stops.
"""

from __future__ import annotations

import json
import math
import socket
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Request:
    label: str
    raw: bytes


def build(
    port: int,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    method: str = "GET",
    body: bytes = b"",
    label: str = "",
) -> Request:
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body or method != "GET":
        lines.append(f"Content-Length: {len(body)}")
    return Request(label or path, ("\r\n".join(lines) + "\r\n\r\n").encode() + body)


def post_json(port: int, path: str, payload, *, headers: dict[str, str]) -> Request:
    body = json.dumps(payload).encode()
    return build(
        port, path, method="POST", body=body,
        headers={**headers, "Content-Type": "application/json", "Accept": "application/json"},
    )


def fetch(port: int, request: Request) -> tuple[int, bytes]:
    """Send one request; (status, whole response)."""
    with socket.create_connection(("127.0.0.1", port), timeout=600) as sock:
        sock.sendall(request.raw)
        chunks = []
        while True:
            data = sock.recv(262144)
            if not data:
                break
            chunks.append(data)
    response = b"".join(chunks)
    try:
        status = int(response[9:12])
    except ValueError:
        status = 0
    return status, response


def _check(request: Request, status: int, response: bytes, expected: int = 200) -> None:
    if status != expected:
        body = response.partition(b"\r\n\r\n")[2][:800].decode(errors="replace")
        raise SystemExit(f"{request.label}: expected {expected}, got {status}\n{body}")


def timed(port: int, request: Request, expected: int = 200) -> tuple[float, bytes]:
    started = time.perf_counter()
    status, response = fetch(port, request)
    elapsed = time.perf_counter() - started
    _check(request, status, response, expected)
    return elapsed, response


def latencies(
    port: int,
    requests: Sequence[Request],
    *,
    samples: int,
    warmup: int,
    seconds: float,
    at_least: int = 20,
) -> list[float]:
    """Seconds per request, one at a time, cycling through `requests` after a warm-up: up to
    `samples` of them, or as many as fit in `seconds` (but never fewer than `at_least`)."""
    started = time.perf_counter()
    for i in range(warmup):
        timed(port, requests[i % len(requests)])
        if time.perf_counter() - started > seconds / 4:
            break
    deadline = time.perf_counter() + seconds
    times: list[float] = []
    while len(times) < samples and (len(times) < at_least or time.perf_counter() < deadline):
        times.append(timed(port, requests[len(times) % len(requests)])[0])
    return times


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def throughput(
    port: int, requests: Sequence[Request], *, concurrency: int, seconds: float
) -> float:
    """Completed requests per second with `concurrency` clients for `seconds`."""
    completed = [0] * concurrency
    failures: list[BaseException] = []
    started = time.perf_counter()
    deadline = started + seconds

    def client(slot: int) -> None:
        i = slot
        try:
            while time.perf_counter() < deadline and not failures:
                request = requests[i % len(requests)]
                status, response = fetch(port, request)
                _check(request, status, response)
                completed[slot] += 1
                i += concurrency
        except BaseException as exc:  # noqa: BLE001 - re-raised below
            failures.append(exc)

    threads = [threading.Thread(target=client, args=(slot,)) for slot in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise failures[0]
    return sum(completed) / elapsed
