"""Factories for proposals: categories, proposals in any state, assignments."""

import factory

from proposals.models import Category, Proposal


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"类别{n}")


class ProposalFactory(factory.django.DjangoModelFactory):
    """A draft individual proposal; pass ``state`` and the rest for later stages."""

    class Meta:
        model = Proposal

    committee = factory.SelfAttribute("session.committee")
    title = factory.Sequence(lambda n: f"关于第{n}项民生工作的建议")
    content = "情况分析与具体建议。"
    category = factory.LazyAttribute(
        lambda o: (
            Category.objects.filter(committee=o.committee).first() or CategoryFactory(committee=o.committee)
        )
    )
    kind = "individual"
