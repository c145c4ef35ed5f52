"""Indexes for the province decade (issue 17): the replies still owed by due date (the overdue
lists), a year's registered proposals of some committees (the report card, key proposals), and, on
PostgreSQL, a trigram index on the titles without their boilerplate (关于…的建议), which every
title shares: ``selectors.TitleCore`` is the same expression."""

from django.db import migrations, models

TITLE_CORE = (
    "regexp_replace(title, '^关于(进一步|切实|着力|大力)?(加快|加强|推进)?|(工作)?的?(几点|对策)?(建议|提案)$', '', 'g')"
)


def create_title_core_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS proposal_title_core_trgm ON proposals_proposal "
        f"USING gin (({TITLE_CORE}) gin_trgm_ops)"
    )


def drop_title_core_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS proposal_title_core_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0008_handling_unit_duties"),
        ("proposals", "0013_lead"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(
                condition=models.Q(("replied_at__isnull", True), ("role__in", ["lead", "separate"])),
                fields=["due_on", "proposal"],
                name="assignment_owed_due",
            ),
        ),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(
                fields=["committee", "registered_at", "is_key"], name="proposal_committee_registered"
            ),
        ),
        migrations.RunPython(create_title_core_index, drop_title_core_index),
    ]
