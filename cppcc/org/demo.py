"""Demo organisation: 聊城市政协 and its eight county-level committees, the 14th term and its
sessions, sectors, special committees, parties, members, handling units and the demo accounts.

Names, positions and workplaces are generated from a fixed seed, so every run builds the same data.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction

from .models import (
    Committee,
    HandlingUnit,
    Member,
    Party,
    Role,
    RoleAssignment,
    Sector,
    Session,
    SpecialCommittee,
    Term,
    User,
)

DEMO_PASSWORD = "cppcc-demo"
CITY_CODE = "liaocheng"

COUNTIES = [
    # code, name, short name, term number, members
    ("dongchangfu", "东昌府区政协", "东昌府区", 10, 230),
    ("chiping", "茌平区政协", "茌平区", 4, 170),
    ("linqing", "临清市政协", "临清市", 11, 200),
    ("yanggu", "阳谷县政协", "阳谷县", 11, 190),
    ("shenxian", "莘县政协", "莘县", 11, 200),
    ("dong-e", "东阿县政协", "东阿县", 11, 160),
    ("guanxian", "冠县政协", "冠县", 11, 180),
    ("gaotang", "高唐县政协", "高唐县", 11, 170),
]
CITY_MEMBERS = 400

SECTORS = [
    "中共",
    "民革",
    "民盟",
    "民建",
    "民进",
    "农工党",
    "致公党",
    "九三学社",
    "无党派人士",
    "共青团",
    "工会",
    "妇联",
    "青联",
    "工商联",
    "科协",
    "台联",
    "侨联",
    "文艺界",
    "科技界",
    "社科界",
    "经济界",
    "农业界",
    "教育界",
    "体育界",
    "新闻出版界",
    "医药卫生界",
    "社会福利和社会保障界",
    "少数民族界",
    "宗教界",
    "特邀人士",
]
COUNTY_SECTORS = [
    "中共",
    "民革",
    "民盟",
    "民建",
    "民进",
    "农工党",
    "九三学社",
    "无党派人士",
    "共青团",
    "工会",
    "妇联",
    "工商联",
    "科协",
    "文艺界",
    "科技界",
    "经济界",
    "农业界",
    "教育界",
    "医药卫生界",
    "特邀人士",
]
SPECIAL_COMMITTEES = [
    "提案委员会",
    "经济委员会",
    "农业和农村委员会",
    "人口资源环境委员会",
    "教科卫体委员会",
    "社会和法制委员会",
    "民族宗教委员会",
    "港澳台侨和外事委员会",
    "文化文史和学习委员会",
]
COUNTY_SPECIAL_COMMITTEES = [
    "提案委员会",
    "经济委员会",
    "农业和农村委员会",
    "社会和法制委员会",
    "文化文史和学习委员会",
]
PARTIES = [
    "中国共产党",
    "中国国民党革命委员会",
    "中国民主同盟",
    "中国民主建国会",
    "中国民主促进会",
    "中国农工民主党",
    "中国致公党",
    "九三学社",
    "台湾民主自治同盟",
    "无党派人士",
]
SECTOR_PARTY = {
    "中共": "中国共产党",
    "民革": "中国国民党革命委员会",
    "民盟": "中国民主同盟",
    "民建": "中国民主建国会",
    "民进": "中国民主促进会",
    "农工党": "中国农工民主党",
    "致公党": "中国致公党",
    "九三学社": "九三学社",
    "台联": "台湾民主自治同盟",
    "无党派人士": "无党派人士",
}
CITY_UNITS = [
    "市发展改革委",
    "市教育局",
    "市科技局",
    "市工业和信息化局",
    "市公安局",
    "市民政局",
    "市司法局",
    "市财政局",
    "市人力资源社会保障局",
    "市自然资源和规划局",
    "市生态环境局",
    "市住房城乡建设局",
    "市城市管理局",
    "市交通运输局",
    "市水利局",
    "市农业农村局",
    "市商务局",
    "市文化和旅游局",
    "市卫生健康委",
    "市退役军人事务局",
    "市应急管理局",
    "市审计局",
    "市国资委",
    "市市场监管局",
    "市体育局",
    "市统计局",
    "市医保局",
    "市林业局",
    "市行政审批服务局",
    "市大数据局",
    "市地方金融监管局",
    "市信访局",
    "市供销社",
    "市总工会",
    "团市委",
    "市妇联",
    "市残联",
    "市中级人民法院",
    "市人民检察院",
    "国网聊城供电公司",
]
COUNTY_UNITS = [
    "发展和改革局",
    "教育和体育局",
    "公安局",
    "民政局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康局",
    "市场监督管理局",
]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚"
    "卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤"
)
GIVEN = (
    "建国明华伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛超明霞平刚桂英玉兰志强海燕红梅文斌立新晓东振宇国庆春雷"
    "雪梅金凤宏伟建军永刚丽娟慧敏德胜晨阳思远佳怡子涵浩然雨欣博文嘉怡俊杰欣怡梓轩铭泽书瑶家豪宇航安琪"
)
WORKPLACES = [
    "{short}人民医院 主任医师",
    "{short}第一中学 校长",
    "聊城大学 教授",
    "{short}农业农村局 副局长",
    "山东{brand}集团有限公司 董事长",
    "{short}{brand}实业有限公司 总经理",
    "{short}律师事务所 主任",
    "{short}中医医院 副院长",
    "{short}实验小学 高级教师",
    "{short}供销合作社 主任",
    "聊城职业技术学院 副教授",
    "{short}{brand}农业专业合作社 理事长",
    "{short}文化馆 馆长",
    "{short}融媒体中心 主任记者",
    "{short}{brand}科技股份有限公司 总工程师",
    "{short}妇幼保健院 主任医师",
    "{short}税务局 副局长",
    "{short}工商业联合会 副主席",
    "{short}{brand}物流有限公司 总经理",
    "{short}社会福利院 院长",
]
STREETS = ["东昌路", "柳园路", "花园路", "建设路", "兴华路", "振兴路", "光岳路"]
BRANDS = [
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
    "阿胶",
    "鲁光",
    "光岳",
    "水城",
]

DEMO_ACCOUNTS = [
    # username, display name, role, where
    ("secretariat", "赵文静", Role.SECRETARIAT, CITY_CODE),
    ("leader", "孙国华", Role.LEADER, CITY_CODE),
    ("member", "李明远", Role.MEMBER, CITY_CODE),
    ("member2", "王晓梅", Role.MEMBER, CITY_CODE),
    ("unit", "陈立新", Role.HANDLING_UNIT, CITY_CODE),
    ("county", "刘春雷", Role.SECRETARIAT, "dongchangfu"),
]
DEMO_UNIT = "市住房城乡建设局"

CHINESE_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 14 → 十四, 21 → 二十一 (enough for terms and sessions)."""
    tens, ones = divmod(n, 10)
    text = "" if tens == 0 else ("十" if tens == 1 else CHINESE_DIGITS[tens] + "十")
    return text + (CHINESE_DIGITS[ones] if ones else "") or "〇"


