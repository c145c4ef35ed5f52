"""Demo activities and platforms of 聊城市政协 and its eight county committees.

Built so that the 2024 report card of 聊城市政协 (which sums the city and every county) comes out of
the records as in the source article: 10 completed consultation-plan tasks, 104 duty activities,
42 party-learning sessions, 136 deliberation rooms with 284 activities solving 522 problems, 8 sector
groups (2 new) over 8 sectors with 24 lead members and 69 team members holding 72 gatherings that
reached 3,618 people, 42 study rooms, 62 learning and 63 reading activities, 21 lectures, visits to
6 chambers of commerce and 113 member enterprises, 42 articles in provincial or national media and
5,290 WeChat posts. 2025 and coming activities are added beside them, and the demo member 李明远 has
attended, taken leave from and missed activities.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from cppcc.core.downloads import file_bytes, official_document
from cppcc.core.workflow import Step
from cppcc.org.models import Committee, Member, NotificationKind, Sector
from cppcc.org.services import notification_preferences_set

from . import selectors
from .models import (
    Activity,
    ActivityAttachment,
    Attendance,
    DeliberationRoom,
    Publication,
    SectorGroup,
    StudyRoom,
    TeamMember,
    Visit,
)
from .notices import send_meeting_notices
from .workflow import attendance_workflow

CITY_CODE = "liaocheng"
COUNTY_CODES = ["dongchangfu", "chiping", "linqing", "yanggu", "shenxian", "dong-e", "guanxian", "gaotang"]
DEMO_MEMBER = "李明远"
DEMO_MEMBER2 = "王晓梅"

Kind = Activity.Kind
Status = Attendance.Status

# Rooms per committee founded by the end of 2024: the city's 10 and the counties' 126 make 136.
CITY_ROOMS = 10
COUNTY_ROOMS = [18, 16, 17, 15, 16, 14, 15, 15]
ROOM_ACTIVITIES_2024 = 284
PROBLEMS_SOLVED_2024 = 522
CITY_STUDY_ROOMS = 10
COUNTY_STUDY_ROOMS = 4
GATHERINGS_PER_GROUP = 9
PEOPLE_REACHED_2024 = 3618
CITY_WECHAT_POSTS = 1100
COUNTY_WECHAT_POSTS = [530, 520, 525, 515, 530, 520, 525, 525]
PROVINCIAL_ARTICLES = 42

TOWNSHIPS = [
    "古楼街道",
    "柳园街道",
    "新区街道",
    "湖西街道",
    "道口铺街道",
    "阎寺街道",
    "凤凰街道",
    "北城街道",
    "侯营镇",
    "沙镇镇",
    "堂邑镇",
    "梁水镇",
    "斗虎屯镇",
    "郑家镇",
    "张炉集镇",
    "于集镇",
    "许营镇",
    "朱老庄镇",
    "顾官屯镇",
    "广平镇",
]
ROOM_TOPICS = [
    "老旧小区加装电梯",
    "背街小巷路灯维修",
    "农村饮水安全",
    "社区养老服务站运营",
    "集贸市场占道经营",
    "小区停车难",
    "农田灌溉沟渠清淤",
    "校园周边交通安全",
    "村内道路硬化",
    "垃圾分类投放点设置",
    "雨污管网改造",
    "社区卫生服务站就医",
    "农村电商服务点建设",
    "冬季清洁取暖",
    "物业服务纠纷调处",
]
STUDY_TOPICS = [
    "习近平总书记关于加强和改进人民政协工作的重要思想",
    "党的二十届三中全会精神",
    "人民政协成立75周年重要讲话精神",
    "《中国共产党纪律处分条例》",
    "政协协商式监督理论与实践",
    "中华优秀传统文化与运河文化",
]
BOOKS = [
    "《习近平谈治国理政》",
    "《论人民政协》",
    "《运河文化》",
    "《乡土中国》",
    "《中国式现代化》",
    "《之江新语》",
]
CHAMBERS = [
    "聊城市浙江商会",
    "聊城市江苏商会",
    "聊城市河北商会",
    "聊城市河南商会",
    "聊城市福建商会",
    "聊城市温州商会",
]
ENTERPRISE_BRANDS = [
    "鲁西",
    "东昌",
    "运河",
    "凤凰",
    "金号",
    "华泰",
    "祥光",
    "信发",
    "时风",
    "泉林",
    "鲁光",
    "光岳",
    "水城",
    "昌润",
    "景阳冈",
    "临清",
]
ENTERPRISE_TRADES = ["化工", "纺织", "机械", "食品", "新材料", "电子", "物流", "医药"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
GIVEN = "建国明华伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛超霞平刚桂玉兰志海燕红梅文斌立新晓东振宇庆春雷"
MEDIA_2024 = [
    # outlet, level, channel
    ("人民政协报", Publication.Level.NATIONAL, Publication.Channel.NEWSPAPER),
    ("学习强国", Publication.Level.NATIONAL, Publication.Channel.WEBSITE),
    ("大众日报", Publication.Level.PROVINCE, Publication.Channel.NEWSPAPER),
    ("联合日报", Publication.Level.PROVINCE, Publication.Channel.NEWSPAPER),
    ("山东广播电视台", Publication.Level.PROVINCE, Publication.Channel.TV),
    ("大众网", Publication.Level.PROVINCE, Publication.Channel.WEBSITE),
]
LOCAL_MEDIA = [
    ("聊城日报", Publication.Level.CITY, Publication.Channel.NEWSPAPER),
    ("聊城广播电视台", Publication.Level.CITY, Publication.Channel.TV),
    ("聊城新闻网", Publication.Level.CITY, Publication.Channel.WEBSITE),
]
POST_TOPICS = [
    "委员履职风采",
    "协商议事进行时",
    "界别同心汇聚识活动",
    "学而书房读书分享",
    "提案办理回头看",
    "社情民意信息工作",
    "政协讲堂开讲",
    "民主监督助推落实",
]

# The ten completed tasks of the 2024 consultation plan, by kind (the last one is carried into 2025).
PLAN_2024 = [
    (
        Kind.THEMATIC_STANDING_COMMITTEE,
        "深挖文化潜力，推动“乘着高铁游聊城”成为潮流",
        datetime.date(2024, 6, 26),
    ),
    (Kind.THEMATIC_CONSULTATION, "推进产学研深度融合，构建一流创新生态", datetime.date(2024, 4, 18)),
    (Kind.THEMATIC_CONSULTATION, "优化营商环境，助力来聊投资企业高质量发展", datetime.date(2024, 8, 22)),
    (Kind.DEMOCRATIC_SUPERVISION, "提升基层医疗水平，满足群众就医获得感", datetime.date(2024, 5, 16)),
    (Kind.DEMOCRATIC_SUPERVISION, "农村生活污水治理", datetime.date(2024, 9, 12)),
    (Kind.COUNTERPART_CONSULTATION, "推动预制菜产业高质量发展", datetime.date(2024, 7, 10)),
    (Kind.COUNTERPART_CONSULTATION, "加快发展银发经济", datetime.date(2024, 10, 17)),
    (Kind.SECTOR_CONSULTATION, "促进民营经济发展壮大", datetime.date(2024, 11, 7)),
    (Kind.PROPOSAL_CONSULTATION, "重点提案：大运河国家文化公园（聊城段）建设", datetime.date(2024, 9, 25)),
    (Kind.INSPECTION, "黄河流域生态保护和高质量发展", datetime.date(2024, 3, 28)),
]
PLAN_2024_UNFINISHED = (Kind.COUNTERPART_CONSULTATION, "推进城乡供水一体化", datetime.date(2024, 12, 19))


PLENARY_AGENDA = "\n".join(
    [
        "一、听取和审议市政协常务委员会工作报告",
        "二、听取和审议市政协常务委员会关于提案工作情况的报告",
        "三、列席市第十八届人民代表大会第三次会议，听取并讨论政府工作报告",
        "四、大会发言",
        "五、通过政治决议和提案审查委员会的审查情况报告",
    ]
)
PLENARY_MATERIALS = ("大会议程", "常务委员会工作报告", "提案工作情况报告")
STANDING_AGENDA = "\n".join(
    [
        "一、传达学习中央和省委有关会议精神",
        "二、协商讨论年度重点工作落实情况",
        "三、审议通过明年协商工作计划（草案）",
        "四、人事事项",
    ]
)
STANDING_MATERIALS = ("会议议程", "明年协商工作计划（草案）")


@dataclass
class Planned:
    """An activity to create, and who was on its list with what outcome."""

    activity: Activity
    statuses: dict[int, str] = field(default_factory=dict)  # member id → status (others: invited list)
    speakers: set[int] = field(default_factory=set)
    meeting: bool = False  # invite as a meeting does (selectors.meeting_invitees)
    seated: bool = False  # seats assigned in the hall (the meeting pack shows them)
    scanned: bool = False  # most of those present checked in with the QR code at the door
    materials: tuple[str, ...] = ()  # documents handed out (the meeting pack's materials)


class DemoBuilder:
    def __init__(self, rng: random.Random, city: Committee, counties: list[Committee]):
        self.rng = rng
        self.city = city
        self.counties = counties
        self.committees = [city, *counties]
        self.planned: list[Planned] = []
        self.visit_rows: list[tuple[Planned, str, str]] = []  # (visit activity, organisation, kind)
        members = (
            Member.objects.filter(committee__in=self.committees, is_active=True)
            .select_related("user")
            .order_by("id")
        )
        self.members: dict[int, list[Member]] = {c.pk: [] for c in self.committees}
        for member in members:
            self.members[member.committee_id].append(member)
        self.demo_member = next(m for m in self.members[city.pk] if m.name == DEMO_MEMBER)
        self.demo_member2 = next(m for m in self.members[city.pk] if m.name == DEMO_MEMBER2)
        self.users = {m.pk: m.user for m in members if m.user_id}
        with translation.override(settings.LANGUAGE_CODE):
            self.scan_note = gettext("Checked in by scanning the QR code.")

    # --- helpers --------------------------------------------------------------------------------

    def day(self, year: int, start: int = 1, end: int = 12) -> datetime.date:
        first = datetime.date(year, start, 1)
        last = datetime.date(year, end, 28)
        return first + datetime.timedelta(days=self.rng.randint(0, (last - first).days))

    def add(self, committee: Committee, kind: str, title: str, date: datetime.date, **extra) -> Planned:
        meeting = extra.pop("meeting", False)
        starts = datetime.time(self.rng.choice([8, 9, 14, 15]), self.rng.choice([0, 30]))
        activity = Activity(
            committee=committee,
            kind=kind,
            title=title,
            topic=extra.pop("topic", title),
            date=date,
            starts_at=starts,
            ends_at=datetime.time(starts.hour + 2, starts.minute),
            venue=extra.pop("venue", f"{committee.short_name}政协会议室"),
            **extra,
        )
        planned = Planned(activity=activity, meeting=meeting)
        self.planned.append(planned)
        return planned

    def participants(self, planned: Planned, count: int, *, with_demo: str | None = None) -> None:
        """A sample of the committee's members on the list, mostly present."""
        pool = self.members[planned.activity.committee_id]
        for member in self.rng.sample(pool, k=min(count, len(pool))):
            planned.statuses[member.pk] = self.outcome()
        if with_demo:
            planned.statuses[self.demo_member.pk] = with_demo

    def outcome(self, present: float = 0.9, leave: float = 0.07) -> str:
        draw = self.rng.random()
        if draw < present:
            return Status.PRESENT
        return Status.LEAVE_APPROVED if draw < present + leave else Status.ABSENT

    # --- what the committees did ----------------------------------------------------------------

    def meetings(self, year: int) -> None:
        """The plenary of each committee in January and its standing committee meetings."""
        for committee in self.committees:
            is_city = committee.pk == self.city.pk
            plenary = self.add(
                committee,
                Kind.PLENARY,
                f"{committee.name}{year}年全体会议",
                datetime.date(year, 1, 8 if is_city else 5),
                venue=f"{committee.short_name}会议中心",
                meeting=True,
                agenda=PLENARY_AGENDA if is_city else "",
            )
            if is_city and year == 2024:
                plenary.seated = plenary.scanned = True
                plenary.materials = PLENARY_MATERIALS
            if is_city:
                plenary.statuses[self.demo_member.pk] = Status.PRESENT
                plenary.speakers.add(self.demo_member.pk)
                plenary.statuses[self.demo_member2.pk] = Status.LEAVE_APPROVED
            months = ([3, 6, 9, 12] if is_city else [4, 10]) if year == 2024 else [3]
            for number, month in enumerate(months, start=1):
                self.add(
                    committee,
                    Kind.STANDING_COMMITTEE,
                    f"{committee.name}常委会第{number}次会议（{year}年）",
                    datetime.date(year, month, 20),
                    meeting=True,
                )

    def city_duty_2024(self) -> None:
        city = self.city
        demo_outcomes = {
            "推进产学研深度融合，构建一流创新生态": Status.PRESENT,
            "提升基层医疗水平，满足群众就医获得感": Status.LEAVE_APPROVED,
            "加快发展银发经济": Status.ABSENT,
            "黄河流域生态保护和高质量发展": Status.PRESENT,
        }
        for kind, title, date in PLAN_2024:
            planned = self.add(
                city,
                kind,
                title,
                date,
                plan_task=True,
                completed=True,
                meeting=kind == Kind.THEMATIC_STANDING_COMMITTEE,
                topic_source=self.rng.choice(Activity.TopicSource.values),
                suggestions=self.rng.randint(8, 25),
                problems_found=self.rng.randint(3, 12),
                summary=f"围绕“{title}”形成协商成果，报送市委、市政府。",
            )
            if kind != Kind.THEMATIC_STANDING_COMMITTEE:
                self.participants(planned, self.rng.randint(18, 30), with_demo=demo_outcomes.get(title))
            if title == "推进产学研深度融合，构建一流创新生态":
                planned.speakers.add(self.demo_member.pk)
        kind, title, date = PLAN_2024_UNFINISHED
        self.participants(self.add(city, kind, title, date, plan_task=True, completed=False), 20)
        others = [
            (
                Kind.INSPECTION,
                [
                    "高标准农田建设",
                    "中小学课后服务",
                    "城市更新行动",
                    "冬春农田水利",
                    "重点项目建设",
                    "非物质文化遗产保护",
                    "乡村振兴示范片区",
                ],
            ),
            (Kind.THREE_CONTACTS, ["联系界别群众", "联系政协委员", "联系基层群众", "委员活动小组走访"]),
        ]
        for kind, titles in others:
            for title in titles:
                planned = self.add(
                    city, kind, title, self.day(2024), topic_source=Activity.TopicSource.RECOMMENDED
                )
                self.participants(planned, self.rng.randint(8, 20))
        for month in range(1, 13):
            reception = self.add(
                city, Kind.CHAIR_RECEPTION, f"主席接待日（{month}月）", datetime.date(2024, month, 15)
            )
            self.participants(reception, 5)
        self.participants(
            self.add(city, Kind.INSPECTION, "城区河道综合治理", datetime.date(2024, 10, 9)),
            15,
            with_demo=Status.PRESENT,
        )

    def county_duty_2024(self) -> None:
        for committee in self.counties:
            for kind, title in [
                (Kind.INSPECTION, "农村人居环境整治"),
                (Kind.INSPECTION, "特色产业园区建设"),
                (Kind.THREE_CONTACTS, "委员联系群众"),
                (Kind.COUNTERPART_CONSULTATION, "县域商业体系建设"),
            ]:
                planned = self.add(committee, kind, f"{committee.short_name}{title}", self.day(2024))
                self.participants(planned, self.rng.randint(10, 20))

    def visits_2024(self) -> None:
        """Two visits of the chair's council to chambers of commerce, six rounds of member enterprises."""
        city = self.city
        for number, chambers in enumerate((CHAMBERS[:3], CHAMBERS[3:]), start=1):
            planned = self.add(
                city, Kind.VISIT, f"走访异地在聊商会（第{number}批）", datetime.date(2024, 3 + number * 3, 12)
            )
            self.visit_rows += [(planned, name, Visit.Kind.CHAMBER_OF_COMMERCE) for name in chambers]
        enterprises = [
            f"山东{brand}{trade}有限公司" for brand in ENTERPRISE_BRANDS for trade in ENTERPRISE_TRADES
        ]
        enterprises = self.rng.sample(enterprises, 113)
        rounds = [enterprises[i::6] for i in range(6)]
        for number, batch in enumerate(rounds, start=1):
            planned = self.add(
                city,
                Kind.VISIT,
                f"主席会议成员走访委员企业（第{number}批）",
                datetime.date(2024, number * 2, 15),
            )
            repeat = enterprises[(number * 7) % 113] if number > 1 else None  # visited again: counted once
            names = batch + ([repeat] if repeat and repeat not in batch else [])
            self.visit_rows += [(planned, name, Visit.Kind.MEMBER_ENTERPRISE) for name in names]
            self.participants(planned, 6)

    def party_learning_culture(self, year: int) -> None:
        counts = {self.city.pk: 10} if year == 2024 else {self.city.pk: 2}
        for committee in self.committees:
            for number in range(counts.get(committee.pk, 4 if year == 2024 else 1)):
                topic = STUDY_TOPICS[number % len(STUDY_TOPICS)]
                self.add(committee, Kind.PARTY_LEARNING, f"“三会一课”：学习{topic}", self.day(year))
        if year == 2024:
            for title, date in [
                ("全市政协系统首届运动会", datetime.date(2024, 5, 25)),
                ("庆祝人民政协成立75周年文艺汇演", datetime.date(2024, 9, 20)),
                ("全市政协系统书画作品展", datetime.date(2024, 10, 10)),
            ]:
                self.add(
                    self.city, Kind.CULTURE_SPORTS, title, date, people_reached=self.rng.randint(300, 800)
                )

    def study(self, year: int, study_rooms: dict[int, list[StudyRoom]]) -> None:
        """Learning and reading activities and lectures: 62, 63 and 21 in 2024."""
        if year == 2024:
            per_committee = {
                "learning": [14] + [6] * 8,
                "reading": [15] + [6] * 8,
                "lecture": [9, 2, 2, 1, 1, 2, 1, 2, 1],
            }
        else:
            per_committee = {"learning": [2] + [1] * 8, "reading": [2] + [1] * 8, "lecture": [1] + [0] * 8}
        for index, committee in enumerate(self.committees):
            rooms = study_rooms[committee.pk]
            for number in range(per_committee["learning"][index]):
                topic = STUDY_TOPICS[number % len(STUDY_TOPICS)]
                planned = self.add(
                    committee, Kind.LEARNING, f"“学习新思想 建功新时代”：{topic}", self.day(year)
                )
                if committee.pk == self.city.pk and number < 4:
                    self.participants(planned, 25, with_demo=Status.PRESENT if number != 2 else Status.ABSENT)
            for number in range(per_committee["reading"][index]):
                book = BOOKS[number % len(BOOKS)]
                room = rooms[number % len(rooms)]
                self.add(
                    committee,
                    Kind.READING,
                    f"“学习新思想·一书同读”：共读{book}",
                    self.day(year),
                    study_room=room,
                    venue=room.name,
                    people_reached=self.rng.randint(15, 40),
                )
            for number in range(per_committee["lecture"][index]):
                planned = self.add(
                    committee,
                    Kind.LECTURE,
                    f"政协讲堂第{number + 1}期（{year}年）",
                    self.day(year),
                    people_reached=self.rng.randint(60, 150),
                )
                if committee.pk == self.city.pk and number == 0:
                    self.participants(planned, 40, with_demo=Status.PRESENT)

    def room_activities(
        self, rooms: list[DeliberationRoom], year: int, count: int, solved: int | None
    ) -> None:
        """``count`` room activities of the year over the rooms founded by then; their problems
        solved add up to ``solved`` exactly."""
        open_rooms = [r for r in rooms if r.founded_on <= datetime.date(year, 12, 1)]
        planned = []
        for number in range(count):
            room = open_rooms[number % len(open_rooms)]
            start = max(room.founded_on, datetime.date(year, 1, 1))
            date = start + datetime.timedelta(
                days=self.rng.randint(0, (datetime.date(year, 12, 28) - start).days)
            )
            topic = self.rng.choice(ROOM_TOPICS)
            planned.append(
                self.add(
                    room.committee,
                    Kind.ROOM_DELIBERATION,
                    f"{room.name}协商议事：{topic}",
                    date,
                    topic=topic,
                    room=room,
                    venue=room.name,
                    topic_source=self.rng.choice(Activity.TopicSource.values),
                    suggestions=self.rng.randint(2, 8),
                    problems_found=self.rng.randint(1, 5),
                    problems_solved=self.rng.randint(0, 4),
                    people_reached=self.rng.randint(15, 60),
                )
            )
        if solved is not None:
            self.adjust([p.activity for p in planned], "problems_solved", solved)

    def gatherings(self, groups: list[SectorGroup], year: int, per_group: int, reached: int | None) -> None:
        planned = []
        for group in groups:
            for number in range(per_group):
                start = max(group.founded_on, datetime.date(year, 1, 1))
                date = start + datetime.timedelta(
                    days=(number * 37) % max(1, (datetime.date(year, 12, 28) - start).days)
                )
                planned.append(
                    self.add(
                        group.committee,
                        Kind.SECTOR_GATHERING,
                        f"{group.name}“4+X”聚识活动（{year}年第{number + 1}场）",
                        date,
                        sector_group=group,
                        suggestions=self.rng.randint(1, 6),
                        people_reached=self.rng.randint(40, 62),
                    )
                )
        if reached is not None:
            self.adjust([p.activity for p in planned], "people_reached", reached)

    def adjust(self, activities: list[Activity], field_name: str, total: int) -> None:
        """Nudge a count up or down one at a time until the activities add up to ``total``."""
        current = sum(getattr(a, field_name) for a in activities)
        while current != total:
            activity = self.rng.choice(activities)
            value = getattr(activity, field_name)
            if current > total and value > 0:
                setattr(activity, field_name, value - 1)
                current -= 1
            elif current < total:
                setattr(activity, field_name, value + 1)
                current += 1

    def coming(self) -> None:
        """Activities of the coming weeks, for the calendar and for leave requests."""
        today = timezone.localdate()
        city = self.city
        year_end = self.add(
            city,
            Kind.STANDING_COMMITTEE,
            "市政协常委会会议（年终）",
            today + datetime.timedelta(days=12),
            meeting=True,
            agenda=STANDING_AGENDA,
        )
        year_end.seated = True
        year_end.materials = STANDING_MATERIALS
        consultation = self.add(
            city, Kind.THEMATIC_CONSULTATION, "推动低空经济发展专题协商", today + datetime.timedelta(days=20)
        )
        self.participants(consultation, 20, with_demo=Status.INVITED)
        inspection = self.add(city, Kind.INSPECTION, "冬季安全生产视察", today + datetime.timedelta(days=5))
        self.participants(inspection, 12, with_demo=Status.LEAVE_REQUESTED)
        for committee in self.counties[:3]:
            self.add(
                committee,
                Kind.SECTOR_CONSULTATION,
                f"{committee.short_name}界别协商：县域经济",
                today + datetime.timedelta(days=9),
            )

    # --- saving ----------------------------------------------------------------------------------

    def steps(self, planned: Planned, member_id: int, status: str) -> list[Step]:
        """How an entry reached its status: still invited, leave asked for a few days before, the
        member's QR check-in at the door, or the secretariat's record of the day (the sign-in
        sheet, or the leave it granted)."""
        activity = planned.activity
        day = timezone.make_aware(datetime.datetime.combine(activity.date, activity.starts_at))
        if status == Status.INVITED:
            return []
        if status == Status.LEAVE_REQUESTED:
            return [Step("request_leave", at=day - datetime.timedelta(days=3))]
        if status == Status.PRESENT and planned.scanned and self.rng.random() < 0.8:
            return [
                Step(
                    "check_in",
                    at=day - datetime.timedelta(seconds=self.rng.randint(60, 45 * 60)),
                    actor=self.users.get(member_id),
                    note=self.scan_note,
                )
            ]
        return [Step(f"record_{status}", at=day)]

    def seat(self, planned: Planned, index: int) -> str:
        if not planned.seated:
            return ""
        return f"{'ABCD'[index // 120 % 4]}区{index % 120 // 20 + 1}排{index % 20 + 1}座"

    def save_materials(self) -> int:
        """The documents handed out at the meetings, as Word files, for their meeting packs."""
        materials = []
        for planned in self.planned:
            for title in planned.materials:
                document = official_document()
                document.add_heading(title, level=1)
                document.add_paragraph(planned.activity.title)
                for line in planned.activity.agenda.splitlines():
                    document.add_paragraph(line)
                materials.append(
                    ActivityAttachment(
                        activity=planned.activity,
                        file=ContentFile(file_bytes(document), name=f"{title}.docx"),
                        original_name=f"{title}.docx",
                    )
                )
        for material in materials:
            material.save()
        return len(materials)

    def save(self) -> int:
        activities = Activity.objects.bulk_create([p.activity for p in self.planned], batch_size=500)
        rows = []
        for planned, activity in zip(self.planned, activities, strict=True):
            statuses = dict(planned.statuses)
            if planned.meeting:
                past = activity.date < timezone.localdate()
                for member_id in selectors.meeting_invitees(activity=activity).values_list("id", flat=True):
                    statuses.setdefault(member_id, self.outcome(0.92, 0.06) if past else Status.INVITED)
            for index, (member_id, status) in enumerate(sorted(statuses.items())):
                attendance = Attendance(
                    activity=activity,
                    member_id=member_id,
                    seat=self.seat(planned, index),
                    spoke=status == Status.PRESENT
                    and (member_id in planned.speakers or self.rng.random() < 0.05),
                    leave_reason="外出公务"
                    if status in (Status.LEAVE_REQUESTED, Status.LEAVE_APPROVED)
                    else "",
                )
                rows.append((attendance, self.steps(planned, member_id, status)))
        attendance_workflow.arrive(rows)
        Visit.objects.bulk_create(
            [
                Visit(
                    committee=p.activity.committee,
                    organisation=name,
                    kind=kind,
                    date=p.activity.date,
                    activity=p.activity,
                )
                for p, name, kind in self.visit_rows
            ]
        )
        return len(rows)


