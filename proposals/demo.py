"""Demo proposals: 聊城市政协's 十四届三次会议 (2024) with exactly 503 proposals registered in 2024,
plus rejected, merged and withdrawn ones; most closed with replies and ratings, some still with the
units (some overdue), some rehandled, about twenty key proposals; the 2025 session of the city and
of every county committee; and the proposals of the demo accounts ``member``, ``member2`` and
``unit``. Generated from a fixed seed, in one transaction, with bulk inserts."""

import datetime
import random
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from cppcc.core.workflow import Step
from cppcc.org.demo import CITY_CODE, DEMO_UNIT
from cppcc.org.models import Committee, HandlingUnit, Member, Role, RoleAssignment, Session, User

from . import services
from .models import (
    Assignment,
    Category,
    Contact,
    ContactMethod,
    Cosignature,
    Feedback,
    HandlingRules,
    Kind,
    Lead,
    LeadState,
    NumberCounter,
    Objection,
    Proposal,
    QualityGrade,
    QualityRating,
    RejectionReason,
    Reply,
    ReplyReview,
    Satisfaction,
    State,
    UnitOpinion,
)
from .workflow import contact_workflow, cosignature_workflow, lead_workflow, proposal_workflow

REGISTERED_2024 = 503
CATEGORIES = ["经济", "政治", "文化", "社会", "生态文明", "其他"]
TOPICS = {
    "经济": [
        "民营经济高质量发展",
        "中小微企业融资",
        "县域特色产业集群",
        "农产品精深加工",
        "跨境电商发展",
        "营商环境持续优化",
        "高新技术企业培育",
        "物流枢纽建设",
        "文旅消费提质扩容",
        "数字经济与实体经济融合",
    ],
    "政治": [
        "基层协商民主建设",
        "政协委员履职能力提升",
        "民主监督实效",
        "法治政府建设",
        "行政执法规范化",
        "基层社会治理创新",
        "信访工作法治化",
    ],
    "文化": [
        "运河文化保护传承",
        "东昌府木版年画传承",
        "公共文化服务体系",
        "农家书屋提质增效",
        "非物质文化遗产保护",
        "红色文化资源利用",
        "城市书房建设",
    ],
    "社会": [
        "城区老旧小区加装电梯",
        "居家社区养老服务",
        "婴幼儿照护服务",
        "义务教育优质均衡",
        "县域医共体建设",
        "高校毕业生就业",
        "农村饮水安全",
        "中小学生心理健康教育",
        "城市停车难治理",
        "残疾人就业帮扶",
    ],
    "生态文明": [
        "徒骇河流域生态治理",
        "农村生活污水治理",
        "城市黑臭水体整治",
        "秸秆综合利用",
        "大气污染联防联控",
        "城乡垃圾分类",
        "国土绿化行动",
    ],
    "其他": ["社区志愿服务", "退役军人服务保障", "对台交流合作", "民族团结进步创建"],
}
VERBS = ["关于加快", "关于进一步推进", "关于完善", "关于加强", "关于支持", "关于优化", "关于促进", "关于做好"]
CONTENT = (
    "近年来，我市在{topic}方面做了大量工作，取得了一定成效，但仍存在统筹推进不够、政策落实不到位、"
    "资金保障不足等问题。为此建议：一是加强统筹协调，明确责任分工；二是加大政策和资金支持力度；"
    "三是建立健全长效机制，定期督导评估，推动{topic}工作取得实效。"
)
REPLY = (
    "收到提案后，我单位高度重视，认真研究办理。{verdict}"
    "下一步，我们将继续加强与提案人的沟通联系，推动工作落实。"
)
VERDICTS = {
    "A": "提案所提建议已采纳，相关工作已落实到位。",
    "B": "提案所提建议已列入今年工作计划，正在逐步推进。",
    "C": "提案所提建议对我们的工作很有参考价值，受条件限制暂难实施，留作参考。",
}


@dataclass
class Plan:
    """What happens to one demo proposal; turned into rows and the steps of its lifecycle."""

    proposal: Proposal
    path: list[str]  # actions in order, e.g. ["submit", "register", "assign", "reply", "feedback"]
    cosigners: list[Member] = field(default_factory=list)
    units: list[tuple[HandlingUnit, str]] = field(default_factory=list)
    unsatisfied_first: bool = False
    reject_reason: str = ""
    merge_into: "Plan | None" = None
    start: datetime.datetime | None = None
    supervisors: list[Member] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    # An objection by the lead unit after the assignment: (outcome, the unit it suggests).
    objection: tuple[str, HandlingUnit] | None = None
    unsatisfied_twice: bool = False


@contextmanager
def _explicit_times():
    """Let bulk inserts keep the historical creation times set on the demo proposals."""
    created_at = Proposal._meta.get_field("created_at")
    created_at.auto_now_add = False
    try:
        yield
    finally:
        created_at.auto_now_add = True


