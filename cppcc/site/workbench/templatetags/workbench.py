from django import template

from ..selectors import secretariat_queues

register = template.Library()


@register.simple_tag(takes_context=True)
def workbench_queues(context):
    """The signed-in clerk's queues (``selectors.secretariat_queues``)."""
    return secretariat_queues(context["request"].user)
