"""Per-address rate limits for what anyone may send without signing in (the public lead form and
its API): DRF's throttle, keyed by the client's address as the sign-in lockout reads it
(``services.client_ip``, honouring ``NUM_PROXIES``), with the rate of its ``scope`` in
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``. A page outside DRF asks ``refusal(request)``."""

import math

from rest_framework.throttling import SimpleRateThrottle

from .services import client_ip


class AddressRateThrottle(SimpleRateThrottle):
    """At most the scope's rate of requests from one client address."""

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request) or "unknown"}

    @classmethod
    def refusal(cls, request) -> int | None:
        """For a Django view: count this request; the seconds to wait where it is one too many,
        else None."""
        throttle = cls()
        if throttle.allow_request(request, None):
            return None
        return max(1, math.ceil(throttle.wait() or 1))
