"""Province-scale data for the benchmark: a province committee, 16 cities, 140 counties and ten
years (2016–2025). The scale counts city-years: one is the yearly volume of 聊城市政协 with its
counties (its 2024 report card: about 500 registered proposals, 2,000 opinion reports, 650
activities with their attendance, 5,000 publications); ``province`` (170) is the province decade,
each of the 16 cities with its counties and the provincial committee itself that volume every year
for ten years; ``ci`` (1) is one city-year spread over the same committees and years.

The data is plausible rather than pretty: every row satisfies the models' constraints, states and
numbers are consistent (registered proposals carry gapless numbers per session), proposals read
like real ones (``texts``: 800–3,000 characters on one of sixteen topics) and go to the handling
unit of their topic, with noise, so that suggesting units can be measured on it. The large tables
are written by COPY (``copy``), the database vacuumed and analysed afterwards."""

import datetime
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from cppcc.core.crypto import blind_index, encrypt
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
from proposals.models import (
    PUBLISHABLE_STATES,
    Assignment,
    Category,
    Cosignature,
    Kind,
    NumberCounter,
    Proposal,
    Reply,
    State,
)
from proposals.workflow import cosignature_workflow, proposal_workflow

from .copy import bulk_load, copy_arrivals, copy_rows
from .texts import OTHER_DUTIES, TOPICS, duties, figures, proposal_text

PROVINCE_CODE = "bench-province"
CITIES = 16
COUNTIES_PER_CITY = (8, 9, 9, 9, 9, 9, 9, 9, 9, 9, 8, 8, 8, 8, 9, 10)  # 140 counties
YEARS = range(2016, 2026)
BATCH = 5000
PASSWORD = "bench-password-2024"
CITY_CLERK = "bench-city-clerk"  # the secretariat of the first city, who works in the admin

SIZES = {"ci": 1, "province": 170}  # city-years: 聊城市政协's yearly volume, times this
ORGANISATION_CAP = 17  # the organisation grows with the scale up to 16 cities and the province

# One city-year: 聊城市政协 with its counties in 2024 (proposals: about 85 % of them registered).
VOLUME = {
    "proposals": 590,
    "reports": 2000,
    "adoptions": 450,
    "activities": 620,
    "attendance": 5900,
    "publications": 4800,
    "visits": 120,
}
# One city's organisation: its members, rooms and groups (with its counties).
ORGANISATION = {
    "members": 1900,
    "rooms": 136,
    "study_rooms": 42,
    "sector_groups": 8,
}
# Of the proposals a unit handles, the share that goes to the unit of its topic; the rest go to
# another unit of the committee, as a secretariat's judgement and workload would send them.
TOPIC_UNIT_SHARE = 0.82
CO_UNIT_SHARE = 0.15  # assigned proposals that also get a co-unit
PUBLISHED_TENTHS = 3  # replied proposals the secretariat published (提案公开), by number
OTHER_DEPARTMENTS = tuple(OTHER_DUTIES)
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
    seconds: float = 0.0  # writing, COPY and indexes included
    index_seconds: float = 0.0  # of which building the large tables' indexes again
    vacuum_seconds: float = 0.0  # VACUUM ANALYZE afterwards

    @property
    def rows_per_s(self) -> float:
        return round(sum(self.rows.values()) / self.seconds) if self.seconds else 0.0


def aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def random_day(rng: random.Random, year: int) -> datetime.date:
    return datetime.date(year, 1, 1) + datetime.timedelta(days=int(rng.random() * 365))


PROPOSAL_PATH = ("create", "submit", "register", "assign", "reply_last", "feedback_satisfied")
PROPOSAL_DAYS = (-1, 0, 20, 27, 87, 120)  # after submission
REACHED = {State.SUBMITTED: 2, State.REGISTERED: 3, State.ASSIGNED: 4, State.REPLIED: 5}


def proposal_path(state: str) -> tuple[str, ...]:
    """The steps that bring a proposal to ``state``."""
    if state == State.NOT_REGISTERED:
        return (*PROPOSAL_PATH[:2], "reject")
    return PROPOSAL_PATH[: REACHED.get(state, len(PROPOSAL_PATH))]


