"""Province-scale data for the benchmark: a province committee, 16 cities, 140 counties and ten
years (2016–2025), holding ``scale`` times 聊城市政协's 2024 volume, written with bulk inserts.

The data is plausible rather than pretty: every row satisfies the models' constraints, states and
numbers are consistent (registered proposals carry gapless numbers per session), and every
committee has members, units, categories, rooms and activities, so each list and dashboard has
work to do."""

import datetime
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from cppcc.core.workflow import Step
from cppcc.org.models import (
    Committee,
    HandlingUnit,
    Member,
    Role,
    RoleAssignment,
    Sector,
    Session,
    Term,
    User,
)
from opinions.models import Adoption, Body, Issue, OpinionReport, ReportAuthor
from opinions.workflow import workflow as report_workflow
from platforms.models import (
    Activity,
    Attendance,
    DeliberationRoom,
    Publication,
    SectorGroup,
    StudyRoom,
    Visit,
)
from platforms.workflow import attendance_workflow
from proposals.models import Assignment, Category, Cosignature, Kind, NumberCounter, Proposal, Reply, State
from proposals.workflow import cosignature_workflow, proposal_workflow

PROVINCE_CODE = "bench-province"
CITIES = 16
COUNTIES_PER_CITY = (8, 9, 9, 9, 9, 9, 9, 9, 9, 9, 8, 8, 8, 8, 9, 10)  # 140 counties
YEARS = range(2016, 2026)
BATCH = 5000
PASSWORD = "bench-password-2024"
CITY_CLERK = "bench-city-clerk"  # the secretariat of the first city, who works in the admin

# 聊城市政协's yearly volume (its demo data), multiplied by the scale.
VOLUME = {
    "members": 1900,
    "handling_units": 160,
    "proposals": 1000,
    "reports": 2200,
    "adoptions": 500,
    "activities": 750,
    "attendance": 6000,
    "rooms": 136,
    "study_rooms": 42,
    "sector_groups": 8,
    "publications": 5600,
    "visits": 120,
}
TOPICS = [
    "老旧小区加装电梯",
    "农村饮水安全",
    "中小学课后服务",
    "基层医疗水平",
    "营商环境",
    "黄河流域生态保护",
    "乡村振兴人才",
    "养老服务体系",
    "运河文化遗产保护",
    "新能源汽车充电设施",
    "高铁站交通接驳",
    "智慧农业",
    "食品安全监管",
    "职业教育产教融合",
    "社区嵌入式服务",
    "城市内涝治理",
    "文旅融合发展",
    "民营企业融资",
]
SECTOR_NAMES = [
    "中共",
    "民革",
    "民盟",
    "民建",
    "民进",
    "农工党",
    "九三学社",
    "无党派人士",
    "工商联",
    "经济界",
    "农业界",
    "教育界",
    "医药卫生界",
    "科技界",
    "文艺界",
    "特邀人士",
]
CATEGORIES = ["经济", "政治", "文化", "社会", "生态文明", "其他"]


@dataclass
class Generated:
    scale: int
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def rows_per_s(self) -> float:
        return round(sum(self.rows.values()) / self.seconds) if self.seconds else 0.0


def aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def random_day(rng: random.Random, year: int) -> datetime.date:
    return datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))


PROPOSAL_PATH = ["create", "submit", "register", "assign", "reply_last", "feedback_satisfied"]
PROPOSAL_DAYS = [-1, 0, 20, 27, 87, 120]  # after submission


def proposal_steps(state: str, submitted: datetime.datetime) -> list[Step]:
    """The steps that bring a proposal submitted at ``submitted`` to ``state``."""
    if state == State.NOT_REGISTERED:
        path = [*PROPOSAL_PATH[:2], "reject"]
    else:
        reached = {State.SUBMITTED: 2, State.REGISTERED: 3, State.ASSIGNED: 4, State.REPLIED: 5}
        path = PROPOSAL_PATH[: reached.get(state, len(PROPOSAL_PATH))]
    return [
        Step(name, at=submitted + datetime.timedelta(days=days))
        for name, days in zip(path, PROPOSAL_DAYS, strict=False)
    ]


