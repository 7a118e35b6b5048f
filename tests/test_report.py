"""`kcbilat report`: Markdown and self-contained HTML over the shared status results."""

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import agreement, kcbilat, meeting

AS_OF = "2026-11-28"

COMMITMENTS = """\
- id: ict
  title: ICT dialogue | <script>alert(1)</script>
  sectors: [digital]
  responsible: [kr-msit, cn-miit]
  due: 2026-H1
  disputed:
    - field: due
      value: 2026
      note: One report says within the year.
      sources:
        - url: https://example.org/other
          title: Another report
- id: ministers
  title: Annual ministers' meeting
  sectors: [climate]
  responsible: [kr-mcee, cn-mee]
  recurs: {every: annual, from: 2026}
  assessment:
    verdict: in-progress
    date: 2026-10-01
    note: Talks continue.
    sources:
      - url: https://example.org/assess
        title: Assessment evidence
- id: carbon
  title: Carbon markets cooperation
  sectors: [carbon-markets]
  responsible: [kr-mcee, cn-mee]
  review: 6 months
- id: forum
  title: Digital forum
  sectors: [digital]
  responsible: [kr-msit]
  due: 2026
"""


def run(*args):
    return kcbilat(*args, env={"KCBILAT_AS_OF": AS_OF})


@pytest.fixture
def sample(data_dir):
    return data_dir(
        [
            agreement(commitments=COMMITMENTS),
            agreement("old", signed="2010-05-01", status="expired"),
            agreement("quiet"),
        ],
        [
            meeting("m1", "2026-03-01", ["mou/ministers"]),
            meeting("forum-plan", "2026-12-10", ["mou/forum"], status="scheduled"),
        ],
    )


def report(root, *args):
    result = run("report", "--data", str(root), "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_markdown_has_the_summary_attention_and_every_commitment(sample):
    text = report(sample)
    assert text.startswith("# Korea–China agreement commitments\n")
    assert f"As of **{AS_OF}** · data: " in text
    assert "4 commitments: 1 overdue, 1 stale, 1 scheduled, 1 met" in text
    assert "| ✗ overdue | 1 |" in text
    # overdue and due come first, before the agreements
    attention = text.index("## Overdue and due")
    assert text.index("ICT dialogue") > attention
    assert text.index("ICT dialogue") < text.index("## Agreements")
    for title in ("Annual ministers' meeting", "Carbon markets cooperation", "Digital forum"):
        assert f"#### {title}" in text
    # the unverified caveat, plainly
    assert "> **Unverified.** 4 of 4 statuses are *unverified*" in text
    assert "No record of a meeting is not proof that none was held" in text


def test_markdown_ledgers_assessments_disputes_and_source_links(sample):
    text = report(sample)
    assert "| 2026 | 2026-01-01 | 2026-12-31 | ✓ met | m1 |" in text
    assert "- **Assessment:** in-progress (2026-10-01): Talks continue." in text
    assert "- **Assessment:** not assessed" in text
    assert (
        "Disputed **due**: the other reading is 2026; under it the status would be **due**" in text
    )
    assert "- [Another report](https://example.org/other)" in text
    assert "- [A source](https://example.org/x)" in text
    assert "Sources (the agreement's):" in text
    assert "- 2026-12-10 — A meeting (forum-plan, scheduled): planned" in text


def test_markdown_escapes_record_text(sample):
    text = report(sample)
    assert "ICT dialogue \\| \\<script\\>alert(1)\\</script\\>" in text
    assert "<script>" not in text
    # every table row has as many cells as its header
    for block in re.findall(r"(?:^\|.*\|\n)+", text, re.M):
        rows = block.splitlines()
        widths = {len(re.split(r"(?<!\\)\|", row)) for row in rows}
        assert len(widths) == 1, block


LINE_MARKUP = ["---", "- a list item", "+ another", "1. a numbered item", "2) another"]


def test_a_summary_that_looks_like_a_rule_or_a_list_stays_a_paragraph(data_dir):
    from markdown_it import MarkdownIt

    def parsed(summaries):
        talks = "- id: talks\n  title: Talks\n  sectors: [climate]\n  responsible: [kr-mcee]\n"
        files = [
            agreement(f"mou{i}", commitments=talks + "  due: 2026\n").replace(
                "summary: What it is.", f"summary: '{summary}'"
            )
            for i, summary in enumerate(summaries)
        ]
        return MarkdownIt("commonmark").parse(report(data_dir(files, [])))

    tokens = parsed(LINE_MARKUP)
    plain = parsed(f"Summary {i}" for i in range(len(LINE_MARKUP)))
    assert [t.type for t in tokens] == [t.type for t in plain]  # no rule, list or item more
    paragraphs = {
        "".join(child.content for child in tokens[i + 1].children or [])
        for i, t in enumerate(tokens)
        if t.type == "paragraph_open" and t.level == 0
    }
    assert set(LINE_MARKUP) <= paragraphs


def test_other_agreements_and_not_in_force(sample):
    text = report(sample)
    assert "## Other agreements" in text
    assert "| A memorandum (quiet) | mou | 2026-01-05 | in-force |" in text
    assert "(old)" not in text  # expired: left out unless --all
    assert "(old)" in report(sample, "--all")


def test_filters_and_title(sample):
    text = report(sample, "--status", "overdue,met", "--title", "Overdue & met")
    assert text.startswith("# Overdue \\& met\n")  # \& renders as &
    assert "2 commitments: 1 overdue, 1 met" in text
    assert "Carbon markets cooperation" not in text
    assert "## Other agreements" not in text  # a filtered report is about what matched
    text = report(sample, "--kind", "open")
    assert "1 commitment: 1 stale" in text
    assert "Nothing is overdue or due within 60 days." in text


def test_html_is_self_contained_and_escaped(sample):
    page = report(sample, "--format", "html")
    assert page.startswith("<!DOCTYPE html>")
    assert "default-src 'none'" in page  # the page may not fetch anything, nor run scripts
    assert not re.search(r"<script|<link|<img|<iframe|@import|\bsrc=", page, re.I)
    assert "ICT dialogue | &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert (
        '<a href="https://example.org/other" rel="noopener noreferrer">Another report</a>' in page
    )
    assert "<strong>Unverified.</strong> 4 of 4 statuses" in page
    assert '<meta name="viewport"' in page and "@media print" in page


