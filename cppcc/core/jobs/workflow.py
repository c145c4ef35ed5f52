"""The lifecycle of a job: queued when started, running once the queue picks it up, then done or
failed. The queue takes every transition (the owner started the job; nobody moves it by hand)."""

from django.utils.translation import gettext_lazy as _

from cppcc.core.workflow import NEW, Transition, Workflow

from .models import Job

State = Job.State


def _queue(access, job) -> bool:
    return True


job_workflow = Workflow(
    model=Job,
    access=lambda user: user,
    transitions=[
        Transition("start", {NEW}, State.QUEUED, _queue, label=_("start")),
        Transition("run", {State.QUEUED}, State.RUNNING, _queue, label=_("run")),
        Transition("finish", {State.RUNNING}, State.DONE, _queue, label=_("finish"), stamps=("finished_at",)),
        Transition(
            "fail",
            {State.QUEUED, State.RUNNING},
            State.FAILED,
            _queue,
            label=_("fail"),
            stamps=("finished_at",),
        ),
    ],
)