def seed(stdout=None) -> bool:
    if Proposal.objects.exists():
        return False
    city = Committee.objects.filter(code=CITY_CODE).first()
    if city is None:
        return False
    with transaction.atomic(), _explicit_times():
        builder = Builder(random.Random(503), city)
        plans = builder.build()
        builder.save_objections()
        # The city's office asks for a contact before every lead reply and reviews key proposals'
        # replies; the rules take effect from here on, after the history above.
        HandlingRules.objects.create(committee=city, contact_required=True, reply_review=ReplyReview.KEY)
        seed_handling(city, random.Random(15))
        published = publish_share(city, random.Random(2024))
        _reply_letters()
        digests = _digests(city)
        leads = _leads(city, random.Random(19))
    _draft_from_lead(city)
    if stdout:
        stdout.write(
            f"  proposals: {len(plans)} proposals, {REGISTERED_2024} registered in 2024 (city), "
            f"{digests} digests, {published} published, {leads} public leads"
        )
    return True


SIGNERS = ["王建国", "李红梅", "张志强", "刘东升", "陈晓燕", "赵海涛", "孙立平", "周文静"]
CONTACTS = ["马晓东", "杨丽", "高俊峰", "郑雪", "韩磊", "冯静"]


def _reply_letters() -> None:
    """What the replies' letters (答复函) print: each unit's signer (签发人) and contact person with
    a phone number, the same for all its replies."""
    replies = list(Reply.objects.all())
    for reply in replies:
        reply.signer = SIGNERS[reply.unit_id % len(SIGNERS)]
        reply.contact_person = CONTACTS[reply.unit_id % len(CONTACTS)]
        reply.contact_phone = f"0635-{8210000 + reply.unit_id * 37 % 9000:07d}"
    Reply.objects.bulk_update(replies, ["signer", "contact_person", "contact_phone"], batch_size=500)


def _digests(city: Committee) -> int:
    """Two 2024 digests (提案摘报) of the city's key and other registered proposals, their core
    suggestions taken from the proposals' texts."""
    registered = list(
        Proposal.objects.filter(committee=city, registered_at__year=2024)
        .select_related("session")
        .order_by("-is_key", "number")[:7]
    )
    issues = [
        ("重点提案核心建议（一）", datetime.date(2024, 4, 18), registered[:4]),
        ("优化营商环境和民生保障提案摘编", datetime.date(2024, 6, 20), registered[4:7]),
    ]
    for title, issued_on, chosen in issues:
        services.digest_create(
            committee=city,
            year=2024,
            title=title,
            issued_on=issued_on,
            recipients="市委、市政府主要领导，市政协主席、副主席、秘书长",
            actor=None,
            items=[(proposal, _core_suggestions(proposal.content)) for proposal in chosen],
        )
    return len(issues)


LEADS = [
    ("社会", "小区门口的路灯坏了三个月，晚上老人出行很不方便，希望尽快修复并定期巡查。"),
    ("社会", "建议在人民公园东门增设公交站点，方便周边老年人和学生出行。"),
    ("经济", "农贸市场周边占道经营严重，早高峰车辆通行困难，建议规划临时便民摊位区。"),
    ("文化", "希望社区图书室延长周末开放时间，增加适合老年人阅读的大字书籍。"),
    ("生态文明", "徒骇河部分河段岸边垃圾较多，建议增加保洁频次并设置分类垃圾桶。"),
    ("社会", "老旧小区加装电梯的审批流程较长，建议简化手续并公开办理进度。"),
    ("经济", "小微企业申请贴息贷款材料繁多，建议推行一次告知、网上办理。"),
    ("社会", "学校周边上下学时段交通拥堵，建议增设临时停车点和护学岗。"),
    ("生态文明", "冬季部分村庄散煤燃烧仍较多，建议加大清洁取暖补贴力度。"),
    ("文化", "建议利用闲置厂房建设青少年科普活动场所，周末向家庭开放。"),
    ("社会", "乡镇卫生院夜间缺少值班医生，建议完善县乡医生轮岗制度。"),
    ("经济", "县城快递末端网点收费不统一，建议规范农村快递进村服务。"),
]
DECLINE_REASONS = [
    "属个人权益诉求，已告知通过12345热线反映。",
    "与已采纳线索内容重复，且已有相关提案在办理中。",
    "涉及正在诉讼的纠纷，不属政协提案范围。",
]
LEAD_MONTHS = 4


