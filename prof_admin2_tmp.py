import os, time, django, cProfile, pstats
os.environ.setdefault('DJANGO_SETTINGS_MODULE','project.settings')
django.setup()
from django.test import Client
from django.contrib.auth import get_user_model
from django.conf import settings
u=get_user_model().objects.get(username="bench-admin")
c=Client(); c.force_login(u)
url="/"+settings.ADMIN_URL+"events/event/"
c.get(url)
pr=cProfile.Profile(); pr.enable(); c.get(url); pr.disable()
st=pstats.Stats(pr); st.sort_stats("cumulative").print_stats(60)
