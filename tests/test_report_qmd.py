"""Reading .qmd: the supported subset parses; anything else fails naming file and line (no kernel)."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from citysurvey.report.builtin import load_settings
from citysurvey.report.qmd import CodeCell, MarkdownBlock, QmdError, parse_qmd

REPORTS = Path(__file__).resolve().parents[1] / "reports"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def test_parses_cells_options_includes_labels_and_inline_code(tmp_path):
    write(tmp_path, "chapters/_a.qmd", """
        ## 章节

        见 @fig-a。

        ```{python}
        #| label: fig-a
        #| fig-cap: 图题
        plot()
        ```
        """)
    doc = parse_qmd(write(tmp_path, "doc.qmd", """
        ---
        title: 测试
        ---

        ```{python}
        #| tags: [parameters]
        n = 1
        ```

        共 `{python} n` 人。

        {{< include chapters/_a.qmd >}}

        ```python
        `{python} not_run` {{< not-a-shortcode-inside-code >}}
        ```
        """))
    assert doc.meta["title"] == "测试"
    cells = doc.cells
    assert cells[0].is_parameters
    assert cells[1].options == {"label": "fig-a", "fig-cap": "图题"} and cells[1].source == "plot()"
    assert cells[1].loc.file.name == "_a.qmd" and cells[1].loc.line == 5  # located in the included file
    inline = [e.code for b in doc.blocks if isinstance(b, MarkdownBlock) for e in b.inlines]
    assert inline == ["n"]  # code blocks are left alone
    assert set(doc.labels) == {"fig-a"} and doc.refs[0][0] == "fig-a"
    assert any(isinstance(b, CodeCell) for b in doc.blocks)


@pytest.mark.parametrize("body, offset, needle", [
    ("{{< video demo.mp4 >}}\n", 0, "video"),
    ("```{r}\n1 + 1\n```\n", 0, "{r}"),
    ("```{python}\n#| fig-width: 6\nx = 1\n```\n", 1, "fig-width"),
    ("```{python}\n#| echo: maybe\nx = 1\n```\n", 1, "echo"),
    ("```{python echo=FALSE}\nx = 1\n```\n", 0, "#|"),
    ("结果见@fig-a。\n", 0, "[@fig-a]"),
    ("见 @fig-nowhere。\n", 0, "fig-nowhere"),
    ("见 @sec-intro。\n", 0, "@sec-intro"),
    ("引用 @smith2020。\n", 0, "smith2020"),
    ("共 `{r} nrow(df)` 人。\n", 0, "{r}"),
    ("::: {.panel-tabset}\n内容\n:::\n", 0, "panel-tabset"),
    ("::: {.callout-danger}\n内容\n:::\n", 0, "callout-danger"),
    ("::: {layout-ncol=2}\n内容\n:::\n", 0, "layout-ncol"),
    ("{{< include missing.qmd >}}\n", 0, "missing.qmd"),
    ("```{python}\nx = 1\n", 0, "never closed"),
])
def test_unsupported_features_fail_with_file_and_line(tmp_path, body, offset, needle):
    path = tmp_path / "bad.qmd"
    path.write_text("---\ntitle: t\n---\n" + body, encoding="utf-8")
    line = 4 + offset  # the body starts on line 4, after the front matter
    with pytest.raises(QmdError) as err:
        parse_qmd(path)
    message = str(err.value)
    assert "bad.qmd" in message
    assert f"第 {line} 行" in message and f"row {line}" in message
    assert needle in message
    assert "[错误]" in message and "[Error]" in message


@pytest.mark.parametrize("front, needle", [
    ("engine: knitr", "knitr"),
    ("bibliography: refs.bib", "bibliography"),
    ("format:\n  pdf:\n    toc: true", "typst"),
    ("format:\n  html:\n    theme: cosmo", "theme"),
    ("execute:\n  daemon: true", "daemon"),
    ("jupyter: julia-1.9", "julia"),
])
def test_unsupported_settings_fail_with_file_and_line(tmp_path, front, needle):
    path = write(tmp_path, "doc.qmd", "---\ntitle: t\n" + front + "\n---\n\n正文\n")
    with pytest.raises(QmdError) as err:
        load_settings(parse_qmd(path))
    assert needle in str(err.value) and "doc.qmd" in str(err.value) and "第 " in str(err.value)


def test_project_settings_merge_with_front_matter(tmp_path):
    write(tmp_path, "_quarto.yml", """
        project: {type: default}
        toc: true
        execute: {echo: false}
        format:
          typst: {papersize: a4, mainfont: Noto Serif CJK SC}
        """)
    sub = write(tmp_path, "sub/doc.qmd", "---\ntitle: t\nformat:\n  typst:\n    toc: false\n---\n")
    settings = load_settings(parse_qmd(sub))
    assert settings.execute == {"echo": False}
    assert settings.formats["html"]["toc"] is True
    assert settings.formats["typst"] == {"toc": False, "papersize": "a4", "mainfont": "Noto Serif CJK SC"}


def test_the_shipped_reports_stay_within_the_subset():
    for name in ("city.qmd", "district.qmd"):
        doc = parse_qmd(REPORTS / name)
        load_settings(doc)
        assert doc.cells[0].is_parameters  # Quarto's Jupyter convention: -P values go after it
        assert len(doc.files) >= 4  # main document + included chapters
