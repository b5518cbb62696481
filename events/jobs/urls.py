"""A background job's status page, its JSON and its result file."""
from django.urls import path

from events.jobs import views

urlpatterns = [
    path("jobs/<uuid:token>/", views.job_status, name="job"),
    path("jobs/<uuid:token>/status.json", views.job_status_json, name="job-status"),
    path("jobs/<uuid:token>/result", views.job_result, name="job-result"),
]
