"""API sign-in: exchange a username and password for a token, and revoke it (sign out); a user's
tokens, listed and revoked by their owner and by the secretariat (``/api/auth/tokens/``); the audit
log, read by the secretariat (``/api/audit/``)."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, mixins, parsers, renderers, serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from cppcc.core.querysets import VIEW
from cppcc.core.rest import ReadOnlyViewSet, display

from . import services
from .filters import AuditEntryFilter
from .models import ApiToken, AuditEntry
from .second_factor import SecondFactorRequired, has_second_factor, second_factor_required

# A lockout carries ``"code": "locked"``; the throttle's own answer only ``detail``.
Detail = inline_serializer(
    "LoginRefused", {"detail": serializers.CharField(), "code": serializers.CharField(required=False)}
)


class TokenRequestSerializer(AuthTokenSerializer):
    name = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="What the token is for (a device, a script), shown in the list of tokens; "
        "by default the client's User-Agent.",
    )
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=32,
        help_text="A code of the user's second factor (the authenticator app's 6 digits, or a recovery "
        "code): required once the user has turned it on.",
    )


class TokenView(APIView):
    """POST exchanges credentials for a new token: throttled, and refused with 429 while the
    username or the client's address is locked out after repeated failures. DELETE revokes the
    token the request was made with (with a session: every token of the user)."""

    permission_classes = []
    parser_classes = [parsers.FormParser, parsers.MultiPartParser, parsers.JSONParser]
    renderer_classes = [renderers.JSONRenderer]
    serializer_class = TokenRequestSerializer
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
        request=TokenRequestSerializer,
        description="Exchange a username and password for a new token, valid `TOKEN_MAX_AGE_DAYS` days "
        "and ended sooner when unused for `TOKEN_IDLE_TIMEOUT` seconds. A user with a second factor "
        "also sends `otp`; wrong codes count towards the lockout like wrong passwords. Throttled; "
        "answers 429 while the username or the client's address is locked out after repeated failures.",
        responses={
            200: inline_serializer("Token", {"token": serializers.CharField()}),
            400: OpenApiResponse(
                description="Wrong username or password; or a second factor's code missing or wrong: "
                '`{"otp": [...], "code": "otp_missing" | "otp_invalid" | "otp_throttled"}`.'
            ),
            403: OpenApiResponse(
                Detail,
                description="The user must turn a second factor on (on the website) first: "
                '`"code": "otp_required"`.',
            ),
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
        body = TokenRequestSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        user = body.validated_data["user"]
        if has_second_factor(user):
            refused = self.second_factor_refusal(request, user, body.validated_data.get("otp", ""))
            if refused is not None:
                return refused
        elif second_factor_required(user):
            raise SecondFactorRequired()
        name = body.validated_data.get("name") or request.META.get("HTTP_USER_AGENT", "")
        _token, key = services.api_token_issue(user=user, name=name)
        return Response({"token": key})

    @staticmethod
    def second_factor_refusal(request, user, code: str) -> Response | None:
        """None when the code is right; else 400 with ``otp`` and a code (``otp_missing``,
        ``otp_invalid``, ``otp_throttled``), or 429 when wrong codes locked the username out."""
        if not code:
            return Response(
                {"otp": [gettext("Enter a code of your second factor.")], "code": "otp_missing"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            services.second_factor_sign_in(request=request, user=user, code=code)
        except ValidationError as error:
            if error.code == "locked":
                return Response(
                    {"detail": error.messages[0], "code": "locked"},
                    status=status.HTTP_429_TOO_MANY_REQUESTS,
                    headers={"Retry-After": str(error.retry_after)},
                )
            return Response({"otp": error.messages, "code": error.code}, status=status.HTTP_400_BAD_REQUEST)
        return None

    @extend_schema(
        description="Revoke the caller's token (sign out of this API client); signed in with a "
        "session, every token of the caller.",
        request=None,
        responses={204: None, 401: OpenApiResponse(description="Not signed in.")},
    )
    def delete(self, request, *args, **kwargs):
        if isinstance(request.auth, ApiToken):
            services.api_token_revoke(token=request.auth, actor=request.user)
        else:
            services.token_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ApiTokenSerializer(serializers.ModelSerializer):
    """A token as its owner and the secretariat see it: never its key, only the key's first
    characters."""

    username = serializers.CharField(source="user.username", read_only=True)
    display_name = serializers.CharField(source="user.display_name", read_only=True)
    state = serializers.SerializerMethodField(
        help_text="`active`; `expired` (past `expires`) or `idle` (unused too long): it signs in no more."
    )
    current = serializers.SerializerMethodField(help_text="The token this request was made with.")

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "user",
            "username",
            "display_name",
            "name",
            "prefix",
            "created",
            "last_used",
            "expires",
            "state",
            "current",
        ]
        read_only_fields = fields

    def get_state(self, token) -> str:
        return token.expiry(self.context["now"]) or "active"

    def get_current(self, token) -> bool:
        return self.context["request"].auth == token


class ApiTokenViewSet(mixins.DestroyModelMixin, ReadOnlyViewSet):
    """The API tokens a user may see: their own, and for the secretariat those of the users of its
    committee and the committees below, newest first. DELETE revokes one: its owner, or the
    secretariat of the owner's committee (the secretariat of a committee above reads it, 403)."""

    queryset = ApiToken.objects.select_related("user")
    serializer_class = ApiTokenSerializer
    ordering_fields = ["id", "created", "last_used", "expires"]
    uncached_actions = ("list", "retrieve")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}

    def perform_destroy(self, instance):
        services.api_token_revoke(token=instance, actor=self.request.user)


class AuditEntrySerializer(serializers.ModelSerializer):
    action_display = display("action")

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "at",
            "actor",
            "actor_name",
            "ip",
            "action",
            "action_display",
            "committee",
            "object_type",
            "object_id",
            "label",
            "details",
            "prev_hash",
            "hash",
        ]
        read_only_fields = fields


class AuditEntryViewSet(ReadOnlyViewSet):
    """The audit log, newest first: reads of members' private fields, exports, role and permission
    changes, purges. The secretariat reads the entries of its committee and the committees below
    (those who run the platform, every entry); anyone else is refused (403). Nothing is written
    here: entries are never changed or deleted through the application."""

    queryset = AuditEntry.objects.all()
    serializer_class = AuditEntrySerializer
    filterset_class = AuditEntryFilter
    search_fields = ["actor_name", "label", "object_id"]
    ordering_fields = ["id", "at"]
    uncached_actions = ("list", "retrieve")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not AuditEntry.objects.allows(request.user, VIEW):
            raise exceptions.PermissionDenied(_("Only the secretariat reads the audit log."))


def register(router) -> None:
    router.register("auth/tokens", ApiTokenViewSet, basename="apitoken")
    router.register("audit", AuditEntryViewSet, basename="auditentry")
