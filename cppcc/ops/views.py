"""The health endpoint for load balancers and monitoring, and the API docs page under our CSP."""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from drf_spectacular.views import SpectacularSwaggerSplitView

logger = logging.getLogger(__name__)


def database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("health check: database unreachable")
        return False


def cache_reachable() -> bool:
    # A key of its own per probe (it expires): concurrent probes of several processes share the cache.
    key = f"healthz:{secrets.token_hex(8)}"
    try:
        cache.set(key, "ok", timeout=10)
        return cache.get(key) == "ok"
    except Exception:
        logger.exception("health check: cache unreachable")
        return False


@never_cache
@require_safe
def healthz(request):
    """200 ``{"database": "ok", "cache": "ok"}`` when both answer, 503 naming what does not. No sign-in."""
    checks = {"database": database_reachable(), "cache": cache_reachable()}
    return JsonResponse(
        {name: "ok" if ok else "unavailable" for name, ok in checks.items()},
        status=200 if all(checks.values()) else 503,
    )


class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI with its start-up script and styles in files, so the CSP needs no inline code."""

    template_name = "ops/swagger_ui.html"
