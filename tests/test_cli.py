"""The command line: every command listed with a purpose, --help with examples, clear errors."""
from __future__ import annotations

import re

from typer.testing import CliRunner

from citysurvey.cli import app

from conftest import MINI_ROWS, write_mini_study

runner = CliRunner()


def _commands() -> list[str]:
    import typer.main

    group = typer.main.get_group(app)
    return sorted(group.commands)


def test_help_lists_every_command_with_a_purpose():
    out = runner.invoke(app, ["--help"]).output
    for name in _commands():
        line = next((l for l in out.splitlines() if re.search(rf"\b{name}\b", l)), "")
        assert line.strip() != name, f"{name} has no one-line purpose"
        assert name in out


def test_each_command_help_has_examples():
    import typer.main

    group = typer.main.get_group(app)
    for name, cmd in group.commands.items():
        subs = getattr(cmd, "commands", None)
        targets = [[name, s] for s in subs] if subs else [[name]]
        for args in targets:
            res = runner.invoke(app, [*args, "--help"])
            assert res.exit_code == 0, args
            if args != ["version"]:
                assert "Example" in res.output or "示例" in res.output, args


def test_validate_and_run(mini_study):
    res = runner.invoke(app, ["validate", str(mini_study)])
    assert res.exit_code == 0, res.output
    assert "7" in res.output and "dropped" in res.output
    res = runner.invoke(app, ["run", str(mini_study)])
    assert res.exit_code == 0, res.output
    assert (mini_study.parent / "out" / "manifest.json").exists()


def test_bad_input_exits_2_with_bilingual_message(tmp_path):
    rows = [list(r) for r in MINI_ROWS]
    rows[0][4] = "丙区"
    study = write_mini_study(tmp_path / "bad", rows=rows)
    res = runner.invoke(app, ["validate", str(study)])
    assert res.exit_code == 2
    assert "[错误]" in res.output and "[Error]" in res.output and "丙区" in res.output