def _leads(city: Committee, rng: random.Random) -> int:
    """The public's leads of the last four months to the city, in every screening state: the
    older ones screened (accepted, declined with a reason, a few merged into an accepted one, one
    turned into a member's draft), the last thirty days' still waiting; dated back from today, so
    the members' 线索库 has them."""
    clerk = User.objects.get(username="secretariat")
    categories = {c.name: c for c in Category.objects.filter(committee=city)}
    today = timezone.localdate()
    alphabet = services.RECEIPT_ALPHABET

    def lead(text: str, category: str, days_ago: int) -> tuple[Lead, datetime.datetime]:
        sent = aware(today - datetime.timedelta(days=days_ago), hour=rng.randint(8, 21))
        receipt = "".join(rng.choice(alphabet) for _i in range(services.RECEIPT_LENGTH))
        return Lead(
            committee=city,
            receipt=f"XS{sent.year}-{receipt}",
            description=text,
            category=categories[category],
            name=rng.choice(["", "张女士", "刘先生", "王大爷", ""]),
            phone=rng.choice(["", "13905351234", "0635-8212345"]),
            created_at=sent,
        ), sent

    screened, merged = [], []
    for month in range(LEAD_MONTHS):
        for index, (category, text) in enumerate(LEADS):
            if (index + month) % 3:
                continue
            days_ago = month * 30 + rng.randint(1, 28)
            row, sent = lead(text, category, days_ago)
            decided = sent + datetime.timedelta(days=rng.randint(1, 6))
            steps = [Step("send", at=sent)]
            # This month's leads still wait for the secretariat.
            if month and index % 4 == 3:
                row.reason, row.decided_by = rng.choice(DECLINE_REASONS), clerk
                steps.append(Step("decline", at=decided, actor=clerk))
            elif month:
                row.decided_by = clerk
                steps.append(Step("accept", at=decided, actor=clerk))
            screened.append((row, steps))
    saved = lead_workflow.arrive(screened)
    accepted = [row for row in saved if row.state == LeadState.ACCEPTED]
    for target in accepted[:3]:
        row, sent = lead(
            target.description, target.category.name, (today - target.created_at.date()).days - 1
        )
        row.merged_into, row.decided_by = target, clerk
        decided = sent + datetime.timedelta(days=2)
        merged.append((row, [Step("send", at=sent), Step("merge", at=decided, actor=clerk)]))
    lead_workflow.arrive(merged)
    return len(screened) + len(merged)


def _draft_from_lead(city: Committee) -> None:
    """The demo member has already turned the oldest accepted lead that nothing was merged into
    into a draft of their own (created now: the draft's times are the service's)."""
    lead = (
        Lead.objects.filter(committee=city, state=LeadState.ACCEPTED, merged_from__isnull=True)
        .order_by("created_at")
        .first()
    )
    services.lead_to_draft(lead=lead, actor=User.objects.get(username="member"))


def _core_suggestions(content: str) -> str:
    """The suggestions of a proposal's text: what follows its "建议：", else the whole text."""
    return content.partition("建议：")[2].strip() or content.strip()


def aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class Builder:
    def __init__(self, rng: random.Random, city: Committee):
        self.rng = rng
        self.city = city
        self.today = timezone.localdate()
        self.users = {
            u.username: u for u in User.objects.filter(username__in=["secretariat", "unit", "county"])
        }
        self.categories: dict[int, list[Category]] = {}
        self.plans: list[Plan] = []
        self.objections: list[Objection] = []

    # committee data ----------------------------------------------------------------------------

    def committee_data(self, committee: Committee):
        members = list(Member.objects.filter(committee=committee).select_related("sector", "party", "user"))
        leaders = [m for m in members if m.position in (Member.Position.CHAIR, Member.Position.VICE_CHAIR)]
        ordinary = [m for m in members if m.user_id is None]
        units = list(HandlingUnit.objects.filter(committee=committee))
        sessions = {s.number: s for s in Session.objects.filter(committee=committee)}
        sectors = list({m.sector_id: m.sector for m in members if m.sector_id}.values())
        parties = list({m.party_id: m.party for m in members if m.party_id}.values())
        specials = list(committee.specialcommittee_set.all())
        return members, leaders, ordinary, units, sessions, sectors, parties, specials

    def build(self) -> list[Plan]:
        committees = [self.city, *Committee.objects.filter(parent=self.city).order_by("id")]
        self.categories = {
            c.pk: Category.objects.bulk_create(
                [Category(committee=c, name=name, order=i) for i, name in enumerate(CATEGORIES, start=1)]
            )
            for c in committees
        }
        self.city_2024()
        self.objections_and_second_ratings_2024()
        self.city_2025()
        for county in committees[1:]:
            self.county_2025(county)
        self.save()
        return self.plans

    # proposals ---------------------------------------------------------------------------------

    def new(
        self, committee, session, kind, *, proposer=None, sponsor=None, title=None, category=None
    ) -> Proposal:
        category = category or self.rng.choice(self.categories[committee.pk])
        topic = self.rng.choice(TOPICS[category.name])
        title = title or f"{self.rng.choice(VERBS)}{topic}的建议"
        return Proposal(
            committee=committee,
            session=session,
            title=title,
            content=CONTENT.format(topic=topic),
            category=category,
            kind=kind,
            proposer=proposer if kind in (Kind.INDIVIDUAL, Kind.JOINT) else None,
            sponsor_sector=sponsor if kind == Kind.SECTOR else None,
            sponsor_party=sponsor if kind == Kind.PARTY else None,
            sponsor_special_committee=sponsor if kind == Kind.SPECIAL_COMMITTEE else None,
            during_plenary=self.rng.random() < 0.8,
            publish_consent=self.rng.random() < 0.9,
        )

    def random_proposal(self, committee, session, data) -> tuple[Proposal, list[Member]]:
        members, _leaders, ordinary, _units, _sessions, sectors, parties, specials = data
        roll = self.rng.random()
        if roll < 0.6:
            return self.new(committee, session, Kind.INDIVIDUAL, proposer=self.rng.choice(ordinary)), []
        if roll < 0.8:
            lead, *cosigners = self.rng.sample(ordinary, k=self.rng.randint(2, 4))
            return self.new(committee, session, Kind.JOINT, proposer=lead), cosigners
        if roll < 0.88:
            return self.new(committee, session, Kind.SECTOR, sponsor=self.rng.choice(sectors)), []
        if roll < 0.96:
            return self.new(committee, session, Kind.PARTY, sponsor=self.rng.choice(parties)), []
        return self.new(committee, session, Kind.SPECIAL_COMMITTEE, sponsor=self.rng.choice(specials)), []

    def random_units(self, units: list[HandlingUnit]) -> list[tuple[HandlingUnit, str]]:
        if self.rng.random() < 0.1:
            return [(u, Assignment.Role.SEPARATE) for u in self.rng.sample(units, k=2)]
        chosen = self.rng.sample(units, k=self.rng.choice([1, 1, 2, 3]))
        return [(chosen[0], Assignment.Role.LEAD)] + [(u, Assignment.Role.CO) for u in chosen[1:]]

    def plan(self, proposal, path, *, cosigners=(), units=(), start=None, **extra) -> Plan:
        plan = Plan(proposal, path, list(cosigners), list(units), start=start, **extra)
        self.plans.append(plan)
        return plan

    def city_2024(self) -> None:
        data = self.committee_data(self.city)
        members, leaders, ordinary, units, sessions, *_ = data
        session = sessions[3]
        me = next(m for m in members if m.user_id and m.user.username == "member")
        me2 = next(m for m in members if m.user_id and m.user.username == "member2")
        housing = next(u for u in units if u.name == DEMO_UNIT)
        others = [u for u in units if u != housing]
        social = next(c for c in self.categories[self.city.pk] if c.name == "社会")
        economy = next(c for c in self.categories[self.city.pk] if c.name == "经济")
        start = datetime.date(2024, 1, 8)
        # The demo accounts' proposals.
        special = [
            self.plan(
                self.new(
                    self.city,
                    session,
                    Kind.JOINT,
                    proposer=me,
                    title="关于加快推进城区老旧小区加装电梯的建议",
                    category=social,
                ),
                ["submit", "register", "assign"],
                cosigners=[me2],
                units=[(housing, Assignment.Role.LEAD)],
                start=aware(start),
            ),
            self.plan(
                self.new(
                    self.city,
                    session,
                    Kind.INDIVIDUAL,
                    proposer=me,
                    title="关于支持民营经济高质量发展的建议",
                    category=economy,
                ),
                ["submit", "register", "assign", "reply", "feedback"],
                units=[(self.rng.choice(others), Assignment.Role.LEAD)],
                start=aware(start),
            ),
            self.plan(
                self.new(
                    self.city,
                    session,
                    Kind.INDIVIDUAL,
                    proposer=me2,
                    title="关于完善居家社区养老服务的建议",
                    category=social,
                ),
                ["submit", "register", "assign", "reply", "feedback"],
                units=[(housing, Assignment.Role.LEAD)],
                unsatisfied_first=True,
                start=aware(start),
            ),
            self.plan(
                self.new(
                    self.city,
                    session,
                    Kind.INDIVIDUAL,
                    proposer=self.rng.choice(ordinary),
                    title="关于城市停车难治理的建议",
                    category=social,
                ),
                ["submit", "register", "assign"],
                units=[(housing, Assignment.Role.LEAD), (self.rng.choice(others), Assignment.Role.CO)],
                start=aware(start),
            ),
        ]
        registered = list(special)
        outcomes = (
            [["submit", "register", "assign", "reply", "feedback"]] * 400
            + [["submit", "register", "assign", "reply", "close"]] * 25
            + [["submit", "register", "assign", "reply"]] * 18
            + [["submit", "register", "assign"]] * 20
            + [["submit", "register"]] * 3
        )
        outcomes += [["submit", "register", "assign", "reply", "feedback"]] * (
            REGISTERED_2024 - len(special) - len(outcomes) - 8
        )
        rehandled = [["submit", "register", "assign", "reply", "feedback"]] * 8
        for i, path in enumerate(outcomes + rehandled):
            proposal, cosigners = self.random_proposal(self.city, session, data)
            day = start + datetime.timedelta(
                days=self.rng.randint(0, 4) if proposal.during_plenary else self.rng.randint(5, 200)
            )
            registered.append(
                self.plan(
                    proposal,
                    list(path),
                    cosigners=cosigners,
                    units=self.random_units(units),
                    unsatisfied_first=i >= len(outcomes) or self.rng.random() < 0.05,
                    start=aware(day, 9 + i % 8),
                )
            )
        assert len(registered) == REGISTERED_2024
        for plan in self.rng.sample(registered[len(special) :], k=20):
            plan.proposal.is_key = True
            plan.supervisors = self.rng.sample(leaders, k=self.rng.randint(1, 2))
        for plan in self.rng.sample(registered[len(special) :], k=30):
            plan.proposal.is_excellent = plan.path[-1] == "feedback"
        reasons = RejectionReason.values
        for i in range(25):
            proposal, cosigners = self.random_proposal(self.city, session, data)
            self.plan(
                proposal,
                ["submit", "reject"],
                cosigners=cosigners,
                reject_reason=reasons[i % len(reasons)],
                start=aware(start + datetime.timedelta(days=i % 5)),
            )
        for _i in range(12):
            target = self.rng.choice(registered[len(special) :])
            proposal = self.new(
                self.city,
                session,
                Kind.INDIVIDUAL,
                proposer=self.rng.choice(ordinary),
                title=target.proposal.title.replace("的建议", "工作的建议"),
                category=target.proposal.category,
            )
            self.plan(
                proposal,
                ["submit", "merge"],
                merge_into=target,
                start=target.start + datetime.timedelta(days=10),
            )
        for i in range(6):
            proposal, cosigners = self.random_proposal(self.city, session, data)
            self.plan(
                proposal,
                ["submit", "withdraw"] if i % 2 else ["withdraw"],
                cosigners=cosigners,
                start=aware(start + datetime.timedelta(days=i)),
            )

    def objections_and_second_ratings_2024(self) -> None:
        """Issue 15 on the 2024 records, with a random stream of its own (the rest of the demo stays
        as it was): twelve lead units object after the assignment, five of them are reassigned to
        the unit they suggest and seven dismissed; one proposal rehandled is rated unsatisfied again
        and closed with the secretariat's note."""
        rng = random.Random(15)
        units = list(HandlingUnit.objects.filter(committee=self.city))
        city_2024 = [
            plan
            for plan in self.plans
            if plan.proposal.committee_id == self.city.pk
            and "assign" in plan.path
            and plan.units
            and plan.units[0][1] == Assignment.Role.LEAD
            and not plan.unsatisfied_first
        ]
        for i, plan in enumerate(rng.sample(city_2024, k=12)):
            taken = {unit.pk for unit, _role in plan.units}
            suggested = rng.choice([u for u in units if u.pk not in taken])
            plan.objection = (
                Objection.Outcome.REASSIGNED if i < 5 else Objection.Outcome.DISMISSED,
                suggested,
            )
        rehandled = [p for p in self.plans if p.unsatisfied_first and p.path[-1] == "feedback"]
        rehandled[-1].unsatisfied_twice = True

    def object_to(self, plan, row, step, staff) -> None:
        """The lead unit objects two working days or so after the assignment; the secretariat
        decides three days later: the suggested unit takes the proposal over, restarting the
        deadline, or the objection is dismissed with a note."""
        outcome, suggested = plan.objection
        unit_user = self.users.get("unit") if row.unit.name == DEMO_UNIT else None
        step("object", unit_user, row.unit.name, days=2)
        raised_at = plan.steps[-1].at
        reason = f"本提案所提事项主要属{suggested.name}职责，建议改由其主办。"
        if outcome == Objection.Outcome.REASSIGNED:
            note = f"同意改办，由{suggested.name}主办。"
            step("reassign", staff, note, days=3)
            day = timezone.localtime(plan.steps[-1].at).date()
            row.unit, row.assigned_on, row.started_on = suggested, day, day
            row.due_on = day + datetime.timedelta(days=91)
        else:
            note = "经研究，本提案所提事项属你单位职责范围，请按期办理。"
            step("dismiss_objection", staff, note, days=3)
        self.objections.append(
            Objection(
                proposal=plan.proposal,
                unit=plan.units[0][0],
                reason=reason,
                suggested_unit=suggested,
                raised_by=unit_user,
                raised_at=raised_at,
                outcome=outcome,
                resolved_by=staff,
                resolved_at=plan.steps[-1].at,
                note=note,
            )
        )

    def save_objections(self) -> None:
        Objection.objects.bulk_create(self.objections)

    def city_2025(self) -> None:
        data = self.committee_data(self.city)
        members, _leaders, ordinary, units, sessions, *_ = data
        session = sessions[4]
        me = next(m for m in members if m.user_id and m.user.username == "member")
        housing = next(u for u in units if u.name == DEMO_UNIT)
        social = next(c for c in self.categories[self.city.pk] if c.name == "社会")
        start = datetime.date(2025, 1, 8)
        self.plan(
            self.new(
                self.city,
                session,
                Kind.INDIVIDUAL,
                proposer=me,
                title="关于加快推进城区老旧小区加装电梯工作的建议",
                category=social,
            ),
            ["submit"],
            start=aware(start),
        )
        self.plan(
            self.new(
                self.city,
                session,
                Kind.INDIVIDUAL,
                proposer=me,
                title="关于加强中小学生心理健康教育的建议",
                category=social,
            ),
            [],
            start=aware(start),
        )
        self.plan(
            self.new(
                self.city,
                session,
                Kind.INDIVIDUAL,
                proposer=self.rng.choice(ordinary),
                title="关于城乡垃圾分类的建议",
                category=social,
            ),
            ["submit", "register", "assign"],
            units=[(housing, Assignment.Role.LEAD)],
            start=aware(start),
        )
        self.many(self.city, session, data, start, registered=140, submitted=25, drafts=8)

    def county_2025(self, county: Committee) -> None:
        data = self.committee_data(county)
        self.many(county, data[4][4], data, data[4][4].opened_on, registered=30, submitted=4, drafts=2)

    def many(self, committee, session, data, start, *, registered, submitted, drafts) -> None:
        units = data[3]
        paths = (
            [["submit", "register", "assign", "reply", "feedback"]] * (registered * 6 // 10)
            + [["submit", "register", "assign", "reply"]] * (registered // 10)
            + [["submit", "register", "assign"]] * (registered - registered * 6 // 10 - registered // 10)
            + [["submit"]] * submitted
            + [[]] * drafts
        )
        for i, path in enumerate(paths):
            proposal, cosigners = self.random_proposal(committee, session, data)
            day = start + datetime.timedelta(days=self.rng.randint(0, 4))
            self.plan(
                proposal,
                list(path),
                cosigners=cosigners,
                units=self.random_units(units),
                start=aware(day, 9 + i % 8),
            )

    # rows --------------------------------------------------------------------------------------

    def save(self) -> None:
        for plan in self.plans:
            plan.proposal.created_at = plan.start - datetime.timedelta(days=2)
        cosignatures, assignments, replies, feedback, supervisors = [], [], [], [], []
        counters: dict[int, int] = {}
        ordered = sorted(enumerate(self.plans), key=lambda item: (item[1].start, item[0]))
        for _index, plan in ordered:
            self.walk(plan, counters, cosignatures, assignments, replies, feedback)
        # The proposals merged into others are saved after them, naming them.
        proposal_workflow.arrive([(plan.proposal, plan.steps) for plan in self.plans if not plan.merge_into])
        merged = [plan for plan in self.plans if plan.merge_into]
        for plan in merged:
            plan.proposal.merged_into = plan.merge_into.proposal
        proposal_workflow.arrive([(plan.proposal, plan.steps) for plan in merged])
        for plan in self.plans:
            for member in plan.supervisors:
                supervisors.append(
                    Proposal.supervisors.through(proposal_id=plan.proposal.pk, member_id=member.pk)
                )
        cosignature_workflow.arrive(cosignatures)
        Assignment.objects.bulk_create(assignments)
        Reply.objects.bulk_create(replies)
        Feedback.objects.bulk_create(feedback)
        Proposal.supervisors.through.objects.bulk_create(supervisors)
        NumberCounter.objects.bulk_create(
            [NumberCounter(session_id=session_id, last_number=last) for session_id, last in counters.items()]
        )

    def actor(self, proposal: Proposal):
        if proposal.committee_id == self.city.pk:
            return self.users.get("secretariat")
        if proposal.committee.code == "dongchangfu":
            return self.users.get("county")
        return None

    def walk(self, plan, counters, cosignatures, assignments, replies, feedback) -> None:
        """Play the plan's actions forward in time: the steps of the proposal's lifecycle and its rows."""
        p = plan.proposal
        staff = self.actor(p)
        filer = p.proposer.user if p.proposer_id and p.proposer.user_id else None
        at = plan.start
        plan.steps.append(Step("create", at=p.created_at, actor=filer))
        for member in plan.cosigners:
            cosignatures.append(
                (
                    Cosignature(proposal=p, member=member),
                    [Step("accept", at=p.created_at + datetime.timedelta(hours=3))],
                )
            )

        def step(name, actor, note="", days=0):
            nonlocal at
            at = at + datetime.timedelta(days=days)
            plan.steps.append(Step(name, at=at, actor=actor, note=note))

        unit_rows: list[Assignment] = []
        for action in plan.path:
            if action == "submit":
                step("submit", filer)
            elif action == "withdraw":
                step("withdraw", filer, days=1)
            elif action == "reject":
                p.rejection_reason = plan.reject_reason
                step("reject", staff, RejectionReason(plan.reject_reason).label, days=7)
            elif action == "merge":
                step("merge", staff, plan.merge_into.proposal.code, days=7)
            elif action == "register":
                counters[p.session_id] = counters.get(p.session_id, 0) + 1
                p.number = counters[p.session_id]
                step("register", staff, days=self.rng.randint(3, 10))
            elif action == "assign":
                step("assign", staff, days=self.rng.randint(2, 10))
                assigned_on = timezone.localtime(at).date()
                due_on = assigned_on + datetime.timedelta(days=91)
                if plan.path[-1] == "assign" and p.session.opened_on.year == 2025:
                    assigned_on = max(assigned_on, self.today - datetime.timedelta(days=30))
                    due_on = assigned_on + datetime.timedelta(days=91)
                for unit, role in plan.units:
                    row = Assignment(
                        proposal=p,
                        unit=unit,
                        role=role,
                        assigned_on=assigned_on,
                        started_on=assigned_on,
                        due_on=due_on,
                    )
                    unit_rows.append(row)
                if plan.objection is not None:
                    self.object_to(plan, unit_rows[0], step, staff)
            elif action == "reply":
                self.reply(p, unit_rows, replies, step, staff)
                if plan.unsatisfied_first:
                    step("feedback_unsatisfied", filer, "答复内容不够具体，建议进一步落实。", days=10)
                    feedback.append(
                        Feedback(
                            proposal=p,
                            member=p.proposer,
                            satisfaction=Satisfaction.UNSATISFIED,
                            comment="答复内容不够具体，建议进一步落实。",
                            at=at,
                        )
                    )
                    restart = timezone.localtime(at).date()
                    for row in unit_rows:
                        if row.must_reply:
                            row.started_on, row.due_on, row.replied_at, row.rehandling = (
                                restart,
                                restart + datetime.timedelta(days=30),
                                None,
                                True,
                            )
                    if plan.path[-1] == "reply" and len(plan.path) > 3 and self.rng.random() < 0.3:
                        break
                    self.reply(p, unit_rows, replies, step, staff)
            elif action == "feedback" and plan.unsatisfied_twice:
                comment = "再次答复仍未解决实际问题。"
                step("feedback_unsatisfied_again", filer, comment, days=10)
                feedback.append(
                    Feedback(
                        proposal=p,
                        member=p.proposer,
                        satisfaction=Satisfaction.UNSATISFIED,
                        comment=comment,
                        at=at,
                    )
                )
                step("close", staff, "经两次办理，承办单位已将客观情况向委员说明，本提案办结。", days=7)
            elif action == "feedback":
                satisfaction = self.rng.choice(
                    [Satisfaction.SATISFIED] * 3 + [Satisfaction.BASICALLY_SATISFIED]
                )
                step("feedback_satisfied", filer, days=self.rng.randint(5, 20))
                feedback.append(Feedback(proposal=p, member=p.proposer, satisfaction=satisfaction, at=at))
            elif action == "close":
                step("close", staff, "委员逾期未评价", days=30)
        assignments.extend(unit_rows)

    def reply(self, p, unit_rows, replies, step, staff) -> None:
        days = self.rng.randint(20, 80)
        for row in unit_rows:
            if row.must_reply:
                category = self.rng.choice("AAABBC")
                replied_at = aware(row.started_on + datetime.timedelta(days=days), 15)
                replies.append(
                    Reply(
                        proposal=p,
                        unit=row.unit,
                        category=category,
                        content=REPLY.format(verdict=VERDICTS[category]),
                        replied_at=replied_at,
                        author=self.users.get("unit") if row.unit.name == DEMO_UNIT else staff,
                    )
                )
                row.replied_at = replied_at
        step("reply_last", staff, days=days)


CONTACT_SUMMARIES = [
    "电话联系提案人，介绍办理思路，听取了进一步的意见建议。",
    "登门走访提案人，就提案涉及的问题实地查看并交换意见。",
    "召开座谈会，邀请提案人参加，通报办理进展。",
]


def seed_handling(city: Committee, rng: random.Random) -> None:
    """The handling steps on real-looking records of 聊城市政协: contacts before the reply (most
    confirmed, one disputed) and co-units' opinions on the replied key proposals; on this year's key
    proposals still being handled, a reply waiting for the secretariat's review and one returned to
    its unit; and the units' grades of the quality of replied proposals."""
    clerk = User.objects.get(username="secretariat")
    replied = list(
        Proposal.objects.filter(
            committee=city, is_key=True, state__in=[State.REPLIED, State.CLOSED, State.REHANDLING]
        )
        .prefetch_related("assignments__unit", "replies")
        .order_by("id")
    )
    contacts, opinions = [], []
    disputed = False  # one contact is disputed, the others confirmed
    for index, proposal in enumerate(replied):
        first_reply = min(r.replied_at for r in proposal.replies.all())
        for assignment in proposal.assignments.all():
            if assignment.role == Assignment.Role.CO:
                opinions.append(
                    UnitOpinion(
                        proposal=proposal,
                        unit=assignment.unit,
                        content="经研究，我单位同意主办单位的办理意见，并将在职责范围内配合落实。",
                        at=first_reply - datetime.timedelta(days=5),
                    )
                )
            elif assignment.must_reply:
                at = first_reply - datetime.timedelta(days=10)
                answer = "dispute" if index == 1 and not disputed else "confirm"
                disputed = disputed or answer == "dispute"
                contacts.append(
                    (
                        Contact(
                            proposal=proposal,
                            unit=assignment.unit,
                            date=timezone.localtime(at).date(),
                            method=rng.choice(ContactMethod.values),
                            summary=rng.choice(CONTACT_SUMMARIES),
                            recorded_by=clerk,
                            recorded_at=at,
                            answer_comment="沟通情况与实际不符，未就具体措施交换意见。"
                            if answer == "dispute"
                            else "",
                        ),
                        [
                            Step("record", at=at, actor=clerk),
                            Step(answer, at=at + datetime.timedelta(days=2)),
                        ],
                    )
                )
    contact_workflow.arrive(contacts)
    UnitOpinion.objects.bulk_create(opinions)
    _pending_replies(city, clerk)
    graded = Proposal.objects.filter(
        committee=city, state__in=[State.REPLIED, State.CLOSED]
    ).prefetch_related("assignments")
    ratings = []
    for proposal in graded:
        lead = next((a for a in proposal.assignments.all() if a.must_reply), None)
        if lead is not None and rng.random() < 0.6:
            grade = rng.choice(
                [QualityGrade.EXCELLENT]
                + [QualityGrade.GOOD] * 4
                + [QualityGrade.FAIR] * 2
                + [QualityGrade.POOR]
            )
            at = (proposal.closed_at or timezone.now()) - datetime.timedelta(days=1)
            ratings.append(QualityRating(proposal=proposal, unit_id=lead.unit_id, grade=grade, at=at))
    QualityRating.objects.bulk_create(ratings)


PUBLISHED_SHARE = 0.3


def publish_share(city: Committee, rng: random.Random) -> int:
    """About three in ten of 2024's closed proposals of the city and its counties whose proposers
    consented are published with their replies (提案公开) by their committee's secretariat, so that
    the public pages have something to show. Returns how many."""
    clerks = {
        ra.committee_id: ra.user
        for ra in RoleAssignment.objects.filter(
            role=Role.SECRETARIAT, committee__in=[city, *city.children.all()]
        ).select_related("user")
    }
    closed = Proposal.objects.filter(
        committee__in=list(clerks),
        state=State.CLOSED,
        registered_at__year=2024,
        publish_consent=True,
    ).order_by("id")
    published = 0
    for proposal in closed:
        if rng.random() < PUBLISHED_SHARE:
            services.proposal_publish(proposal=proposal, actor=clerks[proposal.committee_id])
            published += 1
    return published


def _pending_replies(city: Committee, clerk: User) -> None:
    """Two of this year's proposals still being handled become key; each unit records a contact and
    replies; one reply waits for the secretariat's review, the other is returned to its unit."""
    leaders = list(
        Member.objects.filter(
            committee=city, position__in=[Member.Position.CHAIR, Member.Position.VICE_CHAIR]
        )
    )
    handled = list(
        Proposal.objects.filter(committee=city, state=State.ASSIGNED, session__opened_on__year=2025)
        .exclude(assignments__role=Assignment.Role.SEPARATE)
        .exclude(assignments__unit__name=DEMO_UNIT)
        .order_by("id")[:2]
    )
    for index, proposal in enumerate(handled):
        services.proposal_set_flags(proposal=proposal, actor=clerk, is_key=True, supervisors=leaders[:1])
        lead = proposal.assignments.get(role=Assignment.Role.LEAD)
        services.proposal_contact(
            proposal=proposal,
            actor=clerk,
            unit=lead.unit,
            date=lead.assigned_on,
            method=ContactMethod.PHONE,
            summary=CONTACT_SUMMARIES[0],
        )
        reply = services.proposal_reply(
            proposal=proposal,
            actor=clerk,
            unit=lead.unit,
            category="B",
            content=REPLY.format(verdict=VERDICTS["B"]),
            co_units_note="会办单位已口头反馈意见，书面意见随后补交。",
        )
        if index == 1:
            services.proposal_return_reply(
                proposal=proposal,
                actor=clerk,
                reply=reply.pk,
                note="答复未回应提案提出的第二条建议，请补充后重新答复。",
            )
