"""Content-Security-Policy: pages may load scripts, styles, fonts and images from our own origin only.

Inline code is refused, except for a per-request nonce (``request.csp_nonce``, for a template's own
``<script nonce="…">``) and the few inline snippets of third-party admin templates, allowed by hash:
"""

import base64
import hashlib
import secrets

# Event handlers and style attributes in the templates of django-import-export (export page),
# django-simple-history (history list), DRF's browsable API, and Django's admin (change list
# without actions). DRF's code-highlighting <style> (only with pygments installed) stays refused.
INLINE_SCRIPT_ATTRIBUTES = ["onSelectToggleChange(event)"]
INLINE_STYLE_ATTRIBUTES = [
    "padding: 0;",
    "font-weight: bold;",
    "border-top: 0",
    "float: right; margin-right: 10px",
    "width: 350px",
]
INLINE_STYLE_ELEMENTS = ["\n      #changelist table thead th:first-child {width: inherit}\n    "]


def source_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


SCRIPT_HASHES = " ".join(source_hash(s) for s in INLINE_SCRIPT_ATTRIBUTES)
STYLE_HASHES = " ".join(source_hash(s) for s in INLINE_STYLE_ATTRIBUTES + INLINE_STYLE_ELEMENTS)


def policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}' 'unsafe-hashes' {SCRIPT_HASHES}",
            f"style-src 'self' 'nonce-{nonce}' 'unsafe-hashes' {STYLE_HASHES}",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", policy(request.csp_nonce))
        return response
