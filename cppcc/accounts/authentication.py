"""The API's token authentication (``Authorization: Token <key>``) over ``ApiToken``: a key is
looked up by its hash; a token past its expiry, or unused for ``TOKEN_IDLE_TIMEOUT`` seconds, is
refused with 401 and says why in the user's language. Each use is noted, at most once a minute."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from . import services
from .models import ApiToken

REFUSALS = {
    "expired": _("This token has expired. Sign in again for a new one."),
    "idle": _("This token was not used for too long and has expired. Sign in again for a new one."),
}


class TokenAuthentication(authentication.TokenAuthentication):
    model = ApiToken

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(key_hash=services.token_hash(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        now = timezone.now()
        expiry = token.expiry(now)
        if expiry is not None:
            raise exceptions.AuthenticationFailed(REFUSALS[expiry], code=f"token_{expiry}")
        services.api_token_touch(token=token, now=now)
        return token.user, token
