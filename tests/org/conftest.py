import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.fixture
def migrated_back_to_the_latest():
    """A migration test leaves the database where it migrated it; the later migrations' tables are
    made again after it."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
