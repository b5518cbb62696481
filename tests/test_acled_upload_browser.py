"""The ACLED upload in a real browser: a contributor chooses a file, the job page shows
the report (a published event's row refused), and the report downloads."""
from pathlib import Path

import pytest
from playwright.sync_api import expect

from events.models import Event, Job
from events.roles import CONTRIBUTORS
from events.taxonomy import ReviewStatus
from tests.browser import log_in
from tests.helpers import PASSWORD, member

HEADER = "event_id_cnty,event_date,event_type,sub_event_type,country,location,latitude,longitude,source,notes\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_contributor_uploads_and_reads_the_report_of_the_job(page, make_event, tmp_path):
    carla = member("carla", CONTRIBUTORS)
    make_event(reference="PUB1", notes="As published")
    upload = tmp_path / "acled.csv"
    upload.write_text(HEADER + "NEW1,2020-01-01,Battles,Armed clash,Libya,Derna,32.7,22.6,Wire,new\n"
                      "PUB1,2020-01-01,Battles,Armed clash,Libya,Derna,32.7,22.6,Wire,rewritten\n",
                      encoding="utf-8")
    log_in(page, "carla", PASSWORD)

    page.goto("/imports/acled/")
    options = page.locator("#id_status option").evaluate_all("els => els.map(e => e.value)")
    assert options == ["draft", "in_review"]
    page.set_input_files("#id_file", str(upload))
    page.click("input[type=submit]")

    expect(page.locator("#job-state")).to_have_attribute("data-state", "done")
    expect(page.locator("#import-errors")).to_contain_text("only change your own drafts")
    with page.expect_download() as download:
        page.click("#job-result")
    report = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "created,1" in report and "rejected,1" in report
    assert Event.objects.get(reference="PUB1").notes == "As published"
    assert Event.objects.get(reference="NEW1").status == ReviewStatus.DRAFT
    assert Job.objects.get().user == carla
