"""Render one report document, for writers editing prose::

    python -m citysurvey.report reports/city.qmd -P output_dir:output/demo_city
    python -m citysurvey.report reports/district.qmd -P output_dir:output/demo_city -P district:城西区 --to html

Parameters use Quarto's ``-P name:value`` form; with ``output_dir`` given, the
title and skipped chapters are computed from the outputs as the pipeline does.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from ..errors import CitySurveyError


def _param(text: str) -> tuple[str, object]:
    key, sep, value = text.partition(":")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected name:value, got {text!r}")
    return key, yaml.safe_load(value) if value else ""  # as Quarto does: 3 → int, true → bool


def main(argv: list[str] | None = None) -> int:
    from . import load_outputs, render, report_metadata

    parser = argparse.ArgumentParser(prog="python -m citysurvey.report", description=__doc__.split("\n\n")[0].rstrip(":"))
    parser.add_argument("document", type=Path)
    parser.add_argument("-P", dest="params", action="append", type=_param, default=[], metavar="NAME:VALUE")
    parser.add_argument("--to", default="html,pdf", help="html, pdf, docx or a list: html,pdf,docx")
    parser.add_argument("--engine", default="auto", choices=("auto", "quarto", "builtin"))
    parser.add_argument("--out", type=Path, default=None, help="folder for the results (default: next to the document)")
    args = parser.parse_args(argv)
    params = dict(args.params)
    try:
        metadata = {}
        if "output_dir" in params:
            params["output_dir"] = str(Path(str(params["output_dir"])).resolve())
            out = load_outputs(params["output_dir"])
            metadata = report_metadata([args.document], out, params.get("district"))
        name = args.document.stem + (f"_{params['district']}" if params.get("district") else "")
        result = render(args.document, params, args.out, tuple(args.to.split(",")), args.engine,
                        metadata=metadata, name=name)
    except CitySurveyError as exc:
        print(exc.format(), file=sys.stderr)
        return 1
    for path in result.files.values():
        print(path)
    print(f"{result.engine_label}: {result.seconds:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
