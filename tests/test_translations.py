"""The Arabic and French catalogues are complete and sound, and the pages speak them.

The .po files are read here by a small parser and the committed .mo files by the
standard library (``gettext``), so nothing needs GNU gettext at test time:

- every string the source marks (Python gettext calls, template tags as Django's
  makemessages reads them) has an entry, so a string marked but never extracted fails;
- every entry is translated, none is fuzzy, plural entries have the language's number
  of forms, and placeholders and HTML tags are the same in msgid and msgstr;
- each .mo holds exactly the entries of its .po (a .po edited without
  ``make messages`` fails);
- the map, the embed, the admin's event list and an import's report render in
  Arabic and in French for the language the browser asks for.
"""
import ast
import datetime
import gettext
import re
import struct
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation.template import templatize

from events.models import Job
from events.taxonomy import ReviewStatus

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = {"ar": 6, "fr": 2}  # language: number of plural forms
GETTEXT_CALLS = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy",
                 "pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}
SOURCE_DIRS = ("events", "project")


def po_path(language):
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


# --- reading a .po file ---------------------------------------------------------------

class Entry:
    def __init__(self):
        self.flags, self.msgctxt, self.msgid, self.msgid_plural = set(), None, None, None
        self.msgstr, self.plurals, self.obsolete = None, {}, False

    @property
    def key(self):
        """The entry's key in a .mo file: context EOT msgid (NUL msgid_plural)."""
        key = self.msgid if self.msgid_plural is None else f"{self.msgid}\x00{self.msgid_plural}"
        return key if self.msgctxt is None else f"{self.msgctxt}\x04{key}"

    @property
    def value(self):
        if self.msgid_plural is None:
            return self.msgstr
        return "\x00".join(self.plurals[n] for n in sorted(self.plurals))

    @property
    def translations(self):
        return [self.msgstr] if self.msgid_plural is None else [self.plurals[n] for n in sorted(self.plurals)]


def _unquote(text):
    return ast.literal_eval(text.strip())  # a PO string uses C escapes (\" \\ \n \t)


def read_po(path):
    """The entries of a .po file, the header ("" msgid) first; obsolete entries kept, marked."""
    entries, entry, field = [], Entry(), None

    def close():
        nonlocal entry
        if entry.msgid is not None:
            entries.append(entry)
        entry = Entry()

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            close()
            field = None
            continue
        if line.startswith("#~"):
            entry.obsolete = True
            continue
        if line.startswith("#,"):
            if entry.msgid is not None:
                close()
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            if entry.msgid is not None and field is not None:
                close()
                field = None
            continue
        match = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line)
        if match:
            keyword, index, text = match.groups()
            if keyword in ("msgctxt", "msgid") and field is not None and field.startswith("msgstr"):
                close()
            field = keyword if index is None else ("msgstr", int(index))
            value = _unquote(text)
            if isinstance(field, tuple):
                entry.plurals[field[1]] = value
            else:
                setattr(entry, field, value)
            continue
        assert line.startswith('"'), f"{path}: cannot read {line!r}"
        value = _unquote(line)
        if isinstance(field, tuple):
            entry.plurals[field[1]] += value
        else:
            setattr(entry, field, getattr(entry, field) + value)
    close()
    return entries


def catalogue(language):
    """(header entry, [message entries]) of a language's .po, obsolete ones left out."""
    entries = [e for e in read_po(po_path(language)) if not e.obsolete]
    header = [e for e in entries if e.msgid == "" and e.msgctxt is None]
    return header[0], [e for e in entries if e is not header[0]]


def read_mo(path):
    """{key: value} of a compiled catalogue, read as the GNU .mo format lays it out."""
    data = path.read_bytes()
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    _revision, count, originals, translations = struct.unpack(order + "4I", data[4:20])
    result = {}
    for n in range(count):
        length, offset = struct.unpack(order + "2I", data[originals + 8 * n:originals + 8 * n + 8])
        key = data[offset:offset + length].decode("utf-8")
        length, offset = struct.unpack(order + "2I", data[translations + 8 * n:translations + 8 * n + 8])
        result[key] = data[offset:offset + length].decode("utf-8")
    return result


# --- what the source marks --------------------------------------------------------------

def _python_messages(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name not in GETTEXT_CALLS:
            continue
        args = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
                for a in node.args]
        context = None
        if name.startswith(("pgettext", "npgettext")):
            context, args = args[0], args[1:]
        if not args or args[0] is None:
            continue  # a variable: makemessages cannot extract it either
        plural = args[1] if name.startswith(("ngettext", "npgettext")) and len(args) > 1 else None
        yield context, args[0], plural, f"{path.relative_to(ROOT)}:{node.lineno}"


_TEMPLATE_CALL = re.compile(r"\b(n?p?gettext)\((u'(?:[^'\\]|\\.)*'(?:, u'(?:[^'\\]|\\.)*')*)")


