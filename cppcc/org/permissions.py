"""Django's model and object permissions answered from the roles and the visibility gate, so the
admin (``cppcc/core/admin.py``) and django-import-export ask ``user.has_perm(...)`` as Django
intends and get the gate's answer (NetBox's ``ObjectPermissionBackend`` does the same).

- the admin is the secretariat's: a user with no secretariat role has no module and no model
  permission (administrators have every permission through Django's own backend);
- a model permission (no object) holds when the gate opens some row of the model for the action:
  ``view`` for viewing and exporting, ``change`` for adding, changing, deleting and importing;
- an object permission holds when the object is among those rows.
"""

from django.apps import apps
from django.contrib.auth.backends import BaseBackend

from cppcc.core.querysets import CHANGE, VIEW, RestrictedQuerySet

from .roles import access_for

GATE_ACTIONS = {"view": VIEW, "add": CHANGE, "change": CHANGE, "delete": CHANGE}


class GatePermissionBackend(BaseBackend):
    """Answers permissions only; signing in is ``cppcc.accounts.backends.LockoutModelBackend``'s."""

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        return user_obj.is_active and access_for(user_obj).is_staff_anywhere

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        if not (user_obj.is_active and access_for(user_obj).is_staff_anywhere):
            return False
        gate = self._gate(perm)
        if gate is None:
            return False
        rows, action = gate
        if obj is None:
            # The admin's every page asks each model's four permissions for its list of apps; add,
            # change and delete are one action of the gate, answered once per request (the user
            # object lives for one request, as Django's ModelBackend caches its permissions).
            cache = user_obj.__dict__.setdefault("_cppcc_model_permissions", {})
            key = (rows.model, action)
            if key not in cache:
                cache[key] = rows.allows(user_obj, action)
            return cache[key]
        if obj._meta.concrete_model is not rows.model._meta.concrete_model:
            return False
        cache = user_obj.__dict__.setdefault("_cppcc_object_permissions", {})
        key = (perm, obj.pk)
        if key not in cache:
            cache[key] = rows.restrict(user_obj, action).filter(pk=obj.pk).exists()
        return cache[key]

    @staticmethod
    def _gate(perm: str) -> tuple[RestrictedQuerySet, str] | None:
        """The model's rows and the gate's action a permission names, or None for a permission the
        gate does not know (another app's model, or a custom permission)."""
        app_label, _, codename = perm.partition(".")
        action, _, model_name = codename.partition("_")
        if action not in GATE_ACTIONS:
            return None
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            return None
        rows = model._default_manager.all()
        if not isinstance(rows, RestrictedQuerySet):
            return None
        return rows, GATE_ACTIONS[action]
