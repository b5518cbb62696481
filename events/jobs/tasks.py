"""The Celery task that runs a Job, whatever its kind.

Acknowledged late and rejected when its worker is lost (the CELERY_* settings),
so a job whose worker dies is delivered again; Job.objects.claim makes the
second delivery of a finished job a no-op and re-runs an unfinished one, which
is safe because each kind is idempotent (see events.jobs.imports and .exports).
"""
import logging

from celery import shared_task

from events.models import Job

logger = logging.getLogger(__name__)


def _runner(kind):
    from events.jobs import exports, imports

    return imports.run if kind == Job.Kind.IMPORT_ACLED else exports.run


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_job(job_id):
    if not Job.objects.claim(job_id):
        logger.info("Job %s is finished or gone: nothing to do", job_id)
        return
    job = Job.objects.get(pk=job_id)
    try:
        _runner(job.kind)(job)
    except Exception as exc:  # a batch worker: record the failure on the job, never lose it
        logger.exception("Job %s failed", job_id)
        job.finish(error=f"{type(exc).__name__}: {exc}")
