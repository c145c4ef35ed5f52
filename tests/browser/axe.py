"""axe-core (from npm, loaded only by the tests) run inside a page: the accessibility violations it
finds, so a browser test can assert there are none of a given impact."""

from functools import cache
from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("critical", "serious")


@cache
def _source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page, impacts=SERIOUS) -> list[dict]:
    """The violations of the given impacts on the page as it stands, each with its rule id, impact,
    help text and the selectors of the offending nodes. Evaluated through the DevTools protocol, so
    the page's content-security policy needs no exception for it."""
    page.evaluate(_source())
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]],
        }
        for violation in result["violations"]
        if impacts is None or violation["impact"] in impacts
    ]