def seed(stdout=None) -> bool:
    """Build the demo activities and platforms; False when they are there or the organisation is not."""
    city = Committee.objects.filter(code=CITY_CODE).first()
    if city is None or DeliberationRoom.objects.filter(committee=city).exists():
        return False
    with transaction.atomic():
        rng = random.Random(75)
        counties = [Committee.objects.get(code=code) for code in COUNTY_CODES]
        builder = DemoBuilder(rng, city, counties)
        rooms = _rooms(rng, city, counties)
        study_rooms = _study_rooms(rng, city, counties)
        groups = _sector_groups(rng, builder)

        builder.meetings(2024)
        builder.city_duty_2024()
        builder.county_duty_2024()
        builder.visits_2024()
        builder.party_learning_culture(2024)
        builder.study(2024, study_rooms)
        builder.room_activities(rooms, 2024, ROOM_ACTIVITIES_2024, PROBLEMS_SOLVED_2024)
        builder.gatherings(groups, 2024, GATHERINGS_PER_GROUP, PEOPLE_REACHED_2024)

        builder.meetings(2025)
        builder.party_learning_culture(2025)
        builder.study(2025, study_rooms)
        builder.room_activities(rooms, 2025, 40, None)
        builder.gatherings(groups, 2025, 1, None)
        builder.coming()
        attendance = builder.save()
        attendance += _party_building_attendance(builder)
        builder.save_materials()
        publications = _publications(rng, city, counties)
        _notifications(builder)
    if stdout:
        stdout.write(
            f"  platforms: {Activity.objects.count()} activities, {attendance} attendance entries, "
            f"{len(rooms)} rooms, {len(groups)} sector groups, {publications} publications"
        )
    return True


