"""Who may see the public pages: everyone, unless the newsroom keeps the map internal."""
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login


def map_access(view):
    """Require a logged-in user when EVENT_MAP["REQUIRE_LOGIN"] is on."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if settings.EVENT_MAP["REQUIRE_LOGIN"] and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