def proposal_state(roll: float) -> str:
    if roll < 0.55:
        return State.CLOSED
    if roll < 0.7:
        return State.ASSIGNED
    if roll < 0.78:
        return State.REPLIED
    if roll < 0.85:
        return State.REGISTERED
    if roll < 0.93:
        return State.NOT_REGISTERED
    return State.SUBMITTED


def report_state(roll: float) -> str:
    if roll < 0.5:
        return OpinionReport.State.PUBLISHED
    if roll < 0.75:
        return OpinionReport.State.ACCEPTED
    if roll < 0.85:
        return OpinionReport.State.DECLINED
    return OpinionReport.State.SUBMITTED


def attendance_status(roll: float) -> str:
    if roll < 0.8:
        return Attendance.Status.PRESENT
    if roll < 0.9:
        return Attendance.Status.LEAVE_APPROVED
    return Attendance.Status.ABSENT


def scale_of(size: str | int) -> int:
    """City-years of a size: ``ci``, ``province`` or a number."""
    if isinstance(size, int) or str(size).isdigit():
        return int(size)
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}: one of {', '.join(SIZES)} or a number of city-years")
    return SIZES[size]


class Generator:
    def __init__(self, scale: int, seed: int = 2024):
        self.scale = scale
        self.rng = random.Random(seed)
        self.rows: dict[str, int] = defaultdict(int)

    def count(self, name: str) -> int:
        if name in ORGANISATION:
            return max(1, round(ORGANISATION[name] * min(self.scale, ORGANISATION_CAP)))
        return max(1, round(VOLUME[name] * self.scale))

    def bulk(self, model, objects: list) -> list:
        created = model.objects.bulk_create(objects, batch_size=BATCH)
        self.rows[model._meta.model_name] += len(created)
        return created

    def copy(self, model, names: list[str], rows: list) -> range:
        ids = copy_rows(model, names, rows)
        self.rows[model._meta.model_name] += len(rows)
        return ids

    def arrive(self, workflow, names: list[str], arrivals: list) -> range:
        ids, written = copy_arrivals(workflow, names, arrivals)
        for name, count in written.items():
            self.rows[name] += count
        return ids

    def spread(self, total: int, committees: list[Committee]) -> dict[int, int]:
        """Split a total over committees: the province as much as a city with its counties."""
        weights = [
            12 if c.level == Committee.Level.PROVINCE else 3 if c.level == Committee.Level.CITY else 1
            for c in committees
        ]
        whole = sum(weights)
        shares = {c.pk: total * w // whole for c, w in zip(committees, weights, strict=True)}
        for c in self.rng.sample(committees, total - sum(shares.values())):
            shares[c.pk] += 1
        return shares

    def run(self) -> Generated:
        started = time.perf_counter()
        timings = {}
        with transaction.atomic():
            committees = self.organisation()
            with bulk_load(
                [Proposal, Proposal.timeline.rel.related_model, Cosignature, Assignment, Reply]
                + [OpinionReport, OpinionReport.timeline.rel.related_model, ReportAuthor, Adoption]
                + [Activity, Attendance, Attendance.timeline.rel.related_model, Publication, Visit],
                timings,
            ):
                self.proposals(committees)
                self.opinions(committees)
                self.platforms(committees)
            self.accounts(committees)
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        if not connection.in_atomic_block:  # VACUUM cannot run in a transaction (a test's)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        return Generated(
            self.scale, dict(self.rows), seconds, timings["indexes"], time.perf_counter() - started
        )

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
            self.sectors[sector.committee_id].append(sector.pk)
        rng = self.rng
        members, owners = [], []
        shares = self.spread(self.count("members"), committees)
        for c in committees:
            term = term_of[(c.pk, 2025)].pk
            for i in range(shares[c.pk]):
                standing = i % 8 == 0
                phone = f"139{rng.randint(10000000, 99999999)}"
                members.append(
                    (
                        c.pk,
                        term,
                        f"委员{c.pk}-{i}",
                        Member.Gender.MALE,
                        rng.choice(self.sectors[c.pk]),
                        Member.Position.STANDING if standing else Member.Position.MEMBER,
                        standing,
                        "基准单位 职员",
                        encrypt(phone),  # COPY writes what the column holds: the ciphertext
                        blind_index(phone),
                    )
                )
                owners.append(c.pk)
        ids = self.copy(
            Member,
            [
                "committee_id",
                "term_id",
                "name",
                "gender",
                "sector_id",
                "position",
                "is_standing_committee",
                "workplace",
                "phone",
                "phone_index",
            ],
            members,
        )
        self.members = defaultdict(list)
        for pk, committee in zip(ids, owners, strict=True):
            self.members[committee].append(pk)
        # Each committee's government departments: one for each topic, and a few others.
        departments = [*dict.fromkeys(t.department for t in TOPICS), *OTHER_DEPARTMENTS]
        self.units = defaultdict(dict)
        for unit in self.bulk(
            HandlingUnit,
            [
                HandlingUnit(committee=c, name=f"{c.short_name}{d}", duties=duties(d))
                for c in committees
                for d in departments
            ],
        ):
            self.units[unit.committee_id][unit.name.removeprefix(unit.committee.short_name)] = unit.pk
        return committees

    def unit_for(self, committee_id: int, department: str) -> int:
        """The unit a proposal of ``department``'s topic goes to: mostly that department's."""
        units = self.units[committee_id]
        if self.rng.random() < TOPIC_UNIT_SHARE:
            return units[department]
        return self.rng.choice([pk for name, pk in units.items() if name != department])

    def proposals(self, committees: list[Committee]) -> None:
        rng = self.rng
        categories = defaultdict(dict)
        for category in self.bulk(
            Category,
            [Category(committee=c, name=n, order=i) for c in committees for i, n in enumerate(CATEGORIES)],
        ):
            categories[category.committee_id][category.name] = category.pk
        shares = self.spread(self.count("proposals"), committees)
        numbers: dict[int, int] = defaultdict(int)
        arrivals, topics = [], []
        for c in committees:
            place = c.short_name
            for _ in range(shares[c.pk]):
                year = YEARS[int(rng.random() * len(YEARS))]
                session = self.session_of[(c.pk, year)]
                submitted = aware(session.opened_on + datetime.timedelta(days=int(rng.random() * 3)))
                state = proposal_state(rng.random())
                path = proposal_path(state)
                registered = state not in (State.SUBMITTED, State.NOT_REGISTERED)
                if registered:
                    numbers[session.pk] += 1
                topic = TOPICS[int(rng.random() * len(TOPICS))]
                title, content = proposal_text(rng, topic, place)
                joint = rng.random() < 0.2
                arrivals.append(
                    (
                        (
                            c.pk,
                            session.pk,
                            title,
                            content,
                            categories[c.pk][topic.category],
                            Kind.JOINT if joint else Kind.INDIVIDUAL,
                            rng.choice(self.members[c.pk]),
                            numbers[session.pk] if registered else None,
                            registered and rng.random() < 0.04,
                            state in PUBLISHABLE_STATES and numbers[session.pk] % 10 < PUBLISHED_TENTHS,
                        ),
                        path,
                        [submitted + datetime.timedelta(days=d) for d in PROPOSAL_DAYS[: len(path)]],
                    )
                )
                topics.append(topic)
        names = ["committee_id", "session_id", "title", "content", "category_id", "kind", "proposer_id"]
        ids = self.arrive(proposal_workflow, [*names, "number", "is_key", "is_published"], arrivals)
        self.copy(NumberCounter, ["session_id", "last_number"], list(numbers.items()))
        cosignatures, assignments, replies = [], [], []
        for pk, (row, path, at), topic in zip(ids, arrivals, topics, strict=True):
            committee, proposer, kind = row[0], row[6], row[5]
            if kind == Kind.JOINT:
                others = [m for m in rng.sample(self.members[committee], 3) if m != proposer][:2]
                cosignatures += [((pk, m, at[1]), ("accept",), (at[1],)) for m in others]
            if len(path) < 4 or path[2] != "register":  # not assigned
                continue
            unit = self.unit_for(committee, topic.department)
            assigned = (at[2] + datetime.timedelta(days=7)).date()
            replied = aware(assigned + datetime.timedelta(days=60)) if len(path) > 4 else None
            due = assigned + datetime.timedelta(days=90)
            assignments.append((pk, unit, Assignment.Role.LEAD, assigned, assigned, due, replied))
            if rng.random() < CO_UNIT_SHARE:
                co = rng.choice([u for u in self.units[committee].values() if u != unit])
                assignments.append((pk, co, Assignment.Role.CO, assigned, assigned, due, replied))
            if replied:
                replies.append((pk, unit, "ABC"[int(rng.random() * 3)], "答复意见。", replied))
        self.arrive(cosignature_workflow, ["proposal_id", "member_id", "invited_at"], cosignatures)
        self.copy(
            Assignment,
            ["proposal_id", "unit_id", "role", "assigned_on", "started_on", "due_on", "replied_at"],
            assignments,
        )
        self.copy(Reply, ["proposal_id", "unit_id", "category", "content", "replied_at"], replies)

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
            issues[(issue.committee_id, issue.year, issue.number)] = issue.pk
        categories = OpinionReport.Category.values
        shares = self.spread(self.count("reports"), committees)
        arrivals = []
        for c in committees:
            values = figures(rng, c.short_name, TOPICS[0])
            for i in range(shares[c.pk]):
                year = YEARS[int(rng.random() * len(YEARS))]
                day = random_day(rng, year)
                state = report_state(rng.random())
                issue = (
                    issues.get((c.pk, year, day.month)) if state == OpinionReport.State.PUBLISHED else None
                )
                if state == OpinionReport.State.PUBLISHED and issue is None:
                    state = OpinionReport.State.ACCEPTED
                topic = TOPICS[int(rng.random() * len(TOPICS))]
                problem = topic.problems[int(rng.random() * len(topic.problems))]
                arrivals.append(
                    (
                        (
                            c.pk,
                            f"关于{topic.subjects[int(rng.random() * len(topic.subjects))]}的情况反映",
                            f"{problem}，群众反映较多。建议{topic.suggestions[0]}。".format_map(values),
                            categories[int(rng.random() * len(categories))],
                            issue,
                            i if issue else None,
                        ),
                        (f"import_{state}",),
                        (aware(day),),
                    )
                )
        names = ["committee_id", "title", "content", "category", "issue_id", "issue_order"]
        ids = self.arrive(report_workflow, names, arrivals)
        self.copy(
            ReportAuthor,
            ["report_id", "member_id", "order"],
            [
                (pk, rng.choice(self.members[row[0]]), 1)
                for pk, (row, _path, _at) in zip(ids, arrivals, strict=True)
            ],
        )
        adoptable = [
            (pk, at[0])
            for pk, (_row, path, at) in zip(ids, arrivals, strict=True)
            if path[0] in ("import_accepted", "import_published")
        ]
        actions = [
            Adoption.Action.ADOPTED,
            Adoption.Action.ADOPTED,
            Adoption.Action.FORWARDED,
            Adoption.Action.INSTRUCTED,
        ]
        adoptions = []
        for pk, submitted in rng.sample(adoptable, min(len(adoptable), self.count("adoptions"))):
            action = rng.choice(actions)
            adoptions.append(
                (
                    pk,
                    rng.choice(Body.values),
                    action,
                    submitted.date() + datetime.timedelta(days=30),
                    "张某某" if action == Adoption.Action.INSTRUCTED else "",
                )
            )
        self.copy(Adoption, ["report_id", "body", "action", "date", "leader"], adoptions)

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
            rooms[room.committee_id].append(room.pk)
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
            for _ in range(shares[c.pk]):
                kind = kinds[int(rng.random() * len(kinds))]
                room = (
                    rng.choice(rooms[c.pk])
                    if kind == Activity.Kind.ROOM_DELIBERATION and rooms[c.pk]
                    else None
                )
                consultation = kind == Activity.Kind.THEMATIC_CONSULTATION
                topic = TOPICS[int(rng.random() * len(TOPICS))]
                activities.append(
                    (
                        c.pk,
                        kind,
                        f"{topic.subjects[int(rng.random() * len(topic.subjects))]}调研活动",
                        random_day(rng, YEARS[int(rng.random() * len(YEARS))]),
                        room,
                        None,
                        int(rng.random() * 4) if room else 0,
                        int(rng.random() * 80),
                        consultation,
                        consultation,
                    )
                )
        activities += [
            (
                g.committee_id,
                Activity.Kind.SECTOR_GATHERING,
                f"{g.name}聚识活动",
                random_day(rng, 2024),
                None,
                g.pk,
                0,
                50,
                False,
                False,
            )
            for g in groups
        ]
        ids = self.copy(
            Activity,
            [
                "committee_id",
                "kind",
                "title",
                "date",
                "room_id",
                "sector_group_id",
                "problems_solved",
                "people_reached",
                "plan_task",
                "completed",
            ],
            activities,
        )
        per_activity = max(1, self.count("attendance") // len(activities))
        attendance = []
        for pk, (committee, *_rest) in zip(ids, activities, strict=True):
            at = (aware(_rest[2]),)
            pool = self.members[committee]
            for member in rng.sample(pool, min(len(pool), per_activity)):
                status = attendance_status(rng.random())
                spoke = status == Attendance.Status.PRESENT and rng.random() < 0.2
                attendance.append(((pk, member, spoke), (f"record_{status}",), at))
        self.arrive(attendance_workflow, ["activity_id", "member_id", "spoke"], attendance)
        shares = self.spread(self.count("publications"), committees)
        publications = []
        for c in committees:
            level = c.level if c.level != Committee.Level.PROVINCE else "province"
            for i in range(shares[c.pk]):
                channel = Publication.Channel.WECHAT if rng.random() < 0.95 else Publication.Channel.NEWSPAPER
                day = random_day(rng, YEARS[int(rng.random() * len(YEARS))])
                publications.append((c.pk, f"稿件{c.pk}-{i}", "政协微信公众号", level, channel, day))
        self.copy(
            Publication, ["committee_id", "title", "outlet", "level", "channel", "published_on"], publications
        )
        shares = self.spread(self.count("visits"), committees)
        self.copy(
            Visit,
            ["committee_id", "organisation", "kind", "date"],
            [
                (
                    c.pk,
                    f"{c.short_name}企业{i}",
                    Visit.Kind.MEMBER_ENTERPRISE,
                    random_day(rng, rng.choice(YEARS)),
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
        Member.objects.filter(pk=self.members[city.pk][0]).update(user=member_user)
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(user=secretariat, committee=province, role=Role.SECRETARIAT),
                RoleAssignment(user=city_clerk, committee=city, role=Role.SECRETARIAT),
                RoleAssignment(user=leader, committee=city, role=Role.LEADER),
                RoleAssignment(user=member_user, committee=city, role=Role.MEMBER),
            ]
        )


def generate(size: str | int) -> Generated:
    return Generator(scale_of(size)).run()


SIZE_MODELS = (
    Committee,
    Member,
    HandlingUnit,
    Proposal,
    Proposal.timeline.rel.related_model,
    Cosignature,
    Assignment,
    Reply,
    OpinionReport,
    OpinionReport.timeline.rel.related_model,
    ReportAuthor,
    Adoption,
    Activity,
    Attendance,
    Attendance.timeline.rel.related_model,
    DeliberationRoom,
    Publication,
    Visit,
)


def size() -> dict[str, int]:
    """Rows of each model the benchmark's data is made of (``size`` in the results)."""
    return {model._meta.model_name: model.objects.count() for model in SIZE_MODELS}
