"""Login cards: the holder's side (scan, sign in, choose a password) and the
coordinators' (who has a card, print, revoke). The rules are in ``login_cards``."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lms.roles import Role, role_required

from . import login_cards
from .models import LoginCard
from .names import display_name
from .services import accounts_reachable_by

User = get_user_model()

#: At most this many cards in one PDF (eight per A4 page).
PRINT_MAX = 200
#: At most this many people listed on the coordinators' page (narrow with the search).
LIST_MAX = 200


@never_cache
@require_http_methods(["GET", "POST"])
def card(request, token: str):
    """The address in a card's QR code. GET only says what the card is and offers the
    button (a link preview or a scanner opening the address uses nothing); the POST
    signs in once."""
    if request.method == "POST":
        user = authenticate(request, login_card_token=token)
        if user is not None:
            login_cards.one_time_sign_in(
                request, user, backend="lms.accounts.login_cards.LoginCardBackend"
            )
            return redirect("accounts:card_password")
        error = getattr(request, "login_card_error", None) or login_cards.LoginCardError(
            "unknown", login_cards.REFUSALS["unknown"]
        )
        return render(request, "accounts/card.html", {"error": error.message}, status=410)
    try:
        login_cards.login_card_check(token=token)
    except login_cards.LoginCardError as error:
        return render(request, "accounts/card.html", {"error": error.message}, status=410)
    return render(request, "accounts/card.html", {"token": token})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def card_password(request):
    """Choose a password after signing in with a card (and the username to use with it)."""
    form = SetPasswordForm(request.user, request.POST or None)
    form.fields["new_password1"].label = _("New password")
    form.fields["new_password2"].label = _("Repeat the new password")
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        login_cards.password_chosen(request)
        request.session.pop("lms_signed_in_by_sms_code", None)
        messages.success(request, _("Your password is saved. Use it with your username next time."))
        return redirect("accounts:after_login")
    return render(
        request,
        "accounts/card_password.html",
        {
            "form": form,
            "username": request.user.get_username(),
            "by_code": request.session.get("lms_signed_in_by_sms_code", False),
        },
    )


def _trainees_in_scope(user):
    """The trainees a coordinator may print cards for (their scope, no staff)."""
    return (
        accounts_reachable_by(user)
        .filter(is_active=True, is_superuser=False, groups__name=Role.TRAINEE)
        .exclude(groups__name__in=[Role.TRAINER, Role.COORDINATOR])
        .distinct()
    )


@role_required(Role.COORDINATOR)
@require_http_methods(["GET"])
def cards(request):
    """Coordinators: the trainees of their scope and each one's login cards (issued,
    used, expired, revoked), with a box to pick who gets a new card."""
    query = request.GET.get("q", "").strip()
    people = _trainees_in_scope(request.user).select_related("profile")
    if query:
        people = people.filter(
            Q(username__icontains=query)
            | Q(email__icontains=query)
            | Q(profile__display_name__icontains=query)
            | Q(profile__phone__icontains=query.replace(" ", ""))
        )
    people = list(
        people.order_by("profile__display_name", "username").prefetch_related(
            Prefetch("login_cards", queryset=LoginCard.objects.order_by("-created_at"))
        )[: LIST_MAX + 1]
    )
    rows = [
        {"person": person, "name": display_name(person), "cards": list(person.login_cards.all())}
        for person in people[:LIST_MAX]
    ]
    return render(
        request,
        "accounts/cards.html",
        {
            "rows": rows,
            "query": query,
            "more": len(people) > LIST_MAX,
            "valid_days": settings.LOGIN_CARD_VALID_DAYS,
        },
    )


@role_required(Role.COORDINATOR)
@require_POST
def cards_print(request):
    """Issue a new card to each selected trainee and return them as one PDF to print
    (earlier live cards of the same people stop working)."""
    ids = [value for value in request.POST.getlist("people") if value.isdigit()][:PRINT_MAX]
    people = list(_trainees_in_scope(request.user).filter(pk__in=ids).select_related("profile"))
    if not people:
        messages.error(request, _("Choose at least one person to print a card for."))
        return redirect("accounts:cards")
    issued = [login_cards.login_card_issue(user=p, issued_by=request.user) for p in people]
    pdf = login_cards_pdf(issued)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="login-cards.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@role_required(Role.COORDINATOR)
@require_POST
def card_revoke(request, pk: int):
    """Revoke one card (a lost card, or a person who left)."""
    card = get_object_or_404(
        LoginCard.objects.filter(user__in=_trainees_in_scope(request.user)), pk=pk
    )
    if login_cards.login_card_revoke(card=card):
        messages.success(
            request,
            _("The login card of %(name)s no longer works.") % {"name": display_name(card.user)},
        )
    else:
        messages.info(request, _("This card could not be used any more anyway."))
    return redirect("accounts:cards")


def login_cards_pdf(issued: list[login_cards.IssuedCard]) -> bytes:
    """One A4 PDF with a card per person: name, username, QR code, address, expiry.
    The QR code is drawn here (segno, SVG); nothing is fetched."""
    import segno
    from weasyprint import HTML

    from lms.pdf import local_url_fetcher

    cards = []
    for item in issued:
        url = settings.SITE_URL + item.path
        cards.append(
            {
                "name": display_name(item.card.user),
                "username": item.card.user.get_username(),
                "url": url,
                "qr": segno.make_qr(url, error="m").svg_data_uri(scale=4, border=2),
                "expires_at": item.card.expires_at,
            }
        )
    html = render_to_string(
        "accounts/pdf/login_cards.html", {"cards": cards, "generated_at": timezone.now()}
    )
    return HTML(string=html, url_fetcher=local_url_fetcher()).write_pdf()
