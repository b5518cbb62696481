import os, time, django, statistics
os.environ.setdefault('DJANGO_SETTINGS_MODULE','project.settings')
django.setup()
from django.test import Client
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.contrib.auth import get_user_model
U=get_user_model()
u,_=U.objects.get_or_create(username="bench-admin", defaults={"is_staff":True,"is_superuser":True})
c=Client(); c.force_login(u)
from django.conf import settings
base="/"+settings.ADMIN_URL
for path in ["events/event/", "events/event/?country__exact=LY", "events/event/?q=Benghazi", "events/event/?p=500", "events/event/?o=-3"]:
    r=c.get(base+path)
    ts=[]
    for i in range(3):
        with CaptureQueriesContext(connection) as q:
            t=time.perf_counter(); r=c.get(base+path); ts.append(time.perf_counter()-t)
    slow=sorted(((float(x['time']), x['sql'][:150]) for x in q.captured_queries), reverse=True)[:3]
    print(path, r.status_code, "median ms", round(statistics.median(ts)*1000), "queries", len(q))
    for t,sql in slow: print("   ", round(t*1000), sql)
