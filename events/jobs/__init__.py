"""Background jobs: long imports and exports run by a Celery worker (project.celery).

- tasks: the one Celery task, run_job(job_id), idempotent and acknowledged late;
- imports, exports: what a job of each kind does;
- views, urls: a job's status page (the admin's look), its JSON, its result file.

start(job) hands a saved Job to the queue once the transaction that created it
commits, so a worker never looks for a job that is not there yet. Without a
broker (no CELERY_BROKER_URL), or with CELERY_TASK_ALWAYS_EAGER, the job runs at
once, in this process and transaction, and the request that started it waits for it.
"""
from django.db import transaction


def start(job):
    from events.jobs.tasks import run_job

    conf = run_job.app.conf
    if conf.task_always_eager or not conf.broker_url:
        run_job.apply(args=[job.pk])
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: run_job.delay(job.pk))
    return job
