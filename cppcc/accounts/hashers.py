"""PBKDF2-HMAC-SM3 (国密 SM3, GB/T 32905-2016), a password hasher chosen by
``DJANGO_PASSWORD_HASHER=sm3`` (``settings.PASSWORD_HASHERS``).

Django's PBKDF2 hasher with SM3 in place of SHA-256, computed by ``cryptography`` (Python's hashlib
offers SM3 only where the system's OpenSSL happens to). A hash reads ``pbkdf2_sm3$<iterations>$<salt>$
<base64 of 32 bytes>``. Django rehashes a password at sign-in when its hash is of another algorithm
or iteration count, so switching the setting moves every account over as its owner signs in.
"""

import base64

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from django.contrib.auth.hashers import PBKDF2PasswordHasher


class PBKDF2SM3PasswordHasher(PBKDF2PasswordHasher):
    algorithm = "pbkdf2_sm3"
    # SM3 costs about 1.7 times SHA-256 per iteration here (no instructions for it in the processor),
    # so this takes as long as Django's pbkdf2_sha256 at its 1,000,000 (README, "国密").
    iterations = 600_000
    digest = None

    def encode(self, password, salt, iterations=None):
        self._check_encode_args(password, salt)
        iterations = iterations or self.iterations
        kdf = PBKDF2HMAC(algorithm=hashes.SM3(), length=32, salt=salt.encode(), iterations=iterations)
        derived = base64.b64encode(kdf.derive(password.encode())).decode("ascii").strip()
        return f"{self.algorithm}${iterations}${salt}${derived}"
