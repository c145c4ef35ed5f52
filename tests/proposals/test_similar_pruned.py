"""The most similar proposals, found by segmenting only the contents that can still rank, are
exactly those (and the scores) of scoring every candidate."""

import random

import pytest

from cppcc.bench.texts import TOPICS, proposal_text
from proposals.models import Proposal
from proposals.selectors import most_similar, similarity


def ranked_by_scoring_all(proposal, candidates, limit):
    scored = [(similarity(proposal, other), other) for other in candidates]
    scored.sort(key=lambda pair: (-pair[0], pair[1].pk))
    return scored[:limit]


@pytest.mark.parametrize("limit", [1, 5, 50])
def test_pruning_keeps_the_answers_of_scoring_every_candidate(limit):
    rng = random.Random(limit)
    proposals = []
    for pk in range(1, 151):
        title, content = proposal_text(rng, TOPICS[pk % 4], "聊城市")
        proposals.append(Proposal(pk=pk, title=title, content=content))
    proposals.append(Proposal(pk=151, title=proposals[0].title, content=proposals[0].content))  # a tie
    for proposal in proposals[:10]:
        others = [p for p in proposals if p is not proposal]
        assert most_similar(proposal, others, limit) == ranked_by_scoring_all(proposal, others, limit)


def test_no_candidates_no_answers():
    assert most_similar(Proposal(pk=1, title="关于养老的建议", content="养老"), [], 5) == []
