"""Knowledge-library pages: the searchable list, an entry, writing, submitting and publishing, the
reviewers' list, files and links."""

import mimetypes

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergy.core.forms import keep_typed, typed_or_blank
from synergy.core.pagination import paginate
from synergy.core.permissions import get_object_for, require

from . import services
from .filters import EntryFilter, in_order
from .forms import AttachmentForm, EntryForm, LanguageVersionForm, LinkForm, ReturnForm
from .models import Attachment, Entry


def entry_list(request):
    filterset = EntryFilter(request.GET or None, queryset=Entry.objects.published().select_related("region"))
    # Counted and fetched only if the list is not already rendered in the cache.
    context = {"filter": filterset, "page": SimpleLazyObject(lambda: paginate(request, in_order(filterset)))}
    if request.user.is_authenticated and request.user.has_perm("library.review_entries"):
        context["to_review"] = SimpleLazyObject(lambda: services.entries_to_review(request.user).count())
    template = "library/list.html#results" if request.htmx else "library/list.html"
    return render(request, template, context)


def entry_detail(request, slug: str):
    entry = get_object_for(request, "library.view_entry", Entry.objects.select_related("region"), slug=slug)
    signed_in = request.user.is_authenticated
    language = translation.get_language() or settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    context = {
        "entry": entry,
        "languages": [(code, name) for code, name in settings.LANGUAGES if code in entry.languages],
        "title_language": entry.shown_language("title", language),
        "summary_language": entry.shown_language("summary", language),
        "body_language": entry.shown_language("body", language),
        "attachments": SimpleLazyObject(lambda: list(entry.attachments.all())),
        "links": SimpleLazyObject(lambda: list(entry.links.all())),
        "trainings": SimpleLazyObject(lambda: list(entry.related_trainings.public().order_by("-starts_at")[:20])),
        "actions": SimpleLazyObject(
            lambda: list(entry.related_actions.filter(strategy__published=True).select_related("strategy")[:20])
        ),
        "organisation": SimpleLazyObject(lambda: entry.organisation),
        "can_edit": signed_in and request.user.has_perm("library.change_entry", entry),
        "can_publish": signed_in and request.user.has_perm("library.publish_entry", entry),
    }
    # A platform admin passes every rule: the submit button is for those who cannot publish.
    context["can_submit"] = (
        signed_in and not context["can_publish"] and request.user.has_perm("library.submit_entry", entry)
    )
    if context["can_publish"] and entry.status != Entry.Status.DRAFT:
        context["return_form"] = typed_or_blank(request, f"library-return:{entry.pk}", ReturnForm)
    return render(request, "library/detail.html", context)


@login_required
def review_list(request):
    """The entries waiting for the reviewer's decision, each linked to its page, where it is decided."""
    require(request, "library.review_entries")
    page = paginate(request, services.entries_to_review(request.user))
    return render(request, "library/review.html", {"page": page})


@login_required
def entry_create(request):
    require(request, "library.add_entry")
    return _edit(request, Entry())


@login_required
def entry_edit(request, slug: str):
    return _edit(request, get_object_for(request, "library.change_entry", Entry.objects.all(), slug=slug))


def _edit(request, entry: Entry):
    form = EntryForm(request.POST or None, instance=entry, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            entry = services.save_entry(entry, request.user, form)
            messages.success(request, _("The entry is saved."))
            return redirect(entry)
        messages.error(request, _("Please correct the fields marked below."))
    return render(request, "library/form.html", {"form": form, "entry": entry})


@login_required
def entry_translate(request, slug: str, language: str):
    entry = get_object_for(request, "library.change_entry", Entry.objects.all(), slug=slug)
    names = dict(settings.LANGUAGES)
    if language not in names or language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        raise Http404
    initial = {name: getattr(entry, f"{name}_{language}") or "" for name in ("title", "summary", "body")}
    form = LanguageVersionForm(request.POST or None, initial=initial)
    for field in form.fields.values():  # the text typed is in that language; the labels in the reader's
        field.widget.attrs["lang"] = language
    if request.method == "POST":
        if form.is_valid():
            services.save_language_version(entry, language, **form.cleaned_data)
            messages.success(request, _("The language version is saved."))
            return redirect("library:edit", entry.slug)
        messages.error(request, _("Please correct the fields marked below."))
    context = {"entry": entry, "form": form, "language": language, "language_name": names[language]}
    return render(request, "library/translate.html", context)


@login_required
@require_POST
def entry_submit(request, slug: str):
    entry = get_object_for(request, "library.submit_entry", Entry.objects.all(), slug=slug)
    try:
        services.submit_for_publication(entry)
        messages.success(request, _("The entry is submitted for publication: those who publish it are told."))
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    return redirect(entry)


@login_required
@require_POST
def entry_publish(request, slug: str):
    """Publish, or send back to draft with a reason (``action=return``)."""
    entry = get_object_for(request, "library.publish_entry", Entry.objects.all(), slug=slug)
    try:
        if request.POST.get("action") == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():  # a reason that cannot be kept refuses the decision, never drops the reason
                messages.error(request, _("The entry is not sent back; please correct the reason below."))
                keep_typed(request, f"library-return:{entry.pk}", form)
                return redirect(entry.get_absolute_url() + "#review")
            services.return_to_draft(entry, form.cleaned_data["reason"], by=request.user)
            messages.success(request, _("The entry is back to draft: only its editors see it. Its author is told why."))
        else:
            services.publish(entry, by=request.user)
            messages.success(request, _("The entry is published."))
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    return redirect(entry)


@login_required
def entry_files(request, slug: str):
    """Attachments and links, added and removed on one page."""
    entry = get_object_for(request, "library.change_entry", Entry.objects.all(), slug=slug)
    attachment_form = AttachmentForm(prefix="file")
    link_form = LinkForm(prefix="link")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "add_file":
                attachment_form = AttachmentForm(request.POST, request.FILES, prefix="file")
                if attachment_form.is_valid():
                    services.add_attachment(entry, **attachment_form.cleaned_data)
                    messages.success(request, _("The file is added."))
                    return redirect("library:files", entry.slug)
            elif action == "add_link":
                link_form = LinkForm(request.POST, prefix="link")
                if link_form.is_valid():
                    services.add_link(entry, **link_form.cleaned_data)
                    messages.success(request, _("The link is added."))
                    return redirect("library:files", entry.slug)
            elif action == "remove_file":
                services.remove_attachment(entry, _number(request.POST.get("pk")))
                messages.success(request, _("The file is removed."))
                return redirect("library:files", entry.slug)
            elif action == "remove_link":
                services.remove_link(entry, _number(request.POST.get("pk")))
                messages.success(request, _("The link is removed."))
                return redirect("library:files", entry.slug)
            else:
                raise services.Refused(_("Choose what to do: add or remove a file or a link."))
        except services.Refused as refusal:
            messages.error(request, str(refusal))
            return redirect("library:files", entry.slug)
        messages.error(request, _("Please correct the fields marked below."))
    context = {
        "entry": entry,
        "attachment_form": attachment_form,
        "link_form": link_form,
        "attachments": entry.attachments.all(),
        "links": entry.links.all(),
    }
    return render(request, "library/files.html", context)


def _number(value) -> int | None:
    return int(value) if value and value.isdigit() else None


def attachment_download(request, slug: str, pk: int):
    """Files are served through this view, which checked permission, never from a public folder."""
    entry = get_object_for(request, "library.view_entry", Entry.objects.all(), slug=slug)
    attachment = get_object_or_404(Attachment, entry=entry, pk=pk)
    name = attachment.filename
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
