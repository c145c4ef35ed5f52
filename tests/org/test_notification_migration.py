"""The migration that lets notifications name their object turns the links they held into
references: a proposal's or a report's portal page becomes that proposal or report; a link to
anything else named no object and is dropped."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cppcc.org.models import Notification
from opinions.models import OpinionReport
from proposals.models import Proposal

BEFORE = [("org", "0002_user_history")]
AFTER = [("org", "0003_notification_about")]


@pytest.mark.django_db(transaction=True)
def test_links_become_references_to_their_objects(migrated_back_to_the_latest):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user = old.get_model("org", "User").objects.create(username="member")
    for link in ("/portal/proposals/12/", "/portal/opinions/7/", "/portal/", ""):
        old.get_model("org", "Notification").objects.create(user_id=user.pk, message=link or "-", link=link)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    about = {
        n.message: (n.content_type_id, n.object_id) for n in Notification.objects.filter(user_id=user.pk)
    }
    assert about == {
        "/portal/proposals/12/": (ContentType.objects.get_for_model(Proposal).pk, 12),
        "/portal/opinions/7/": (ContentType.objects.get_for_model(OpinionReport).pk, 7),
        "/portal/": (None, None),
        "-": (None, None),
    }
