"""An uploaded ACLED file read as CSV records, whatever its encoding and however broken.

The csv module does the parsing; this module decides what a person is told when
the bytes are not what a CSV reader expects:

- the encoding: a byte-order mark says UTF-8 or UTF-16 (what Excel's "Unicode
  text" writes); without one, UTF-8 if every byte decodes, else Windows-1252;
- a file that is not text at all (a spreadsheet, a zip, an image) is refused
  before any row is read, with a message saying so;
- the csv module's own limit on a field (131,072 characters) is raised to
  CELL_LIMIT_READ, so a long cell reaches the row checks (which reject its row
  with a reason) instead of stopping the whole file;
- a record whose shape is broken is yielded with the reason, naming its lines,
  and its row is rejected whatever its cells hold. The rule:
  1. a record that runs over several lines and holds a line that starts another
     record (a line whose event_id_cnty cell is one word and whose event_date
     cell is a date, read on its own) is a quote never closed: the record is cut
     before that line, rejected, and the lines from there on are read again, so
     the records a stray quote swallowed are imported as they would have been;
  2. a record whose number of cells differs from the header's (a row cut short,
     a delimiter in a cell that is not quoted, a quote never closed) is rejected.
  A notes cell properly quoted over several lines has the header's number of
  cells and no line in it starts a record: it is read as it is;
- a csv.Error that still happens mid-file (a cell past CELL_LIMIT_READ) ends the
  reading there, unless rule 1 finds where the next record starts: the caller
  gets it as CsvStopped with the line, after the rows before it;
- the delimiter: a comma, a semicolon (what Excel writes in French and other
  locales whose decimal mark is a comma) or a tab. The header line is split with
  each, and the one under which it names the most ACLED columns wins; a tie keeps
  the comma. (csv.Sniffer guesses from the character frequencies of a sample, and
  a notes cell full of semicolons, as ACLED's actor lists are, fools it.)
"""
import codecs
import csv
import io
import re
from collections import deque

from django.utils.translation import gettext

from events.acled.columns import ALIASES, COLUMNS, AcledFormatError
from events.acled.rows import RowError, parse_date

# A cell may be this long before the csv module gives up on the file; the row
# checks reject any cell over events.acled.rows.CELL_LIMIT (far below this).
CELL_LIMIT_READ = 16 * 1024 * 1024
csv.field_size_limit(max(csv.field_size_limit(), CELL_LIMIT_READ))

_SNIFF = 64 * 1024
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Bytes no text file has: NUL and control characters other than tab, LF, FF, CR.
_BINARY = bytes(range(0, 9)) + b"\x0b" + bytes(range(14, 27)) + bytes(range(28, 32))
# The delimiters a header line is tried with, the default first.
DELIMITERS = (",", ";", "\t")
_KNOWN = frozenset(COLUMNS) | frozenset(ALIASES)


class CsvStopped(Exception):
    """The CSV cannot be read past this line; rows before it were read."""

    def __init__(self, line, reason):
        super().__init__(gettext("the file is not valid CSV near line %(line)s: %(reason)s")
                         % {"line": line, "reason": reason})
        self.line = line


def detect_encoding(binary):
    """The file's encoding (see the module docstring); rewinds the file."""
    binary.seek(0)
    start = binary.read(_SNIFF)
    binary.seek(0)
    for bom, encoding in _BOMS:
        if start.startswith(bom):
            return encoding
    if sum(start.count(byte) for byte in _BINARY) > len(start) // 100 + 1:
        raise AcledFormatError(gettext("This is not a CSV file: it holds binary data "
                                       "(a spreadsheet? Save it as CSV first)."))
    decoder = codecs.getincrementaldecoder("utf-8")()
    read = 0
    try:
        while chunk := binary.read(1 << 20):
            decoder.decode(chunk)
            read += len(chunk)
        decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError as exc:
        binary.seek(0)
        if len(_UTF8_SEQUENCE.findall(binary.read(1 << 20))) >= 2:
            # Most of it is UTF-8 ("Ã©" is what é is in UTF-8 read as Windows-1252): a
            # stray byte from another encoding, which no single encoding reads right.
            raise MixedEncodingError(gettext(
                "This file mixes encodings: it is written in UTF-8, but byte %(offset)s is not "
                "UTF-8 (pasted from another program?). Save it as UTF-8 and upload it again.")
                % {"offset": read + exc.start + 1}) from exc
        return "cp1252"
    finally:
        binary.seek(0)


class MixedEncodingError(AcledFormatError):
    """A file mostly in UTF-8 with bytes of another encoding."""


# A character of two to four bytes, well formed in UTF-8: Windows-1252 text seldom
# holds two of them (it would have to write "Ã©" or "â€™" on purpose).
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _delimiter_name(delimiter):
    return {",": gettext("comma"), ";": gettext("semicolon"), "\t": gettext("tab")}[delimiter]


def detect_delimiter(line):
    """The delimiter under which a header line names the most ACLED columns (a tie: ",")."""

    def known(delimiter):
        try:
            cells = next(csv.reader([line], delimiter=delimiter), [])
        except csv.Error:
            return 0
        return sum(cell.strip().lstrip("\ufeff").lower() in _KNOWN for cell in cells)

    return max(DELIMITERS, key=known)  # max() keeps the first of equals


