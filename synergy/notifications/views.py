from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from synergy.core.pagination import paginate
from synergy.core.ratelimit import rate_limited

from . import services


@login_required
def notification_list(request):
    page = paginate(request, request.user.notifications.all())
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_read(request.user)
    message = ngettext("%(count)s notification marked as read.", "%(count)s notifications marked as read.", count)
    messages.success(request, message % {"count": count})
    return redirect("notifications:list")


@csrf_exempt  # authorised by the signed token, not by a session; mail clients POST here (RFC 8058)
@rate_limited("unsubscribe")
def unsubscribe(request, token: str):
    user = services.user_for_unsubscribe_token(token)
    if user is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        services.unsubscribe(user)
        return render(request, "notifications/unsubscribe.html", {"done": True})
    return render(request, "notifications/unsubscribe.html", {"token": token})
