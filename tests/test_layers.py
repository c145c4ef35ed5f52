"""The layers the folders show, held by the imports (docs/architecture.md, "Layers").

Every module of the project belongs to a layer; a module may import its own layer and the layers
below it, never one above. Within the domain layer, proposals may use opinions (a rejected proposal
becomes an opinion report) and speeches use platforms (a speech is for a meeting); nothing else
crosses between the domain apps. Imports inside functions count as much as those at the top of a
file."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("cppcc", "proposals", "opinions", "platforms", "speeches")

# Lowest first. A module is in the layer of the longest prefix that names it.
LAYERS = [
    ("core", ["cppcc.core"]),
    ("organisation", ["cppcc.org"]),
    ("accounts", ["cppcc.accounts"]),
    ("domain", ["opinions", "proposals", "platforms", "speeches"]),
    ("scoring", ["cppcc.scoring"]),
    (
        "site",
        [
            "cppcc.site.portal",
            "cppcc.site.dashboards",
            "cppcc.site.workbench",
            "cppcc.site.public",
            "cppcc.ops",
        ],
    ),
    ("wiring", ["cppcc.urls", "cppcc.api", "cppcc.settings", "cppcc.wsgi", "cppcc.bench"]),
]
# Imports allowed between apps of one layer: (importer, imported). The wiring at the top is one piece.
SIDEWAYS = {("proposals", "opinions"), ("speeches", "platforms")}
WIRING = len(LAYERS) - 1


def allowed(importer: str, imported: str) -> bool:
    layer, app = owner(importer)
    their_layer, their_app = owner(imported)
    if their_app == app or their_layer < layer:
        return True
    return their_layer == layer and (layer == WIRING or (app, their_app) in SIDEWAYS)


def owner(module: str) -> tuple[int, str]:
    """(layer index, app) of a module: the app is the prefix it was placed by."""
    best = None
    for index, (_name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (
                best is None or len(prefix) > len(best[1])
            ):
                best = (index, prefix)
    if best is None:
        raise AssertionError(f"{module} belongs to no layer: add it to LAYERS")
    return best


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    )


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every project module that ``path`` imports, relative imports resolved."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            # ``from cppcc.site import portal`` imports cppcc.site.portal.
            names = [f"{stem}.{alias.name}" for alias in node.names] + [stem]
        else:
            continue
        for name in names:
            if name.split(".")[0] in PACKAGES and not _is_namespace(name):
                found.append((node.lineno, name))
    return found


def _is_namespace(name: str) -> bool:
    """``cppcc`` and ``cppcc.site`` hold the layers; they are no layer themselves."""
    return name in ("cppcc", "cppcc.site")


def violations() -> list[str]:
    found = []
    for path in project_modules():
        module = module_name(path)
        if _is_namespace(module):
            continue
        for line, imported in imports_of(path):
            if not allowed(module, imported):
                found.append(f"{path.relative_to(ROOT)}:{line} {module} imports {imported}")
    return sorted(set(found))


def test_no_module_imports_a_layer_above_its_own():
    assert violations() == []


def test_every_module_belongs_to_a_layer():
    for path in project_modules():
        module = module_name(path)
        if not _is_namespace(module):
            owner(module)


@pytest.mark.parametrize(
    ("importer", "imported", "expected"),
    [
        ("cppcc.core.workflow", "cppcc.org.models", False),
        ("cppcc.org.models", "proposals.models", False),
        ("opinions.services", "proposals.services", False),
        ("proposals.services", "opinions.services", True),
        ("platforms.models", "proposals.models", False),
        ("cppcc.scoring.selectors", "proposals.selectors", True),
        ("proposals.services", "cppcc.site.portal.urls", False),
        ("cppcc.site.portal.views", "cppcc.site.dashboards.views", False),
        ("cppcc.site.dashboards.api", "cppcc.scoring.selectors", True),
        ("cppcc.urls", "cppcc.site.portal.views", True),
        ("cppcc.bench.settings", "cppcc.settings", True),
    ],
)
def test_the_rule_itself(importer, imported, expected):
    assert allowed(importer, imported) is expected
