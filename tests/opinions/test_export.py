"""The sheet of opinion reports (opinions/resources.py, written by cppcc/core/xlsx.py) says each
report in the ledger's own words: a report imported from a ledger row is exported as that row, with
its number and its level beside it."""

import io

import pytest
from openpyxl import load_workbook

from opinions.jobs import report_export
from opinions.ledger import parse_ledger
from opinions.services import reports_import

from .test_import import GOOD, workbook

pytestmark = pytest.mark.django_db


def test_an_imported_report_is_exported_as_its_ledger_row(city, city_clerk, member, member2):
    ledger = parse_ledger(workbook(GOOD[:1]), city)
    assert not ledger.has_errors, ledger.report
    [report] = reports_import(committee=city, rows=ledger.rows, actor=city_clerk)

    _filename, write = report_export(city_clerk, f"id={report.pk}")
    stream = io.BytesIO()
    write(stream)
    headings, row = load_workbook(stream).active.iter_rows(values_only=True)
    sheet = dict(zip(headings, row, strict=True))

    assert {heading: sheet[heading] for heading in GOOD[0]} == GOOD[0]
    assert sheet["编号"] == str(report.pk) and sheet["状态"] == "已编发"
    assert sheet["级别"] == "省级"  # adopted by the province's CPPCC; 全国政协 only forwarded it