class _Lines:
    """The file's lines as the csv reader takes them, with lines given back read again.

    `taken` holds the lines of the record being read, `count` the file's lines read
    (less those given back). Unlike a generator it may yield again after the end
    of the file, when lines were given back.
    """

    def __init__(self, text, first):
        self.text, self.pending, self.taken, self.count = text, deque([first]), [], 0

    def __iter__(self):
        return self

    def __next__(self):
        line = self.pending.popleft() if self.pending else self.text.readline()
        if not line:
            raise StopIteration
        self.count += 1
        self.taken.append(line)
        return line

    def give_back(self, start):
        """Read the record's lines from `start` (an index in `taken`) again."""
        back = self.taken[start:]
        self.pending.extendleft(reversed(back))
        self.count -= len(back)
        del self.taken[start:]


class Records:
    """Iterate (row number, cells, lines, problem) over a binary file's records after its header.

    Row numbers are those a spreadsheet shows: the header is row 1. `header` and
    `delimiter` are read on construction (AcledFormatError when they cannot be).
    """

    def __init__(self, binary):
        self.text = io.TextIOWrapper(binary, encoding=detect_encoding(binary), errors="replace",
                                     newline="")
        first = self.text.readline()
        self.delimiter = detect_delimiter(first)
        self.lines = _Lines(self.text, first)
        self.reader = csv.reader(self.lines, delimiter=self.delimiter)
        try:
            self.header = next(self.reader, None)
        except csv.Error as exc:
            self.close()
            raise AcledFormatError(gettext("The header row is not valid CSV: %(reason)s. "
                                           "Check that every quote in it is closed.") % {"reason": exc}) from exc
        if self.header is None:
            self.close()
            raise AcledFormatError(gettext("The file is empty."))
        if any("\n" in cell or "\r" in cell for cell in self.header):
            self.close()
            raise AcledFormatError(gettext("The header row is not valid CSV: a quote in it is never closed, "
                                           "so it runs into the rows below."))
        names = {}
        for position, cell in enumerate(self.header):
            name = cell.strip().lstrip("\ufeff").lower()
            names.setdefault(ALIASES.get(name, name), position)
        self._starts = (names["event_id_cnty"], names["event_date"]) if {
            "event_id_cnty", "event_date"} <= names.keys() else None

    def __iter__(self):
        """(row number, cells, lines, problem): `lines` is the file's (first, last) line of
        the row, which differ when a quoted cell runs over several lines; `problem` is
        why the record's shape is broken (see the module docstring), or ""."""
        number = 1
        while True:
            self.lines.taken.clear()
            first = self.lines.count + 1
            try:
                cells = next(self.reader)
            except StopIteration:
                return
            except csv.Error as exc:
                if self._cut_before_next_record() is None:
                    raise CsvStopped(self.lines.count, exc) from exc
                cells = None
            number += 1
            problem = self._problem(cells, first)  # may give lines back: count them after
            yield number, cells or [], (first, self.lines.count), problem

    def _cut_before_next_record(self):
        """Give back the lines from the first one (after the record's first) that starts
        a record; its index, or None."""
        for position, line in enumerate(self.lines.taken[1:], start=1):
            if self._starts_record(line):
                self.lines.give_back(position)
                return position
        return None

    def _problem(self, cells, first):
        last = self.lines.count
        columns = len(self.header)
        # Cells past the header's that are all empty (a trailing delimiter, as some tools
        # write every row) are no part of the row.
        misshapen = cells is not None and len(cells) != columns and not (
            len(cells) > columns and not any(cell.strip() for cell in cells[columns:]))
        # A row over several lines is cut only where its shape is broken: a quoted notes
        # cell whose own lines look like records («Update,2024-01-07») stays whole.
        if cells is None or (last > first and misshapen and self._cut_before_next_record() is not None):
            last = self.lines.count
            where = (gettext("line %(first)s") % {"first": first} if first == last
                     else gettext("lines %(first)s-%(last)s") % {"first": first, "last": last})
            return gettext("a quote in this row (%(where)s) is never closed: it runs on into line %(next)s, "
                           "which starts another row (read on its own). Is a quote missing its closing pair?") % {
                "where": where, "next": last + 1}
        if misshapen and any(cell.strip() for cell in cells):
            if last > first:
                return gettext("this row runs over lines %(first)s-%(last)s of the file and has %(cells)s cells "
                               "where the header has %(columns)s: is a quote missing its closing pair?") % {
                    "first": first, "last": last, "cells": len(cells), "columns": len(self.header)}
            return gettext("this row (line %(line)s) has %(cells)s cells where the header has %(columns)s: "
                           "is it cut short, or a %(delimiter)s in a cell not quoted?") % {
                "line": first, "cells": len(cells), "columns": len(self.header),
                "delimiter": _delimiter_name(self.delimiter)}
        return ""

    def _starts_record(self, line):
        """Whether a line, read on its own, starts an ACLED record (see the module docstring)."""
        if self._starts is None:
            return False
        try:
            cells = next(csv.reader([line], delimiter=self.delimiter), [])
        except csv.Error:
            return False
        reference, day = self._starts
        if len(cells) <= max(reference, day):
            return False
        word = cells[reference].strip()
        if not word or any(character.isspace() for character in word):
            return False
        try:
            parse_date(cells[day].strip())
        except RowError:
            return False
        return True

    def close(self):
        self.text.detach()  # the caller owns the binary file
