"""Fake but distinctive identities: names, e-mails and phone numbers by country.

Everything is invented: the e-mail domains are `example.<tld>` and the phone
numbers follow each country's mobile format with random digits. Built with
pyarrow compute (no loop over people), so a million subjects take a second.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

#: country -> share among customers and prospects (the company serves Kazakhstan first)
COUNTRY_SHARES = {
    "KZ": 0.88,
    "RU": 0.04,
    "UZ": 0.03,
    "KG": 0.02,
    "DE": 0.01,
    "TR": 0.01,
    "US": 0.01,
}

_KZ_FEMALE = [
    "Aigerim",
    "Aruzhan",
    "Dana",
    "Madina",
    "Zhansaya",
    "Aizhan",
    "Gulnara",
    "Saule",
    "Dinara",
    "Assel",
    "Kamila",
    "Ainur",
    "Akmaral",
    "Botagoz",
    "Zarina",
    "Togzhan",
    "Meruert",
    "Altynai",
    "Indira",
    "Laura",
    "Ayana",
    "Moldir",
    "Nazerke",
    "Symbat",
    "Tomiris",
    "Zhuldyz",
    "Aliya",
    "Bayan",
    "Karlygash",
    "Raushan",
    "Dilnaz",
    "Inkar",
]
_KZ_MALE = [
    "Nurlan",
    "Yerlan",
    "Daniyar",
    "Askar",
    "Arman",
    "Bauyrzhan",
    "Yerzhan",
    "Nursultan",
    "Azamat",
    "Timur",
    "Kanat",
    "Serik",
    "Marat",
    "Dauren",
    "Alibek",
    "Zhandos",
    "Aidos",
    "Berik",
    "Yersultan",
    "Olzhas",
    "Rustem",
    "Sanzhar",
    "Temirlan",
    "Madi",
    "Abylai",
    "Nurbol",
    "Adil",
    "Miras",
    "Ilyas",
    "Arsen",
    "Dias",
    "Alikhan",
]
#: male forms; the female form adds "a" (Sadykov -> Sadykova), -uly becomes -kyzy
_KZ_SURNAMES = [
    "Sadykov",
    "Abenov",
    "Tokhtarov",
    "Nurlanov",
    "Zhumabayev",
    "Akhmetov",
    "Iskakov",
    "Baimukhamedov",
    "Omarov",
    "Kassymov",
    "Dzhaksybekov",
    "Tulegenov",
    "Suleimenov",
    "Yessenov",
    "Mukanov",
    "Zhaksylykov",
    "Kenzhebayev",
    "Abdrakhmanov",
    "Bekov",
    "Utepov",
    "Nurpeisov",
    "Sarsenbayev",
    "Amanzholov",
    "Ermekov",
    "Tlegenov",
    "Yerzhanov",
    "Zhakupov",
    "Kuanyshev",
    "Serikbayev",
    "Ospanov",
    "Temirbekov",
    "Alimzhanov",
    "Myrzakhmetov",
    "Shaimerdenov",
    "Kairatov",
    "Dosmukhamedov",
    "Nurlanuly",
    "Bolatuly",
    "Serikuly",
    "Kanatuly",
    "Askaruly",
    "Yermekuly",
]

_NAMES = {
    "KZ": (_KZ_FEMALE, _KZ_MALE, _KZ_SURNAMES),
    "RU": (
        [
            "Anna",
            "Elena",
            "Olga",
            "Natalia",
            "Yulia",
            "Ekaterina",
            "Irina",
            "Svetlana",
            "Maria",
            "Tatiana",
        ],
        [
            "Ivan",
            "Dmitry",
            "Sergey",
            "Alexey",
            "Andrey",
            "Mikhail",
            "Pavel",
            "Nikolai",
            "Vladimir",
            "Igor",
        ],
        [
            "Petrov",
            "Sokolov",
            "Smirnov",
            "Kuznetsov",
            "Popov",
            "Volkov",
            "Morozov",
            "Lebedev",
            "Kozlov",
            "Novikov",
        ],
    ),
    "UZ": (
        ["Dilnoza", "Gulnoza", "Madina", "Nilufar", "Shakhnoza", "Feruza", "Malika", "Kamola"],
        ["Aziz", "Bekzod", "Jasur", "Sardor", "Otabek", "Rustam", "Sherzod", "Ulugbek"],
        [
            "Karimov",
            "Rakhimov",
            "Yusupov",
            "Tashkentov",
            "Usmonov",
            "Nazarov",
            "Alimov",
            "Ergashev",
        ],
    ),
    "KG": (
        ["Aizada", "Begaiym", "Cholpon", "Elmira", "Nurzhamal", "Zhyldyz"],
        ["Almaz", "Bakyt", "Chyngyz", "Emil", "Kubanychbek", "Talant"],
        ["Asanov", "Dzhaparov", "Imanaliev", "Osmonov", "Sydykov", "Toktogulov"],
    ),
    "DE": (
        ["Anna", "Lena", "Julia", "Katharina", "Sophie", "Laura"],
        ["Lukas", "Jonas", "Felix", "Maximilian", "Paul", "Tobias"],
        ["Muller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker"],
    ),
    "TR": (
        ["Ayse", "Elif", "Zeynep", "Merve", "Fatma", "Ece"],
        ["Mehmet", "Mustafa", "Emre", "Burak", "Can", "Murat"],
        ["Yilmaz", "Kaya", "Demir", "Sahin", "Celik", "Aydin"],
    ),
    "US": (
        ["Emily", "Sarah", "Jessica", "Ashley", "Megan", "Olivia"],
        ["Michael", "James", "Robert", "David", "Daniel", "Ryan"],
        ["Smith", "Johnson", "Brown", "Miller", "Davis", "Wilson"],
    ),
}

_EMAIL_TLD = {
    "KZ": "kz",
    "RU": "ru",
    "UZ": "uz",
    "KG": "kg",
    "DE": "de",
    "TR": "com.tr",
    "US": "com",
}
#: country -> (prefix, list of operator codes, groups of the subscriber number)
_PHONES = {
    "KZ": (
        "+7 ",
        ["700", "701", "702", "705", "707", "747", "771", "775", "776", "777", "778"],
        (3, 2, 2),
    ),
    "RU": ("+7 ", ["903", "905", "912", "916", "925", "926", "977", "985"], (3, 2, 2)),
    "UZ": ("+998 ", ["90", "91", "93", "94", "97", "99"], (3, 2, 2)),
    "KG": ("+996 ", ["550", "555", "700", "705", "770", "777"], (3, 3)),
    "DE": ("+49 ", ["151", "152", "157", "160", "170", "176"], (7,)),
    "TR": ("+90 ", ["530", "532", "533", "542", "505", "555"], (3, 2, 2)),
    "US": ("+1 ", ["212", "312", "415", "617", "646", "718"], (3, 4)),
}


def _female_form(surname: str) -> str:
    if surname.endswith("uly"):
        return surname[:-3] + "kyzy"
    if surname.endswith(("ov", "ev", "in")):
        return surname + "a"
    return surname


def _digits(rng: np.random.Generator, n: int, width: int) -> pa.Array:
    """`n` random zero-padded numbers of `width` digits, as strings."""
    values = rng.integers(0, 10**width, size=n)
    return pc.utf8_lpad(pc.cast(pa.array(values), pa.string()), width, "0")


def _join(*parts: pa.Array | str) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def identities(
    rng: np.random.Generator, countries: np.ndarray, female: np.ndarray
) -> tuple[pa.Array, pa.Array, pa.Array]:
    """Full names, e-mails and phones for people of the given countries and sexes.

    E-mails read `aigerim.sadykova.4821@example.kz`; KZ phones `+7 701 234 56 78`.
    """
    n = len(countries)
    order: list[np.ndarray] = []
    parts: dict[str, list[pa.Array]] = {"name": [], "email": [], "phone": []}
    for country in sorted(_NAMES):
        rows = np.flatnonzero(countries == country)
        if not len(rows):
            continue
        females, males, surnames = _NAMES[country]
        m = len(rows)
        mask = pa.array(female[rows])
        first_f = pa.array(females).take(pa.array(rng.integers(0, len(females), m)))
        first_m = pa.array(males).take(pa.array(rng.integers(0, len(males), m)))
        surname_index = pa.array(rng.integers(0, len(surnames), m))
        last_m = pa.array(surnames).take(surname_index)
        last_f = pa.array([_female_form(s) for s in surnames]).take(surname_index)
        first = pc.if_else(mask, first_f, first_m)
        last = pc.if_else(mask, last_f, last_m)
        parts["name"].append(_join(first, " ", last))
        parts["email"].append(
            _join(
                pc.utf8_lower(first),
                ".",
                pc.utf8_lower(last),
                ".",
                _digits(rng, m, 4),
                f"@example.{_EMAIL_TLD[country]}",
            )
        )
        prefix, operators, groups = _PHONES[country]
        operator = pa.array(operators).take(pa.array(rng.integers(0, len(operators), m)))
        pieces: list[pa.Array | str] = [prefix, operator]
        for width in groups:
            pieces += [" ", _digits(rng, m, width)]
        parts["phone"].append(_join(*pieces))
        order.append(rows)
    if not order:
        empty = pa.array([], pa.string())
        return empty, empty, empty
    # rows were built country by country: put them back in the callers' order
    inverse = np.empty(n, dtype=np.int64)
    inverse[np.concatenate(order)] = np.arange(n)
    back = pa.array(inverse)
    full_name, email, phone = (
        pa.concat_arrays(parts[k]).take(back) for k in ("name", "email", "phone")
    )
    return full_name, email, phone


def draw_countries(rng: np.random.Generator, n: int, kz_share: float) -> np.ndarray:
    """Countries for `n` people, `kz_share` of them in Kazakhstan, the rest as COUNTRY_SHARES."""
    others = {c: s for c, s in COUNTRY_SHARES.items() if c != "KZ"}
    total = sum(others.values())
    names = ["KZ", *others]
    shares = [kz_share, *((1 - kz_share) * s / total for s in others.values())]
    return np.array(names, dtype=object)[rng.choice(len(names), size=n, p=shares)]
