"""No code but the engine assigns a lifecycle's state (docs/architecture.md, "Lifecycles").

The lifecycle models are those the apps declare in their ``workflow`` modules (with their proxies),
and their state fields. The test reads every module of the project (not the migrations, which are
history, nor the tests, whose fixtures build records in the states they need) and fails where one
assigns such a field: ``obj.state = …``, ``setattr(obj, "state", …)``, ``Model(state=…)``,
``….update(state=…)`` and the other keyword writes, or ``bulk_update(…, ["state", …])``. Services
apply transitions (``Workflow.apply``); imports, demo data and the benchmark's generator hand their
records to ``Workflow.arrive``."""

import ast
from pathlib import Path

from django.apps import apps

from cppcc.core.workflow import lifecycles

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("cppcc", "proposals", "opinions", "platforms", "speeches")
ENGINE = ROOT / "cppcc" / "core" / "workflow.py"
KEYWORD_WRITES = {"update", "create", "get_or_create", "update_or_create"}
# (file, assignment) written on purpose, and why.
EXEMPT = {
    # A row of the ledger import's preview: the label of the state the row asks for, shown to the
    # clerk before anything is imported; not a record.
    ("opinions/ledger.py", "summary.state"),
}


def lifecycle_fields() -> tuple[dict[str, str], set[str]]:
    """({model class name, proxies included: its state field}, {every state field name})."""
    declared = {workflow.model: workflow.state_field for workflow in lifecycles()}
    models = {
        model.__name__: declared[model._meta.concrete_model]
        for model in apps.get_models()
        if model._meta.concrete_model in declared
    }
    return models, set(declared.values())


def called_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def assignments(tree: ast.AST, models: dict[str, str], fields: set[str]):
    """(line, what) of every write of a state field in ``tree``."""
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            for part in ast.walk(target):
                if isinstance(part, ast.Attribute) and part.attr in fields:
                    yield node.lineno, ast.unparse(part)
        if not isinstance(node, ast.Call):
            continue
        name = called_name(node)
        keywords = {k.arg for k in node.keywords}
        if name == "setattr" and len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
            if node.args[1].value in fields:
                yield node.lineno, ast.unparse(node)
        elif name in models and models[name] in keywords:
            yield node.lineno, f"{name}({models[name]}=…)"
        elif name in KEYWORD_WRITES and keywords & fields:
            yield node.lineno, ast.unparse(node.func)
        elif name == "bulk_update" and len(node.args) > 1:
            written = {c.value for c in ast.walk(node.args[1]) if isinstance(c, ast.Constant)}
            if written & fields:
                yield node.lineno, ast.unparse(node.func)


def project_modules() -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts and path != ENGINE
    )


def test_the_lifecycles_are_found():
    models, fields = lifecycle_fields()
    assert {
        "Proposal",
        "Cosignature",
        "Contact",
        "Reply",
        "OpinionReport",
        "ReviewQueueReport",
        "Attendance",
    } <= set(models)
    assert fields == {"state", "status", "answer"}


def test_no_code_outside_the_engine_assigns_a_state():
    models, fields = lifecycle_fields()
    found = []
    for path in project_modules():
        relative = path.relative_to(ROOT).as_posix()
        for line, what in assignments(ast.parse(path.read_text(), relative), models, fields):
            if (relative, what) not in EXEMPT:
                found.append(f"{relative}:{line}: {what}")
    assert found == []


def test_the_check_sees_each_kind_of_assignment():
    models, fields = lifecycle_fields()
    source = """
proposal.state = "closed"
setattr(report, "state", "published")
Attendance(activity=a, member=m, status="present")
Proposal.objects.filter(pk=1).update(state="draft")
Cosignature.objects.create(proposal=p, member=m, status="accepted")
Proposal.objects.bulk_update(rows, ["state", "number"])
ReviewQueueReport(state="accepted")
"""
    found = list(assignments(ast.parse(source), models, fields))
    assert [line for line, _what in found] == [2, 3, 4, 5, 6, 7, 8]