def test_html_scroll_boxes_are_keyboard_reachable_named_regions(sample):
    """A box that may scroll sideways can be focused (then scrolled with the arrow keys)."""
    page = report(sample, "--format", "html")
    boxes = re.findall(r'<div class="scroll"([^>]*)>', page)
    assert len(boxes) == 8  # status, sector, agreement; attention; timeline; mou; ledger; others
    labels = [re.search(r' tabindex="0" role="region" aria-label="([^"]+)"$', b)[1] for b in boxes]
    assert "Per sector (a commitment counts under each of its sectors)" in labels
    assert "Timeline chart" in labels
    assert "Period ledger of Annual ministers&#39; meeting" in labels
    assert ".scroll:focus-visible { outline:" in page


def test_html_timeline_has_a_row_per_commitment_and_text_alternatives(sample):
    page = report(sample, "--format", "html")
    svg = page[page.index('<svg id="timeline"') : page.index("</svg>")]
    assert 'role="img" aria-labelledby="tl-title tl-desc"' in svg
    assert '<title id="tl-title">Timeline of 4 commitments as of 2026-11-28</title>' in svg
    desc = re.search(r'<desc id="tl-desc">(.*?)</desc>', svg, re.S)[1]
    assert "Carbon markets cooperation: stale" in desc
    rows = re.findall(r'<g class="tl-row"[^>]*data-ref="([^"]+)" data-status="([^"]+)"', svg)
    assert rows == [
        ("mou/ict", "overdue"),
        ("mou/carbon", "stale"),
        ("mou/forum", "scheduled"),
        ("mou/ministers", "met"),
    ]
    states = set(re.findall(r'class="tl-band" data-state="([a-z]+)"', svg))
    assert states == {"missed", "active", "stale", "open", "met", "future"}
    kinds = set(re.findall(r'class="tl-marker" data-kind="([a-z]+)"', svg))
    assert kinds == {"deadline", "held", "planned", "review"}
    # the legend pairs each colour with a word
    for word in (
        "missed / overdue",
        "stale: past its review",
        "planned meeting",
        "as of 2026-11-28",
    ):
        assert word in svg


