"""Attachment downloads: served only to users who may read the proposal."""

from drf_spectacular.utils import extend_schema
from rest_framework.views import APIView

from cppcc.core.files import DOWNLOAD_RESPONSES, attachment_download
from cppcc.core.querysets import VIEW

from .models import Attachment


class AttachmentDownloadView(APIView):
    """The file of an attachment; 404 unless the user may read its proposal."""

    @extend_schema(responses=DOWNLOAD_RESPONSES)
    def get(self, request, pk: int):
        return attachment_download(Attachment.objects.restrict(request.user, VIEW), pk)
