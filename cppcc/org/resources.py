"""Excel layouts (django-import-export) and the widgets shared by every import of the project.

Columns carry the Chinese headings of the ledgers the secretariat keeps. An import runs inside one
transaction and is committed only when no row has an error; the admin previews every row first.
"""

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, widgets

from cppcc.core.resources import SafeExportResource

from .models import Committee, Member, Party, Sector, SpecialCommittee, Term


def text() -> widgets.CharWidget:
    """A text column whose blank cells are empty strings (never NULL)."""
    return widgets.CharWidget(allow_blank=True)


class ChoiceWidget(widgets.Widget):
    """An enum written as its Chinese label (its code and English label are accepted too)."""

    def __init__(self, choices_class, **kwargs):
        super().__init__(**kwargs)
        self.choices_class = choices_class

    def _lookup(self) -> dict[str, str]:
        lookup = {}
        for code in self.choices_class.values:
            lookup[code] = code
            for language in ("en", "zh-hans"):
                with translation.override(language):
                    lookup[str(self.choices_class(code).label)] = code
        return lookup

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        text = str(value).strip()
        code = self._lookup().get(text)
        if code is None:
            raise ValueError(
                _("“%(value)s” is not one of: %(choices)s")
                % {"value": text, "choices": "、".join(str(label) for label in self.choices_class.labels)}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return str(self.choices_class(value).label) if value else ""


class YesNoWidget(widgets.BooleanWidget):
    """是/否; a blank cell means ``blank``."""

    def __init__(self, blank: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.blank = blank

    TRUE_VALUES = ["是", "1", 1, True, "true", "TRUE", "True", "yes", "Y", "y"]
    FALSE_VALUES = ["否", "0", 0, False, "false", "FALSE", "False", "no", "N", "n"]

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return self.blank
        if value in self.TRUE_VALUES or str(value).strip() in self.TRUE_VALUES:
            return True
        if value in self.FALSE_VALUES or str(value).strip() in self.FALSE_VALUES:
            return False
        raise ValueError(_("“%(value)s” must be 是 or 否.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class NamedForeignKeyWidget(widgets.ForeignKeyWidget):
    """A related object named by its name, looked up only among the given queryset (one committee)."""

    def __init__(self, queryset, field="name", **kwargs):
        super().__init__(queryset.model, field=field, **kwargs)
        self.queryset = queryset

    def get_queryset(self, value, row, *args, **kwargs):
        return self.queryset

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return self.get_queryset(value, row).get(**{self.field: str(value).strip()})
        except self.model.DoesNotExist:
            raise ValueError(
                _("No %(thing)s named “%(value)s”.")
                % {"thing": self.model._meta.verbose_name, "value": value}
            ) from None


class NamedManyToManyWidget(widgets.ManyToManyWidget):
    """Several related objects named by name, separated by 、 or commas."""

    def __init__(self, queryset, field="name", **kwargs):
        super().__init__(queryset.model, separator="、", field=field, **kwargs)
        self.queryset = queryset

    def clean(self, value, row=None, **kwargs):
        if not value:
            return self.queryset.none()
        names = [
            n.strip() for n in str(value).replace(",", "、").replace("，", "、").split("、") if n.strip()
        ]
        found = {
            getattr(obj, self.field): obj for obj in self.queryset.filter(**{f"{self.field}__in": names})
        }
        missing = [n for n in names if n not in found]
        if missing:
            raise ValueError(
                _("No %(thing)s named “%(value)s”.")
                % {"thing": self.model._meta.verbose_name, "value": "、".join(missing)}
            )
        return [found[n] for n in names]


class CommitteeScopedResource(SafeExportResource):
    """A resource bound to the one committee the rows are imported into (chosen in the import form)."""

    def __init__(self, committee: Committee | None = None, **kwargs):
        super().__init__()
        self.committee = committee

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.filter(committee=self.committee) if self.committee else queryset

    def get_instance(self, instance_loader, row):
        """An id (编号) that is given must name a record of this committee; a blank one adds a record."""
        instance = super().get_instance(instance_loader, row)
        id_field = self.fields["id"]
        if instance is None and row.get(id_field.column_name) not in (None, ""):
            raise ValueError(
                _("No record numbered %(id)s in this committee.") % {"id": row[id_field.column_name]}
            )
        return instance

    def import_instance(self, instance, row, **kwargs):
        # Set before the columns are read, so a bad cell is the only error the row reports.
        instance.committee = self.committee
        super().import_instance(instance, row, **kwargs)


class MemberResource(CommitteeScopedResource):
    id = fields.Field(attribute="id", column_name="编号", widget=widgets.IntegerWidget())
    name = fields.Field(attribute="name", column_name="姓名")
    gender = fields.Field(attribute="gender", column_name="性别", widget=ChoiceWidget(Member.Gender))
    sector = fields.Field(attribute="sector", column_name="界别")
    party = fields.Field(attribute="party", column_name="党派")
    position = fields.Field(attribute="position", column_name="职务", widget=ChoiceWidget(Member.Position))
    is_standing_committee = fields.Field(
        attribute="is_standing_committee", column_name="常委", widget=YesNoWidget()
    )
    special_committees = fields.Field(attribute="special_committees", column_name="专门委员会", m2m_add=False)
    workplace = fields.Field(attribute="workplace", column_name="工作单位及职务", widget=text())
    phone = fields.Field(attribute="phone", column_name="电话", widget=text())
    email = fields.Field(attribute="email", column_name="电子邮箱", widget=text())
    address = fields.Field(attribute="address", column_name="通讯地址", widget=text())
    id_number = fields.Field(attribute="id_number", column_name="身份证号", widget=text())
    is_active = fields.Field(attribute="is_active", column_name="在职", widget=YesNoWidget(blank=True))

    class Meta:
        model = Member
        fields = [
            "id",
            "name",
            "gender",
            "sector",
            "party",
            "position",
            "is_standing_committee",
            "special_committees",
            "workplace",
            "phone",
            "email",
            "address",
            "id_number",
            "is_active",
        ]
        import_id_fields = ["id"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def __init__(self, committee: Committee | None = None, **kwargs):
        super().__init__(committee=committee, **kwargs)
        scope = {"committee": committee} if committee else {}
        self.fields["sector"].widget = NamedForeignKeyWidget(Sector.objects.filter(**scope))
        parties = (
            Party.objects.filter(Q(committee__isnull=True) | Q(committee=committee))
            if committee
            else Party.objects
        )
        self.fields["party"].widget = NamedForeignKeyWidget(parties.all())
        self.fields["special_committees"].widget = NamedManyToManyWidget(
            SpecialCommittee.objects.filter(**scope)
        )

    def get_queryset(self):
        return super().get_queryset().select_related("sector", "party").prefetch_related("special_committees")

    def before_import_row(self, row, **kwargs):
        if not str(row.get("姓名") or "").strip():
            raise ValueError(_("The name (姓名) is required."))

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if not instance.term_id:  # new members join the committee's current term
            instance.term = Term.objects.filter(committee=self.committee).order_by("-number").first()
