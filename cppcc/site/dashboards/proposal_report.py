"""The annual proposal work report (年度提案工作情况报告) of a committee and every committee below
it: the figures such a report states, each counted from records in a fixed number of queries
(``figures``), and the Word document in the style of the reports committees publish, its prose
generated from those figures (``document``). The README defines every figure."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _
from docx.shared import Pt

from cppcc.core.downloads import (
    HEADING_FONT,
    TEXT_FONT,
    TITLE_FONT,
    add_paragraph,
    download_response,
    file_bytes,
    official_document,
)
from cppcc.org.models import Committee
from cppcc.org.roles import in_committees
from proposals.models import (
    REGISTERED_STATES,
    Feedback,
    Kind,
    Proposal,
    Reply,
    ReplyCategory,
    Satisfaction,
    State,
)
from proposals.selectors import final_ratings, final_replies

from . import selectors
from .scope import Scope

HANDLED_STATES = (State.REPLIED, State.CLOSED)
NUMERALS = "一二三四五六七八九十"


def rate(part: int, whole: int) -> float:
    """``part`` as a percentage of ``whole``, to one decimal (0 when there is no whole)."""
    if not whole:
        return 0.0
    return float((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _sponsors(registered) -> dict[str, list[dict]]:
    """The collective proposals by party, sector and special committee, each sponsor named with
    its count, most first. One query."""
    rows = (
        registered.filter(kind__in=[Kind.PARTY, Kind.SECTOR, Kind.SPECIAL_COMMITTEE])
        .values("kind", "sponsor_party__name", "sponsor_sector__name", "sponsor_special_committee__name")
        .annotate(count=Count("id"))
        .order_by()
    )
    named = {Kind.PARTY: [], Kind.SECTOR: [], Kind.SPECIAL_COMMITTEE: []}
    for row in rows:
        name = (
            row["sponsor_party__name"]
            or row["sponsor_sector__name"]
            or row["sponsor_special_committee__name"]
        )
        named[row["kind"]].append({"name": name, "count": row["count"]})
    return {
        str(kind): sorted(items, key=lambda item: (-item["count"], item["name"]))
        for kind, items in named.items()
    }


def figures(scope: Scope) -> dict:
    """The report's figures over the scope's committees and year. Nine queries."""
    committees = in_committees(scope.committee_ids)
    received = Proposal.objects.filter(committees, submitted_at__year=scope.year).aggregate(
        received=Count("id"),
        not_registered=Count("id", filter=Q(state=State.NOT_REGISTERED)),
        merged=Count("id", filter=Q(state=State.MERGED)),
        withdrawn=Count("id", filter=Q(state=State.WITHDRAWN)),
        registered_of_received=Count("id", filter=Q(state__in=REGISTERED_STATES)),
    )
    registered = scope.registered
    counts = registered.aggregate(
        registered=Count("id"),
        individual=Count("id", filter=Q(kind=Kind.INDIVIDUAL)),
        joint=Count("id", filter=Q(kind=Kind.JOINT)),
        party=Count("id", filter=Q(kind=Kind.PARTY)),
        sector=Count("id", filter=Q(kind=Kind.SECTOR)),
        special_committee=Count("id", filter=Q(kind=Kind.SPECIAL_COMMITTEE)),
        during_plenary=Count("id", filter=Q(during_plenary=True)),
        handled=Count("id", filter=Q(state__in=HANDLED_STATES)),
        excellent=Count("id", filter=Q(is_excellent=True)),
    )
    sponsors = _sponsors(registered)
    categories = [
        {
            "name": row["category__name"],
            "count": row["count"],
            "share": rate(row["count"], counts["registered"]),
        }
        for row in registered.values("category__name", "category__order")
        .annotate(count=Count("id"))
        .order_by("-count", "category__order", "category__name")
    ]
    key = [
        {
            "id": proposal.pk,
            "code": proposal.code,
            "title": proposal.title,
            "supervisors": [member.name for member in proposal.supervisors.all()],
            "units": [assignment.unit.name for assignment in proposal.assignments.all()],
        }
        for proposal in selectors.key_proposals(scope)
    ]
    assignments = scope.assignments.aggregate(
        owed=Count("id"),
        replied=Count("id", filter=Q(replied_at__isnull=False)),
        on_time=Count("id", filter=Q(replied_at__date__lte=F("due_on"))),
    )
    replies = dict(
        final_replies(scope.on_registered(Reply))
        .values("category")
        .annotate(count=Count("id"))
        .order_by()
        .values_list("category", "count")
    )
    ratings = {
        row["satisfaction"]: row
        for row in final_ratings(scope.on_registered(Feedback))
        .values("satisfaction")
        .annotate(count=Count("id"))
        .order_by()
    }
    rehandled = (
        scope.on_registered(Feedback)
        .filter(satisfaction=Satisfaction.UNSATISFIED)
        .aggregate(n=Count("proposal", distinct=True))["n"]
    )
    replied_total = sum(replies.values())
    rated = {code: ratings.get(code, {}).get("count", 0) for code in Satisfaction.values}
    rated_total = sum(rated.values())
    collective = counts["party"] + counts["sector"] + counts["special_committee"]
    return {
        "year": scope.year,
        "committee": scope.committee.pk,
        "committee_name": scope.committee.name,
        "received": received["received"],
        "registered": counts["registered"],
        "registration_rate": rate(received["registered_of_received"], received["received"]),
        "not_registered": received["not_registered"],
        "merged": received["merged"],
        "withdrawn": received["withdrawn"],
        "during_plenary": counts["during_plenary"],
        "between_sessions": counts["registered"] - counts["during_plenary"],
        "by_source": {
            "individual": counts["individual"],
            "joint": counts["joint"],
            "collective": collective,
            "party": {"count": counts["party"], "sponsors": sponsors[Kind.PARTY]},
            "sector": {"count": counts["sector"], "sponsors": sponsors[Kind.SECTOR]},
            "special_committee": {
                "count": counts["special_committee"],
                "sponsors": sponsors[Kind.SPECIAL_COMMITTEE],
            },
        },
        "by_category": categories,
        "key_proposals": key,
        "handled": counts["handled"],
        "handled_rate": rate(counts["handled"], counts["registered"]),
        "replies_owed": assignments["owed"],
        "replies_made": assignments["replied"],
        "replied_on_time": assignments["on_time"],
        "on_time_rate": rate(assignments["on_time"], assignments["owed"]),
        "reply_categories": {
            code: {"count": replies.get(code, 0), "share": rate(replies.get(code, 0), replied_total)}
            for code in ReplyCategory.values
        },
        "satisfaction": {
            **rated,
            "rated": rated_total,
            "satisfaction_rate": rate(
                rated[Satisfaction.SATISFIED] + rated[Satisfaction.BASICALLY_SATISFIED], rated_total
            ),
        },
        "rehandled": rehandled,
        "excellent": counts["excellent"],
    }


def tiles(data: dict) -> list[tuple[str, str]]:
    """The headline figures of the report's page."""
    rating = data["satisfaction"]
    return [
        (_("Proposals received"), data["received"]),
        (_("Proposals registered"), data["registered"]),
        (_("Registration rate"), f"{data['registration_rate']}%"),
        (_("Key proposals"), len(data["key_proposals"])),
        (_("Handled"), data["handled"]),
        (_("Replied on time"), f"{data['on_time_rate']}%"),
        (_("Satisfaction rate"), f"{rating['satisfaction_rate']}%"),
        (_("Rehandled"), data["rehandled"]),
        (_("Excellent proposals"), data["excellent"]),
    ]