@dataclass
class Built:
    committee: Committee
    term: Term
    sectors: dict[str, Sector]
    special_committees: list[SpecialCommittee]


def seed(stdout=None) -> bool:
    """Build the demo organisation; returns False when it is already there."""
    if Committee.objects.filter(code=CITY_CODE).exists():
        return False
    with transaction.atomic():
        rng = random.Random(2024)
        parties = {name: Party.objects.create(name=name, order=i) for i, name in enumerate(PARTIES, start=1)}
        city = Committee.objects.create(
            code=CITY_CODE, name="聊城市政协", short_name="聊城市", level=Committee.Level.CITY
        )
        built = [_build_committee(city, 14, SECTORS, SPECIAL_COMMITTEES, opening_day=8)]
        for code, name, short, term_number, _members in COUNTIES:
            county = Committee.objects.create(
                code=code, name=name, short_name=short, level=Committee.Level.COUNTY, parent=city
            )
            built.append(
                _build_committee(
                    county, term_number, COUNTY_SECTORS, COUNTY_SPECIAL_COMMITTEES, opening_day=5
                )
            )
        sizes = [CITY_MEMBERS] + [size for *_rest, size in COUNTIES]
        for item, size in zip(built, sizes, strict=True):
            _build_members(rng, item, parties, size)
            _build_units(item.committee)
        _build_accounts()
    if stdout:
        stdout.write(
            f"  organisation: {Committee.objects.count()} committees, {Member.objects.count()} members, "
            f"{HandlingUnit.objects.count()} handling units"
        )
    return True


def _build_committee(committee, term_number, sectors, special_committees, *, opening_day: int) -> Built:
    """The term of 2022–2027 with its sessions opening each January, sectors and special committees."""
    term = Term.objects.create(
        committee=committee,
        number=term_number,
        name=f"第{chinese_number(term_number)}届",
        start_year=2022,
        end_year=2027,
    )
    for number, year in enumerate(range(2022, 2026), start=1):
        Session.objects.create(
            committee=committee,
            term=term,
            number=number,
            name=f"{chinese_number(term_number)}届{chinese_number(number)}次会议",
            opened_on=datetime.date(year, 1, opening_day),
        )
    sector_objs = Sector.objects.bulk_create(
        [Sector(committee=committee, name=name, order=i) for i, name in enumerate(sectors, start=1)]
    )
    special = SpecialCommittee.objects.bulk_create(
        [
            SpecialCommittee(committee=committee, name=name, order=i)
            for i, name in enumerate(special_committees, start=1)
        ]
    )
    return Built(committee, term, {s.name: s for s in sector_objs}, special)


