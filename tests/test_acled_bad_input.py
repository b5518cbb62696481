"""Bad input to the ACLED importer: each bad cell rejects its row only, with its row
number and reason; every good row is kept, and the report adds up to the file.

Run on SQLite and on PostgreSQL (DATABASE_URL): PostgreSQL refuses things SQLite
takes (NUL characters, integers past 2**31), which is where rows were lost before.
"""
import csv
import io

import pytest

from events.acled import AcledFormatError, AcledImport
from events.acled import rows as acled_rows
from events.models import Event
from events.taxonomy import ReviewStatus

HEADER = "event_id_cnty,event_date,event_type,sub_event_type,country,location,latitude,longitude,fatalities,notes\r\n"
GOOD = 50


def good(number):
    return f"G{number},2020-01-01,Battles,Armed clash,Libya,Derna,32.7,22.6,1,fine\r\n"


def file_with(bad_row, position=GOOD // 2, header=HEADER):
    """GOOD good rows with one bad row at `position` (spreadsheet row position + 2)."""
    rows = [good(n) for n in range(GOOD)]
    rows.insert(position, bad_row)
    return (header + "".join(rows)).encode()


def run(data, **options):
    result = AcledImport(status=ReviewStatus.DRAFT, batch_size=options.pop("batch_size", 10),
                         **options).run(io.BytesIO(data))
    assert result.rows == (result.created + result.updated + result.unchanged + result.rejected
                           + result.duplicates)
    return result


def assert_only_bad_row_lost(result, reason):
    assert (result.created, result.rejected) == (GOOD, 1)
    [(number, message)] = result.errors
    assert number == GOOD // 2 + 2 and reason in message
    assert Event.objects.filter(reference__startswith="G").count() == GOOD


@pytest.mark.django_db
@pytest.mark.parametrize("value, reason", [
    ("nan", "must be a whole number"),
    ("inf", "must be a whole number"),
    ("-inf", "must be a whole number"),
    ("1e400", "must be a whole number"),
    ("3.5", "must be a whole number"),
    ("-1", "must be a whole number"),
    ("99999999999", "must be a whole number from 0 to 2,147,483,647"),
    ("12345678901234567890123", "must be a whole number"),
    ("many", "is not a number"),
])
def test_a_bad_fatalities_cell_rejects_its_row_only(value, reason):
    bad = f"BAD,2020-01-01,Battles,Armed clash,Libya,Derna,32.7,22.6,{value},x\r\n"

    assert_only_bad_row_lost(run(file_with(bad)), reason)


@pytest.mark.django_db
@pytest.mark.parametrize("latitude", ["nan", "inf", "1e400", "91"])
def test_a_bad_coordinate_rejects_its_row_only(latitude):
    bad = f"BAD,2020-01-01,Battles,Armed clash,Libya,Derna,{latitude},22.6,1,x\r\n"

    assert_only_bad_row_lost(run(file_with(bad)), "latitude")


@pytest.mark.django_db
def test_a_nul_character_rejects_its_row_only():
    bad = "BAD,2020-01-01,Battles,Armed clash,Libya,Derna,32.7,22.6,1,before\x00after\r\n"

    assert_only_bad_row_lost(run(file_with(bad)), "notes contains a NUL character")


@pytest.mark.django_db
def test_a_field_longer_than_the_csv_modules_limit_rejects_its_row_only():
    bad = f"BAD,2020-01-01,Battles,Armed clash,Libya,Derna,32.7,22.6,1,\"{'x' * 131_073}\"\r\n"

    assert_only_bad_row_lost(run(file_with(bad)), "notes is 131,073 characters long")


@pytest.mark.django_db
def test_a_row_the_database_refuses_is_retried_alone_and_the_rest_of_its_batch_kept(monkeypatch):
    # Let a negative figure past the row checks, so that only the database refuses it.
    monkeypatch.setattr(acled_rows, "_integer", lambda text, column, low=0, high=0: int(text))
    bad = "BAD,2020-01-01,Battles,Armed clash,Libya,Derna,32.7,22.6,-5,x\r\n"

    result = run(file_with(bad), batch_size=1000)

    assert_only_bad_row_lost(result, "the database refused this row")
    assert not Event.objects.filter(reference="BAD").exists()


@pytest.mark.django_db
def test_an_unclosed_quote_in_the_header_is_a_clear_error():
    with pytest.raises(AcledFormatError, match="header row is not valid CSV"):
        run(file_with(good(99), header='event_id_cnty,"event_date,event_type\r\n'))
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_a_csv_error_mid_file_keeps_the_rows_before_and_says_where_reading_stopped():
    # A cell past the csv module's limit (raised to 16 MiB by the importer) stops the reader.
    limit = csv.field_size_limit(1000)
    try:
        result = run(file_with('BAD,2020-01-01,"Battles' + "x" * 2000 + "\r\n"))
    finally:
        csv.field_size_limit(limit)

    assert result.created == GOOD // 2
    assert "Reading stopped at line" in result.stopped
    assert result.errors == []


@pytest.mark.django_db
def test_a_utf16_file_with_a_bom_is_read():
    text = HEADER + "U1,2020-01-01,Battles,Armed clash,Libya,درنة,32.7,22.6,1,عربي\r\n"

    result = run(text.encode("utf-16"))

    assert result.created == 1 and Event.objects.get().location == "درنة"


@pytest.mark.django_db
def test_two_identical_rows_report_one_event_and_one_duplicate_row():
    result = run((HEADER + good(1) + good(1)).encode())

    assert (result.rows, result.created, result.updated, result.duplicates) == (2, 1, 0, 1)
    assert result.errors == [(3, "duplicate of row 2 (same event_id_cnty G1); the first row was kept")]


@pytest.mark.django_db
def test_a_repeated_row_in_a_later_batch_is_a_duplicate_too():
    result = run((HEADER + good(1) + good(2) + good(3) + good(1)).encode(), batch_size=2)

    assert (result.created, result.duplicates) == (3, 1) and result.errors[0][0] == 5


@pytest.mark.django_db
@pytest.mark.parametrize("blob", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
    b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + b"\x00" * 200 + b"[Content_Types].xml",
])
def test_a_binary_upload_is_a_clear_error(blob):
    with pytest.raises(AcledFormatError, match="not a CSV file: it holds binary data"):
        run(blob)
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_a_quote_left_open_mid_file_rejects_its_row_and_the_rows_it_swallowed_are_read_again():
    rows = [good(n) for n in range(5)] + ['BAD,2020-01-01,"Battles,Armed clash\r\n'] + [good(n) for n in range(5, 9)]

    result = run((HEADER + "".join(rows)).encode())

    assert result.created == 9 and result.rejected == 1
    [(number, reason)] = result.errors
    assert number == 7 and "(line 7) is never closed" in reason and "into line 8" in reason
    assert "closing pair" in reason
    assert Event.objects.get(reference="G5").notes == "fine"


