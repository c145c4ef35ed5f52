from django.urls import path

from .views import AttachmentDownloadView

app_name = "proposals"

urlpatterns = [
    path("attachments/<int:pk>/", AttachmentDownloadView.as_view(), name="attachment"),
]