def _party_building_attendance(builder: DemoBuilder) -> int:
    """Who attended the city's past "三会一课" sessions (the score's 党建 dimension): a sample of
    members, mostly present, some on leave asked in time, a few asking on the day itself (a late
    request, the 信用 dimension), a few absent; the demo member attends all but one, asked late.
    Its own random source, so the activities and the report card stay as they are."""
    rng = random.Random(15)
    today = timezone.localdate()
    sessions = [
        p.activity
        for p in builder.planned
        if p.activity.kind == Kind.PARTY_LEARNING
        and p.activity.committee_id == builder.city.pk
        and p.activity.date < today
    ]
    pool = [m for m in builder.members[builder.city.pk] if m.pk != builder.demo_member.pk]
    rows = []
    for number, activity in enumerate(sorted(sessions, key=lambda a: a.date)):
        day = timezone.make_aware(datetime.datetime.combine(activity.date, activity.starts_at))
        on_time = [Step("request_leave", at=day - datetime.timedelta(days=2)), Step("approve_leave", at=day)]
        late = [Step("request_leave", at=day - datetime.timedelta(hours=1)), Step("approve_leave", at=day)]
        paths = {
            member.pk: [Step("record_present", at=day)] for member in rng.sample(pool, k=min(20, len(pool)))
        }
        for member_id in list(paths)[:2]:
            paths[member_id] = on_time
        for member_id in list(paths)[2:3]:
            paths[member_id] = late
        for member_id in list(paths)[3:4]:
            paths[member_id] = [Step("record_absent", at=day)]
        paths[builder.demo_member.pk] = late if number == 1 else [Step("record_present", at=day)]
        for member_id, steps in paths.items():
            rows.append((Attendance(activity=activity, member_id=member_id), steps))
    attendance_workflow.arrive(rows)
    return len(rows)


