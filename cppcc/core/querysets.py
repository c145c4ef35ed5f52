"""The visibility gate: ``Model.objects.restrict(user, action)``, the one place that decides which
rows a user may read or write (NetBox's ``RestrictedQuerySet.restrict``).

Every model's default manager is built from a ``RestrictedQuerySet``; each app writes its models'
rules next to the models (``<app>/models.py``) on the bases of ``cppcc.org.querysets``, which read
the user's roles. The API's viewsets, the admin (rows, object permissions, form choices,
autocomplete, list filters, inlines), the portal, the dashboards, exports and notifications all read
through it. The actions:

- ``"view"``: the rows the user may read;
- ``"change"``: the rows the user may write outside a lifecycle (edit in the admin, the records a
  form refers to). What a member or a handling unit may do to a record they read is a transition of
  its lifecycle, which the lifecycle engine decides (``cppcc/core/workflow.py``);
- ``"pick"``: the rows the user may choose for a record they write (a form's foreign keys). The
  same as ``"change"`` except where choosing is not changing: a clerk files records in their own
  committee without being allowed to edit the committee, and chooses a nationwide party without
  being allowed to edit it.

A model may add actions of its own (a committee's dashboard: ``"oversee"``; a member's duty record:
``"view_record"``). Anonymous users reach nothing; superusers reach everything.

A rule returns ``none()`` when the user's roles open no row of the model whatever the data, so
``allows(user, action)`` tells, without a query, whether a user may take an action on the model at
all (the admin's model permissions, ``cppcc/org/permissions.py``; who has dashboards).
"""

from django.db.models import QuerySet

VIEW, CHANGE, PICK = "view", "change", "pick"


class RestrictedQuerySet(QuerySet):
    """A queryset with ``restrict(user, action)``; subclasses write the rule in ``restricted``."""

    actions: tuple[str, ...] = (VIEW, CHANGE, PICK)

    def restrict(self, user, action: str = VIEW) -> QuerySet:
        """The rows of this queryset ``user`` may take ``action`` on."""
        if action not in self.actions:
            raise ValueError(
                f"{self.model.__name__} has no action {action!r} (only {', '.join(self.actions)})"
            )
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.restricted(user, action)

    def allows(self, user, action: str = VIEW) -> bool:
        """Whether the user's roles open any row of the model to the action at all, answered
        without a query (the rows they open may still be none)."""
        return not self.restrict(user, action).query.is_empty()

    def restricted(self, user, action: str) -> QuerySet:
        """The rule for a signed-in user who is not a superuser."""
        raise NotImplementedError(f"{type(self).__name__} has no rule")


class ThroughParentQuerySet(RestrictedQuerySet):
    """Records without a committee of their own (a proposal's assignments, a report's authors, an
    activity's attachments, timelines): a user may do with them what they may do with the record
    they belong to, named by the foreign key ``parent``."""

    parent = ""

    def restricted(self, user, action: str) -> QuerySet:
        parents = self.model._meta.get_field(self.parent).related_model._default_manager
        allowed = parents.restrict(user, action)
        if allowed.query.is_empty():
            return self.none()
        return self.filter(**{f"{self.parent}__in": allowed.values("pk")})
