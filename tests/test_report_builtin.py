"""The built-in engine on small documents: one test per supported feature.

All documents share one kernel (as the report stage does), so each render costs
well under a second.
"""
from __future__ import annotations

import io
import json
import re
import textwrap
from pathlib import Path

import pytest
from pypdf import PdfReader

from citysurvey.errors import StageError
from citysurvey.report import KernelSession, render
from citysurvey.report import builtin


@pytest.fixture(scope="module", params=["kernel", "in-process"])
def kernel(request):
    """Every feature on a Jupyter kernel and on the in-process shell the report stage's workers use."""
    with (KernelSession() if request.param == "kernel" else builtin.InProcessSession()) as session:
        yield session


@pytest.fixture
def doc(tmp_path):
    """Write a .qmd (front matter added) and return its path."""

    def make(body: str, front: str = "title: 测试\nexecute:\n  echo: false", name: str = "doc.qmd") -> Path:
        path = tmp_path / name
        path.write_text(f"---\n{front}\n---\n\n" + textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
        return path

    return make


def html_of(path: Path, kernel, params=None, metadata=None) -> str:
    result = render(path, params, path.parent / "out", ("html",), "builtin", metadata=metadata, session=kernel)
    return result.files["html"].read_text(encoding="utf-8")


def pdf_text(result) -> str:
    reader = PdfReader(io.BytesIO(result.files["pdf"].read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_parameters_cell_defaults_and_injected_values(doc, kernel):
    path = doc("""
        ```{python}
        #| tags: [parameters]
        n = 1
        who = "城东区"
        ```

        参数：`{python} n * 10`，`{python} who`。
        """)
    assert "参数：10，城东区。" in html_of(path, kernel)
    assert "参数：50，城西区。" in html_of(path, kernel, {"n": 5, "who": "城西区"})


def test_inline_expressions_use_markdown_repr(doc, kernel):
    path = doc("""
        ```{python}
        class Bold:
            def _repr_markdown_(self):
                return "**加粗**"
        ```

        值 `{python} 1 + 1` 与 `{python} Bold()`；代码 `x = 1` 保持原样。
        """)
    html = html_of(path, kernel)
    assert "值 2 与 <strong>加粗</strong>" in html
    assert "<code>x = 1</code>" in html


def test_cell_options_echo_output_include_eval_asis_warning(doc, kernel):
    path = doc("""
        ```{python}
        #| echo: true
        shown_code = 1
        ```

        ```{python}
        #| output: false
        print("隐藏的输出")
        ```

        ```{python}
        #| include: false
        hidden = "在 include: false 中定义"
        print("不应出现")
        ```

        ```{python}
        #| eval: false
        raise RuntimeError("eval: false 不运行")
        ```

        ```{python}
        #| output: asis
        print("**原样输出**")
        ```

        ```{python}
        #| warning: false
        import warnings
        warnings.warn("不应显示的警告")
        ```

        ```{python}
        print("普通输出")
        ```

        `{python} hidden`
        """)
    html = html_of(path, kernel)
    assert "shown_code" in html  # echo: true
    assert "隐藏的输出" not in html and "不应出现" not in html and "不应显示的警告" not in html
    assert "在 include: false 中定义" in html  # include: false still runs
    assert "<strong>原样输出</strong>" in html
    assert "普通输出" in html


def test_figures_tables_and_cross_references_are_numbered(doc, kernel):
    path = doc("""
        如[@fig-bars]所示，另见 @tbl-counts。

        ```{python}
        #| label: fig-bars
        #| fig-cap: 各区样本量
        import matplotlib.pyplot as plt
        from citysurvey.plotting import use_theme
        use_theme()
        fig, ax = plt.subplots()
        ax.bar(["城东区", "城西区"], [3, 4])
        plt.show()
        ```

        ```{python}
        #| label: tbl-counts
        #| tbl-cap: 样本量
        import pandas as pd
        pd.DataFrame({"区": ["城东区", "城西区"], "样本量": [3, 4]})
        ```
        """)
    result = render(path, None, path.parent / "out", ("html", "pdf"), "builtin", session=kernel)
    html = result.files["html"].read_text(encoding="utf-8")
    assert re.search(r'<figure id="fig-bars">', html)
    assert "图 1　各区样本量" in html and "表 1　样本量" in html
    assert '<a href="#fig-bars" class="cs-xref">图 1</a>' in html
    assert '<a href="#tbl-counts" class="cs-xref">表 1</a>' in html
    assert "data:image/png;base64," in html  # the chart is embedded
    text = " ".join(pdf_text(result).replace("\xa0", " ").split())  # Typst joins number and supplement with nbsp
    assert "如图 1 所示，另见 表 1。" in text  # #ref(<…>) in Typst: resolved, not printed raw
    assert "图 1 各区样本量" in text and "表 1 样本量" in text and "城西区" in text


def test_callouts(doc, kernel):
    path = doc("""
        ::: {.callout-note}
        普通提示。
        :::

        ::: {.callout-warning}
        ## 自定义标题
        注意数据。
        :::
        """)
    html = html_of(path, kernel)
    assert 'class="callout callout-note"' in html and re.search(r'callout-title">\s*注意\s*<', html)
    assert 'class="callout callout-warning"' in html and re.search(r'callout-title">\s*自定义标题\s*<', html)


def test_includes_and_conditional_content(doc, kernel, tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "_extra.qmd").write_text(textwrap.dedent("""
        ::: {.content-hidden when-meta="missing-extra"}
        # 附加章节

        附加内容 `{python} 6 * 7`。
        :::
        """), encoding="utf-8")
    path = doc("""
        {{< include chapters/_extra.qmd >}}

        ::: {.content-visible when-format="html"}
        只在网页中
        :::

        ::: {.content-visible when-format="pdf"}
        只在PDF中
        :::
        """)
    html = html_of(path, kernel)
    assert "附加内容 42。" in html and "只在网页中" in html and "只在PDF中" not in html
    html = html_of(path, kernel, metadata={"missing-extra": True})
    assert "附加章节" not in html and "附加内容" not in html


def test_pagebreak_and_pdf_layout(doc, kernel):
    path = doc("""
        # 第一章

        第一页内容。

        {{< pagebreak >}}

        第二页内容。
        """, front="title: 分页\ntoc: true\nnumber-sections: true")
    result = render(path, None, path.parent / "out", ("pdf",), "builtin", session=kernel)
    reader = PdfReader(io.BytesIO(result.files["pdf"].read_bytes()))
    pages = [p.extract_text() for p in reader.pages]
    assert "分页" in pages[0]  # title page
    assert "目录" in pages[1]
    body = [p for p in pages[2:] if "内容" in p]
    assert len(body) == 2 and "第一页" in body[0] and "第二页" in body[1]
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4


def test_execution_error_names_file_and_line(doc, kernel, tmp_path):
    (tmp_path / "_chapter.qmd").write_text("正文\n\n```{python}\n1 / 0\n```\n", encoding="utf-8")
    path = doc("{{< include _chapter.qmd >}}\n")
    with pytest.raises(StageError) as err:
        html_of(path, kernel)
    message = str(err.value)
    assert "_chapter.qmd" in message and "第 3 行" in message and "ZeroDivisionError" in message
    with pytest.raises(StageError, match=r"第 9 行.*NameError"):  # 5 lines of front matter + blank + 正文 + blank
        html_of(doc("正文\n\n值 `{python} undefined_name`。\n"), kernel)
    # a block's inline expressions run in one cell: the error still names the failing one's line
    with pytest.raises(StageError, match=r"第 10 行.*ZeroDivisionError"):
        html_of(doc("正文\n\n值 `{python} 1 + 1`，\n再 `{python} 1 / 0`。\n"), kernel)
    assert "甲2乙3" in html_of(doc("甲`{python} 1 + 1`乙`{python} 1 + 2`\n"), kernel).replace(" ", "")


def test_kernel_state_does_not_leak_between_documents(doc, kernel, tmp_path):
    html_of(doc("```{python}\nleaky = 1\n```\n", name="a.qmd"), kernel)
    with pytest.raises(StageError, match="leaky"):
        html_of(doc("`{python} leaky`\n", name="b.qmd"), kernel)


def test_html_is_self_contained_and_records_the_engine(doc, kernel):
    path = doc("""
        ```{python}
        #| label: fig-a
        #| fig-cap: 图
        import matplotlib.pyplot as plt
        plt.plot([1, 2]); plt.show()
        ```
        """)
    result = render(path, {"x": 1}, path.parent / "out", ("html",), "builtin", session=kernel)
    html = result.files["html"].read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html
    assert "内置渲染引擎" in html  # in the document itself
    record = json.loads(result.record.read_text(encoding="utf-8"))
    assert record["engine"] == "builtin" and record["params"] == {"x": 1}
    assert record["files"] == {"html": "doc.html"} and "pandoc" in record["versions"]


def test_html_embeds_the_build_folders_pictures_and_leaves_anything_else_to_pandoc(tmp_path):
    import base64

    (tmp_path / "figures").mkdir()
    png = (tmp_path / "figures" / "a-1.png")
    png.write_bytes(b"\x89PNG fake")
    page = '<figure><img src="figures/a-1.png" style="width:100.0%" alt="图一" /></figure><img src="data:image/png;base64,AA" />'
    html = builtin._embed_images(page, tmp_path)
    data = base64.b64encode(png.read_bytes()).decode()
    # as pandoc's --embed-resources writes it
    assert f'<img role="img" aria-label="图一" src="data:image/png;base64,{data}" style="width:100.0%" alt="图一" />' in html
    assert html.endswith('<img src="data:image/png;base64,AA" />')
    (tmp_path.parent / "secret.png").write_bytes(b"x")  # a file, but outside the build folder
    for other in ('<img src="figures/gone.png" />', '<img src="https://example.org/a.png" />',
                  '<img src="../secret.png" />', '<link rel="stylesheet" href="extra.css">',
                  '<style>body { background: url("paper.jpg") }</style>'):
        assert builtin._embed_images(page + other, tmp_path) is None, other


def test_html_only_output_is_refused_with_a_hint(doc, kernel):
    path = doc("""
        ```{python}
        from IPython.display import HTML
        HTML("<b>x</b>")
        ```
        """)
    # HTML() also has text/plain, so it prints as text; a pure-HTML bundle is refused
    html_of(path, kernel)
    path = doc("""
        ```{python}
        from IPython.display import display
        display({"text/html": "<b>x</b>"}, raw=True)
        ```
        """)
    with pytest.raises(StageError, match="md_table"):
        html_of(path, kernel)


def test_missing_cjk_font_stops_before_rendering(doc, kernel, monkeypatch):
    import typst

    class NoCJK:
        def __init__(self, *a, **k):
            pass

        def families(self):
            return ["DejaVu Sans", "Libertinus Serif"]

    builtin.typst_fonts.cache_clear()
    monkeypatch.setattr(typst, "Fonts", NoCJK)
    try:
        with pytest.raises(StageError, match="fonts-noto-cjk"):
            render(doc("正文\n"), None, None, ("pdf",), "builtin", session=kernel)
    finally:
        builtin.typst_fonts.cache_clear()


def test_in_process_a_figure_left_open_shows_although_matplotlib_came_in_with_the_document(doc):
    """A fresh process loads matplotlib only when a document uses it: a figure left open in the
    cell that first imports pyplot, and in the cells after it, shows as in a kernel."""
    import subprocess
    import sys

    path = doc("""
        ```{python}
        #| label: fig-first
        #| fig-cap: 第一
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots()
        ax.plot([1, 2])
        ```

        ```{python}
        #| label: fig-second
        #| fig-cap: 第二
        plt.plot([2, 1])
        ```
        """)
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from citysurvey.report import InProcessSession, render
        assert "matplotlib" not in sys.modules
        with InProcessSession() as session:
            result = render(Path({str(path)!r}), None, Path({str(path.parent / "out")!r}), ("html",), "builtin",
                            session=session)
        html = result.files["html"].read_text(encoding="utf-8")
        print(html.count("data:image/png;base64"))
        """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=Path(__file__).parents[1])
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip().splitlines()[-1] == "2"


def test_a_tall_chart_is_shown_narrower_so_it_fits_the_page(tmp_path):
    # one row per item (40 and more) made the item chart 1.9 times as tall as wide: at the text width it ran
    # past the page, its title and axis cut off and its caption over the page number
    import matplotlib.image
    import numpy as np

    from citysurvey.report.builtin import FIG_WIDTH, MAX_FIG_RATIO, _fig_width

    # pictures of a known size in pixels (height × width), as the charts are saved: PNG
    for name, shape in (("tall.png", (380, 200)), ("wide.png", (200, 300))):
        matplotlib.image.imsave(tmp_path / name, np.zeros((*shape, 3)))
    assert _fig_width(tmp_path, "wide.png") == FIG_WIDTH
    tall = _fig_width(tmp_path, "tall.png")
    assert tall == f"{int(100 * MAX_FIG_RATIO / 1.9)}%"
    # shown at that width, the picture is no taller than MAX_FIG_RATIO text widths
    assert int(tall[:-1]) / 100 * 1.9 <= MAX_FIG_RATIO


def test_in_process_reset_clears_the_namespace_and_leaves_other_resets_to_ipython(tmp_path):
    # each document starts with `%reset -f`; the session's own version skips IPython's gc.collect()
    from citysurvey.report.builtin import InProcessSession

    session = InProcessSession()
    shell = session._ensure()
    shell.run_cell("left_over = 1", store_history=False)
    shell.run_line_magic("reset", "-f")
    assert "left_over" not in shell.user_ns and "get_ipython" in shell.user_ns
    shell.run_cell("left_over = 2", store_history=False)
    shell.run_line_magic("reset", "-f -s")  # a soft reset: IPython's magic
    assert "left_over" not in shell.user_ns
    InProcessSession()._ensure()  # a second session on the process's shell keeps one wrapper
    assert shell.find_line_magic("reset").quick


def test_formats_written_from_the_syntax_tree_equal_those_from_the_markdown(doc, tmp_path):
    # several formats read the body's Markdown once (body.json); each must come out as from body.md
    import zipfile

    from citysurvey.report.qmd import parse_qmd

    path = doc("""
        # 概况 {#sec-a}

        见 @tbl-ci 与 @fig-bars。区间 71.8～72.8 不断行。

        ::: {.callout-note}
        说明文字。
        :::

        ```{python}
        #| label: fig-bars
        #| fig-cap: 各区样本量
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots()
        ax.bar(["A", "B"], [3, 4])
        plt.show()
        ```

        ```{python}
        #| label: tbl-ci
        #| tbl-cap: 满意度
        import pandas as pd
        pd.DataFrame({"区": ["城东区", "城西区"], "95%置信区间": ["71.8～72.8", "8.0%～10.5%"]})
        ```
        """, front="title: 测试\ntoc: true\nnumber-sections: true\nexecute:\n  echo: false")
    out = tmp_path / "tree"
    with builtin.InProcessSession() as session:
        files = builtin.render_builtin(path, {}, out, ("html", "pdf", "docx"), {"source": "测试数据"}, "doc", session,
                                       keep_build=True)
    build = out / ".doc.build"
    assert (build / "body.json").is_file()
    typ_from_tree = (build / "body.typ").read_text(encoding="utf-8")
    qmd = parse_qmd(path)
    settings = builtin.load_settings(qmd).formats
    md = build / "body.md"
    builtin.to_html(md, build / "meta.yaml", settings["html"], qmd, tmp_path / "md.html")
    builtin.to_pdf(md, build / "meta.yaml", settings["typst"], qmd, tmp_path / "md.pdf")
    builtin.to_docx(md, build / "meta.yaml", settings["docx"], qmd, tmp_path / "md.docx")
    assert files["html"].read_bytes() == (tmp_path / "md.html").read_bytes()
    assert typ_from_tree == (build / "body.typ").read_text(encoding="utf-8")
    assert "#box[71.8\u2060～\u20607" in typ_from_tree  # the filter ran on the tree too
    with zipfile.ZipFile(files["docx"]) as a, zipfile.ZipFile(tmp_path / "md.docx") as b:
        assert a.read("word/document.xml") == b.read("word/document.xml")


def test_a_session_without_a_spare_core_gives_typst_no_head_start(doc, tmp_path, monkeypatch):
    # a batch's Dask worker has one core: Typst reads the pictures in the document's own compile, not in a
    # compile of its own beside pandoc, and the PDF is the same
    path = doc("""
        # 概况

        ```{python}
        #| label: fig-bars
        #| fig-cap: 各区样本量
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots()
        ax.bar(["A", "B"], [3, 4])
        plt.show()
        ```
        """, front="title: 测试\nexecute:\n  echo: false")
    # without a fixed date Typst stamps each PDF with its second: two renders may fall in different seconds
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    pdfs = {}
    for spare in (True, False):
        out = tmp_path / f"spare_{spare}"
        with builtin.InProcessSession(spare_core=spare) as session:
            files = builtin.render_builtin(path, {}, out, ("pdf",), {}, "doc", session, keep_build=True)
        assert (out / ".doc.build" / "warm.typ").is_file() is spare
        pdfs[spare] = files["pdf"].read_bytes()
    assert pdfs[True] == pdfs[False]


def test_source_date_epoch_dates_the_pdf_and_a_bad_value_is_named(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert builtin.pdf_timestamp() is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert builtin.pdf_timestamp().isoformat() == "2026-01-01T00:00:00+00:00"
    import typst
    source = Path(builtin.__file__).parent / "pandoc"  # any folder will do as Typst's root
    pdf = typst.compile(bytes("测试", "utf-8"), root=str(source), timestamp=builtin.pdf_timestamp())
    assert b"D:20260101000000Z" in pdf
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2026-01-01")
    with pytest.raises(StageError, match="SOURCE_DATE_EPOCH"):
        builtin.pdf_timestamp()
