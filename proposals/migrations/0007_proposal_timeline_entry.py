# The proposal's timeline takes the name every lifecycle's timeline has (<Thing>TimelineEntry,
# related name "timeline"), and its time becomes a default so that records arriving with their
# history keep its times.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('proposals', '0006_order_by_proposal_id'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(old_name='ProposalEvent', new_name='ProposalTimelineEntry'),
        migrations.AlterField(
            model_name='proposaltimelineentry',
            name='proposal',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='timeline', to='proposals.proposal', verbose_name='proposal'),
        ),
        migrations.AlterField(
            model_name='proposaltimelineentry',
            name='at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='at'),
        ),
        migrations.RenameIndex(
            model_name='proposaltimelineentry',
            new_name='proposal_timeline_at',
            old_name='proposal_event_proposal_at',
        ),
    ]
