"""Reference reader of one landing CSV file (contract §1 'CSV')."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from hc_reconcile.generate.contract import (
    MONEY_COLUMNS,
    TIMESTAMP_COLUMN,
    UNITS_COLUMN,
    CsvSchema,
)
from hc_reconcile.generate.oracle.values import is_timestamp, is_units, parse_iso_date, parse_money

BOM = b"\xef\xbb\xbf"

Row = dict[str, str | None]

# RFC 4180: a quoted field starts at the start of a field and its closing quote ends
# it (doubled quotes inside); every other double quote is stray.
QUOTED_FIELD = re.compile(r'(?<![^,\r\n])"[^"]*(?:""[^"]*)*"(?![^,\r\n])')


@dataclass
class Rejected:
    line_no: int
    column: str | None
    reason: str


@dataclass
class CsvResult:
    quarantined: str | None = None  # reason
    rows: list[Row] = field(default_factory=list)  # accepted rows in file order
    rejected: list[Rejected] = field(default_factory=list)


def check_row(schema: CsvSchema, row: Row) -> tuple[str, str] | None:
    """(column, reason) of the first failed check, in schema column order; None if valid."""
    for col in schema.columns:
        value = row.get(col)
        if value is None:
            if col in schema.required:
                return col, "required value missing"
            continue
        if col in schema.date_columns and parse_iso_date(value) is None:
            return col, f"not a date YYYY-MM-DD: {value!r}"
        if col in MONEY_COLUMNS and parse_money(value) is None:
            return col, f"not a money value: {value!r}"
        if col == UNITS_COLUMN and not is_units(value):
            return col, f"not whole units: {value!r}"
        if col == TIMESTAMP_COLUMN and not is_timestamp(value):
            return col, f"not a timestamp: {value!r}"
        if col in schema.enums and value not in schema.enums[col]:
            return col, f"not one of {sorted(schema.enums[col])}: {value!r}"
    return None


def stray_quote_line(text: str) -> int | None:
    """Line (1-based) of the first double quote outside a well-formed quoted field."""
    end = 0
    for m in QUOTED_FIELD.finditer(text):
        if '"' in text[end:m.start()]:
            break
        end = m.end()
    at = text.find('"', end)
    if at < 0:
        return None
    return text.count("\n", 0, at) + 1


def read_csv(data: bytes, schema: CsvSchema) -> CsvResult:
    if data.startswith(BOM):
        data = data[len(BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return CsvResult(quarantined=f"not valid UTF-8: {exc.reason}")
    if "\x00" in text:
        return CsvResult(quarantined="not a text CSV: NUL byte")
    stray = stray_quote_line(text)
    if stray is not None:
        return CsvResult(quarantined=f"not valid CSV: stray double quote on line {stray} (RFC 4180)")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    result = CsvResult()
    try:
        header_fields = next(reader, None)
        if header_fields is None or not any(h.strip() for h in header_fields):
            return CsvResult(quarantined="no header")
        header = [h.strip() for h in header_fields]
        if len(set(header)) != len(header):  # which column would a value come from? (a choice)
            return CsvResult(quarantined="header repeats a column name")
        missing = [c for c in schema.required if c not in header]
        if missing:
            return CsvResult(quarantined=f"missing required column(s): {', '.join(missing)}")
        while True:
            start_line = reader.line_num + 1
            record = next(reader, None)
            if record is None:
                break
            if all(f == "" for f in record[:len(header)]):
                continue  # an all-empty row is skipped (fields beyond the header are ignored)
            row: Row = {}
            for i, name in enumerate(header):
                if name in row:
                    continue
                value = record[i] if i < len(record) else ""
                row[name] = value if value != "" else None
            failure = check_row(schema, row)
            if failure is None:
                result.rows.append(row)
            else:
                result.rejected.append(Rejected(start_line, failure[0], failure[1]))
    except csv.Error as exc:
        return CsvResult(quarantined=f"not valid CSV: {exc}")
    return result
