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
from .validators import id_number_check_character

DEMO_PASSWORD = "cppcc-demo"
CITY_CODE = "liaocheng"

# The committees' administrative division codes (GB/T 2260), the first six digits of an ID number.
AREA_CODES = {
    CITY_CODE: "371500",
    "dongchangfu": "371502",
    "chiping": "371503",
    "linqing": "371581",
    "yanggu": "371521",
    "shenxian": "371522",
    "dong-e": "371524",
    "guanxian": "371525",
    "gaotang": "371526",
}

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
# Each unit with its duties (职责), as the government's published list of its responsibilities.
CITY_UNITS = {
    "市发展改革委": "负责全市国民经济和社会发展规划、重大项目建设、价格管理、营商环境和区域协调发展。",
    "市教育局": "负责学前教育、义务教育、职业教育、中小学校布局、教师队伍建设、课后服务和学生资助。",
    "市科技局": "负责科技创新体系建设、科技成果转化、高新技术企业培育、科技人才引进和产学研合作。",
    "市工业和信息化局": "负责工业经济运行、制造业转型升级、中小企业发展、工业园区、数字经济和信息化建设。",
    "市公安局": "负责社会治安、交通安全管理、道路交通秩序、户籍管理、网络安全和电信网络诈骗防范。",
    "市民政局": "负责养老服务体系建设、社会救助、城乡社区治理、社会组织管理、殡葬管理和儿童福利。",
    "市司法局": "负责法治政府建设、公共法律服务、人民调解、普法宣传、社区矫正和法律援助。",
    "市财政局": "负责财政预算、财政补贴资金管理、政府债务、政府采购和财政资金绩效评价。",
    "市人力资源社会保障局": "负责就业创业、职业技能培训、社会保险、人才引进、劳动关系和农民工工资保障。",
    "市自然资源和规划局": "负责国土空间规划、土地利用、耕地保护、不动产登记、城市规划和矿产资源管理。",
    "市生态环境局": "负责大气污染防治、水污染防治、土壤污染防治、生态环境监测和环境执法。",
    "市住房城乡建设局": "负责住房保障、房地产市场、老旧小区改造、加装电梯、物业管理、城市更新和建筑业管理。",
    "市城市管理局": "负责市容环境卫生、垃圾分类、城市照明、园林绿化、停车设施和占道经营管理。",
    "市交通运输局": "负责公路建设、公共交通、城乡客运、物流运输、农村公路和交通运输安全。",
    "市水利局": "负责水资源管理、河湖管理、防汛抗旱、农田水利、水土保持和饮水安全。",
    "市农业农村局": "负责乡村振兴、粮食生产、农业产业化、高标准农田、农村人居环境和农民增收。",
    "市商务局": "负责商贸流通、消费促进、招商引资、对外贸易、电子商务和县域商业体系建设。",
    "市文化和旅游局": "负责文化事业、文物保护、运河文化、旅游景区、乡村旅游、非物质文化遗产和公共文化服务。",
    "市卫生健康委": "负责医疗卫生服务、公立医院改革、基层医疗、疾病预防控制、妇幼健康和医养结合。",
    "市退役军人事务局": "负责退役军人安置、就业创业、优抚褒扬、权益维护和烈士纪念设施管理。",
    "市应急管理局": "负责安全生产、应急救援、防灾减灾、消防工作和危险化学品安全监管。",
    "市审计局": "负责财政收支审计、重大项目审计、经济责任审计和审计整改。",
    "市国资委": "负责国有资产监管、国有企业改革、国有资本运营和市属企业发展。",
    "市市场监管局": "负责市场主体登记、食品安全、药品安全、产品质量、价格监督、知识产权和消费者权益保护。",
    "市体育局": "负责全民健身、体育设施建设、竞技体育、青少年体育和体育产业。",
    "市统计局": "负责统计调查、统计数据质量、经济普查和统计监督。",
    "市医保局": "负责医疗保障、医保基金监管、医保支付、药品集中采购和长期护理保险。",
    "市林业局": "负责国土绿化、森林资源保护、湿地保护、林业产业和古树名木保护。",
    "市行政审批服务局": "负责行政审批制度改革、政务服务、一网通办、工程建设项目审批和营商环境优化。",
    "市大数据局": "负责数字政府建设、政务数据共享、智慧城市、电子政务和数据资源管理。",
    "市地方金融监管局": "负责地方金融监管、金融服务实体经济、普惠金融、企业融资和防范金融风险。",
    "市信访局": "负责信访接待、矛盾纠纷化解、信访事项办理和群众诉求回应。",
    "市供销社": "负责农村商品流通、农业社会化服务、农资供应和农产品销售。",
    "市总工会": "负责职工权益维护、劳模工匠培养、职工服务和新就业形态劳动者保障。",
    "团市委": "负责青少年工作、青年就业创业、志愿服务和青少年权益保护。",
    "市妇联": "负责妇女儿童权益保护、家庭教育、妇女创业就业和托育服务。",
    "市残联": "负责残疾人康复、残疾人就业、无障碍环境建设和残疾人权益保障。",
    "市中级人民法院": "负责审判执行、诉源治理、多元解纷和司法服务保障营商环境。",
    "市人民检察院": "负责检察监督、公益诉讼、未成年人检察和刑事检察。",
    "国网聊城供电公司": "负责电网建设运行、供电服务、农村电网改造、新能源并网和充电设施建设。",
}
# The units of a county committee (named after the county) with their duties.
COUNTY_UNITS = {
    "发展和改革局": "负责本区县经济社会发展规划、重大项目、价格管理和营商环境。",
    "教育和体育局": "负责本区县学前教育、义务教育、中小学校布局、教师队伍、课后服务和全民健身。",
    "公安局": "负责本区县社会治安、道路交通安全和户籍管理。",
    "民政局": "负责本区县养老服务、社会救助、城乡社区治理和儿童福利。",
    "财政局": "负责本区县财政预算、财政补贴资金和政府采购。",
    "人力资源和社会保障局": "负责本区县就业创业、职业技能培训、社会保险和农民工工资保障。",
    "自然资源局": "负责本区县国土空间规划、土地利用、耕地保护和不动产登记。",
    "住房和城乡建设局": "负责本区县住房保障、老旧小区改造、加装电梯、物业管理和城乡建设。",
    "交通运输局": "负责本区县公路建设、农村公路、公共交通和城乡客运。",
    "水利局": "负责本区县水资源、河湖管理、防汛抗旱和农村饮水安全。",
    "农业农村局": "负责本区县乡村振兴、粮食生产、农业产业化和农村人居环境。",
    "商务局": "负责本区县商贸流通、消费促进、招商引资和电子商务。",
    "文化和旅游局": "负责本区县文化事业、文物保护、旅游景区和乡村旅游。",
    "卫生健康局": "负责本区县医疗卫生、基层医疗、疾病预防控制和医养结合。",
    "市场监督管理局": "负责本区县市场主体登记、食品药品安全、产品质量和消费者权益保护。",
}

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


