#!/usr/bin/env python
"""Write an annotator's folder for a new blind evaluation pair: the brief, the format checker and the topic codes.

    python analysis/annotation/make_brief.py 47 PG OG /path/to/empty/folder

N numbers the set (redaction_heldoutN.jsonl, topics_heldoutN.csv); the two prefixes number its records (PG001 …) and
its topic rows (OG001 …) and must be new (``cat tests/fixtures/text/*.jsonl tests/fixtures/text/*.csv | grep -o -E
'(^|")[A-Z]{2}[0-9]{3}'`` lists the used ones). The annotator is given one sentence, "Read FOLDER/BRIEF.md and follow
it exactly; do not read anything outside FOLDER", and nothing of the code. The sets 41-46 were written from this brief
(the line on a person's bank card, type ``other``, was added after them: their writers kept such numbers).
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    if len(argv) != 4 or not argv[0].isdigit():
        print(__doc__)
        return 2
    n, rp, tp, folder = argv
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    fill = {"{n}": n, "{rp}": rp, "{tp}": tp, "{folder}": str(out)}

    def filled(text: str) -> str:
        for key, value in fill.items():
            text = text.replace(key, value)
        return text

    (out / "BRIEF.md").write_text(filled((HERE / "BRIEF_TEMPLATE.md").read_text(encoding="utf-8")), encoding="utf-8")
    (out / "validate_template.py").write_text(filled((HERE / "validate_template.py.in").read_text(encoding="utf-8")),
                                              encoding="utf-8")
    shutil.copy(HERE / "topic_list.txt", out / "topic_list.txt")
    print(f"wrote {out}/BRIEF.md, validate_template.py, topic_list.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