WIDE = ("event_id_cnty,event_date,event_type,sub_event_type,country,location,latitude,longitude,source,notes,"
        "fatalities,tags,timestamp\r\n")


def wide(reference, notes="Fine", day="2023-05-04"):
    return f"{reference},{day},Battles,Armed clash,Libya,Derna,32.7,22.6,Herald,{notes},0,,1700000000\r\n"


@pytest.mark.django_db
@pytest.mark.parametrize("third_notes", ["Row 3", '"Row 3, quoted"'])
def test_a_notes_cell_whose_quote_is_never_closed_rejects_its_row_only(third_notes):
    # The tester's file: row UNQ2 opens a quote in its notes and never closes it.
    data = WIDE + wide("UNQ1") + wide("UNQ2", '"Row 2 unclosed café...') + wide("UNQ3", third_notes)

    result = run(data.encode())

    assert (result.rows, result.created, result.rejected) == (3, 2, 1)
    [(number, reason)] = result.errors
    assert number == 3 and "(line 3) is never closed" in reason and "into line 4" in reason
    assert dict(Event.objects.values_list("reference", "notes")) == {
        "UNQ1": "Fine", "UNQ3": third_notes.strip('"')}


@pytest.mark.django_db
def test_a_quote_never_closed_in_the_last_row_rejects_it_with_its_lines():
    data = WIDE + wide("UNQ1") + wide("UNQ2", '"Never closed\r\nand more\r\n')

    result = run(data.encode())

    assert (result.created, result.rejected) == (1, 1)
    [(number, reason)] = result.errors
    assert number == 3 and "runs over lines 3-5" in reason and "has 10 cells where the header has 13" in reason