def test_output_file_and_usage_errors(sample, tmp_path):
    target = tmp_path / "out" / "report.html"
    result = run("report", "--data", str(sample), "--as-of", AS_OF, "-f", "html", "-o", str(target))
    assert result.exit_code == 2
    assert "no folder" in result.stderr
    target.parent.mkdir()
    result = run("report", "--data", str(sample), "--as-of", AS_OF, "-f", "html", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]  # no temp file left
    result = run("report", "--data", str(sample), "-f", "pdf")
    assert result.exit_code == 2
    assert "markdown, html" in result.stderr
    result = run("report", "--data", str(sample), "--sector", "climat")
    assert result.exit_code == 2
    result = run("report", "--data", str(sample), "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "is a folder" in result.stderr


def test_bundled_data_report():
    result = run("report", "--as-of", AS_OF)
    assert result.exit_code == 0
    text = result.stdout
    attention = text[text.index("## Overdue and due") : text.index("## Agreements")]
    assert "First commercial cooperation dialogue" in attention
    assert "20 commitments: 3 overdue, 3 due, 2 scheduled, 11 active, 1 met" in text


# -- in a real browser -----------------------------------------------------------------------

CHROMIUM = next(
    (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)),
    None,
)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium binary (chromium, chromium-browser or google-chrome) on PATH; "
    ".ci/run installs it with apt-get install chromium",
)


def chromium(page: Path, tmp_path: Path, *flags: str) -> tuple[str, str]:
    """Load `page` in headless Chromium (with more `flags`): (the DOM after load, the log)."""
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'chromium-profile'}",
            "--enable-logging=stderr",
            "--v=0",
            *flags,
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, done.stderr


def console_messages(log: str) -> list[str]:
    return [line for line in log.splitlines() if ":CONSOLE" in line]


@needs_chromium
def test_console_messages_are_seen(tmp_path):
    """The check below is not vacuous: a page that logs an error is caught."""
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><title>x</title><script>console.error("boom")</script>')
    _, log = chromium(page, tmp_path)
    assert any("boom" in line for line in console_messages(log))


@needs_chromium
def test_html_report_renders_in_chromium(tmp_path):
    page = tmp_path / "report.html"
    result = run("report", "--as-of", AS_OF, "--format", "html", "-o", str(page))
    assert result.exit_code == 0
    dom, log = chromium(page, tmp_path)
    assert console_messages(log) == []  # no errors, no blocked loads, nothing logged
    assert '<svg id="timeline"' in dom
    shown = len(json.loads(run("status", "--as-of", AS_OF, "-f", "json").stdout)["commitments"])
    assert len(re.findall(r'<g class="tl-row"', dom)) == shown  # one row per commitment
    assert len(re.findall(r'class="tl-band"', dom)) >= shown
    assert '<section class="agreement" id="a-env-climate-mou-2026">' in dom


# -- accessibility: axe-core in the same browser ----------------------------------------------

#: axe-core's browser build; .ci/run installs it (npm, axe-core@4) and exports KCBILAT_AXE
AXE = Path(
    os.environ.get("KCBILAT_AXE")
    or Path(__file__).parents[1] / ".ci/node/node_modules/axe-core/axe.min.js"
)
needs_axe = pytest.mark.skipif(
    not AXE.is_file(),
    reason=f"no axe-core at {AXE} (KCBILAT_AXE); .ci/run installs it: "
    'npm install --no-save --prefix "$PWD/.ci/node" axe-core@4',
)

