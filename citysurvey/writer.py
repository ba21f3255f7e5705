"""Stage files made on a background process while the next stages run.

The analysis runs on one core; the charts and workbooks of its stages (a third of a
demo run) feed no later stage. A stage hands them over as :class:`~citysurvey.stage.Later`;
:class:`OutputWriter` makes each on a worker process (from the report's fork server, so the
plotting and workbook modules are loaded once) and writes it atomically into the staging
folder. :meth:`OutputWriter.settle` waits for them: before a stage that reads the folder,
and before the manifest hashes it. Bytes come out the same as made in-process.

>>> import tempfile
>>> target = Path(tempfile.mkdtemp()) / "a.txt"
>>> with OutputWriter(workers=0) as writer:                     # 0: made here, at once
...     writer.write(target, Later(bytes.fromhex, ("4f4b",)))
>>> target.read_bytes()
b'OK'
"""
from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

from .stage import Later, file_bytes, usable_cores
from .textio import write_bytes_atomic


def background_workers() -> int:
    """A worker for each core beside the analysis's own, else none (made in the analysis's own process).

    On the demo the charts and workbooks take about as much CPU as the analysis itself, so on two
    cores one worker keeps pace with it; a second one only competes with the analysis.
    """
    return max(0, usable_cores() - 1)


def _make_and_write(content: Later, path: str) -> None:
    write_bytes_atomic(path, content())


class OutputWriter:
    """Writes stage files: bytes at once, a :class:`Later` on a worker (``workers=0``: at once too)."""

    def __init__(self, workers: int | None = None):
        self.workers = background_workers() if workers is None else workers
        self._pool = None
        self._pending: list[Future] = []
        self._queued: list[tuple[Later, str]] = []  # handed over before the workers were up
        self._starting = None
        if self.workers > 0:
            import threading

            # the workers' first start waits for the fork server to import its modules (seconds): on a
            # thread, while the analysis reads the data, instead of at the first chart
            self._starting = threading.Thread(target=self._start, name="output-writer-start", daemon=True)
            self._starting.start()

    def _start(self) -> None:
        from concurrent.futures import ProcessPoolExecutor

        from .report.workers import process_context

        pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=process_context())
        try:
            pool.submit(int).result()  # starts the server and a worker
        except Exception:  # noqa: BLE001 — no background process here: files are made in this process
            pool.shutdown(wait=False)
            return
        self._pool = pool

    def write(self, path: Path, content: bytes | Later) -> None:
        if not isinstance(content, Later) or self.workers == 0:
            write_bytes_atomic(path, file_bytes(content))
            return
        self._queued.append((content, str(path)))
        if self._starting is None or not self._starting.is_alive():  # never wait for the workers to start
            self._submit()

    def _submit(self) -> None:
        """Hand the queued files to the workers, or make them here when none could start."""
        pool = self._executor()
        queued, self._queued = self._queued, []
        for content, path in queued:
            if pool is None:
                _make_and_write(content, path)
            else:
                self._pending.append(pool.submit(_make_and_write, content, path))

    def _executor(self):
        if self._starting is not None:
            self._starting.join()
            self._starting = None
        return self._pool

    def settle(self) -> None:
        """Wait until every file handed over is written; the first failure is raised."""
        self._submit()
        pending, self._pending = self._pending, []
        for future in pending:
            future.result()

    def __enter__(self) -> "OutputWriter":
        return self

    def __exit__(self, exc_type, *exc) -> None:
        self._executor()
        if self._pool is not None:
            # on failure nothing more is written into a staging folder about to be removed
            self._pool.shutdown(wait=True, cancel_futures=exc_type is not None)
            self._pool = None