@pytest.mark.django_db
@pytest.mark.parametrize("row, cells", [
    ("CUT,2023-05-04,Battles,Armed clash,Libya,Derna,32.7,22.6,Herald\r\n", 9),
    ("WIDE,2023-05-04,Battles,Armed clash,Libya,Derna,32.7,22.6,Herald,Clash, then calm,0,,1700000000\r\n", 14),
])
def test_a_row_with_more_or_fewer_cells_than_the_header_is_rejected_with_its_line(row, cells):
    result = run((WIDE + wide("OK1") + row + wide("OK2")).encode())

    assert (result.created, result.rejected) == (2, 1)
    [(number, reason)] = result.errors
    assert number == 3 and f"(line 3) has {cells} cells where the header has 13" in reason
    assert not Event.objects.filter(reference__in=["CUT", "WIDE"]).exists()


@pytest.mark.django_db
def test_a_notes_cell_quoted_over_several_lines_is_imported_as_it_is():
    notes = "Clashes in Derna.\r\nG9,2020 was the year before; 3 killed, \"about\" 20 hurt.\nSecond paragraph."
    quoted = '"' + notes.replace('"', '""') + '"'

    result = run((WIDE + wide("ML1") + wide("ML2", quoted) + wide("ML3")).encode())

    assert (result.created, result.rejected) == (3, 0), result.errors
    assert Event.objects.get(reference="ML2").notes == notes


@pytest.mark.django_db
def test_a_quoted_notes_cell_whose_lines_look_like_records_is_imported_whole():
    # Its second line, read on its own, would start a record ("Update" and a date):
    # the row's shape is right, so it is not cut there.
    notes = "Clashes reported.\nUpdate,2024-01-07\nMore."
    result = run((WIDE + wide("LK1") + wide("LK2", '"' + notes + '"') + wide("LK3")).encode())

    assert (result.rows, result.created, result.rejected) == (3, 3, 0), result.errors
    assert Event.objects.get(reference="LK2").notes == notes


@pytest.mark.django_db
def test_a_trailing_delimiter_on_every_row_is_no_extra_cell():
    rows = [wide(reference).replace("\r\n", ",\r\n") for reference in ("TR1", "TR2")]
    result = run((WIDE + "".join(rows)).encode())
    assert (result.created, result.rejected) == (2, 0), result.errors


@pytest.mark.django_db
@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_file_separated_by_semicolons_or_tabs_is_read_as_such(delimiter):
    # French-locale Excel: semicolons, and a decimal comma in the coordinates.
    header = HEADER.replace(",", delimiter)
    row = delimiter.join(["S1", "15/11/2014", "Battles", "Armed clash", "Libya", "Derna", "32,767",
                          "22,6367", "3", '"Clash, then a retreat; 3 killed"']) + "\r\n"

    result = run((header + row).encode("utf-8-sig"))

    assert (result.created, result.rejected) == (1, 0), result.errors
    event = Event.objects.get(reference="S1")
    assert (event.location, event.fatalities, event.notes) == ("Derna", 3, "Clash, then a retreat; 3 killed")
    if delimiter == ";":
        assert (event.latitude, event.longitude) == (32.767, 22.6367)


@pytest.mark.django_db
def test_a_decimal_comma_is_not_taken_from_a_comma_separated_file():
    bad = 'BAD,2020-01-01,Battles,Armed clash,Libya,Derna,"32,7",22.6,1,x\r\n'

    assert_only_bad_row_lost(run(file_with(bad)), "latitude '32,7' is not a number")


@pytest.mark.django_db
def test_the_report_lists_rejected_rows_in_the_files_order_whichever_check_found_them():
    # Row 2 is refused by the review rules (publishing needs a source), after the row
    # checks have refused row 3 and found row 5 a duplicate: the report is still in row order.
    header = "event_id_cnty,event_date,event_type,sub_event_type,country,location,latitude,longitude,source\r\n"
    rows = ["NOSRC,2020-01-01,Battles,Armed clash,Libya,Derna,32.7,22.6,\r\n",
            "BADDATE,2020-13-45,Battles,Armed clash,Libya,Derna,32.7,22.6,Herald\r\n",
            "OK1,2020-01-01,Battles,Armed clash,Libya,Derna,32.7,22.6,Herald\r\n",
            "OK1,2020-01-01,Battles,Armed clash,Libya,Derna,32.7,22.6,Herald\r\n"]

    result = AcledImport(status=ReviewStatus.PUBLISHED).run(io.BytesIO((header + "".join(rows)).encode()))

    assert (result.created, result.rejected, result.duplicates) == (1, 2, 1)
    assert [number for number, _ in result.errors] == [2, 3, 5]
    assert "needs a source" in result.errors[0][1]