def _unique_names(rng: random.Random, count: int, reserved: set[str]) -> list[str]:
    names: list[str] = []
    seen = set(reserved)
    while len(names) < count:
        given = rng.choice(GIVEN) if rng.random() < 0.35 else rng.choice(GIVEN) + rng.choice(GIVEN)
        name = rng.choice(SURNAMES) + given
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def _build_members(rng, built: Built, parties, size: int) -> None:
    committee = built.committee
    reserved = {
        name for _u, name, role, where in DEMO_ACCOUNTS if role == Role.MEMBER and where == committee.code
    }
    names = _unique_names(rng, size, reserved)
    if reserved:  # the demo members are ordinary members of the city committee
        names[10 : 10 + len(reserved)] = sorted(reserved, key=[a[1] for a in DEMO_ACCOUNTS].index)
    positions = (
        [Member.Position.CHAIR]
        + [Member.Position.VICE_CHAIR] * (7 if committee.level == Committee.Level.CITY else 5)
        + [Member.Position.SECRETARY_GENERAL]
    )
    standing = size // 8
    sector_names = list(built.sectors)
    members = []
    for i, name in enumerate(names):
        if name in reserved:
            position = Member.Position.MEMBER
        elif i < len(positions):
            position = positions[i]
        elif i < len(positions) + standing:
            position = Member.Position.STANDING
        else:
            position = Member.Position.MEMBER
        sector_name = sector_names[i % len(sector_names)]
        party_name = SECTOR_PARTY.get(sector_name) or ("中国共产党" if rng.random() < 0.55 else "无党派人士")
        workplace = rng.choice(WORKPLACES).format(short=committee.short_name, brand=rng.choice(BRANDS))
        members.append(
            Member(
                committee=committee,
                term=built.term,
                name=name,
                gender=Member.Gender.FEMALE if rng.random() < 0.32 else Member.Gender.MALE,
                sector=built.sectors[sector_name],
                party=parties[party_name],
                position=position,
                is_standing_committee=position != Member.Position.MEMBER,
                workplace=workplace,
                phone=f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
                address=f"{committee.short_name}{rng.choice(STREETS)}{rng.randint(1, 300)}号",
            )
        )
    members = Member.objects.bulk_create(members)
    through = Member.special_committees.through
    links = []
    for member in members:
        for special in rng.sample(built.special_committees, k=1 if rng.random() < 0.8 else 2):
            links.append(through(member_id=member.pk, specialcommittee_id=special.pk))
    through.objects.bulk_create(links)


def _build_units(committee: Committee) -> None:
    if committee.level == Committee.Level.CITY:
        names = CITY_UNITS
    else:
        names = [committee.short_name + name for name in COUNTY_UNITS]
    kinds = {
        "市中级人民法院": HandlingUnit.Kind.JUDICIAL,
        "市人民检察院": HandlingUnit.Kind.JUDICIAL,
        "市总工会": HandlingUnit.Kind.PEOPLE_ORGANISATION,
        "团市委": HandlingUnit.Kind.PEOPLE_ORGANISATION,
        "市妇联": HandlingUnit.Kind.PEOPLE_ORGANISATION,
        "市残联": HandlingUnit.Kind.PEOPLE_ORGANISATION,
        "国网聊城供电公司": HandlingUnit.Kind.OTHER,
    }
    HandlingUnit.objects.bulk_create(
        [
            HandlingUnit(
                committee=committee,
                name=name,
                kind=kinds.get(name, HandlingUnit.Kind.GOVERNMENT),
                assessment_order=order,  # the assessment table lists the units as the list does
            )
            for order, name in enumerate(names, start=1)
        ]
    )


def _build_accounts() -> None:
    for username, name, role, where in DEMO_ACCOUNTS:
        committee = Committee.objects.get(code=where)
        user = User.objects.create_user(
            username=username, password=DEMO_PASSWORD, name=name, is_staff=role == Role.SECRETARIAT
        )
        unit = (
            HandlingUnit.objects.get(committee=committee, name=DEMO_UNIT)
            if role == Role.HANDLING_UNIT
            else None
        )
        RoleAssignment.objects.create(user=user, committee=committee, role=role, handling_unit=unit)
        if role == Role.MEMBER:
            Member.objects.filter(committee=committee, name=name).update(user=user)
