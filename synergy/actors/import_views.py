"""The CORDIS import pages: upload the two files, then watch the import and read its report.

Platform admins may import (``actors.import_cordis``).
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from synergy.core.exceptions import Refused
from synergy.core.permissions import require
from synergy.core.uploads import UploadValidator

from . import cordis
from .models import CordisImport

RECENT_IMPORTS = 20


def _upload_limit() -> int:
    # CORDIS files are larger than other uploads: Horizon 2020's organization.csv is about 100 MB.
    return settings.CORDIS_UPLOAD_MAX_BYTES


class CordisImportForm(forms.Form):
    projects_file = forms.FileField(
        label=_("Projects file"), help_text=_("project.csv from the CORDIS open-data download.")
    )
    organisations_file = forms.FileField(
        label=_("Organisations file"), help_text=_("organization.csv from the same download.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("projects_file", "organisations_file"):
            self.fields[name].validators.append(UploadValidator({"csv"}, max_bytes=_upload_limit()))

    def _clean_table(self, name: str, required: tuple[str, ...]):
        upload = self.cleaned_data[name]
        try:
            cordis.Table(upload, name.removesuffix("_file"), required).check_header()
        except cordis.ImportFileError as error:
            raise forms.ValidationError(cordis.file_error_text(error.as_report()["error"])) from error
        finally:
            upload.seek(0)
        return upload

    def clean_projects_file(self):
        return self._clean_table("projects_file", cordis.PROJECT_COLUMNS)

    def clean_organisations_file(self):
        return self._clean_table("organisations_file", cordis.ORGANISATION_COLUMNS)


@login_required
def import_new(request):
    require(request, "actors.import_cordis")
    form = CordisImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        cordis_import = cordis.start_import(
            request.user, form.cleaned_data["projects_file"], form.cleaned_data["organisations_file"]
        )
        return redirect(cordis_import)
    imports = CordisImport.objects.select_related("started_by").defer("report")[:RECENT_IMPORTS]
    return render(request, "actors/import_new.html", {"form": form, "imports": imports})


@login_required
def import_detail(request, pk: int):
    """The import's progress while it runs (the page asks again every 2 s with htmx, or every 5 s
    without JavaScript), then its report."""
    require(request, "actors.import_cordis")
    cordis_import = get_object_or_404(CordisImport.objects.select_related("started_by"), pk=pk)
    report = cordis_import.report or {}
    context = {
        "import": cordis_import,
        "running": cordis_import.status in (CordisImport.Status.QUEUED, CordisImport.Status.RUNNING),
        "summary": cordis.report_summary(report) if "counts" in report else [],
        "rejections": cordis.report_rejections(report),
        "hidden_rejections": max(0, report.get("rejected", 0) - len(report.get("rejections", []))),
        "error": cordis.file_error_text(report["error"]) if "error" in report else "",
        "merges": cordis.merges_to_review(cordis_import) if report.get("merges") else [],
    }
    template = "actors/import_status.html" if request.htmx else "actors/import_detail.html"
    return render(request, template, context)


@login_required
@require_POST
def separate(request, pk: int, cordis_id: str):
    """A merge by name was wrong: the CORDIS organisation becomes one of its own."""
    require(request, "actors.import_cordis")
    cordis_import = get_object_or_404(CordisImport, pk=pk)
    try:
        separated = cordis.separate_merge(cordis_import, cordis_id)
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, _("%(organisation)s is now an organisation of its own.") % {"organisation": separated}
        )
    return redirect(cordis_import)
