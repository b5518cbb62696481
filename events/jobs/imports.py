"""An ACLED import job: the uploaded file, read from storage, imported as its user.

The file was stored through the default storage when it was uploaded; the
importer applies the review rules under the job's user, as in the web request it
replaces. Progress is saved every PROGRESS_EVERY rows; at the end the report
(every rejected or duplicate row, with its number and reason) is written as a
CSV file beside the job. Running a job twice is harmless: rows are matched on
event_id_cnty, so a second run updates what the first created.
"""
import csv
import io

from django.core.files.base import ContentFile
from django.utils.translation import override

from events.acled import AcledFormatError, AcledImport
from events.public.export_formats import safe_cell
from events.roles import WorkflowError

PROGRESS_EVERY = 1000
# Rows not imported kept in the job's report (what its page lists from); the report
# file has every one.
REPORT_ERRORS = 1000


def run(job):
    options = job.parameters
    # The report speaks the language of the upload's request (older jobs: English).
    with job.input_file.open("rb") as binary, override(options.get("language")):
        size = job.input_file.size or 1

        def progress(result):
            job.report_progress(result.rows, binary.tell() / size)

        try:
            importer = AcledImport(status=options.get("status"), dry_run=options.get("dry_run", False),
                                   user=job.user, progress=progress, progress_every=PROGRESS_EVERY)
            result = importer.run(binary)
        except (AcledFormatError, WorkflowError) as exc:
            job.finish(error=str(exc))
            return
    report = {**result.summary(), "errors": result.errors[:REPORT_ERRORS],
              "dry_run": options.get("dry_run", False)}
    job.done_count = result.rows
    job.result_file.save(f"import-{job.token}-report.csv", ContentFile(report_csv(result)), save=False)
    job.finish(report=report)


def report_csv(result):
    """The import's report as CSV: the summary, then one line per row not kept."""
    out = io.StringIO()
    writer = csv.writer(out)
    for key, value in result.summary().items():
        writer.writerow([key, value])
    writer.writerow([])
    writer.writerow(["row", "reason"])
    writer.writerows((number, safe_cell(reason)) for number, reason in result.errors)
    return "\ufeff" + out.getvalue()
