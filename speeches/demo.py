"""Demo speeches (大会发言) for 聊城市政协's 2024 plenary, in every state of their lifecycle: oral
speeches in their order, written ones, speeches not selected, one returned for editing and still a
draft, one submitted and waiting; by members and by a party, a sector and a special committee. The
demo member also has a draft for the coming standing committee meeting. Everything arrives through
the lifecycle engine (``Workflow.arrive``), with its timeline."""

import datetime

from django.db import transaction
from django.utils import timezone

from cppcc.core.workflow import Step
from cppcc.org.demo import CITY_CODE
from cppcc.org.models import Committee, Member, Party, Role, Sector, SpecialCommittee, User
from platforms.models import Activity

from .models import Mode, Speech, State
from .workflow import workflow

DEMO_MEMBER = "李明远"
DEMO_MEMBER2 = "王晓梅"

# (title, the state it ends in, the note of a return or a refusal)
SPEECHES = [
    ("聚力黄河流域生态保护和高质量发展 打造鲁西生态屏障", State.SELECTED_ORAL, None),
    ("以数字化转型赋能聊城传统制造业提档升级", State.SELECTED_ORAL, None),
    ("做强做优“聊·胜一筹”农产品区域公用品牌", State.SELECTED_ORAL, None),
    ("推进京杭运河聊城段文化保护传承利用", State.SELECTED_ORAL, None),
    ("完善县域医共体建设 让群众就近看好病", State.SELECTED_WRITTEN, None),
    ("加快补齐农村养老服务短板", State.SELECTED_WRITTEN, None),
    ("优化营商环境 激发民营经济发展活力", State.SELECTED_WRITTEN, None),
    ("关于提升城市精细化管理水平的几点思考", State.NOT_SELECTED, "与已选发言主题重复，建议转为提案提交"),
    ("推动职业教育与产业需求精准对接", State.DRAFT, "请补充聊城本地职业院校专业设置的数据"),
    ("加强未成年人心理健康教育", State.SUBMITTED, None),
]
CONTENT = (
    "尊敬的各位委员：\n"
    "{title}，是全市上下关注的重要课题。近年来，在市委、市政府的坚强领导下，我市在这方面取得了积极进展，"
    "但仍存在统筹不够、投入不足、机制不活等问题。\n"
    "为此建议：一是加强顶层设计，制定专项规划和年度任务清单；二是加大要素保障，统筹用好各级资金和政策；"
    "三是健全协同机制，发挥政协委员联系群众的优势，推动形成工作合力。\n"
    "以上发言，不妥之处，请批评指正。谢谢大家！"
)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


def _steps(
    state: str, before: datetime.date, writer: User | None, clerk: User | None, note: str | None
) -> list[Step]:
    """The path a speech took to ``state``, a few weeks before the meeting: written and sent by
    ``writer`` (the member, or the secretariat for a collective), decided by ``clerk``."""
    written, sent, decided = (before - datetime.timedelta(days=days) for days in (30, 25, 12))
    path = [Step("create", at=_at(written, 9), actor=writer), Step("submit", at=_at(sent, 10), actor=writer)]
    if state == State.DRAFT:
        return [*path, Step("return", at=_at(decided, 15), actor=clerk, note=note)]
    if state == State.SELECTED_ORAL:
        path.append(Step("select_oral", at=_at(decided, 15), actor=clerk, note=str(Mode.ORAL.label)))
    elif state == State.SELECTED_WRITTEN:
        path.append(Step("select_written", at=_at(decided, 15), actor=clerk, note=str(Mode.WRITTEN.label)))
    elif state == State.NOT_SELECTED:
        path.append(Step("reject", at=_at(decided, 15), actor=clerk, note=note))
    return path


def seed(stdout=None) -> bool:
    """Build the demo speeches; False when they are there or the meetings are not."""
    city = Committee.objects.filter(code=CITY_CODE).first()
    plenary = (
        Activity.objects.filter(committee=city, kind=Activity.Kind.PLENARY, date__year=2024).first()
        if city is not None
        else None
    )
    if plenary is None or Speech.objects.filter(committee=city).exists():
        return False
    clerk = User.objects.filter(roles__committee=city, roles__role=Role.SECRETARIAT).order_by("pk").first()
    members = list(
        Member.objects.filter(committee=city, is_active=True).exclude(name=DEMO_MEMBER2).order_by("pk")
    )
    demo = next(m for m in members if m.name == DEMO_MEMBER)
    speakers = [
        {"author": demo},
        {
            "author_party": Party.objects.filter(committee__isnull=True)
            .exclude(name__contains="共产党")
            .order_by("pk")
            .first()
        },
        {"author_sector": Sector.objects.filter(committee=city).order_by("pk").first()},
        {"author_special_committee": SpecialCommittee.objects.filter(committee=city).order_by("pk").first()},
        *({"author": member} for member in members if member.pk != demo.pk),
    ]
    orders = {State.SELECTED_ORAL: 0, State.SELECTED_WRITTEN: 0}
    arrivals = []
    with transaction.atomic():
        for (title, state, note), speaker in zip(SPEECHES, speakers, strict=False):
            speech = Speech(
                committee=city, activity=plenary, title=title, content=CONTENT.format(title=title), **speaker
            )
            if state in orders:
                orders[state] += 1
                speech.mode = Mode.ORAL if state == State.SELECTED_ORAL else Mode.WRITTEN
                speech.order = orders[state]
            speech.note = note or ""
            writer = speech.author.user if speech.author is not None and speech.author.user_id else clerk
            arrivals.append((speech, _steps(state, plenary.date, writer, clerk, note)))
        coming = (
            Activity.objects.filter(
                committee=city, kind__in=Activity.STANDING_KINDS, date__gte=timezone.localdate()
            )
            .order_by("date")
            .first()
        )
        if coming is not None:
            title = "关于建设聊城“15分钟健身圈”的建议"
            draft = Speech(
                committee=city, activity=coming, title=title, content=CONTENT.format(title=title), author=demo
            )
            arrivals.append((draft, [Step("create", actor=demo.user)]))
        workflow.arrive(arrivals)
    if stdout:
        stdout.write(f"  speeches: {Speech.objects.count()} speeches")
    return True
