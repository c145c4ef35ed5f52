"""The Excel export of proposals: every column a clerk needs for the yearly 提案汇编."""

from import_export import fields

from cppcc.org.resources import ChoiceWidget, SafeExportResource, YesNoWidget

from .models import Cosignature, Kind, Proposal, State


class ProposalResource(SafeExportResource):
    PREFETCH = ("cosignatures__member", "assignments__unit", "replies", "feedback", "supervisors")

    id = fields.Field(attribute="id", column_name="编号")
    code = fields.Field(attribute="code", column_name="案号")
    session = fields.Field(attribute="session__name", column_name="会议")
    title = fields.Field(attribute="title", column_name="案由")
    category = fields.Field(attribute="category__name", column_name="类别")
    kind = fields.Field(attribute="kind", column_name="提案类型", widget=ChoiceWidget(Kind))
    filer = fields.Field(column_name="提案者")
    cosigners = fields.Field(column_name="联名委员")
    during_plenary = fields.Field(attribute="during_plenary", column_name="大会提案", widget=YesNoWidget())
    state = fields.Field(attribute="state", column_name="状态", widget=ChoiceWidget(State))
    submitted_at = fields.Field(attribute="submitted_at", column_name="提交时间")
    registered_at = fields.Field(attribute="registered_at", column_name="立案时间")
    lead_units = fields.Field(column_name="主办单位")
    co_units = fields.Field(column_name="会办单位")
    separate_units = fields.Field(column_name="分办单位")
    due_on = fields.Field(column_name="答复期限")
    reply_categories = fields.Field(column_name="答复类别")
    satisfaction = fields.Field(column_name="委员评价")
    is_key = fields.Field(attribute="is_key", column_name="重点提案", widget=YesNoWidget())
    supervisors = fields.Field(column_name="督办领导")
    is_excellent = fields.Field(attribute="is_excellent", column_name="优秀提案", widget=YesNoWidget())
    closed_at = fields.Field(attribute="closed_at", column_name="办结时间")
    content = fields.Field(attribute="content", column_name="情况分析与具体建议")

    class Meta:
        model = Proposal
        fields = [
            "id",
            "code",
            "session",
            "title",
            "category",
            "kind",
            "filer",
            "cosigners",
            "during_plenary",
            "state",
            "submitted_at",
            "registered_at",
            "lead_units",
            "co_units",
            "separate_units",
            "due_on",
            "reply_categories",
            "satisfaction",
            "is_key",
            "supervisors",
            "is_excellent",
            "closed_at",
            "content",
        ]

    def dehydrate_filer(self, proposal: Proposal) -> str:
        return proposal.proposer.name if proposal.proposer_id else str(proposal.sponsor or "")

    def dehydrate_cosigners(self, proposal: Proposal) -> str:
        return "、".join(
            c.member.name for c in proposal.cosignatures.all() if c.status == Cosignature.Status.ACCEPTED
        )

    def _units(self, proposal: Proposal, role: str) -> str:
        return "、".join(a.unit.name for a in proposal.assignments.all() if a.role == role)

    def dehydrate_lead_units(self, proposal: Proposal) -> str:
        return self._units(proposal, "lead")

    def dehydrate_co_units(self, proposal: Proposal) -> str:
        return self._units(proposal, "co")

    def dehydrate_separate_units(self, proposal: Proposal) -> str:
        return self._units(proposal, "separate")

    def dehydrate_due_on(self, proposal: Proposal) -> str:
        dates = sorted({a.due_on for a in proposal.assignments.all() if a.must_reply})
        return "、".join(d.isoformat() for d in dates)

    def dehydrate_reply_categories(self, proposal: Proposal) -> str:
        return "、".join(r.category for r in proposal.replies.all())

    def dehydrate_satisfaction(self, proposal: Proposal) -> str:
        ratings = list(proposal.feedback.all())
        return str(ratings[-1].get_satisfaction_display()) if ratings else ""

    def dehydrate_supervisors(self, proposal: Proposal) -> str:
        return "、".join(m.name for m in proposal.supervisors.all())
