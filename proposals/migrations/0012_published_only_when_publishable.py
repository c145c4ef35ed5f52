"""A proposal is published only through ``proposal_publish``: with its proposers' consent, once a
reply to it is released. Flags set before that rule held are cleared where it does not."""

from django.db import migrations
from django.db.models import Exists, OuterRef

PUBLISHABLE_STATES = ("replied", "rehandling", "closed")


def clear(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    Reply = apps.get_model("proposals", "Reply")
    released = Reply.objects.filter(proposal=OuterRef("pk"), status="released")
    publishable = Proposal.objects.filter(
        Exists(released), publish_consent=True, state__in=PUBLISHABLE_STATES
    )
    Proposal.objects.filter(is_published=True).exclude(pk__in=publishable.values("pk")).update(
        is_published=False
    )


class Migration(migrations.Migration):
    dependencies = [("proposals", "0011_merge_objections")]

    operations = [migrations.RunPython(clear, migrations.RunPython.noop)]