def _notifications(builder: DemoBuilder) -> None:
    """The demo member takes news of their proposals by SMS too, and not other notices by e-mail;
    and is sent the notice of each coming meeting they are invited to (by SMS, through the
    configured backend, once the demo commits)."""
    member = Member.objects.select_related("user").get(pk=builder.demo_member.pk)
    if member.user is None:
        return
    notification_preferences_set(
        user=member.user,
        choices={NotificationKind.PROPOSAL_UPDATE: {"sms": True}, NotificationKind.GENERAL: {"email": False}},
        actor=member.user,
    )
    coming = Activity.objects.filter(
        attendances__member=member,
        attendances__status=Attendance.Status.INVITED,
        date__gte=timezone.localdate(),
    )
    for activity in coming:
        send_meeting_notices(activity=activity, member_ids=[member.pk])


def _rooms(rng, city, counties) -> list[DeliberationRoom]:
    """136 rooms founded by the end of 2024 (a few of them member lounges) and two opened in 2025."""
    rooms = []
    for committee, count in zip([city, *counties], [CITY_ROOMS, *COUNTY_ROOMS], strict=True):
        extra = 1 if committee.code in ("linqing", "gaotang") else 0  # opened in 2025
        for number in range(count + extra):
            lounge = number < (2 if committee == city else 1)
            township = TOWNSHIPS[number % len(TOWNSHIPS)]
            founded = (
                datetime.date(2025, 3, 18)
                if number >= count
                else datetime.date(
                    rng.choice([2021, 2022, 2023, 2023, 2024]), rng.randint(1, 3), rng.randint(1, 28)
                )
            )
            kind = DeliberationRoom.Kind.LOUNGE if lounge else DeliberationRoom.Kind.ROOM
            rooms.append(
                DeliberationRoom(
                    committee=committee,
                    name=committee.short_name
                    + township
                    + ("委员会客厅" if lounge else "“有事多商量”民生议事室"),
                    kind=kind,
                    location=f"{committee.short_name}{township}",
                    address=f"{committee.short_name}{township}便民服务中心",
                    founded_on=founded,
                )
            )
    return DeliberationRoom.objects.bulk_create(rooms)


