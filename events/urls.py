"""The app's URLs, all under the "events" namespace: the public site and the newsroom's extras."""
from events.jobs.urls import urlpatterns as job_urls
from events.newsroom.urls import urlpatterns as newsroom_urls
from events.public.urls import urlpatterns as public_urls

app_name = "events"
urlpatterns = public_urls + newsroom_urls + job_urls