# Runs axe on the whole page once loaded and posts what it found to the page around it.
AXE_RUN = """<script>
(function () {
  function report(result) { parent.postMessage(JSON.stringify(result), "*"); }
  axe.run(document, {resultTypes: ["violations"]}).then(function (r) {
    report({
      version: r.testEngine.version,
      width: window.innerWidth,
      violations: r.violations.map(function (v) {
        return {id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(function (n) {
          return {target: n.target.join(" "), why: n.failureSummary};
        })};
      })
    });
  }, function (e) { report({error: String(e)}); });
})();
</script>"""

# Headless Chromium makes no window narrower than 500 px, so the page is checked in a frame of
# the asked size (its own viewport: media queries, scroll boxes); axe's rules run there as on a
# page of its own. The frame posts the result; the page around it writes it out for --dump-dom.
AXE_FRAME = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>axe-core</title></head><body>
<iframe src="{src}" width="{width}" height="{height}" title="checked page"></iframe>
<pre id="axe-result"></pre>
<script>
addEventListener("message", function (e) {{
  document.getElementById("axe-result").textContent = e.data;
}});
</script>
</body></html>
"""


def axe_violations(page: Path, tmp_path: Path, width: int, height: int) -> list[dict]:
    """axe-core's violations on `page` in headless Chromium, in a `width`×`height` viewport."""
    text = page.read_text(encoding="utf-8")
    script = AXE.read_text(encoding="utf-8")
    assert "</script" not in script.lower()  # safe to inline as it is
    # a copy that may run inline scripts (the report itself may not): axe, then the runner
    policy = "default-src 'none';"
    assert text.count(policy) == 1
    text = text.replace(policy, policy + " script-src 'unsafe-inline';")
    text = text.replace("</body>", f"<script>{script}</script>\n{AXE_RUN}\n</body>")
    checked = page.with_name(f"{page.stem}-axe-{width}.html")
    checked.write_text(text, encoding="utf-8")
    frame = page.with_name(f"{page.stem}-axe-{width}-frame.html")
    frame.write_text(AXE_FRAME.format(src=checked.name, width=width, height=height))
    dom, log = chromium(frame, tmp_path, "--virtual-time-budget=10000")
    found = re.search(r'<pre id="axe-result">(.+?)</pre>', dom, re.S)
    assert found, "axe-core wrote no result: " + "\n".join(console_messages(log))
    result = json.loads(html.unescape(found[1]))
    assert "error" not in result, result
    assert result["version"].startswith("4.")
    assert result["width"] == width  # the viewport asked for
    violations: list[dict] = result["violations"]
    return violations


def violations_text(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines += [f"    {n['target']}: {' '.join(n['why'].split())}" for n in v["nodes"]]
    return "\n".join(lines)


@needs_chromium
@needs_axe
def test_axe_violations_are_seen(tmp_path):
    """The check below is not vacuous: a box that scrolls but cannot be focused is caught."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\"><title>x</title></head>"
        '<body><main><h1>x</h1><div style="overflow-x:auto">'
        f'<p style="white-space:nowrap">{"text wider than the box " * 20}</p>'
        "</div></main></body></html>"
    )
    violations = axe_violations(page, tmp_path, 390, 844)
    assert [v["id"] for v in violations] == ["scrollable-region-focusable"]
    assert "scrollable-region-focusable (serious)" in violations_text(violations)


@needs_chromium
@needs_axe
@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)], ids=["1280", "390"])
def test_html_report_has_no_axe_violations(tmp_path, width, height):
    page = tmp_path / "report.html"
    result = run("report", "--as-of", AS_OF, "--format", "html", "-o", str(page))
    assert result.exit_code == 0
    violations = axe_violations(page, tmp_path, width, height)
    assert violations == [], f"axe-core at {width}px:\n" + violations_text(violations)


def test_a_file_left_out_is_named_escaped(sample):
    """Found by tests/test_fuzz.py: the name of a file left out went raw into the HTML
    report (an escape sequence, a bidirectional override)."""
    odd = sample / "agreements" / "\x1b[31mred\u202e.yaml"
    odd.write_text("id: [\n", encoding="utf-8")
    result = run("report", "--data", str(sample), "--as-of", "2026-11-28", "--format", "html")
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "\\x1b[31mred\\u202e.yaml" in result.stdout
