"""Same study, two versions of the code: are every analysis output byte-identical?

    python bench/large_identity.py --rows 50000                 # this tree against main
    python bench/large_identity.py --rows 50000 --base c6652e6  # against another commit
    python bench/large_identity.py --study /tmp/large/study.yaml --base main   # a study already made

The study is the large bench's (``bench_batch.make_large_study``: the demo city's respondents
resampled to ``--rows``, no charts). The base commit is exported with ``git archive`` into a
temporary folder (the repository and its worktrees are not touched); each version runs every
analysis stage (no rendering, as ``bench_batch.py --large``) in its own process, into its own output
folder, and the sha256 of every file under the two folders is compared (``manifest.json`` aside: it
holds timings and the output folder). Prints each differing file and exits 1 when any differs.
"""
from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

SKIP = {"manifest.json"}  # timings, start time and the output folder's path


def hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name not in SKIP}


def run(tree: Path, study: Path, out: Path) -> float:
    """Every analysis stage of ``study`` with the code in ``tree``, into ``out``; wall seconds."""
    cfg = yaml.safe_load(study.read_text(encoding="utf-8"))
    base = study.parent
    for key, value in cfg["inputs"].items():  # the copy lives elsewhere: inputs by absolute path
        if isinstance(value, str) and not Path(value).is_absolute() and (base / value).exists():
            cfg["inputs"][key] = str((base / value).resolve())
    cfg["output"]["dir"] = str(out)
    copy = out.parent / f"{out.name}.yaml"
    copy.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    t = time.perf_counter()
    subprocess.run([sys.executable, str(tree / "bench" / "bench_batch.py"), "--large-child", str(copy)],
                   check=True, stdout=subprocess.DEVNULL, cwd=tree)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=50_000, help="respondents of the generated study")
    ap.add_argument("--study", type=Path, default=None, help="an existing study.yaml instead of a generated one")
    ap.add_argument("--base", default="main", help="the commit to compare this tree against")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="large_identity_") as tmp:
        tmp = Path(tmp)
        if args.study is None:
            from bench_batch import make_large_study

            study = make_large_study(args.rows, tmp / "study")
        else:
            study = args.study.resolve()
        base_tree = tmp / "base"
        base_tree.mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", args.base], check=True, stdout=subprocess.PIPE)
        subprocess.run(["tar", "-x", "-C", str(base_tree)], input=archive.stdout, check=True)
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", args.base], check=True,
                                stdout=subprocess.PIPE, text=True).stdout.strip()
        t_base = run(base_tree, study, tmp / "out_base")
        t_this = run(REPO, study, tmp / "out_this")
        a, b = hashes(tmp / "out_base"), hashes(tmp / "out_this")
        differ = sorted(k for k in a.keys() & b.keys() if a[k] != b[k])
        only = sorted(a.keys() ^ b.keys())
        print(f"{commit} ({t_base:.1f} s) against this tree ({t_this:.1f} s): {len(a)} and {len(b)} files, "
              f"{len(differ)} differ, {len(only)} in one folder only")
        for k in differ:
            print(f"    differs: {k}")
        for k in only:
            print(f"    only in {'base' if k in a else 'this tree'}: {k}")
        if differ or only:
            raise SystemExit(1)
        print("identical")


if __name__ == "__main__":
    main()