def _study_rooms(rng, city, counties) -> dict[int, list[StudyRoom]]:
    """42 study rooms and book corners by the end of 2024; one more in 2025."""
    rooms = []
    for committee in [city, *counties]:
        count = CITY_STUDY_ROOMS if committee == city else COUNTY_STUDY_ROOMS
        for number in range(count + (1 if committee == city else 0)):
            corner = number % 3 == 2
            township = TOWNSHIPS[(number * 3) % len(TOWNSHIPS)]
            rooms.append(
                StudyRoom(
                    committee=committee,
                    name=f"{committee.short_name}{township}{'书香政协' if corner else '学而书房'}",
                    kind=StudyRoom.Kind.BOOK_CORNER if corner else StudyRoom.Kind.STUDY_ROOM,
                    location=f"{committee.short_name}{township}",
                    founded_on=datetime.date(2025, 4, 23)
                    if number >= count
                    else datetime.date(rng.choice([2022, 2023, 2024]), rng.randint(1, 3), 23),
                )
            )
    by_committee: dict[int, list[StudyRoom]] = {}
    for room in StudyRoom.objects.bulk_create(rooms):
        if room.founded_on.year <= 2024:
            by_committee.setdefault(room.committee_id, []).append(room)
    return by_committee


# Eight sector groups over eight distinct sectors: (committee code, name, sectors, team size, founded).
SECTOR_GROUPS = [
    (CITY_CODE, "经济界·工商联界别同心汇", ["经济界", "工商联"], 9, datetime.date(2022, 9, 1)),
    (CITY_CODE, "医药卫生界界别同心汇", ["医药卫生界"], 9, datetime.date(2022, 9, 1)),
    (CITY_CODE, "教育界界别同心汇", ["教育界"], 9, datetime.date(2023, 3, 1)),
    (CITY_CODE, "农业界界别同心汇", ["农业界"], 9, datetime.date(2024, 3, 15)),
    (CITY_CODE, "民建·民进界别同心汇", ["民建", "民进"], 9, datetime.date(2023, 3, 1)),
    ("dongchangfu", "东昌府区文艺界界别同心汇", ["文艺界"], 8, datetime.date(2023, 6, 1)),
    ("linqing", "临清市经济界界别同心汇", ["经济界"], 8, datetime.date(2024, 4, 10)),
    ("guanxian", "冠县医药卫生界·农业界界别同心汇", ["医药卫生界", "农业界"], 8, datetime.date(2023, 6, 1)),
]


