"""The admin's Excel exports as a clerk opens them (cppcc/core/resources.py, cppcc/core/admin.py):
Chinese headings offered and written, local times without offset, the sheet and the file named
after the records, the file with the local date."""

import datetime
import io
import re
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.utils import timezone
from import_export.formats import base_formats
from openpyxl import load_workbook

from cppcc.core.admin import ExportMixin, StreamedXLSX
from cppcc.core.resources import sheet_writer
from platforms.models import Attendance

CJK = re.compile(r"[\u4e00-\u9fff]")
# 2026-11-30 17:30 UTC is 2026-12-01 01:30 in Asia/Shanghai: the local date is the next day's.
LATE_EVENING_UTC = datetime.datetime(2026, 11, 30, 17, 30, tzinfo=datetime.UTC)


def exporting_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, ExportMixin)
    ]


def test_every_export_of_the_project_is_the_core_one():
    """Every admin with an export uses the project's mixin, and every resource the core base."""
    from cppcc.core.resources import SafeExportResource

    exporting = [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if hasattr(model_admin, "export_action")
    ]
    assert exporting and exporting == exporting_admins()
    for _model, model_admin in exporting:
        for resource in model_admin.get_export_resource_classes(None):
            assert issubclass(resource, SafeExportResource), resource


def export(client, model, query: str = ""):
    """POST the export form of ``model``'s admin in xlsx with every column (the columns offered)."""
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/export/{query}"
    page = client.get(url).content.decode()
    formats = {label: value for value, label in re.findall(r'<option value="(\d+)"[^>]*>([^<]+)<', page)}
    columns = re.findall(r'<input type="checkbox" name="(\w+resource_\w+)"[^>]*checked', page)
    response = client.post(url, {"format": formats["xlsx"], "resource": 0, **dict.fromkeys(columns, "on")})
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"], url
    return page, response


@pytest.mark.parametrize("model", [model for model, _ in exporting_admins()], ids=lambda m: m.__name__)
def test_every_export_is_chinese_and_local(client, world, city_clerk, model, monkeypatch):
    client.force_login(city_clerk)
    monkeypatch.setattr(timezone, "now", lambda: LATE_EVENING_UTC)
    page, response = export(client, model)

    labels = re.findall(r'<label for="id_\w+resource_\w+"[^>]*>([^<]+)</label>', page)
    assert labels and all(CJK.search(label) and "(" not in label for label in labels), labels

    records = str(model._meta.verbose_name_plural)
    name = f"{records}_2026-12-01.xlsx"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == records
    rows = list(sheet.iter_rows(values_only=True))
    assert all(CJK.search(str(heading)) for heading in rows[0]), rows[0]
    for row in rows[1:]:
        assert not any("+00:00" in str(cell) or cell == "None" for cell in row), row


def test_times_are_local_without_offset(client, world, city_clerk):
    client.force_login(city_clerk)
    proposal = world.registered
    _page, response = export(client, type(proposal), f"?id={proposal.pk}")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    submitted = rows[1][rows[0].index("提交时间")]
    assert submitted == timezone.localtime(proposal.submitted_at).strftime("%Y-%m-%d %H:%M")
    assert rows[0][0] == "编号"


def test_attendance_sheet(client, world, city_clerk):
    client.force_login(city_clerk)
    _page, response = export(client, Attendance)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "出席情况"


@pytest.mark.parametrize("model", [model for model, _ in exporting_admins()], ids=lambda m: m.__name__)
def test_the_streamed_sheet_holds_the_resources_export_cell_by_cell(world, model):
    """What every export writes (``sheet_writer``, the admin's ``StreamedXLSX``) reads back as the
    resource's own export (tablib's dataset, which the admin wrote with openpyxl before)."""
    [resource_class] = admin.site._registry[model].get_export_resource_classes(None)
    queryset = model.objects.order_by("pk")
    dataset = resource_class().export(queryset=queryset)
    # An empty cell reads back as None, whichever writer wrote it.
    rows = [tuple(None if cell == "" else cell for cell in row) for row in dataset]
    expected = [tuple(dataset.headers), *rows]

    _filename, write = sheet_writer(resource_class(), queryset)
    stream = io.BytesIO()
    write(stream)
    assert list(load_workbook(stream).active.iter_rows(values_only=True)) == expected
    xlsx = StreamedXLSX().export_data(dataset)
    assert list(load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True)) == expected


def test_the_admin_writes_excel_with_the_exports_writer():
    for _model, model_admin in exporting_admins():
        titles = {type(f()): f().get_title() for f in model_admin.get_export_formats()}
        assert titles.get(StreamedXLSX) == "xlsx" and base_formats.XLSX not in titles
