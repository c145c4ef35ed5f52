"""Settings of the benchmark (``make bench``): production's, with the benchmark installed for its
``bench`` command. Production settings never install it."""

from cppcc.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "cppcc.bench"]  # noqa: F405