def _sector_groups(rng, builder: DemoBuilder) -> list[SectorGroup]:
    """8 groups (2 founded in 2024), 3 lead members each (24), 69 team members in all."""
    committees = {c.code: c for c in builder.committees}
    sectors = {(s.committee_id, s.name): s for s in Sector.objects.filter(committee__in=builder.committees)}
    used: set[int] = {builder.demo_member.pk, builder.demo_member2.pk}
    groups = []
    for code, name, sector_names, team_size, founded in SECTOR_GROUPS:
        committee = committees[code]
        group = SectorGroup.objects.create(committee=committee, name=name, founded_on=founded)
        group_sectors = [sectors[(committee.pk, s)] for s in sector_names]
        group.sectors.set(group_sectors)
        sector_ids = {s.pk for s in group_sectors}
        candidates = [
            m for m in builder.members[committee.pk] if m.sector_id in sector_ids and m.pk not in used
        ]
        leads = candidates[:3]
        used.update(m.pk for m in leads)
        group.lead_members.set(leads)
        team, names = [], set()
        for member in candidates[3:5]:  # two members sit on the team too
            team.append(TeamMember(group=group, name=member.name, member=member, workplace=member.workplace))
            names.add(member.name)
            used.add(member.pk)
        while len(team) < team_size:
            person = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            if person not in names:
                names.add(person)
                team.append(
                    TeamMember(
                        group=group,
                        name=person,
                        workplace=f"{committee.short_name}{sector_names[0]}界别群众代表",
                    )
                )
        TeamMember.objects.bulk_create(team)
        groups.append(group)
    return groups


