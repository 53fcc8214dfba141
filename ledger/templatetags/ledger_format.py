"""Money, hours and rates as the ledger pages show them: Decimals, never floats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template

from people.models import CURRENCY_MINOR_UNITS

register = template.Library()

CURRENCY_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}
RATE_DISPLAY_PLACES = 4


def plain_decimal(value: Decimal | None, *, min_places: int = 0) -> str:
    """A decimal without exponent or trailing zeros, keeping at least `min_places` places."""
    if value is None:
        return ""
    text = format(Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    places = len(text.partition(".")[2])
    if places < min_places:
        text = f"{text}{'' if '.' in text else '.'}{'0' * (min_places - places)}"
    return text


def format_money(value: Decimal | None, currency: str) -> str:
    """£1,234.50 for GBP, EUR and USD; `1,234.50 CHF` for the others."""
    if value is None:
        return ""
    places = CURRENCY_MINOR_UNITS.get(currency, 2)
    amount = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    number = f"{abs(amount):,.{places}f}"
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{sign}{symbol}{number}" if symbol else f"{sign}{number} {currency}"


def format_rate(value: Decimal | None, currency: str) -> str:
    """An hourly rate: the money format, with up to four places when the rate is unrounded
    (a fully loaded staff cost), so the line's arithmetic can be followed."""
    if value is None:
        return ""
    places = CURRENCY_MINOR_UNITS.get(currency, 2)
    shown = Decimal(value).quantize(
        Decimal(1).scaleb(-RATE_DISPLAY_PLACES), rounding=ROUND_HALF_UP
    )
    if shown == shown.quantize(Decimal(1).scaleb(-places)):
        return format_money(shown, currency)
    symbol = CURRENCY_SYMBOLS.get(currency)
    number = plain_decimal(shown, min_places=places)
    return f"{symbol}{number}" if symbol else f"{number} {currency}"


@register.filter
def money(value: Decimal | None, currency: str) -> str:
    return format_money(value, currency)


@register.filter
def rate(value: Decimal | None, currency: str) -> str:
    return format_rate(value, currency)


@register.filter
def hours(value: Decimal | None) -> str:
    """3.50 → 3.5; 2.00 → 2."""
    return plain_decimal(value)
