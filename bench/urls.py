"""``make bench`` only (``BENCH_BASELINES=1``): the cheapest response the same process and
middleware can give, the baseline beside every page figure."""

from django.http import HttpResponse
from django.urls import path


def bench_constant(request):
    return HttpResponse("constant", content_type="text/plain")


urlpatterns = [path("bench/constant/", bench_constant, name="bench_constant")]
