"""Run axe-core (node_modules/axe-core, from `npm ci`) in a Playwright page and report WCAG 2.2 AA violations."""

from pathlib import Path

AXE_PATH = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary})),
  }));
}"""


def axe_violations(page) -> list[dict]:
    """The page's accessibility violations against WCAG 2.0, 2.1 and 2.2 A and AA rules."""
    if not AXE_PATH.is_file():
        raise FileNotFoundError(f"{AXE_PATH} is missing: run `npm ci` first")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # By URL, from our own static files: the content security policy (script-src 'self') allows it.
        page.add_script_tag(url="/static/axe/axe.min.js")
    return page.evaluate(_RUN, WCAG_TAGS)


def describe(violations: list[dict]) -> str:
    """One block per violation: rule id, impact, help text and every failing node's selector."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}")
            lines.append(f"      {node['html'][:200]}")
            if node.get("summary"):
                lines.extend(f"      {line}" for line in node["summary"].splitlines())
    return "\n".join(lines)


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    if violations:
        report = describe(violations)
        print(f"axe-core violations on {page.url}:\n{report}")
        raise AssertionError(f"{len(violations)} accessibility violation(s) on {page.url}:\n{report}")
