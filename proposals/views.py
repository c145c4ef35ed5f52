"""Attachment downloads: served only to users who may read the proposal."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.views import APIView

from cppcc.core.files import attachment_response
from cppcc.core.querysets import VIEW

from .models import Attachment


class AttachmentDownloadView(APIView):
    """The file of an attachment; 404 unless the user may read its proposal."""

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request, pk: int):
        attachment = get_object_or_404(Attachment.objects.restrict(request.user, VIEW), pk=pk)
        return attachment_response(attachment.file, attachment.original_name)
