"""The benchmark's proposal texts read like real ones: on many topics, with the three parts of a
proposal, 800–3,000 characters, no two alike."""

import random

from cppcc.bench.texts import MAX_LENGTH, MIN_LENGTH, TOPICS, proposal_text


def test_there_are_at_least_fifteen_topics_each_with_its_own_department():
    assert len(TOPICS) >= 15
    assert len({topic.name for topic in TOPICS}) == len(TOPICS)
    assert len({topic.department for topic in TOPICS}) == len(TOPICS)


def test_texts_are_distinct_have_the_three_parts_and_the_lengths_of_real_proposals():
    rng = random.Random(7)
    texts = [proposal_text(rng, TOPICS[i % len(TOPICS)], "聊城市") for i in range(2000)]
    bodies = [body for _title, body in texts]
    assert len(set(bodies)) == len(bodies)
    assert all(MIN_LENGTH <= len(body) <= MAX_LENGTH for body in bodies)
    assert max(map(len, bodies)) > 2000  # the lengths spread over the range, not only its bottom
    assert all(("一、基本情况" in b and "二、存在的问题" in b and "三、对策建议" in b) for b in bodies)
    assert all("{" not in b and "}" not in b for b in bodies)  # every figure filled in
    assert all(title.startswith("关于") and title.endswith("建议") for title, _body in texts)
