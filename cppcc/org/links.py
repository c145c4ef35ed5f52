"""Where the site shows an object. Domain code says what a notification is about, never where it is
shown: the site registers, for each kind of object, the page that shows it (the portal does so when
it starts), and the notifications page and the e-mails ask here. This layer never imports the site."""

from collections.abc import Callable

from django.db.models import Model

_pages: dict[type[Model], Callable[[int], str]] = {}


def register_page(model: type[Model], page: Callable[[int], str]) -> None:
    """``page(pk)`` is the path of the page that shows the ``model`` object ``pk``."""
    _pages[model._meta.concrete_model] = page


def page_of(model: type[Model] | None, pk: int | None) -> str:
    """The path of the page that shows this object, or "" where the site shows none."""
    page = _pages.get(model._meta.concrete_model) if model is not None else None
    return page(pk) if page is not None and pk is not None else ""
