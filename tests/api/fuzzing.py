"""What the fuzzing tests share (test_schema_fuzz.py: every operation on its own; test_stateful_fuzz.py:
sequences that follow the schema's links): the checks every answer must pass, the personas' tokens,
and the hooks that aim part of the generated inputs at the records of ``world``."""

from datetime import timedelta

from django.utils import timezone
from hypothesis import strategies as st
from schemathesis import checks
from schemathesis.specs.openapi import checks as openapi_checks

from cppcc.accounts.models import ApiToken
from cppcc.accounts.services import api_token_issue, token_hash
from proposals.models import Category

# No 5xx, no status code the schema does not list for the operation, no body that fails its schema.
CHECKS = [
    checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.response_schema_conformance,
]


class Persona:
    """A user of ``world`` and the token they send (none for anonymous requests)."""

    def __init__(self, name: str, user):
        self.name = name
        self.user = user
        self.key = api_token_issue(user=user)[1] if user else None

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Token {self.key}"} if self.key else {}

    def keep_signed_in(self) -> None:
        """The fuzzer may revoke the token (``DELETE /api/auth/token/`` or ``/api/auth/tokens/{id}/``):
        give it back before each request, so that every request is the persona's."""
        if self.key and not ApiToken.objects.filter(key_hash=token_hash(self.key)).exists():
            ApiToken.objects.create(
                key_hash=token_hash(self.key),
                prefix=self.key[:8],
                user=self.user,
                expires=timezone.now() + timedelta(days=1),
            )


def path_targets(world) -> dict[str, int]:
    """Ids of ``world``'s records by path prefix, for the ``{id}`` of an operation's path."""
    return {
        "/api/proposals/": world.proposal.pk,
        "/api/opinions/": world.report.pk,
        "/api/activities/": world.activity.pk,
        "/api/members/": world.members["member"].pk,
        "/api/committees/": world.city.pk,
        "/api/handling-units/": world.unit.pk,
    }


def reference_targets(world) -> dict[str, object]:
    """Values of ``world``'s records for the fields of request bodies and queries that name one, so
    that creates and actions can succeed: a proposal needs its committee's session and category, an
    action its units, members and issue, a speech its meeting, an activity or a contact a date."""
    member, cosigner = world.members["member"], world.members["cosigner"]
    return {
        "committee": world.city.pk,
        "within": world.city.pk,
        "session": world.proposal.session_id,
        "category": Category.objects.get(committee=world.city).pk,
        "proposer": member.pk,
        "member": member.pk,
        "authors": [member.pk],
        "cosigners": [cosigner.pk],
        "supervisors": [cosigner.pk],
        "unit": world.unit.pk,
        "lead_unit": world.other_unit.pk,
        "suggested_unit": world.other_unit.pk,
        "co_units": [world.unit.pk],
        "activity": world.plenary.pk,
        "issue": world.issue.pk,
        "into": world.registered.pk,
        "date": timezone.localdate().isoformat(),
    }


def aimed(value, targets: dict[str, object]):
    """``value`` with every field named in ``targets`` (at any depth) set to the target, where the
    generated value has the target's type (an id for an id, a list for a list): an enum that shares
    a name with a reference (an opinion report's ``category``) keeps its generated value."""
    if isinstance(value, dict):
        return {
            name: targets[name]
            if name in targets and _same_kind(item, targets[name])
            else aimed(item, targets)
            for name, item in value.items()
        }
    if isinstance(value, list):
        return [aimed(item, targets) for item in value]
    return value


def _same_kind(generated, target) -> bool:
    if isinstance(target, int):
        return isinstance(generated, int) and not isinstance(generated, bool)
    return isinstance(generated, type(target))


def required_fields(raw_schema: dict) -> dict[str, frozenset[str]]:
    """The required fields of each operation's request body (any media type), by its label."""
    components = raw_schema.get("components", {}).get("schemas", {})
    required = {}
    for path, methods in raw_schema["paths"].items():
        for method, operation in methods.items():
            names = set()
            for content in operation.get("requestBody", {}).get("content", {}).values():
                body = content.get("schema", {})
                body = components.get(body.get("$ref", "").rpartition("/")[2], body)
                names.update(body.get("required", ()))
            required[f"{method.upper()} {path}"] = frozenset(names)
    return required


def aim_at(schema, world) -> None:
    """Half of the generated inputs (the choice is Hypothesis', so derandomized runs repeat it) name
    ``world``'s records: the ``{id}`` of a path, and the references of a body or a query, keeping of
    the generated fields only those the body requires. The other half keep whatever was generated.
    The aimed input comes first, so that an operation's simplest case, the one a run of a single
    example tries, is a request on real records."""
    ids = path_targets(world)
    targets = reference_targets(world)
    required = required_fields(schema.raw_schema)

    def naming_records(container: dict, keep: frozenset[str]) -> dict:
        return aimed(
            {name: item for name, item in container.items() if name in keep or name in targets}, targets
        )

    @schema.hook
    def flatmap_path_parameters(context, parameters):
        path = context.operation.path
        pk = next((pk for prefix, pk in ids.items() if path.startswith(prefix)), None)
        if pk is None or not isinstance(parameters, dict) or "id" not in parameters:
            return st.just(parameters)
        return st.sampled_from([{**parameters, "id": pk}, parameters])

    @schema.hook
    def flatmap_body(context, body):
        if not isinstance(body, dict):
            return st.just(body)
        return st.sampled_from([naming_records(body, required[context.operation.label]), body])

    @schema.hook
    def flatmap_query(context, query):
        if not isinstance(query, dict):
            return st.just(query)
        return st.sampled_from([naming_records(query, frozenset()), query])
