# A notification names the object it is about (content type and id) instead of holding a portal
# link: the site turns the object into a link (cppcc.org.links). The two kinds of link notifications
# held, /portal/proposals/<id>/ and /portal/opinions/<id>/, become references to that proposal or
# report; any other link named no object and is dropped.

import re

import django.db.models.deletion
from django.db import migrations, models

LINKS = {
    "proposals": ("proposals", "proposal"),
    "opinions": ("opinions", "opinionreport"),
}
LINK = re.compile(r"^/portal/(proposals|opinions)/(\d+)/$")


def links_to_objects(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Notification = apps.get_model("org", "Notification")
    kinds = {
        page: ContentType.objects.get_or_create(app_label=app_label, model=model)[0]
        for page, (app_label, model) in LINKS.items()
    }
    changed = []
    for notification in Notification.objects.exclude(link="").only("pk", "link").iterator():
        match = LINK.match(notification.link)
        if match is not None:
            notification.content_type = kinds[match[1]]
            notification.object_id = int(match[2])
            changed.append(notification)
    Notification.objects.bulk_update(changed, ["content_type", "object_id"], batch_size=1000)


def objects_to_links(apps, schema_editor):
    Notification = apps.get_model("org", "Notification")
    pages = {kind: page for page, kind in LINKS.items()}
    changed = []
    for notification in Notification.objects.filter(content_type__isnull=False).select_related("content_type"):
        page = pages.get((notification.content_type.app_label, notification.content_type.model))
        if page is not None:
            notification.link = f"/portal/{page}/{notification.object_id}/"
            changed.append(notification)
    Notification.objects.bulk_update(changed, ["link"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('org', '0002_user_history'),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='content_type',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype', verbose_name='about the kind of object'),
        ),
        migrations.AddField(
            model_name='notification',
            name='object_id',
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name='about the object'),
        ),
        migrations.RunPython(links_to_objects, objects_to_links),
        migrations.RemoveField(model_name='notification', name='link'),
    ]
