"""URLs for data in and out: exports, feeds, the read API and ACLED import."""

urlpatterns = []
