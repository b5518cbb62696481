"""Django's admin app with the newsroom's admin site (project/admin_site.py) as admin.site."""
from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    default_site = "project.admin_site.NewsroomAdminSite"
