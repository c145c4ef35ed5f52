"""Run by the fault suite in the server's environment (``manage.py shell``): a city, a session,
a member who signs in with a password, and a draft of theirs to attach files to; the city's
secretariat (a password too) and proposals submitted for it to register."""

from cppcc.org.models import Role
from tests.factories import (
    CommitteeFactory,
    MemberFactory,
    SessionFactory,
    TermFactory,
    UserFactory,
    grant,
    member_user,
)
from tests.proposals.factories import CategoryFactory, ProposalFactory

city = CommitteeFactory(name="聊城市政协", code="lc")
term = TermFactory(committee=city)
session = SessionFactory(term=term, number=1, name="十四届一次会议")
category = CategoryFactory(committee=city, name="社会")
member = MemberFactory(committee=city, term=term, name="李明远")
user = member_user(member, "member")
user.set_password("fault-suite-Pass-1")
user.save()
draft = ProposalFactory(session=session, proposer=member, category=category, title="附件草稿")
clerk = grant(UserFactory(username="clerk", name="市政协工作人员", is_staff=True), city, Role.SECRETARIAT)
clerk.set_password("fault-suite-Pass-1")
clerk.save()
for n in range(150):  # for the registration test: enough to be registering through its kills
    ProposalFactory(
        session=session, proposer=member, category=category, title=f"待立案 {n}", state="submitted"
    )
print(f"{city.pk} {session.pk} {category.pk} {draft.pk}")
