"""The OpenAPI schema's error answers (API.md, "Status codes"), added to every operation so clients
and the fuzzing test know every status an operation may give and the body it then carries."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import force_instance
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny

ErrorDetail = inline_serializer("ErrorDetail", {"detail": serializers.CharField()})
Conflict = inline_serializer(
    "InvalidTransition", {"detail": serializers.CharField(), "code": serializers.CharField()}
)
Fault = inline_serializer("Fault", {"detail": serializers.CharField(), "code": serializers.CharField()})
DATABASE_UNAVAILABLE = OpenApiResponse(
    Fault,
    description=(
        "The database cannot be reached (code database_unavailable; a dashboard whose replica does not "
        "answer, with DATABASE_REPLICA_FALLBACK=unavailable: replica_unavailable): retry after Retry-After."
    ),
)
STORAGE_FULL = OpenApiResponse(
    Fault, description="The disk for attachments is full (code storage_full): nothing was saved."
)
# {"field": ["message"]} or {"detail": ...}; a list of such objects for a list of rows.
VALIDATION_ERROR = {
    "oneOf": [
        {"type": "object", "additionalProperties": {}},
        {"type": "array", "items": {"type": "object", "additionalProperties": {}}},
    ]
}

NOT_FOUND = OpenApiResponse(ErrorDetail, description="No such object visible to the user, or no such page.")
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema plus the project's error answers, unless a view documents its own:
    400 where there is input (a body or query parameters), 401 and 403 where a login is needed,
    404 where the path names an object, 409 for writes to an object (its state may not allow them),
    503 everywhere (the database unreachable), 507 where a file is uploaded (the disk full).
    A view whose query names an object (the dashboards' ``committee``) adds ``404: NOT_FOUND``."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return operation
        responses = operation.setdefault("responses", {})
        for code, response in self.error_responses(operation).items():
            responses.setdefault(code, self._get_response_for_code(response, code))
        return operation

    def error_responses(self, operation: dict) -> dict[str, OpenApiResponse]:
        parameters = operation.get("parameters", [])
        names_object = any(parameter["in"] == "path" for parameter in parameters)
        has_input = self.method in WRITE_METHODS or any(
            parameter["in"] == "query" for parameter in parameters
        )
        needs_login = not any(isinstance(permission, AllowAny) for permission in self.view.get_permissions())
        errors = {}
        if has_input:
            errors["400"] = OpenApiResponse(VALIDATION_ERROR, description="Invalid input.")
        if needs_login:
            errors["401"] = OpenApiResponse(ErrorDetail, description="Not signed in.")
            errors["403"] = OpenApiResponse(ErrorDetail, description="Signed in, but not allowed.")
        if names_object or self._is_list_view():
            errors["404"] = NOT_FOUND
        if names_object and self.method in WRITE_METHODS:
            errors["409"] = OpenApiResponse(
                Conflict, description="The object's current state does not allow this action."
            )
        if self.method in WRITE_METHODS and self._uploads_files():
            errors["507"] = STORAGE_FULL
        errors["503"] = DATABASE_UNAVAILABLE
        return errors

    def _uploads_files(self) -> bool:
        """Whether the request's serializer (or one of its media types') has a file field."""
        request = self.get_request_serializer()
        for serializer in request.values() if isinstance(request, dict) else [request]:
            fields = getattr(force_instance(serializer), "fields", None) or {}
            if any(isinstance(field, serializers.FileField) for field in fields.values()):
                return True
        return False