def _publications(rng, city, counties) -> int:
    """42 provincial-or-national articles and 5,290 WeChat posts in 2024; local media and 2025 beside."""
    rows = []

    def post(committee, title, outlet, level, channel, date):
        rows.append(
            Publication(
                committee=committee,
                title=title,
                outlet=outlet,
                level=level,
                channel=channel,
                published_on=date,
                url=f"https://www.lcszx.gov.cn/news/{len(rows) + 1}.html",
            )
        )

    def day(year):
        return datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))

    headlines = [
        "来吧！乘着高铁游聊城",
        "聊城政协：有事多商量 协商解民忧",
        "界别同心汇凝聚发展合力",
        "学而书房书香浓",
    ]
    for number in range(PROVINCIAL_ARTICLES):
        outlet, level, channel = MEDIA_2024[number % len(MEDIA_2024)]
        post(city, f"{headlines[number % len(headlines)]}（{number + 1}）", outlet, level, channel, day(2024))
    for number in range(60):
        outlet, level, channel = LOCAL_MEDIA[number % len(LOCAL_MEDIA)]
        post(city, f"市政协{rng.choice(POST_TOPICS)}", outlet, level, channel, day(2024))
    for committee, count in zip([city, *counties], [CITY_WECHAT_POSTS, *COUNTY_WECHAT_POSTS], strict=True):
        level = Publication.Level.CITY if committee == city else Publication.Level.COUNTY
        account = f"{committee.short_name}政协"
        for number in range(count):
            post(
                committee,
                f"{account}｜{POST_TOPICS[number % len(POST_TOPICS)]}",
                account,
                level,
                Publication.Channel.WECHAT,
                day(2024),
            )
        for number in range(30):
            post(
                committee,
                f"{account}｜{POST_TOPICS[number % len(POST_TOPICS)]}",
                account,
                level,
                Publication.Channel.WECHAT,
                day(2025),
            )
    for number in range(8):
        outlet, level, channel = MEDIA_2024[number % len(MEDIA_2024)]
        post(city, f"聊城政协2025年履职纪实（{number + 1}）", outlet, level, channel, day(2025))
    Publication.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
