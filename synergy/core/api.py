from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from .models import Region

router = Router(tags=["regions"])


class RegionOut(Schema):
    slug: str
    name: str
    country: str
    nuts_code: str
    default_language: str


@router.get("/", response=list[RegionOut])
@paginate
def list_regions(request):
    return Region.objects.all()


@router.get("/{slug}", response=RegionOut)
def get_region(request, slug: str):
    return get_object_or_404(Region, slug=slug)