class Generator:
    def __init__(self, scale: int, seed: int = 2024):
        self.scale = scale
        self.rng = random.Random(seed)
        self.rows: dict[str, int] = defaultdict(int)

    def count(self, n: int) -> int:
        return max(1, round(VOLUME[n] * self.scale)) if isinstance(n, str) else n

    def bulk(self, model, objects: list) -> list:
        created = model.objects.bulk_create(objects, batch_size=BATCH)
        self.rows[model._meta.model_name] += len(created)
        return created

    def arrive(self, workflow, arrivals: list) -> list:
        """Records created in the state their steps lead to, with their timelines (the engine's)."""
        created = workflow.arrive(arrivals, batch_size=BATCH)
        self.rows[workflow.model._meta.model_name] += len(created)
        if workflow.timeline is not None:
            self.rows[workflow.timeline._meta.model_name] += sum(
                workflow[step.name].recorded for _obj, steps in arrivals for step in steps
            )
        return created

    def spread(self, total: int, committees: list[Committee]) -> dict[int, int]:
        """Split a total over committees, the province and the cities weighing more than counties."""
        weights = [
            6 if c.level == Committee.Level.PROVINCE else 3 if c.level == Committee.Level.CITY else 1
            for c in committees
        ]
        whole = sum(weights)
        shares = {c.pk: total * w // whole for c, w in zip(committees, weights, strict=True)}
        for c in self.rng.sample(committees, total - sum(shares.values())):
            shares[c.pk] += 1
        return shares

    @transaction.atomic
    def run(self) -> Generated:
        started = time.perf_counter()
        committees = self.organisation()
        self.proposals(committees)
        self.opinions(committees)
        self.platforms(committees)
        self.accounts(committees)
        return Generated(self.scale, dict(self.rows), time.perf_counter() - started)

    def organisation(self) -> list[Committee]:
        province = Committee.objects.create(
            code=PROVINCE_CODE, name="基准省政协", short_name="基准省", level=Committee.Level.PROVINCE
        )
        cities = self.bulk(
            Committee,
            [
                Committee(
                    code=f"bench-city-{i}",
                    name=f"基准{i}市政协",
                    short_name=f"基准{i}市",
                    level=Committee.Level.CITY,
                    parent=province,
                )
                for i in range(1, CITIES + 1)
            ],
        )
        counties = self.bulk(
            Committee,
            [
                Committee(
                    code=f"bench-county-{i}-{j}",
                    name=f"基准{i}市{j}县政协",
                    short_name=f"基准{i}市{j}县",
                    level=Committee.Level.COUNTY,
                    parent=city,
                )
                for i, (city, n) in enumerate(zip(cities, COUNTIES_PER_CITY, strict=True), start=1)
                for j in range(1, n + 1)
            ],
        )
        committees = [province, *cities, *counties]
        self.rows["committee"] += 1
        terms = self.bulk(
            Term,
            [
                Term(committee=c, number=n, name=f"第{n}届", start_year=start, end_year=start + 4)
                for c in committees
                for n, start in ((12, 2013), (13, 2018), (14, 2023))
            ],
        )
        term_of = {(t.committee_id, year): t for t in terms for year in range(t.start_year, t.end_year + 1)}
        self.sessions = self.bulk(
            Session,
            [
                Session(
                    committee=c,
                    term=term_of[(c.pk, year)],
                    number=year - term_of[(c.pk, year)].start_year + 1,
                    name=f"{year}年会议",
                    opened_on=datetime.date(year, 1, 10),
                )
                for c in committees
                for year in YEARS
            ],
        )
        self.session_of = {(s.committee_id, s.opened_on.year): s for s in self.sessions}
        self.sectors = defaultdict(list)
        for sector in self.bulk(
            Sector,
            [Sector(committee=c, name=n, order=i) for c in committees for i, n in enumerate(SECTOR_NAMES)],
        ):
            self.sectors[sector.committee_id].append(sector)
        current_term = {c.pk: term_of[(c.pk, 2025)] for c in committees}
        members = []
        shares = self.spread(self.count("members"), committees)
        for c in committees:
            for i in range(shares[c.pk]):
                position = Member.Position.STANDING if i % 8 == 0 else Member.Position.MEMBER
                members.append(
                    Member(
                        committee=c,
                        term=current_term[c.pk],
                        name=f"委员{c.pk}-{i}",
                        gender=Member.Gender.MALE,
                        sector=self.rng.choice(self.sectors[c.pk]),
                        position=position,
                        is_standing_committee=position != Member.Position.MEMBER,
                        workplace="基准单位 职员",
                        phone=f"139{self.rng.randint(10000000, 99999999)}",
                    )
                )
        self.members = defaultdict(list)
        for member in self.bulk(Member, members):
            self.members[member.committee_id].append(member)
        units = defaultdict(list)
        shares = self.spread(self.count("handling_units"), committees)
        for unit in self.bulk(
            HandlingUnit,
            [
                HandlingUnit(committee=c, name=f"{c.short_name}承办单位{i}")
                for c in committees
                for i in range(max(2, shares[c.pk]))
            ],
        ):
            units[unit.committee_id].append(unit)
        self.units = units
        return committees

    def proposals(self, committees: list[Committee]) -> None:
        rng = self.rng
        categories = defaultdict(list)
        for category in self.bulk(
            Category,
            [Category(committee=c, name=n, order=i) for c in committees for i, n in enumerate(CATEGORIES)],
        ):
            categories[category.committee_id].append(category)
        shares = self.spread(self.count("proposals"), committees)
        numbers: dict[int, int] = defaultdict(int)
        proposals = []
        for c in committees:
            for i in range(shares[c.pk]):
                year = rng.choice(YEARS)
                session = self.session_of[(c.pk, year)]
                submitted = aware(session.opened_on + datetime.timedelta(days=rng.randrange(3)))
                roll = rng.random()
                state = (
                    State.CLOSED
                    if roll < 0.55
                    else State.ASSIGNED
                    if roll < 0.7
                    else State.REPLIED
                    if roll < 0.78
                    else State.REGISTERED
                    if roll < 0.85
                    else State.NOT_REGISTERED
                    if roll < 0.93
                    else State.SUBMITTED
                )
                registered = state not in (State.SUBMITTED, State.NOT_REGISTERED)
                if registered:
                    numbers[session.pk] += 1
                topic = rng.choice(TOPICS)
                proposals.append(
                    (
                        Proposal(
                            committee=c,
                            session=session,
                            title=f"关于推进{topic}工作的建议（{c.pk}-{i}）",
                            content=f"{topic}方面存在的问题与具体建议。" * 6,
                            category=rng.choice(categories[c.pk]),
                            kind=Kind.JOINT if rng.random() < 0.2 else Kind.INDIVIDUAL,
                            proposer=rng.choice(self.members[c.pk]),
                            number=numbers[session.pk] if registered else None,
                            is_key=registered and rng.random() < 0.04,
                        ),
                        proposal_steps(state, submitted),
                    )
                )
        proposals = self.arrive(proposal_workflow, proposals)
        self.bulk(NumberCounter, [NumberCounter(session_id=pk, last_number=n) for pk, n in numbers.items()])
        cosignatures, assignments, replies = [], [], []
        for p in proposals:
            if p.kind == Kind.JOINT:
                others = [m for m in rng.sample(self.members[p.committee_id], 3) if m.pk != p.proposer_id][:2]
                cosignatures += [
                    (Cosignature(proposal=p, member=m), [Step("accept", at=p.submitted_at)]) for m in others
                ]
            if p.state in (State.ASSIGNED, State.REPLIED, State.CLOSED):
                unit = rng.choice(self.units[p.committee_id])
                assigned = p.registered_at.date() + datetime.timedelta(days=7)
                replied = p.state != State.ASSIGNED
                assignments.append(
                    Assignment(
                        proposal=p,
                        unit=unit,
                        role=Assignment.Role.LEAD,
                        assigned_on=assigned,
                        started_on=assigned,
                        due_on=assigned + datetime.timedelta(days=90),
                        replied_at=aware(assigned + datetime.timedelta(days=60)) if replied else None,
                    )
                )
                if replied:
                    replies.append(
                        Reply(
                            proposal=p,
                            unit=unit,
                            category=rng.choice("ABC"),
                            content="答复意见。",
                            replied_at=aware(assigned + datetime.timedelta(days=60)),
                        )
                    )
        self.arrive(cosignature_workflow, cosignatures)
        self.bulk(Assignment, assignments)
        self.bulk(Reply, replies)
        self.proposal_list = proposals

    def opinions(self, committees: list[Committee]) -> None:
        rng = self.rng
        issues = {}
        for issue in self.bulk(
            Issue,
            [
                Issue(committee=c, year=year, number=n, published_on=datetime.date(year, n, 20))
                for c in committees
                if c.level != Committee.Level.COUNTY
                for year in YEARS
                for n in range(1, 13)
            ],
        ):
            issues[(issue.committee_id, issue.year, issue.number)] = issue
        shares = self.spread(self.count("reports"), committees)
        reports = []
        for c in committees:
            for i in range(shares[c.pk]):
                year = rng.choice(YEARS)
                day = random_day(rng, year)
                roll = rng.random()
                state = (
                    OpinionReport.State.PUBLISHED
                    if roll < 0.5
                    else OpinionReport.State.ACCEPTED
                    if roll < 0.75
                    else OpinionReport.State.DECLINED
                    if roll < 0.85
                    else OpinionReport.State.SUBMITTED
                )
                issue = (
                    issues.get((c.pk, year, day.month)) if state == OpinionReport.State.PUBLISHED else None
                )
                if state == OpinionReport.State.PUBLISHED and issue is None:
                    state = OpinionReport.State.ACCEPTED
                reports.append(
                    (
                        OpinionReport(
                            committee=c,
                            title=f"关于{rng.choice(TOPICS)}的情况反映（{c.pk}-{i}）",
                            content="社情民意。" * 20,
                            category=rng.choice(OpinionReport.Category.values),
                            issue=issue,
                            issue_order=i if issue else None,
                        ),
                        [Step(f"import_{state}", at=aware(day))],
                    )
                )
        reports = self.arrive(report_workflow, reports)
        self.bulk(
            ReportAuthor,
            [
                ReportAuthor(report=r, member=rng.choice(self.members[r.committee_id]), order=1)
                for r in reports
            ],
        )
        adoptable = [
            r for r in reports if r.state in (OpinionReport.State.ACCEPTED, OpinionReport.State.PUBLISHED)
        ]
        adoptions = []
        for report in rng.sample(adoptable, min(len(adoptable), self.count("adoptions"))):
            body = rng.choice(Body.values)
            action = rng.choice(
                [
                    Adoption.Action.ADOPTED,
                    Adoption.Action.ADOPTED,
                    Adoption.Action.FORWARDED,
                    Adoption.Action.INSTRUCTED,
                ]
            )
            adoptions.append(
                Adoption(
                    report=report,
                    body=body,
                    action=action,
                    date=report.submitted_at.date() + datetime.timedelta(days=30),
                    leader="张某某" if action == Adoption.Action.INSTRUCTED else "",
                )
            )
        self.bulk(Adoption, adoptions)

    def platforms(self, committees: list[Committee]) -> None:
        rng = self.rng
        rooms = defaultdict(list)
        shares = self.spread(self.count("rooms"), committees)
        for room in self.bulk(
            DeliberationRoom,
            [
                DeliberationRoom(
                    committee=c, name=f"{c.short_name}民生议事室{i}", founded_on=datetime.date(2016, 1, 1)
                )
                for c in committees
                for i in range(shares[c.pk])
            ],
        ):
            rooms[room.committee_id].append(room)
        shares = self.spread(self.count("study_rooms"), committees)
        self.bulk(
            StudyRoom,
            [
                StudyRoom(
                    committee=c, name=f"{c.short_name}学而书房{i}", founded_on=datetime.date(2017, 1, 1)
                )
                for c in committees
                for i in range(shares[c.pk])
            ],
        )
        groups = self.bulk(
            SectorGroup,
            [
                SectorGroup(
                    committee=c, name=f"{c.short_name}界别同心汇", founded_on=datetime.date(2019, 1, 1)
                )
                for c in rng.sample(committees, min(len(committees), self.count("sector_groups")))
            ],
        )
        kinds = [k for k in Activity.Kind.values if k != Activity.Kind.PLENARY]
        shares = self.spread(self.count("activities"), committees)
        activities = []
        for c in committees:
            for i in range(shares[c.pk]):
                kind = rng.choice(kinds)
                room = (
                    rng.choice(rooms[c.pk])
                    if kind == Activity.Kind.ROOM_DELIBERATION and rooms[c.pk]
                    else None
                )
                activities.append(
                    Activity(
                        committee=c,
                        kind=kind,
                        title=f"{rng.choice(TOPICS)}活动（{c.pk}-{i}）",
                        date=random_day(rng, rng.choice(YEARS)),
                        room=room,
                        problems_solved=rng.randrange(4) if room else 0,
                        people_reached=rng.randrange(80),
                        plan_task=kind == Activity.Kind.THEMATIC_CONSULTATION,
                        completed=kind == Activity.Kind.THEMATIC_CONSULTATION,
                    )
                )
        activities += [
            Activity(
                committee=g.committee,
                kind=Activity.Kind.SECTOR_GATHERING,
                sector_group=g,
                title=f"{g.name}聚识活动",
                date=random_day(rng, 2024),
                people_reached=50,
            )
            for g in groups
        ]
        activities = self.bulk(Activity, activities)
        per_activity = max(1, self.count("attendance") // len(activities))
        attendance = []
        for activity in activities:
            pool = self.members[activity.committee_id]
            for member in rng.sample(pool, min(len(pool), per_activity)):
                roll = rng.random()
                status = (
                    Attendance.Status.PRESENT
                    if roll < 0.8
                    else Attendance.Status.LEAVE_APPROVED
                    if roll < 0.9
                    else Attendance.Status.ABSENT
                )
                attendance.append(
                    (
                        Attendance(
                            activity=activity,
                            member=member,
                            spoke=status == Attendance.Status.PRESENT and rng.random() < 0.2,
                        ),
                        [Step(f"record_{status}", at=aware(activity.date))],
                    )
                )
        self.arrive(attendance_workflow, attendance)
        shares = self.spread(self.count("publications"), committees)
        self.bulk(
            Publication,
            [
                Publication(
                    committee=c,
                    title=f"稿件{c.pk}-{i}",
                    outlet="政协微信公众号",
                    level=c.level if c.level != Committee.Level.PROVINCE else "province",
                    channel=Publication.Channel.WECHAT
                    if rng.random() < 0.95
                    else Publication.Channel.NEWSPAPER,
                    published_on=random_day(rng, rng.choice(YEARS)),
                )
                for c in committees
                for i in range(shares[c.pk])
            ],
        )
        shares = self.spread(self.count("visits"), committees)
        self.bulk(
            Visit,
            [
                Visit(
                    committee=c,
                    organisation=f"{c.short_name}企业{i}",
                    kind=Visit.Kind.MEMBER_ENTERPRISE,
                    date=random_day(rng, rng.choice(YEARS)),
                )
                for c in committees
                for i in range(shares[c.pk])
            ],
        )

    def accounts(self, committees: list[Committee]) -> None:
        province, city = committees[0], committees[1]
        secretariat = User.objects.create_user(
            "bench-secretariat", password=PASSWORD, name="基准省秘书", is_staff=True
        )
        city_clerk = User.objects.create_user(CITY_CLERK, password=PASSWORD, name="基准市秘书", is_staff=True)
        leader = User.objects.create_user("bench-leader", password=PASSWORD, name="基准市领导")
        member_user = User.objects.create_user("bench-member", password=PASSWORD, name="基准委员")
        member = self.members[city.pk][0]
        Member.objects.filter(pk=member.pk).update(user=member_user)
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(user=secretariat, committee=province, role=Role.SECRETARIAT),
                RoleAssignment(user=city_clerk, committee=city, role=Role.SECRETARIAT),
                RoleAssignment(user=leader, committee=city, role=Role.LEADER),
                RoleAssignment(user=member_user, committee=city, role=Role.MEMBER),
            ]
        )


def generate(scale: int) -> Generated:
    return Generator(scale).run()
