"""Rebuild the two lists the name finder reads from registry packages (the ``namelists`` extra):

    pip install 'citysurvey[namelists]'
    python scripts/build_name_lists.py          # writes citysurvey/text/data/latin_given_names.json and t2s_chars.json

* ``latin_given_names.json``: given names written in Latin letters, from the ``names`` package (MIT; its lists are
  the 1990 US Census's first names, male and female, public domain), title case, three letters or more. The names
  that are also everyday English words (Summer, Grace, Will, Bill …) are listed apart (:data:`WORD_NAMES`): the finder
  wants a word for a person right beside them.
* ``t2s_chars.json``: traditional characters and their simplified form, one character for one, from OpenCC's
  ``TSCharacters.txt`` as ``opencc-python-reimplemented`` ships it (Apache-2.0). Left out: a character whose candidates
  include itself (乾 → 干 乾, 於 → 于 於: both forms are in use in simplified text) and a character that is itself some
  character's simplified form, so that simplified text reads the same through the table.

Each file carries a manifest with the package, its version, licence and the SHA-256 of the file it was derived from.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "citysurvey", "text", "data")

#: Given names that are also common English words, or words written in Latin letters in Chinese answers (brands, terms):
#: a name only beside a word for a person (我女儿 Grace, Summer老师).
WORD_NAMES = frozenset((
    "Summer Grace Rose May Will Bill Joy Hope Faith Amber Ruby Pearl Iris Lily Daisy Violet Ivy Holly Dawn Autumn April "
    "June August Angel Crystal Candy Cherry Honey Sunny Star Rich Mark Jack Frank Guy Art Bob Pat Sue Don Ray Rod Gene "
    "Jean Bud Buck Chance Chase Cliff Dale Dean Drew Earl Glen Grant Hunter Lane Lee Major Miles Norman Price Reed Rocky "
    "Sterling Wade Ward Warren Young Page Robin Sky Echo Coco Penny Sandy Fern Heather Olive Ginger Misty Destiny Harmony "
    "Melody Trinity Unique Precious Patience Prudence Charity Mercy Noble King Prince Early Love Max Nick Sam Al Tim "
    "Jan Kay Bell Belle Bonnie Carol Carrie Chad Chris Cole Cook Dot Fay Ford Gay Gale Gay Hazel Jade Jay Jewel Jim "
    "Joe Kim Kit Lou Lucky Mac Matt Mel Mickey Mike Ned Pat Pete Rex Rip Ron Rose Roy Rusty Scott Shelby Sonny Stan "
    "Storm Sunday Ted Terry Toby Tom Van Vera Wally Wes Winter Abbey Alma Apple Angel Babe Baby Bambi Blair Blaine "
    "Bobby Brook Brooke Carmen Chanel Clay Clyde Cody Colt Dana Dusty Eden Ella Ernest Esther Eve Flora Forest Gray "
    "Green Hall Hank Hardy Harley Harvey Haven Hollis Houston Jordan Justice Kelly Kent Lincoln Lionel Lowell Marina "
    "Marshall Mason Mercedes Miller Mitchell Moses Nelson Paris Parker Porter Queen Randy Raven Rod Royal Sage Savannah "
    "Shannon Sherman Skip Spencer Stone Stuart Taylor Tanner Tracy Trent Tucker Vance Victoria Virginia Wallace Walker "
    "Warner Wiley Willow Wilson Winston Wood Wyatt York Austin Dallas Denver Florence Georgia Sydney Adelaide "
    "Charlotte Madison Carolina Kenya China Asia India Africa Ireland Holland Jersey Cuba Chelsea Devon Lorraine "
    "Ben Pro Plus Mini Mars Luna Nova Tesla Rolex Polo Kia Seat Honda Chevy Dodge Buick Benz Audi "
    # brands, characters, feasts and things on the census lists (Porsche, Hello Kitty, Elsa's dress, Easter)
    "Porsche Dell Omega Tiffany Kitty Minnie Barbie Elsa Mario Garfield Alexa Easter Valentine Christmas Diamond "
    "Coral Ivory Berry Spring").split())


def _sha256(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def _write(name: str, payload: dict) -> None:
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump(payload, f, ensure_ascii=False, sort_keys=True, indent=0)
        f.write("\n")


def latin_given() -> dict:
    import names

    files = {"first:male": "dist.male.first", "first:female": "dist.female.first"}
    out: set[str] = set()
    sources = []
    for key, fname in files.items():
        path = names.FILES[key]
        with open(path, encoding="utf-8") as f:
            out.update(line.split()[0].title() for line in f if line.strip())
        sources.append({"package": "names", "version": names.__version__, "licence": "MIT (lists: 1990 US Census, public domain)",
                        "file": f"names/{fname}", "sha256": _sha256(path), "use": "given names in Latin letters"})
    listed = sorted(n for n in out if len(n) >= 3 and n.isalpha())
    return {"manifest": {"sources": sources, "names": len(listed), "word_names_by_hand": "scripts/build_name_lists.py WORD_NAMES"},
            "names": [n for n in listed if n not in WORD_NAMES],
            "word_names": sorted(n for n in listed if n in WORD_NAMES)}


def t2s_chars() -> dict:
    import opencc

    from importlib.metadata import version

    path = os.path.join(os.path.dirname(opencc.__file__), "dictionary", "TSCharacters.txt")
    pairs: dict[str, list[str]] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if "\t" in line:
                t, s = line.rstrip("\n").split("\t")
                pairs[t] = s.split()
    targets = {c for cands in pairs.values() for c in cands}
    table = {t: cands[0] for t, cands in pairs.items()
             if len(t) == 1 and len(cands[0]) == 1 and t not in cands and t not in targets}
    return {"manifest": {"sources": [{"package": "opencc-python-reimplemented", "version": version("opencc-python-reimplemented"),
                                      "licence": "Apache-2.0", "file": "opencc/dictionary/TSCharacters.txt",
                                      "sha256": _sha256(path), "use": "traditional to simplified, one character for one"}],
                         "pairs": len(table)},
            "t2s": "".join(sorted(table)) , "s": "".join(table[t] for t in sorted(table))}


def main() -> int:
    _write("latin_given_names.json", latin_given())
    _write("t2s_chars.json", t2s_chars())
    return 0


if __name__ == "__main__":
    sys.exit(main())
