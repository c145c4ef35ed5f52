"""A large export in the admin, in headless Chromium, with a real worker in a thread: the clerk lands
on the job's page, whose bar (static/jobs/job_progress.js, polling the job's status) reaches 100 %
and then offers the file. No console errors (the content-security policy holds), nothing leaves the
machine."""

import re
import signal

import pytest
from huey.contrib.djhuey import HUEY

from cppcc.core.jobs.models import Job
from tests.browser.conftest import log_in
from tests.opinions.factories import report


@pytest.fixture
def worker():
    """The queue's consumer in threads of this process, as ``manage.py run_huey`` runs it."""
    HUEY.immediate = False
    HUEY.flush()
    handlers = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    consumer = HUEY.create_consumer(
        workers=1, worker_type="thread", periodic=False, check_worker_health=False
    )
    consumer.start()
    for number, handler in handlers.items():  # the consumer's are for a process of its own
        signal.signal(number, handler)
    yield consumer
    consumer.stop(graceful=True)
    HUEY.flush()
    HUEY.immediate = True


def test_a_large_export_shows_its_progress_then_the_file(page, settings, worker, city, city_clerk, member):
    settings.JOBS_BACKGROUND_ROWS = 5
    for number in range(12):
        report(
            committee=city,
            authors=[member],
            actor=city_clerk,
            title=f"社情民意信息第{number}篇",
            state="submitted",
        )
    log_in(page, "clerk")
    page.goto("/admin/opinions/opinionreport/")
    page.click("a.export_link")
    page.wait_for_load_state("networkidle")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/jobs/job/\d+/change/$"))
    assert page.locator("progress#job-bar").is_visible()
    assert "后台运行" in page.inner_text("#job")

    page.locator("#job[data-state=done]").wait_for(timeout=30000)
    assert page.get_attribute("#job-bar", "value") == "100"
    assert page.inner_text("#job-percent") == "100"
    assert page.inner_text("#job-message") == "已导出 12 行。"
    link = page.locator("#job-file")
    assert link.is_visible() and "社情民意信息_" in link.inner_text()
    job = Job.objects.get()
    assert link.get_attribute("href") == f"/admin/jobs/job/{job.pk}/file/"
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".xlsx")
    page.screenshot(path="/work/helpers/shots/jobs17-export-progress.png", full_page=True)
    assert page.console_errors == [] and page.external_requests == []