def title(committee: Committee, year: int) -> str:
    return f"{committee.name}{year}年度提案工作情况报告"


def _named(items: list[dict]) -> str:
    return "、".join(f"{item['name']}{item['count']}件" for item in items)


def sections(data: dict) -> list[tuple[str, list[str]]]:
    """The report's sections, each a heading numbered 一、二、三… and its paragraphs of prose from
    the figures."""
    source = data["by_source"]
    collective = [
        f"{label}{source[kind]['count']}件（{_named(source[kind]['sponsors'])}）"
        for kind, label in (("party", "党派"), ("sector", "界别"), ("special_committee", "专门委员会"))
        if source[kind]["count"]
    ]
    filing = (
        f"{data['year']}年，{data['committee_name']}共收到提案{data['received']}件，经审查立案"
        f"{data['registered']}件，立案率{data['registration_rate']}%。立案提案中，委员个人提案"
        f"{source['individual']}件，委员联名提案{source['joint']}件，集体提案{source['collective']}件"
        + (f"，其中{'，'.join(collective)}" if collective else "")
        + f"；大会期间提出{data['during_plenary']}件，闭会期间提出{data['between_sessions']}件。"
        f"另有{data['merged']}件并案处理，{data['not_registered']}件不予立案。"
    )
    categories = "；".join(
        f"{row['name']}类{row['count']}件，占{row['share']}%" for row in data["by_category"]
    )
    key = [
        f"《{item['title']}》（{item['code']}），督办领导：{'、'.join(item['supervisors']) or '—'}；"
        f"承办单位：{'、'.join(item['units']) or '—'}。"
        for item in data["key_proposals"]
    ]
    shares = data["reply_categories"]
    handling = (
        f"立案提案已办复{data['handled']}件，办复率{data['handled_rate']}%。承办单位应答复"
        f"{data['replies_owed']}件次，已答复{data['replies_made']}件次，按期答复{data['replied_on_time']}件次，"
        f"按期答复率{data['on_time_rate']}%。答复中，A类（已解决或采纳）{shares['A']['count']}件，占"
        f"{shares['A']['share']}%；B类（列入计划拟解决）{shares['B']['count']}件，占{shares['B']['share']}%；"
        f"C类（留作参考）{shares['C']['count']}件，占{shares['C']['share']}%。"
    )
    rating = data["satisfaction"]
    feedback = (
        f"提案者对办理答复作出评价{rating['rated']}件，其中满意{rating['satisfied']}件，基本满意"
        f"{rating['basically_satisfied']}件，不满意{rating['unsatisfied']}件，满意率{rating['satisfaction_rate']}%。"
        f"对不满意的{data['rehandled']}件提案，已交承办单位再次办理。"
    )
    parts = [
        ("提案提交和立案情况", [filing]),
        ("立案提案内容分布", [f"按内容分，{categories}。" if categories else "本年度无立案提案。"]),
        (
            "重点提案督办情况",
            [f"全年确定重点提案{len(key)}件，由主席会议成员领衔督办："] + key
            if key
            else ["本年度未确定重点提案。"],
        ),
        ("提案办理情况", [handling]),
        ("提案者评价和再办理情况", [feedback]),
        ("优秀提案评选情况", [f"经评选，{data['excellent']}件提案被评为优秀提案。"]),
    ]
    return [
        (f"{NUMERALS[number]}、{heading}", paragraphs) for number, (heading, paragraphs) in enumerate(parts)
    ]


def document(data: dict, committee: Committee) -> bytes:
    """The report as a Word document in the layout of official documents: the title in 小标宋, the
    sections numbered 一、二、三… in 黑体, the prose in 仿宋."""
    doc = official_document()
    add_paragraph(doc, f"{committee.name}", size=22, font=TITLE_FONT, center=True)
    add_paragraph(doc, f"关于{data['year']}年度提案工作情况的报告", size=22, font=TITLE_FONT, center=True)
    for heading, paragraphs in sections(data):
        add_paragraph(doc, heading, size=16, font=HEADING_FONT)
        for text in paragraphs:
            add_paragraph(doc, text, size=16, font=TEXT_FONT).paragraph_format.first_line_indent = Pt(32)
    return file_bytes(doc)


def document_response(data: dict, committee: Committee):
    return download_response(document(data, committee), f"{title(committee, data['year'])}.docx")
