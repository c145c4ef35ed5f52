# The report's timeline takes the name every lifecycle's timeline has (<Thing>TimelineEntry), the
# index on (record, time) the others have, and its time becomes a default so that records arriving
# with their history keep its times.

import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('opinions', '0004_report_committee_without_its_own_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(old_name='ReportTimelineEntry', new_name='OpinionReportTimelineEntry'),
        migrations.AlterField(
            model_name='opinionreporttimelineentry',
            name='at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='at'),
        ),
        migrations.AddIndex(
            model_name='opinionreporttimelineentry',
            index=models.Index(fields=['report', 'at'], name='report_timeline_at'),
        ),
    ]
