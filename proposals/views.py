"""Attachment downloads: served only to users who may read the proposal."""

from drf_spectacular.utils import extend_schema
from rest_framework.views import APIView

from cppcc.core.files import DOWNLOAD_RESPONSES, attachment_download

from .selectors import attachments_visible_to


class AttachmentDownloadView(APIView):
    """The file of an attachment; 404 unless the user may read its proposal."""

    @extend_schema(responses=DOWNLOAD_RESPONSES)
    def get(self, request, pk: int):
        return attachment_download(attachments_visible_to(request.user), pk)