def _template_messages(path):
    """The messages of a template, as makemessages sees them (Django's templatize)."""
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for match in _TEMPLATE_CALL.finditer(code):
        name, args = match.group(1), list(ast.literal_eval(f"({match.group(2)},)"))
        context = args.pop(0) if name in ("pgettext", "npgettext") else None
        plural = args[1] if name.startswith(("ngettext", "npgettext")) else None
        yield context, args[0], plural, str(path.relative_to(ROOT))


def source_messages():
    found = []
    for folder in SOURCE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                found.extend(_python_messages(path))
    for path in sorted((ROOT / "templates").rglob("*.html")):
        found.extend(_template_messages(path))
    return found


# --- placeholders ------------------------------------------------------------------------

_PERCENT = re.compile(r"%(?:\((\w+)\))?[-+ #0]*\d*(?:\.\d+)?([sdifrxX%])")
_BRACES = re.compile(r"(?<!\{)\{(\w*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def placeholders(text):
    named = sorted({f"%({n}){c}" for n, c in _PERCENT.findall(text) if n})
    positional = [f"%{c}" for n, c in _PERCENT.findall(text) if not n and c != "%"]
    return named, positional, sorted(_BRACES.findall(text)), sorted(_TAG.findall(text))


# --- the catalogues ----------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_the_source_marks_is_in_the_catalogue(language):
    _header, entries = catalogue(language)
    known = {(e.msgctxt, e.msgid): e for e in entries}
    messages = source_messages()
    missing = sorted({f"{where}: {msgid!r}" for context, msgid, _plural, where in messages
                      if (context, msgid) not in known})
    wrong_plural = sorted({f"{where}: {msgid!r}" for context, msgid, plural, where in messages
                           if (context, msgid) in known and known[context, msgid].msgid_plural != plural})

    assert len(messages) > 300  # the scan itself found the source's strings
    assert not missing, "not extracted, run `make messages`:\n" + "\n".join(missing)
    assert not wrong_plural, "plural differs from the catalogue:\n" + "\n".join(wrong_plural)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    header, entries = catalogue(language)
    forms = LANGUAGES[language]

    assert f"Language: {language}\n" in header.msgstr
    assert f"nplurals={forms};" in header.msgstr
    assert "fuzzy" not in header.flags
    assert len(entries) > 300
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    empty = [e.msgid for e in entries if not all(t and t.strip() for t in e.translations)]
    bad_forms = [e.msgid for e in entries if e.msgid_plural is not None and sorted(e.plurals) != list(range(forms))]
    assert not fuzzy, f"fuzzy in {language}: {fuzzy}"
    assert not empty, f"untranslated in {language}: {empty}"
    assert not bad_forms, f"plural entries without {forms} forms in {language}: {bad_forms}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_and_markup_are_the_same_in_every_translation(language):
    _header, entries = catalogue(language)
    wrong = []
    for entry in entries:
        for text in entry.translations:
            if placeholders(text) != placeholders(entry.msgid):
                wrong.append(f"{entry.msgid!r} -> {text!r}")
        if entry.msgid_plural is not None and placeholders(entry.msgid_plural) != placeholders(entry.msgid):
            wrong.append(f"{entry.msgid!r} / {entry.msgid_plural!r}")
    assert not wrong, "\n".join(wrong)


def test_the_placeholder_check_would_catch_a_broken_translation():
    assert placeholders("%(count)d events published.") != placeholders("%(nombre)d publiés.")
    assert placeholders("<b>{0}</b> of %s") != placeholders("{0} sur %s")
    assert placeholders("%(limit)s..%(limit)s") == placeholders("-%(limit)s إلى %(limit)s")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_the_po_file_compiled(language):
    header, entries = catalogue(language)
    compiled = read_mo(po_path(language).with_suffix(".mo"))
    expected = {e.key: e.value for e in entries}

    # msgfmt leaves the POT-Creation-Date out of the compiled header.
    assert compiled.pop("") == re.sub(r"POT-Creation-Date: [^\n]*\n", "", header.msgstr)
    stale = sorted(k for k in expected if compiled.get(k) != expected[k])
    extra = sorted(set(compiled) - set(expected))
    assert not stale, f"differs from the .po (run `make messages`): {stale[:10]}"
    assert not extra, f"only in the .mo: {extra[:10]}"


def test_arabic_plurals_follow_its_six_forms():
    with po_path("ar").with_suffix(".mo").open("rb") as mo:
        arabic = gettext.GNUTranslations(mo)
    forms = {n: arabic.ngettext("%(counter)s event", "%(counter)s events", n) for n in (0, 1, 2, 3, 11, 100)}

    # The header's formula picks the dual for 2, the plural for 3-10, the accusative for 11-99.
    assert (forms[2], forms[3], forms[11], forms[100]) == (
        "%(counter)s حدثان", "%(counter)s أحداث", "%(counter)s حدثًا", "%(counter)s حدث")


# --- pages in the reader's language --------------------------------------------------

def _translation(language, msgid):
    _header, entries = catalogue(language)
    return next(e.msgstr for e in entries if e.msgid == msgid)


def shows(html, text):
    """Whether a page shows text: template literals are output as they are, values escaped."""
    return text in html or escape(text) in html


@pytest.mark.django_db
@pytest.mark.parametrize("language,battles", [("ar", "معارك"), ("fr", "Batailles")])
def test_the_map_and_the_embed_speak_the_readers_language(client, make_event, language, battles):
    make_event()
    html = client.get("/?date_from=not-a-date", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert f'lang="{language}"' in html and battles in html
    for msgid in ("Some filters were not understood; the map and the list leave them out until they "
                  "are corrected.", "Share and export", "Embed this map", "More filters"):
        assert shows(html, _translation(language, msgid)), msgid
        assert msgid not in html
    embed = client.get("/embed/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert shows(embed, _translation(language, "Open the full map"))


@pytest.mark.django_db
def test_the_count_on_the_map_takes_the_arabic_plural(client, make_event):
    for day in (1, 2, 3):
        make_event(event_date=datetime.date(2014, 11, day))
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert "3 أحداث على الخريطة" in html and "events on the map" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admins_event_list_speaks_the_editors_language(editor_client, make_event, language):
    make_event()
    html = editor_client.get(reverse("admin:events_event_changelist"),
                             HTTP_ACCEPT_LANGUAGE=language).content.decode()

    for msgid in ("Import ACLED file", "Publish selected events", "Retract selected events",
                  "Merge selected duplicates into one (a published one is kept)", "Published"):
        assert shows(html, _translation(language, msgid)), msgid
    assert "Import ACLED file" not in html


@pytest.mark.django_db
def test_the_language_chosen_on_the_site_holds_in_the_admin(editor_client, make_event):
    make_event()
    editor_client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    html = editor_client.get(reverse("admin:events_event_changelist")).content.decode()

    assert "Importer un fichier ACLED" in html and "Import ACLED file" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("language,reason", [
    ("ar", "قيمة event_date \u200f'2014-13-01' ليست تاريخًا"),
    ("fr", "event_date '2014-13-01' n'est pas une date"),
])
def test_an_imports_report_gives_its_reasons_in_the_uploaders_language(editor_client, language, reason):
    rows = (b"event_id_cnty,event_date,event_type,sub_event_type,country,location\n"
            b"LBY1,2014-13-01,Battles,Armed clash,Libya,Derna\n")
    editor_client.post(reverse("events:import-acled"),
                       {"file": SimpleUploadedFile("rows.csv", rows), "status": ReviewStatus.DRAFT},
                       HTTP_ACCEPT_LANGUAGE=language)
    job = Job.objects.get()

    assert job.parameters["language"] == language
    assert job.report["errors"][0][1].startswith(reason)
    html = editor_client.get(job.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert shows(html, _translation(language, "Rows not imported"))
    assert shows(html, reason)


@pytest.mark.django_db
def test_the_report_stays_in_english_for_an_english_upload(editor_client):
    rows = (b"event_id_cnty,event_date,event_type,sub_event_type,country,location\n"
            b"LBY1,2014-13-01,Battles,Armed clash,Libya,Derna\n")
    editor_client.post(reverse("events:import-acled"),
                       {"file": SimpleUploadedFile("rows.csv", rows), "status": ReviewStatus.DRAFT},
                       HTTP_ACCEPT_LANGUAGE="en")

    assert Job.objects.get().report["errors"][0][1] == (
        "event_date '2014-13-01' is not a date (2014-11-15, 15 November 2014 or 15/11/2014)")


@pytest.mark.django_db
@pytest.mark.parametrize("language,libya,egypt", [("ar", "ليبيا", "مصر"), ("fr", "Libye", "Égypte")])
def test_country_names_in_the_admin_are_in_the_editors_language(editor_client, make_event, language,
                                                                 libya, egypt):
    event = make_event()
    form = editor_client.get(reverse("admin:events_event_change", args=[event.pk]),
                             HTTP_ACCEPT_LANGUAGE=language).content.decode()
    listing = editor_client.get(reverse("admin:events_event_changelist"),
                                HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert f'value="LY" selected>{libya}</option>' in form and f">{egypt}</option>" in form
    assert ">Libya</option>" not in form
    assert libya in listing


def test_country_choices_follow_the_active_language_but_the_codes_do_not_change():
    from django.utils import translation

    from events.countries import country_choices
    with translation.override("fr"):
        french = dict(country_choices())
    with translation.override("en"):
        english = dict(country_choices())
    assert french.keys() == english.keys()
    assert french["DZ"] == "Algérie" and english["DZ"] == "Algeria"
