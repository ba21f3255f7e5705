"""Shared helpers for the benchmarks: synthetic city survey data, timing, R calls."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

DISTRICTS = [f"D{i:02d}" for i in range(10)]
AGES = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
SEXES = ["M", "F"]
HUKOU = ["local", "migrant"]
INCOME = ["I1", "I2", "I3", "I4", "I5"]
VARS = {"district": DISTRICTS, "age_band": AGES, "sex": SEXES, "hukou": HUKOU, "income_band": INCOME}


def synthetic_sample(n: int, seed: int = 1) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    """n respondents with skewed representation, base weights and population margins (N = 20 million)."""
    rng = np.random.default_rng(seed)
    data = {}
    targets = {}
    for v, levels in VARS.items():
        k = len(levels)
        pop_share = rng.dirichlet(np.full(k, 8.0))
        samp_share = pop_share * rng.uniform(0.6, 1.6, k)
        samp_share /= samp_share.sum()
        data[v] = pd.Categorical.from_codes(rng.choice(k, n, p=samp_share), categories=levels)
        targets[v] = pd.Series(pop_share * 20_000_000, index=levels)
    df = pd.DataFrame(data)
    df["w0"] = rng.lognormal(0, 0.3, n) * 20_000_000 / n
    return df, targets


def timed(fn, repeat: int = 3):
    """Median wall time of ``repeat`` calls and the last result."""
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return float(np.median(times)), out


def max_margin_error(df: pd.DataFrame, w: np.ndarray, targets: dict[str, pd.Series]) -> float:
    err = 0.0
    for v, t in targets.items():
        got = pd.Series(w).groupby(df[v].to_numpy(), observed=False).sum().reindex(t.index)
        err = max(err, float(np.max(np.abs(got.to_numpy() / t.to_numpy() - 1))))
    return err


def have_r() -> bool:
    if not shutil.which("Rscript"):
        return False
    return subprocess.run(["Rscript", "-e", "library(survey)"], capture_output=True).returncode == 0


def run_r(script: str, workdir: Path) -> str:
    path = workdir / "bench.R"
    path.write_text(script, encoding="utf-8")
    res = subprocess.run(["Rscript", str(path)], capture_output=True, text=True, cwd=workdir)
    if res.returncode != 0:
        raise RuntimeError(res.stderr[-2000:])
    return res.stdout


def tmpdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="citysurvey_bench_"))


def report(rows: list[dict], ours: str = "citysurvey") -> None:
    tab = pd.DataFrame(rows)
    base = tab.loc[tab["method"] == ours, "seconds"].iloc[0]
    tab["ratio_vs_citysurvey"] = tab["seconds"] / base
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.float_format", "{:.4g}".format):
        print(tab.to_string(index=False))


class CpuMeter:
    """CPU seconds (user + system) of a process and of every process under it, sampled from a thread.

    Waited-for children count in their parent's rusage (``children_*``), but a process that is never
    waited for by the one that started it (a fork server and the workers it reaps, a Dask worker's
    fork server left to init when the worker ends) would be missed that way, and sampling alone
    misses the processes shorter than a sample (pandoc). So every process of the tree is read from
    /proc (psutil) every `interval` s, with both its own and its reaped children's times, and a
    process seen to end while its parent lives is taken out again: its parent's ``children_*`` now
    hold it exactly (a zombie parent reaps nothing: its orphans are counted as sampled). Processes
    that ran before the meter started count from their times then. A sample of a hundred processes
    costs about 5 ms of the meter's own process, so 0.2 s takes 2-3% of a core from the machine.

    `reaper`: the root is a child of this process that this process will wait for (``Popen``); its
    own sampled times are replaced by this process's ``RUSAGE_CHILDREN`` growth, which is exact.
    """

    def __init__(self, pid: int, *, interval: float = 0.2, reaper: bool = False):
        import resource
        import threading

        self.pid, self.interval, self.reaper = pid, interval, reaper
        self._kids0 = self._own_children() if reaper else 0.0
        self.first: dict[tuple, float] = {}  # (pid, start time) → CPU at the first sample
        self.last: dict[tuple, float] = {}  # … at the last sample
        self.parent: dict[tuple, tuple | None] = {}
        self.seen_at: dict[tuple, int] = {}  # sample number of the last sighting
        self.alive_at: dict[tuple, int] = {}  # … of the last sighting not as a zombie (one that can still reap)
        self.samples = 0
        self._resource = resource
        self._stop = threading.Event()
        self._sample_once(initial=True)
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    @staticmethod
    def _own_children() -> float:
        import resource

        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        return r.ru_utime + r.ru_stime

    def _sample_once(self, initial: bool = False) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
            procs = [root] + root.children(recursive=True)
        except psutil.Error:
            return
        keys = {}
        for p in procs:
            try:
                with p.oneshot():
                    key = (p.pid, p.create_time())
                    t = p.cpu_times()
                    ppid = p.ppid()
                    zombie = p.status() == psutil.STATUS_ZOMBIE
            except psutil.Error:
                continue
            keys[p.pid] = key
            value = t.user + t.system + t.children_user + t.children_system
            # a process first seen after the start began with nothing; one running at the start counts from then
            self.first.setdefault(key, value if initial else 0.0)
            self.last[key] = value
            self.seen_at[key] = self.samples
            if not zombie:
                self.alive_at[key] = self.samples
            self.parent[key] = ppid
        for key, ppid in list(self.parent.items()):
            if isinstance(ppid, int):  # the parent's key, once known
                self.parent[key] = keys.get(ppid, ("gone", ppid))
        self.samples += 1

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample_once()

    def stop(self) -> float:
        """Total CPU seconds of the tree since the start."""
        self._stop.set()
        self._thread.join()
        self._sample_once()
        total = 0.0
        root = next((k for k in self.last if k[0] == self.pid), None)
        for key, value in self.last.items():
            used = value - self.first[key]
            parent = self.parent.get(key)
            ended = self.seen_at[key] < self.samples - 1
            # ended while its parent lived (seen later, and not as a zombie, which reaps nothing): the parent's
            # children_* hold it in full
            if ended and parent in self.alive_at and self.alive_at[parent] > self.seen_at[key]:
                continue
            if key == root and self.reaper:
                continue
            total += used
        if self.reaper:
            total += self._own_children() - self._kids0
        return total
