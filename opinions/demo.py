"""Demo opinion reports of 聊城市政协 and its county committees, built so that the 2024 report card
counts come out as the committee published them: 1978 reports received; 35 adopted by the
provincial CPPCC, of which 16 forwarded to the national CPPCC and 19 to the provincial party
committee's general office; 36 adopted by the city party committee. The city's reports are edited
into 50 issues of 《社情民意》 through 2024; some reports arrive in 2025 too.

Everything goes through ``services.reports_import`` (the ledger import), in bulk."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from cppcc.org.demo import CITY_CODE
from cppcc.org.models import Committee, Member

from .models import Adoption, Body, OpinionReport
from .services import LedgerAdoption, LedgerRow, reports_import

State = OpinionReport.State
Category = OpinionReport.Category
ADOPTED, FORWARDED, INSTRUCTED = (
    Adoption.Action.ADOPTED,
    Adoption.Action.FORWARDED,
    Adoption.Action.INSTRUCTED,
)

CITY_2024 = 1738
COUNTY_2024 = 30  # each of the eight counties: 8 × 30 + 1738 = 1978
ISSUES_2024 = 50
PER_ISSUE = 6
PROVINCE_ADOPTED, TO_NATIONAL, TO_PARTY_OFFICE, CITY_PARTY_ADOPTED = 35, 16, 19, 36

SUGAR = "冲剂类医药产品含糖量高亟待重视"
BRIDGES = "加强市驻地城区桥梁(涵洞)冰雪恶劣天气交通应急处置工作的建议"

SUBJECTS = [
    ("农村留守老人助餐服务", Category.SOCIETY),
    ("城区老旧小区加装电梯", Category.SOCIETY),
    ("中小学生课后托管服务", Category.SOCIETY),
    ("县域医共体建设", Category.SOCIETY),
    ("基层医疗机构儿科医生短缺", Category.SOCIETY),
    ("新就业形态劳动者权益保障", Category.SOCIETY),
    ("电动自行车充电安全", Category.SOCIETY),
    ("农村饮用水水质提升", Category.ECOLOGY),
    ("徒骇河流域水生态修复", Category.ECOLOGY),
    ("城市黑臭水体长效治理", Category.ECOLOGY),
    ("农业面源污染防治", Category.ECOLOGY),
    ("秸秆综合利用", Category.ECOLOGY),
    ("建筑垃圾资源化利用", Category.ECOLOGY),
    ("东阿阿胶产业链延伸", Category.ECONOMY),
    ("冠县鸭梨品牌建设", Category.ECONOMY),
    ("莘县蔬菜冷链物流", Category.ECONOMY),
    ("中小微企业融资难", Category.ECONOMY),
    ("营商环境涉企检查", Category.ECONOMY),
    ("高新区专精特新企业培育", Category.ECONOMY),
    ("跨境电商综合试验区建设", Category.ECONOMY),
    ("农村集体经济发展", Category.ECONOMY),
    ("高标准农田建设后期管护", Category.ECONOMY),
    ("预制菜产业发展", Category.ECONOMY),
    ("京杭运河聊城段文化遗产保护", Category.CULTURE),
    ("光岳楼周边历史街区活化利用", Category.CULTURE),
    ("红色文化资源保护利用", Category.CULTURE),
    ("乡村文化振兴", Category.CULTURE),
    ("全民阅读阵地建设", Category.CULTURE),
    ("非物质文化遗产传承人培养", Category.CULTURE),
    ("基层网格员队伍建设", Category.POLITICS),
    ("信访积案化解", Category.POLITICS),
    ("村级组织减负", Category.POLITICS),
    ("政务服务“一网通办”", Category.POLITICS),
    ("基层法律服务覆盖", Category.POLITICS),
    ("城区停车难", Category.OTHER),
    ("公交线路优化", Category.OTHER),
    ("农村道路养护", Category.OTHER),
    ("学校周边交通安全", Category.OTHER),
    ("燃气管道老化更新", Category.OTHER),
    ("预付式消费监管", Category.OTHER),
    ("农村婚丧事宜简办", Category.SOCIETY),
    ("青少年心理健康服务", Category.SOCIETY),
    ("职业教育产教融合", Category.SOCIETY),
    ("养老服务人才队伍建设", Category.SOCIETY),
    ("中医药传承创新发展", Category.SOCIETY),
]
PATTERNS = [
    "关于加强{s}的建议",
    "关于推进{s}的建议",
    "{s}存在的问题及对策建议",
    "{s}亟待规范",
    "{s}工作需引起重视",
    "群众反映{s}问题较为突出",
    "关于破解{s}难题的建议",
    "进一步完善{s}的几点建议",
]
CONTENT = (
    "近期，{short}部分群众反映{s}方面存在一些亟待解决的问题。经调研了解，主要表现在：一是相关政策落实不够到位；"
    "二是部门之间协调联动不够顺畅；三是基层保障能力相对薄弱。\n"
    "为此建议：一是压实工作责任，健全长效机制；二是加强部门协同，形成工作合力；三是加大投入力度，"
    "补齐基层短板，切实回应群众关切。"
)
SPECIAL_CONTENT = {
    SUGAR: "部分冲剂类中成药及保健冲剂以蔗糖作为主要辅料，每袋含糖量可达十余克，糖尿病患者、儿童长期服用存在"
    "健康隐患，且外包装普遍未明确标注含糖量。\n建议：一是推动生产企业研发无糖或低糖剂型；二是要求在说明书和"
    "外包装显著位置标注含糖量；三是加强医师、药师用药指导。",
    BRIDGES: "入冬以来，市驻地城区部分桥梁、涵洞路段在雨雪冰冻天气下易结冰积水，"
    "车辆打滑、行人摔倒事故时有发生。"
    "\n建议：一是建立桥梁涵洞冰雪天气重点路段清单；二是提前储备融雪物资、落实专人值守；三是完善交通管制和"
    "应急疏导预案，及时发布出行提示。",
}
LEADERS = [
    (Body.CITY_PARTY_COMMITTEE, "李长萍", "市委书记"),
    (Body.CITY_GOVERNMENT, "孙爱军", "市长"),
    (Body.CITY_PARTY_COMMITTEE, "徐达", "市委副书记"),
    (Body.CITY_GOVERNMENT, "王红", "副市长"),
]


def seed(stdout=None) -> bool:
    """Build the demo reports; returns False when they are already there."""
    city = Committee.objects.filter(code=CITY_CODE).first()
    if city is None or OpinionReport.objects.filter(committee=city).exists():
        return False
    with transaction.atomic():
        rng = random.Random(1978)
        titles = _Titles(rng)
        reports_import(committee=city, rows=_city_rows(rng, city, titles), actor=None)
        for county in Committee.objects.filter(parent=city).order_by("id"):
            reports_import(committee=county, rows=_county_rows(rng, county, titles), actor=None)
    if stdout:
        stdout.write(
            f"  opinions: {OpinionReport.objects.count()} reports, {Adoption.objects.count()} adoptions"
        )
    return True


class _Titles:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.choices = [(p.format(s=s), s, c) for s, c in SUBJECTS for p in PATTERNS]

    def pick(self, short: str) -> tuple[str, str, str]:
        title, subject, category = self.rng.choice(self.choices)
        return title, CONTENT.format(short=short, s=subject), category


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(8 + rng.randint(0, 9), rng.randint(0, 59)))
    )


def _day_in(year: int, rng: random.Random, first: int = 1, last: int = 365) -> datetime.date:
    return datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(first, last) - 1)


def _row(rng, titles, short, authors, *, at, state) -> LedgerRow:
    title, content, category = titles.pick(short)
    return LedgerRow(
        title=title,
        content=content,
        category=category,
        authors=authors,
        submitted_at=at,
        state=state,
        reason="经审核，所反映问题已在相关工作中解决，不予采用。" if state == State.DECLINED else "",
    )


def _city_rows(rng: random.Random, city: Committee, titles: _Titles) -> list[LedgerRow]:
    members = list(Member.objects.filter(committee=city).order_by("id"))
    demo_member = next(m for m in members if m.name == "李明远")
    others = [m for m in members if m.pk != demo_member.pk]

    def authors() -> list[Member]:
        return rng.sample(others, k=rng.choice((1, 1, 1, 2, 3)))

    rows: list[LedgerRow] = []
    # 2024: 50 issues, six reports each, one issue a week from mid-January.
    published: list[LedgerRow] = []
    for number in range(1, ISSUES_2024 + 1):
        issue_day = datetime.date(2024, 1, 12) + datetime.timedelta(days=7 * (number - 1))
        for _place in range(PER_ISSUE):
            at = _at(
                max(issue_day - datetime.timedelta(days=rng.randint(3, 20)), datetime.date(2024, 1, 2)), rng
            )
            row = _row(rng, titles, city.short_name, authors(), at=at, state=State.PUBLISHED)
            row.issue, row.issue_published_on = (2024, number), issue_day
            row.adoptions.append(LedgerAdoption(Body.CITY_CPPCC, ADOPTED, issue_day))
            published.append(row)
    roles = list(range(len(published)))
    rng.shuffle(roles)
    province, city_party = (
        roles[:PROVINCE_ADOPTED],
        roles[PROVINCE_ADOPTED : PROVINCE_ADOPTED + CITY_PARTY_ADOPTED],
    )
    rest = roles[PROVINCE_ADOPTED + CITY_PARTY_ADOPTED :]
    for rank, index in enumerate(province):
        row = published[index]
        day = row.issue_published_on
        row.adoptions.append(LedgerAdoption(Body.PROVINCE_CPPCC, ADOPTED, day + datetime.timedelta(days=15)))
        onward = Body.NATIONAL_CPPCC if rank < TO_NATIONAL else Body.PROVINCE_PARTY_OFFICE
        row.adoptions.append(LedgerAdoption(onward, FORWARDED, day + datetime.timedelta(days=25)))
        if rank < 3:
            row.adoptions.append(
                LedgerAdoption(Body.NATIONAL_CPPCC, ADOPTED, day + datetime.timedelta(days=40))
            )
    for index in city_party:
        row = published[index]
        row.adoptions.append(
            LedgerAdoption(
                Body.CITY_PARTY_COMMITTEE, ADOPTED, row.issue_published_on + datetime.timedelta(days=10)
            )
        )
    for rank, index in enumerate(rest[:24]):
        body, leader, title = LEADERS[rank % len(LEADERS)]
        row = published[index]
        row.adoptions.append(
            LedgerAdoption(
                body, INSTRUCTED, row.issue_published_on + datetime.timedelta(days=8), leader, title
            )
        )
    for index in rest[24:64]:
        row = published[index]
        row.adoptions.append(
            LedgerAdoption(
                Body.CITY_GOVERNMENT, ADOPTED, row.issue_published_on + datetime.timedelta(days=12)
            )
        )
    # The demo member's reports at every level, and the two reports the report card names.
    national, sugar, bridges, plain = province[0], province[TO_NATIONAL], city_party[0], rest[70]
    for index in (national, sugar, bridges, plain):
        published[index].authors = [demo_member, *published[index].authors[:1]]
    for index, title, category in ((sugar, SUGAR, Category.SOCIETY), (bridges, BRIDGES, Category.OTHER)):
        published[index].title, published[index].category = title, category
        published[index].content = SPECIAL_CONTENT[title]
    rows.extend(published)

    remaining = CITY_2024 - len(published) - 1  # one more: the demo member's declined report
    for i in range(remaining):
        if i < 700:
            state, day = State.ACCEPTED, _day_in(2024, rng, 1, 350)
        elif i < remaining - 138:
            state, day = State.DECLINED, _day_in(2024, rng, 1, 350)
        else:
            state, day = State.SUBMITTED, _day_in(2024, rng, 340, 366)
        rows.append(_row(rng, titles, city.short_name, authors(), at=_at(day, rng), state=state))
    rows.append(
        _row(
            rng,
            titles,
            city.short_name,
            [demo_member],
            at=_at(datetime.date(2024, 6, 3), rng),
            state=State.DECLINED,
        )
    )

    # 2025: five issues so far, and reports still in review.
    for number in range(1, 6):
        issue_day = datetime.date(2025, 1, 10) + datetime.timedelta(days=14 * (number - 1))
        for _place in range(PER_ISSUE):
            at = _at(issue_day - datetime.timedelta(days=rng.randint(3, 9)), rng)
            row = _row(rng, titles, city.short_name, authors(), at=at, state=State.PUBLISHED)
            row.issue, row.issue_published_on = (2025, number), issue_day
            row.adoptions.append(LedgerAdoption(Body.CITY_CPPCC, ADOPTED, issue_day))
            rows.append(row)
    for i in range(90):
        state = (State.ACCEPTED, State.SUBMITTED, State.DECLINED)[i % 3]
        rows.append(
            _row(
                rng, titles, city.short_name, authors(), at=_at(_day_in(2025, rng, 40, 120), rng), state=state
            )
        )
    rows.append(
        _row(
            rng,
            titles,
            city.short_name,
            [demo_member],
            at=_at(datetime.date(2025, 3, 20), rng),
            state=State.SUBMITTED,
        )
    )
    rows.append(_row(rng, titles, city.short_name, [demo_member], at=None, state=State.DRAFT))
    return rows


def _county_rows(rng: random.Random, county: Committee, titles: _Titles) -> list[LedgerRow]:
    members = list(Member.objects.filter(committee=county).order_by("id")[:200])
    rows = []
    for i in range(COUNTY_2024):
        state = (State.ACCEPTED, State.ACCEPTED, State.DECLINED, State.SUBMITTED)[i % 4]
        day = _day_in(2024, rng, 1, 360)
        rows.append(
            _row(rng, titles, county.short_name, rng.sample(members, k=1), at=_at(day, rng), state=state)
        )
    for i in range(12):
        state = (State.ACCEPTED, State.SUBMITTED, State.DECLINED)[i % 3]
        day = _day_in(2025, rng, 20, 120)
        rows.append(
            _row(rng, titles, county.short_name, rng.sample(members, k=1), at=_at(day, rng), state=state)
        )
    return rows
