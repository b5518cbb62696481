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
- a quote never closed swallows the lines after it into one cell: the row is
  rejected by the row checks, and the importer names the lines it ran over;
- a csv.Error that still happens mid-file (a quote never closed) ends the reading
  there: the caller gets it as CsvStopped with the line, after the rows before it;
- the delimiter: a comma, a semicolon (what Excel writes in French and other
  locales whose decimal mark is a comma) or a tab. The header line is split with
  each, and the one under which it names the most ACLED columns wins; a tie keeps
  the comma. (csv.Sniffer guesses from the character frequencies of a sample, and
  a notes cell full of semicolons, as ACLED's actor lists are, fools it.)
"""
import codecs
import csv
import io
import itertools

from django.utils.translation import gettext

from events.acled.columns import ALIASES, COLUMNS, AcledFormatError

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
    try:
        while chunk := binary.read(1 << 20):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"
    finally:
        binary.seek(0)


def detect_delimiter(line):
    """The delimiter under which a header line names the most ACLED columns (a tie: ",")."""

    def known(delimiter):
        try:
            cells = next(csv.reader([line], delimiter=delimiter), [])
        except csv.Error:
            return 0
        return sum(cell.strip().lstrip("\ufeff").lower() in _KNOWN for cell in cells)

    return max(DELIMITERS, key=known)  # max() keeps the first of equals


class Records:
    """Iterate (row number, cells) over a binary file's records after its header.

    Row numbers are those a spreadsheet shows: the header is row 1. `header` and
    `delimiter` are read on construction (AcledFormatError when they cannot be).
    """

    def __init__(self, binary):
        self.text = io.TextIOWrapper(binary, encoding=detect_encoding(binary), errors="replace",
                                     newline="")
        first = self.text.readline()
        self.delimiter = detect_delimiter(first)
        self.reader = csv.reader(itertools.chain([first], self.text), delimiter=self.delimiter)
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

    def __iter__(self):
        """(row number, cells, lines): `lines` is the file's (first, last) line of the row,
        which differ when a quoted cell runs over several lines."""
        number = 1
        while True:
            first = self.reader.line_num + 1
            try:
                cells = next(self.reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise CsvStopped(self.reader.line_num, exc) from exc
            number += 1
            yield number, cells, (first, self.reader.line_num)

    def close(self):
        self.text.detach()  # the caller owns the binary file