def _demo_id_number(rng: random.Random, area: str, gender: str) -> str:
    """A well-formed ID number: the area, a birth date of 1960–1985, a sequence whose last digit is
    odd for a man and even for a woman, and the check character."""
    born = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(26 * 365))
    sequence = rng.randrange(500) * 2 + (gender == Member.Gender.MALE)
    first = f"{area}{born:%Y%m%d}{sequence:03d}"
    return first + id_number_check_character(first)


def _build_members(rng, built: Built, parties, size: int) -> None:
    committee = built.committee
    # Drawn apart from ``rng``, so that everything the demo draws after the members stays the same.
    identities = random.Random(f"identities-{committee.code}")
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
        gender = Member.Gender.FEMALE if rng.random() < 0.32 else Member.Gender.MALE
        members.append(
            Member(
                committee=committee,
                term=built.term,
                name=name,
                gender=gender,
                sector=built.sectors[sector_name],
                party=parties[party_name],
                position=position,
                is_standing_committee=position != Member.Position.MEMBER,
                workplace=workplace,
                phone=f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
                address=f"{committee.short_name}{rng.choice(STREETS)}{rng.randint(1, 300)}号",
                id_number=_demo_id_number(identities, AREA_CODES[committee.code], gender),
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
        units = CITY_UNITS
    else:
        units = {committee.short_name + name: duties for name, duties in COUNTY_UNITS.items()}
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
                duties=duties,
                assessment_order=order,  # the assessment table lists the units as the list does
            )
            for order, (name, duties) in enumerate(units.items(), start=1)
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
