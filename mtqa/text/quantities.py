"""Numbers with their unit or currency ("152 mm", "6,5 milioni di euro", "$5 million", "4 inches"),
read from the text around a :class:`mtqa.text.numbers.Number`, and compared across unit systems.

Units are language-independent symbols plus words in the languages mtqa has profiles for; each maps to
a dimension and a factor to the dimension's base unit, so that "25 mm" and "1 inch" compare (within
``TOLERANCE``, for the rounding translators do). Ambiguous abbreviations ("m" for million or metre, "g",
"t", "l") and "pounds" (weight or money) are left out on purpose.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from mtqa.lang.profiles import LanguageProfile
from mtqa.text.numbers import Number, find_numbers

TOLERANCE = 0.12  # relative difference accepted between a figure and its conversion

_L, _M, _A, _V, _S = "length", "mass", "area", "volume", "speed"
UNITS: dict[str, tuple[str, float]] = {
    **{
        w: (_L, 0.001)
        for w in (
            "mm",
            "millimetri",
            "millimetro",
            "millimetres",
            "millimeters",
            "millimetre",
            "millimeter",
            "millimètres",
            "milímetros",
            "millimeter",
        )
    },
    **{
        w: (_L, 0.01)
        for w in (
            "cm",
            "centimetri",
            "centimetro",
            "centimetres",
            "centimeters",
            "centimetre",
            "centimeter",
            "centimètres",
            "centímetros",
            "zentimeter",
        )
    },
    **{w: (_L, 1.0) for w in ("metri", "metro", "metres", "meters", "metre", "meter", "mètres", "metros")},
    **{
        w: (_L, 1000.0)
        for w in (
            "km",
            "chilometri",
            "chilometro",
            "kilometres",
            "kilometers",
            "kilometre",
            "kilometer",
            "kilomètres",
            "kilómetros",
            "kilometer",
        )
    },
    **{w: (_L, 0.0254) for w in ("inch", "inches", "pollici", "pollice", "pouces", "pulgadas", "zoll")},
    **{w: (_L, 0.3048) for w in ("foot", "feet", "ft", "piedi", "pieds", "pies", "fuß")},
    **{w: (_L, 0.9144) for w in ("yard", "yards", "iarde")},
    **{w: (_L, 1609.344) for w in ("mile", "miles", "miglia", "miglio", "milles", "millas", "meilen")},
    **{
        w: (_M, 1.0)
        for w in ("kg", "chili", "chilo", "chilogrammi", "kilograms", "kilogrammes", "kilos", "kilogramm")
    },
    **{
        w: (_M, 1000.0)
        for w in ("tonnellate", "tonnellata", "tonnes", "tonne", "tons", "ton", "tonnen", "toneladas")
    },
    **{w: (_M, 0.4536) for w in ("lb", "lbs", "libbre")},
    **{w: (_M, 0.02835) for w in ("oz", "ounce", "ounces", "once")},
    **{w: (_A, 1.0) for w in ("m2", "m²", "metri quadrati", "square metres", "square meters", "mq")},
    **{w: (_A, 0.0929) for w in ("square feet", "sq ft")},
    **{w: (_A, 1e4) for w in ("ettari", "ettaro", "hectares", "hectare", "ha")},
    **{w: (_A, 4046.86) for w in ("acres", "acre", "acri")},
    **{w: (_A, 1e6) for w in ("km2", "km²", "chilometri quadrati", "square kilometres", "square kilometers")},
    **{w: (_A, 2.59e6) for w in ("square miles", "miglia quadrate")},
    **{w: (_V, 1.0) for w in ("litri", "litro", "litres", "liters", "litre", "liter")},
    **{w: (_V, 3.785) for w in ("gallons", "gallon", "galloni")},
    **{
        w: (_S, 1 / 3.6)
        for w in (
            "km/h",
            "kmh",
            "chilometri orari",
            "chilometri all'ora",
            "km all'ora",
            "kilometres per hour",
            "kilometers per hour",
        )
    },
    **{
        w: (_S, 0.44704)
        for w in (
            "mph",
            "miles per hour",
            "miglia orarie",
            "miglia all'ora",
            "miglia l'ora",
            "miglia per ora",
        )
    },
}
CURRENCIES: dict[str, str] = {
    **dict.fromkeys(("€", "euro", "euros", "eur"), "EUR"),
    **dict.fromkeys(
        ("$", "us$", "dollari", "dollaro", "dollars", "dollar", "usd", "dólares", "dollars"), "USD"
    ),
    **dict.fromkeys(("£", "sterline", "sterlina", "gbp", "sterling"), "GBP"),
    **dict.fromkeys(("yuan", "renminbi", "rmb", "cny"), "CNY"),
    **dict.fromkeys(("yen", "jpy"), "JPY"),
    **dict.fromkeys(("rubli", "rublo", "rubles", "roubles", "ruble", "rouble", "rub"), "RUB"),
    **dict.fromkeys(("zł", "pln", "złotych", "zloty", "zlotys", "złoty"), "PLN"),
    **dict.fromkeys(("chf", "franchi svizzeri", "swiss francs"), "CHF"),
}
_UNIT_AFTER = re.compile(
    r"[\s\u00a0\u202f]*(?:(?:di|de|of|d')\s+)?("
    + "|".join(re.escape(u) for u in sorted({*UNITS, *CURRENCIES}, key=len, reverse=True))
    + r")(?![\w²])",
    re.IGNORECASE,
)
_CURRENCY_BEFORE = re.compile(r"(€|\$|£|US\$|EUR|USD|GBP|PLN|CHF|RMB)\s?$")
_TEMP = re.compile(
    r"\s?(?:°\s?([CF])\b|gradi\s+(?:centigradi|celsius)|degrees\s+(celsius|fahrenheit))", re.IGNORECASE
)


@dataclass(frozen=True)
class Quantity:
    number: Number
    unit: str  # as written, lower case
    dimension: str  # "length", ..., "currency:EUR", "temperature"
    base: float  # the value in the dimension's base unit (metres, kilograms, ..., degrees Celsius)

    def close_to(self, other: Quantity) -> bool:
        if self.dimension != other.dimension:
            return False
        a, b = self.base, other.base
        return abs(a - b) <= TOLERANCE * max(abs(a), abs(b), 1e-9) or (
            self.dimension == "temperature" and abs(a - b) <= 1.5
        )


_FEET_INCHES = re.compile(  # from the start of a run of digits only: tried inside one, quadratic time
    r"(?<!\d)(\d+)[\s-]?(?:foot|feet|ft)\.?[\s-]?(\d+)(?:[\s-]?(?:inches|inch|in)\b\.?)?(?![\d.,]\d)",
    re.IGNORECASE,
)
_AMBIGUOUS_AFTER = re.compile(r"[\s\u00a0\u202f-]*(pounds|pound|degrees|gradi)\b", re.IGNORECASE)
_RANGE = re.compile(r"\s*(?:-|–|to|and|or|e|a|o|fino a)\s*$")


def find_quantities(text: str, profile: LanguageProfile, ambiguous: bool = False) -> list[Quantity]:
    """Every number of ``text`` that has a unit, a currency or a temperature scale; the first number
    of a range shares the unit of the second ("1 to 4 inches"), and feet and inches are one length
    ("6-foot-6"). With ``ambiguous``, also the readings of "pounds" (weight) and bare "degrees"
    (Celsius, Fahrenheit): a number may then have two quantities."""
    out: list[Quantity] = []
    numbers = find_numbers(text, profile)
    for n in numbers:
        v = n.value
        before = _CURRENCY_BEFORE.search(text[max(0, n.start - 4) : n.start])
        after = _UNIT_AFTER.match(text, n.end)
        temp = _TEMP.match(text, n.end)
        if temp:
            f = (temp.group(1) or temp.group(2) or "c")[0].lower() == "f"
            out.append(Quantity(n, temp.group(0).strip().lower(), "temperature", (v - 32) / 1.8 if f else v))
        elif before:
            out.append(
                Quantity(
                    n,
                    before.group(1).lower(),
                    "currency:" + CURRENCIES.get(before.group(1).lower(), before.group(1).upper()),
                    v,
                )
            )
        elif after:
            u = after.group(1).lower()
            if u in CURRENCIES:
                out.append(Quantity(n, u, "currency:" + CURRENCIES[u], v))
            else:
                dim, factor = UNITS[u]
                out.append(Quantity(n, u, dim, v * factor))
        elif ambiguous:
            out.extend(_ambiguous(text, n))
    by_start = {q.number.start: q for q in out}
    for a, b in itertools.pairwise(numbers):
        q = by_start.get(b.start)
        if q and a.start not in by_start and _RANGE.match(text[a.end : b.start]):
            ratio = q.base / q.number.value if q.number.value else 0.0
            if q.dimension == "temperature":
                base = (a.value - 32) / 1.8 if q.unit.endswith("f") or "fahrenheit" in q.unit else a.value
            else:
                base = a.value * ratio
            out.append(Quantity(a, q.unit, q.dimension, base))
    # feet and inches in one figure ("6-foot-6", "5 ft 11 in"): both numbers are the one length
    starts = {n.start: n for n in numbers}
    for m in _FEET_INCHES.finditer(text):
        ft, inch = starts.get(m.start(1)), starts.get(m.start(2))
        if ft is not None and inch is not None:
            base = ft.value * 0.3048 + inch.value * 0.0254
            out = [q for q in out if q.number.start not in (ft.start, inch.start)]
            out += [Quantity(ft, "ft+in", _L, base), Quantity(inch, "ft+in", _L, base)]
    return sorted(out, key=lambda q: q.number.start)


def _ambiguous(text: str, n: Number) -> list[Quantity]:
    """The readings of a unit that may mean two things, for comparing with a quantity that says which:
    "pound(s)" as a weight (a sum of money is written "£550"), bare "degrees"/"gradi" as Celsius or
    Fahrenheit (an angle has the same number on both sides and never needs a reading)."""
    m = _AMBIGUOUS_AFTER.match(text, n.end)
    if m is None:
        return []
    u, v = m.group(1).lower(), n.value
    if u.startswith("pound"):
        return [Quantity(n, u, _M, v * 0.4536)]
    return [Quantity(n, u, "temperature", v), Quantity(n, u, "temperature", (v - 32) / 1.8)]
