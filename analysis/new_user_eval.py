"""Try citysurvey as a new user would on survey files it has never seen.

For every folder under SURVEYS holding one raw export (.csv, .xlsx or .sav) and optional
population tables, run ``citysurvey init`` → ``validate`` → ``run`` exactly as documented,
and for every file under BAD (a broken copy of a good export) run ``validate`` against the
study drafted from its good twin. Prints, for each step, whether it ended in a clear message
or a traceback, and the message's first lines; exits 1 if any step printed a traceback.

    python analysis/new_user_eval.py SURVEYS [--bad BAD] [--work DIR] [--render]
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

RAW = (".csv", ".xlsx", ".sav")
POP_HINTS = ("population", "人口", "margins", "yearbook")


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "citysurvey", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=1800)


def verdict(proc: subprocess.CompletedProcess) -> str:
    text = proc.stdout + proc.stderr
    if "Traceback (most recent call last)" in text:
        return "TRACEBACK"
    return "ok" if proc.returncode == 0 else "refused"


def first_lines(proc: subprocess.CompletedProcess, k: int = 6) -> str:
    lines = [ln for ln in (proc.stderr or proc.stdout).splitlines() if ln.strip()]
    return "\n      ".join(lines[:k])


def survey_files(folder: Path) -> tuple[Path | None, list[Path]]:
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in RAW)
    pops = [p for p in files if any(h in p.stem.lower() for h in POP_HINTS)]
    raws = [p for p in files if p not in pops]
    return (raws[0] if raws else None), pops


def header(path: Path) -> bytes:
    """The first line's bytes without a BOM: a broken copy keeps its export's header."""
    data = path.read_bytes()[:4096].removeprefix(b"\xef\xbb\xbf")
    return data.split(b"\n", 1)[0].rstrip(b"\r")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("surveys", type=Path)
    ap.add_argument("--bad", type=Path)
    ap.add_argument("--work", type=Path)
    ap.add_argument("--render", action="store_true", help="also render the reports (slow)")
    args = ap.parse_args()
    # run from the work folder, as a user would from their own project, not from the source tree
    work = (args.work or Path(tempfile.mkdtemp(prefix="citysurvey_newuser_"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    tracebacks = 0
    drafted: dict[str, Path] = {}
    raws: dict[str, Path] = {}
    for folder in sorted(p for p in args.surveys.iterdir() if p.is_dir() and p != args.bad):
        raw, pops = survey_files(folder)
        if raw is None:
            continue
        out = work / folder.name
        shutil.rmtree(out, ignore_errors=True)
        print(f"\n== {folder.name}: {raw.name} + {len(pops)} population table(s)")
        steps = [("init", ["init", str(raw.resolve()), *(str(p.resolve()) for p in pops), "--out", str(out)])]
        study = out / "study.yaml"
        steps += [("validate", ["validate", str(study)])]
        steps += [("run", ["run", str(study)] + ([] if args.render else ["--until", "diagnosis"]))]
        for name, argv in steps:
            proc = cli(*argv, cwd=work)
            v = verdict(proc)
            tracebacks += v == "TRACEBACK"
            print(f"  {name:9s} {v}")
            if v != "ok":
                print("      " + first_lines(proc))
                break
        drafted[folder.name] = study
        raws[folder.name] = raw
    if args.bad:
        print("\n== broken files (validated against the study drafted from the export they were copied from)")
        for bad in sorted(p for p in args.bad.iterdir() if p.suffix.lower() in RAW):
            twin = next((n for n, raw in raws.items() if header(raw) == header(bad)), None)
            if twin is None or not drafted[twin].exists():
                print(f"  {bad.name}: no drafted study of the same export to test it against")
                continue
            study = drafted[twin]
            config = yaml.safe_load(study.read_text(encoding="utf-8"))
            config["inputs"]["responses"] = str(bad.resolve())
            trial = study.parent / f"_bad_{bad.stem}.yaml"
            trial.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
            proc = cli("validate", str(trial), cwd=work)
            v = verdict(proc)
            tracebacks += v == "TRACEBACK"
            print(f"  {bad.name} (copy of {twin}): {v}\n      {first_lines(proc, 8)}")
    print(f"\n{tracebacks} traceback(s); outputs under {work}")
    return 1 if tracebacks else 0


if __name__ == "__main__":
    sys.exit(main())
