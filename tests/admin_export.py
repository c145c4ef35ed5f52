"""The admin's Excel export (django-import-export), as the secretariat uses it: the export form
posted with every column of the model admin's resource, answered with a workbook."""

import io

from django.contrib.admin import site
from openpyxl import load_workbook


def exported_rows(client, url: str, model) -> list[tuple]:
    """POST the export form at ``url`` for ``model``'s admin in xlsx with every column; the rows of
    the sheet answered, header first. Fails when the answer is not a workbook (the form again)."""
    model_admin = site._registry[model]
    formats = [format_class().get_title() for format_class in model_admin.get_export_formats()]
    [resource_class] = model_admin.get_export_resource_classes(None)
    prefix = resource_class.__name__.lower()
    columns = {f"{prefix}_{name}": "on" for name in resource_class().get_export_order()}
    response = client.post(url, {"format": formats.index("xlsx"), "resource": 0, **columns})
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"], response.content.decode()[:2000]
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
