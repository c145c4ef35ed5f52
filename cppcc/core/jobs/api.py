"""The API of jobs (``/api/jobs/``): a user's own jobs, each with its progress and, once done, its
file; an export that answered ``202`` names its job here. Anyone else's job is a 404."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse

from cppcc.core.files import DOWNLOAD_RESPONSES
from cppcc.core.rest import ReadOnlyViewSet

from .models import Job
from .selectors import job_file, job_status


class JobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=Job.State.choices)
    state_display = serializers.CharField()
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()
    message = serializers.CharField()
    error = serializers.CharField()
    report = serializers.ListField(
        child=serializers.DictField(), help_text="Each bad row of a failed import."
    )
    file = serializers.CharField(allow_null=True, help_text="Where to download the result, once done.")
    filename = serializers.CharField()
    expired = serializers.BooleanField(help_text="The file was kept for a day and deleted.")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)

    def to_representation(self, job):
        url = reverse("job-file", args=[job.pk], request=self.context.get("request"))
        return job_status(job, file_url=url)


class JobAcceptedSerializer(serializers.Serializer):
    """The answer of an export too large for one request: the job to poll."""

    job = serializers.IntegerField()
    url = serializers.CharField()
    state = serializers.CharField()


def accepted(job: Job, request) -> Response:
    """``202 Accepted``: the job started, ``Location`` and ``url`` its address in the API."""
    url = reverse("job-detail", args=[job.pk], request=request)
    return Response({"job": job.pk, "url": url, "state": job.state}, status=202, headers={"Location": url})


class JobViewSet(ReadOnlyViewSet):
    """A user's background jobs (exports and imports above the size a request handles), newest
    first: state, progress and, once done, the file, kept for a day."""

    queryset = Job.objects.all()
    serializer_class = JobSerializer
    uncached_actions = ("list", "retrieve", "file")

    @extend_schema(responses=DOWNLOAD_RESPONSES)
    @action(detail=True, methods=["get"])
    def file(self, request, pk=None):
        """The job's file, for its owner, until it is deleted a day after the job."""
        return job_file(self.get_object())


def register(router) -> None:
    router.register("jobs", JobViewSet, basename="job")
