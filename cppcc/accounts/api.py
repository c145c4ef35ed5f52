"""API sign-in: exchange a username and password for a token, and revoke it (sign out)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from . import services

# A lockout carries ``"code": "locked"``; the throttle's own answer only ``detail``.
Detail = inline_serializer(
    "LoginRefused", {"detail": serializers.CharField(), "code": serializers.CharField(required=False)}
)


class TokenView(ObtainAuthToken):
    """POST exchanges credentials for a token: throttled, and refused with 429 while the username or
    the client's address is locked out after repeated failures. DELETE revokes the caller's token."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    def get_permissions(self):
        if self.request.method == "DELETE":
            return [IsAuthenticated()]
        return super().get_permissions()

    def get_throttles(self):
        if self.request.method == "DELETE":
            return []
        return super().get_throttles()

    @extend_schema(
        auth=[],
        description="Exchange a username and password for a token. Throttled; answers 429 while the "
        "username or the client's address is locked out after repeated failures.",
        responses={
            200: inline_serializer("Token", {"token": serializers.CharField()}),
            400: OpenApiResponse(description="Wrong username or password."),
            429: OpenApiResponse(Detail, description="Too many attempts, or locked out."),
        },
    )
    def post(self, request, *args, **kwargs):
        username = request.data.get("username") if hasattr(request.data, "get") else None
        if isinstance(username, str) and username:
            refusal = services.login_refusal(request=request, username=username)
            if refusal is not None:
                return Response(
                    {"detail": refusal.messages[0], "code": "locked"},
                    status=status.HTTP_429_TOO_MANY_REQUESTS,
                    headers={"Retry-After": str(refusal.retry_after)},
                )
        return super().post(request, *args, **kwargs)

    @extend_schema(
        description="Revoke the caller's token (sign out of API clients).",
        request=None,
        responses={204: None, 401: OpenApiResponse(description="Not signed in.")},
    )
    def delete(self, request, *args, **kwargs):
        services.token_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
