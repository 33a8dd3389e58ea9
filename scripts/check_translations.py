"""Check the translation catalogs: complete, consistent, extracted and compiled.

    python -m scripts.check_translations          # everything (needs GNU gettext)
    python -m scripts.check_translations --quick  # completeness only, no gettext needed
    python -m scripts.check_translations --write-english  # English catalog = the source strings

Complete: every message of every language has a translation, none is fuzzy, and each
keeps the placeholders of its source. Extracted: running makemessages would add no new
message. Compiled: the committed .mo files are what msgfmt makes of the .po files.
"""

import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "synergy" / "locale"
LANGUAGES = ["en", "pl", "de", "it", "sl", "hr"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{\s*\w+\s*\}\}")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgstrs: list[str] = field(default_factory=list)
    fuzzy: bool = False


def _unquote(line: str) -> str:
    return line[line.index('"') + 1 : line.rindex('"')].encode("latin-1", "backslashreplace").decode("unicode_escape")


def parse_po(path: Path) -> list[Entry]:
    """A small reader for the .po files makemessages writes (obsolete entries skipped)."""
    return parse_po_text(path.read_text(encoding="utf-8"))


def parse_po_text(text: str) -> list[Entry]:
    entries, entry, target = [], Entry(), None
    for raw in [*text.splitlines(), ""]:
        line = raw.strip()
        if not line:
            if entry.msgid or entry.msgstrs:
                entries.append(entry)
            entry, target = Entry(), None
        elif line.startswith("#,") and "fuzzy" in line:
            entry.fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid_plural"):
            entry.msgid_plural, target = _unquote(line), "plural"
        elif line.startswith("msgid"):
            entry.msgid, target = _unquote(line), "id"
        elif line.startswith("msgstr"):
            entry.msgstrs.append(_unquote(line))
            target = "str"
        elif line.startswith('"'):
            text = _unquote(line)
            if target == "id":
                entry.msgid += text
            elif target == "plural":
                entry.msgid_plural += text
            elif target == "str":
                entry.msgstrs[-1] += text
    return [e for e in entries if e.msgid]  # the header has an empty msgid


def _text(s: str) -> str:
    # Only the source's own placeholders are compared; "%%" is a literal percent sign.
    return s.replace("%%", "")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


def write_english_catalog() -> None:
    """Make every English msgstr its msgid: the code is written in English."""
    path = LOCALE / "en" / "LC_MESSAGES" / "django.po"
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    for index, block in enumerate(blocks):
        entries = parse_po_text(block)
        if not entries:
            continue
        entry = entries[0]
        kept = [line for line in block.split("\n") if line.startswith("#") and not line.startswith("#|")]
        kept = [re.sub(r",\s*fuzzy|fuzzy,?\s*", "", line) for line in kept]
        kept = [line for line in kept if line.strip() not in ("#", "#,")]
        kept += _source_lines(block)
        if entry.msgid_plural:
            kept += [f'msgstr[0] "{_escape(entry.msgid)}"', f'msgstr[1] "{_escape(entry.msgid_plural)}"']
        else:
            kept.append(f'msgstr "{_escape(entry.msgid)}"')
        blocks[index] = "\n".join(kept)
    path.write_text("\n\n".join(blocks), encoding="utf-8")


def _source_lines(block: str) -> list[str]:
    """The msgctxt, msgid and msgid_plural lines of a block, continuation lines included."""
    lines, keep = [], False
    for line in block.split("\n"):
        if line.startswith(("msgctxt", "msgid")):
            keep = True
        elif line.startswith("msgstr") or line.startswith("#"):
            keep = False
        if keep:
            lines.append(line)
    return lines


def problems(language: str) -> list[str]:
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    if not path.exists():
        return [f"{language}: {path.relative_to(ROOT)} is missing"]
    found = []
    for entry in parse_po(path):
        label = f"{language}: {entry.msgid[:60]!r}"
        if entry.fuzzy:
            found.append(f"{label} is fuzzy")
        if not entry.msgstrs or any(not s for s in entry.msgstrs):
            found.append(f"{label} is not translated")
            continue
        source = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        if language == "en" and entry.msgstrs != source:
            found.append(f"{label}: the English text must be the source text")
            continue
        expected = set(PLACEHOLDER.findall(_text(entry.msgid))) | set(PLACEHOLDER.findall(_text(entry.msgid_plural)))
        for msgstr in entry.msgstrs:
            got = set(PLACEHOLDER.findall(_text(msgstr)))
            if got - expected or (not entry.msgid_plural and got != expected):
                found.append(f"{label} has placeholders {sorted(got)}, expected {sorted(expected)}")
    return found


def msgids(language: str) -> set[str]:
    return {e.msgid for e in parse_po(LOCALE / language / "LC_MESSAGES" / "django.po")}


def check_extracted() -> list[str]:
    """Run makemessages on a copy of the catalogs; any new message means a forgotten update."""
    before = {language: msgids(language) for language in LANGUAGES}
    backup = Path(tempfile.mkdtemp()) / "locale"
    shutil.copytree(LOCALE, backup)
    try:
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "makemessages", "--all", "--no-obsolete", "-v0"],
            cwd=ROOT / "synergy",
            check=True,
        )
        after = {language: msgids(language) for language in LANGUAGES}
    finally:
        shutil.rmtree(LOCALE)
        shutil.copytree(backup, LOCALE)
    found = []
    for language in LANGUAGES:
        for msgid in sorted(after[language] - before[language]):
            found.append(f"{language}: {msgid[:60]!r} is in the code but not in the catalog (run make messages)")
        for msgid in sorted(before[language] - after[language]):
            found.append(f"{language}: {msgid[:60]!r} is in the catalog but no longer in the code")
    return found


def check_compiled() -> list[str]:
    found = []
    for language in LANGUAGES:
        po = LOCALE / language / "LC_MESSAGES" / "django.po"
        mo = po.with_suffix(".mo")
        fresh = Path(tempfile.mkdtemp()) / "django.mo"
        subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(po)], check=True)
        if not mo.exists() or mo.read_bytes() != fresh.read_bytes():
            found.append(f"{language}: {mo.relative_to(ROOT)} is out of date (run make messages)")
    return found


def main() -> int:
    if "--write-english" in sys.argv:
        write_english_catalog()
        return 0
    found = [problem for language in LANGUAGES for problem in problems(language)]
    if "--quick" not in sys.argv:
        found += check_extracted() + check_compiled()
    for problem in found:
        print(problem)
    print(f"translations: {len(found)} problems in {len(LANGUAGES)} languages")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
