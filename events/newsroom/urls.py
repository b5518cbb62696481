"""The newsroom's pages outside the admin's URL space."""
from django.urls import path

from events.newsroom import imports

urlpatterns = [
    # In the admin's look, but outside /admin/: the admin's catch-all would take it.
    path("imports/acled/", imports.import_acled, name="import-acled"),
]
