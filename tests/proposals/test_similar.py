"""Similar proposals (并案 candidates): a rephrased duplicate ranks first, unrelated ones low —
on SQLite by jieba scoring alone, on PostgreSQL with pg_trgm picking the candidates."""

import pytest
from django.contrib.postgres.lookups import TrigramSimilar
from django.db import connection, transaction
from django.db.models import Value

from proposals import services
from proposals.models import Proposal
from proposals.selectors import TitleCore, similar_candidates, similar_proposals

from .factories import ProposalFactory

pytestmark = pytest.mark.django_db

ELEVATOR = "城区老旧小区普遍没有电梯，老年人上下楼困难。建议加大财政补贴，简化审批流程，推进加装电梯。"


@pytest.fixture
def pool(city_session, member, member_login, category):
    titles = {
        "duplicate": ("关于加快推进城区老旧小区加装电梯的建议", ELEVATOR),
        "tourism": ("关于发展乡村旅游促进农民增收的建议", "依托运河文化资源发展乡村旅游，带动农民增收。"),
        "education": ("关于加强中小学生心理健康教育的建议", "配齐心理健康教师，建立学生心理档案。"),
        "parking": ("关于缓解城区停车难问题的建议", "城区停车位不足，建议建设立体停车场。"),
        "water": ("关于加强徒骇河流域生态治理的建议", "加强河道清淤和岸线绿化，整治排污口。"),
    }
    made = {}
    for key, (title, content) in titles.items():
        proposal = ProposalFactory(
            session=city_session, proposer=member, category=category, title=title, content=content
        )
        made[key] = services.proposal_submit(proposal=proposal, actor=member_login)
    new = ProposalFactory(
        session=city_session,
        proposer=member,
        category=category,
        title="关于加快推进城区老旧小区加装电梯工作的建议",
        content="老旧小区加装电梯是民生实事，建议政府给予补贴并简化审批。",
    )
    made["new"] = services.proposal_submit(proposal=new, actor=member_login)
    return made


def test_rephrased_duplicate_ranks_first(pool):
    ranked = similar_proposals(pool["new"], limit=5)
    assert ranked[0]["id"] == pool["duplicate"].pk
    assert ranked[0]["score"] > 0.8
    assert all(item["score"] < 0.3 for item in ranked[1:])


@pytest.mark.postgres
def test_postgres_narrows_candidates_with_trigrams(pool):
    assert connection.vendor == "postgresql"
    ranked = similar_proposals(pool["new"], limit=5)
    assert [item["id"] for item in ranked][:1] == [pool["duplicate"].pk]
    assert pool["tourism"].pk not in [item["id"] for item in ranked]


def test_similar_endpoint(api, pool, city_clerk):
    response = api.as_user(city_clerk).get(f"/api/proposals/{pool['new'].pk}/similar/", {"limit": 2})
    assert response.status_code == 200
    body = response.json()
    assert len(body) <= 2
    assert body[0] == {
        "id": pool["duplicate"].pk,
        "title": "关于加快推进城区老旧小区加装电梯的建议",
        "state": "submitted",
        "score": body[0]["score"],
    }


def test_drafts_and_withdrawn_are_not_candidates(pool, member_login):
    services.proposal_withdraw(proposal=pool["duplicate"], actor=member_login)
    assert pool["duplicate"].pk not in [item["id"] for item in similar_proposals(pool["new"])]


@pytest.mark.postgres
def test_titles_sharing_only_boilerplate_are_not_candidates(city_session, member, member_login, category):
    """关于进一步加强…工作的建议 is most of a short title's trigrams: the titles are compared without it."""

    def submitted(title, content):
        proposal = ProposalFactory(
            session=city_session, proposer=member, category=category, title=title, content=content
        )
        return services.proposal_submit(proposal=proposal, actor=member_login)

    same_subject = submitted("关于加强城区停车管理的建议", "城区停车位缺口大，建议建设立体停车场。")
    boilerplate_twin = submitted("关于进一步加强课后服务工作的建议", "中小学课后服务内容单一。")
    new = submitted("关于进一步加强城区停车管理工作的建议", "老城区停车难，建议挖潜增加停车泊位。")
    candidates = {proposal.pk for proposal in similar_candidates(new)}
    assert same_subject.pk in candidates
    assert boilerplate_twin.pk not in candidates


@pytest.mark.postgres
def test_title_cores_are_read_from_their_trigram_index(pool):
    """The migration's index expression is ``TitleCore``'s: the planner finds the index."""
    like = Proposal.objects.filter(TrigramSimilar(TitleCore("title"), TitleCore(Value(pool["new"].title))))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = like.order_by().values("pk").explain()
    assert "proposal_title_core_trgm" in plan
