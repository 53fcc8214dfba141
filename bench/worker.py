"""Peak memory of a real Celery worker, and its pool child, while it runs a full rebuild.

The worker listens on a queue of its own on the Redis broker, so no other worker takes the
task and this worker takes no one else's. Its RSS (VmRSS in /proc, main process plus every
descendant) is sampled every 100 ms until the rebuild's RollupRun finishes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CELERY = ROOT / ".venv" / "bin" / "celery"
SAMPLE_SECONDS = 0.1


def _status_kb(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as children:
                for child in children.read().split():
                    found.append(int(child))
                    found += _descendants(int(child))
        except FileNotFoundError:
            continue
    return found


@dataclass
class MemoryPeak:
    total_mb: float  # the largest sampled sum over the worker and its pool
    largest_process_mb: float  # the largest VmHWM of any one of them
    samples: int
    seconds: float


class CeleryWorker:
    """`celery -A coproduction worker --concurrency=1` on a queue of its own."""

    def __init__(self, environment: dict[str, str], *, queue: str) -> None:
        self.environment = environment
        self.queue = queue
        self.process: subprocess.Popen | None = None
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - lives as long as the worker
            prefix="bench-celery-", suffix=".log", delete=False
        )

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                str(CELERY), "-A", "coproduction", "worker",
                "--concurrency=1", "--pool=prefork", "-Q", self.queue,
                "-n", f"{self.queue}@%h", "--without-gossip", "--without-mingle",
                "--without-heartbeat", "--loglevel=INFO",
            ],
            cwd=ROOT, env=self.environment, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the Celery worker exited; see {self.log.name}")
            if b" ready." in Path(self.log.name).read_bytes():
                return
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"the Celery worker did not become ready; see {self.log.name}")

    def stop(self) -> None:
        """Warm shutdown (SIGTERM) of the worker this object started; SIGKILL if it hangs."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def send_until_started(
        self, broker: str, task_name: str, *, started: Callable[[], bool], attempts: int = 3
    ) -> None:
        """Send the task by name to this worker's queue (declared first) and wait until it has
        started; send again if it has not within a minute (another Redis client may have
        flushed the database between the worker's start and the message)."""
        from celery import Celery
        from kombu import Connection, Exchange, Queue

        for _ in range(attempts):
            # An explicit connection: Celery would prefer this process's CELERY_BROKER_URL.
            with Connection(broker) as connection, Celery("bench", set_as_current=False) as app:
                queue = Queue(self.queue, Exchange(self.queue, "direct"), routing_key=self.queue)
                queue(connection.default_channel).declare()
                app.send_task(task_name, queue=self.queue, connection=connection)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if started():
                    return
                if self.process is not None and self.process.poll() is not None:
                    raise SystemExit(f"the Celery worker died; see {self.log.name}")
                time.sleep(0.2)
        raise SystemExit(f"the Celery worker never started {task_name}; see {self.log.name}")

    def peak_while(self, running: Callable[[], bool], *, timeout: float) -> MemoryPeak:
        """Sample until `running()` turns false (checked every half second)."""
        assert self.process is not None
        started = time.monotonic()
        peak_total, samples, hwm = 0, 0, {}
        next_check = started
        while True:
            now = time.monotonic()
            pids = [self.process.pid, *_descendants(self.process.pid)]
            total = sum(_status_kb(pid, "VmRSS") for pid in pids)
            for pid in pids:
                hwm[pid] = max(hwm.get(pid, 0), _status_kb(pid, "VmHWM"))
            peak_total = max(peak_total, total)
            samples += 1
            if now >= next_check:
                next_check = now + 0.5
                if not running():
                    break
                if self.process.poll() is not None:
                    raise SystemExit(f"the Celery worker died; see {self.log.name}")
                if now - started > timeout:
                    raise SystemExit("the rebuild in the Celery worker did not finish in time")
            time.sleep(SAMPLE_SECONDS)
        return MemoryPeak(
            total_mb=peak_total / 1024,
            largest_process_mb=max(hwm.values(), default=0) / 1024,
            samples=samples,
            seconds=time.monotonic() - started,
        )
