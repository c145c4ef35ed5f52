"""Factories for proposals: categories, proposals in any state, assignments."""

import factory

from proposals.models import Category, Cosignature, Proposal
from proposals.workflow import cosignature_workflow, proposal_workflow
from tests.factories import ArrivingFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"类别{n}")


class ProposalFactory(ArrivingFactory):
    """A draft individual proposal; pass ``state`` (reached through the lifecycle) and the rest for
    later stages."""

    class Meta:
        model = Proposal

    _workflow = proposal_workflow

    committee = factory.SelfAttribute("session.committee")
    title = factory.Sequence(lambda n: f"关于第{n}项民生工作的建议")
    content = "情况分析与具体建议。"
    category = factory.LazyAttribute(
        lambda o: (
            Category.objects.filter(committee=o.committee).first() or CategoryFactory(committee=o.committee)
        )
    )
    kind = "individual"


class CosignatureFactory(ArrivingFactory):
    """An invitation to co-sign; ``status="accepted"`` or ``"declined"`` for an answered one."""

    class Meta:
        model = Cosignature

    _workflow = cosignature_workflow
