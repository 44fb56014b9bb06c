"""Every landing file is readable in the contract's format (checked here independently
of the generator's own reader), except the files the faults say are broken."""

from __future__ import annotations

import csv
import fnmatch
import io
from pathlib import Path

from gen_support import read_rows

from hc_reconcile.generate.contract import CSV_SCHEMAS


def _faults(root: Path) -> list[dict[str, str]]:
    return read_rows(root / "ground_truth" / "faults.csv")


def _declared(root: Path, expected: str) -> set[tuple[str, str]]:
    """(folder, file name) of files declared with this outcome."""
    out = set()
    for f in _faults(root):
        if f["expected_exception_type"] == expected:
            out.add((f["business_date"], f["entity_key"].split("|")[1]))
    return out


def test_csv_files_parse_with_the_contract_columns(small_tree: Path) -> None:
    quarantined = _declared(small_tree, "quarantined_file")
    checked = 0
    for day in sorted((small_tree / "landing").iterdir()):
        for schema in CSV_SCHEMAS:
            sub = day / schema.folder
            if not sub.is_dir():
                continue
            for path in sorted(sub.iterdir()):
                if not fnmatch.fnmatchcase(path.name, f"{schema.source}*.csv"):
                    continue
                if (day.name, path.name) in quarantined:
                    continue
                data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
                rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""), strict=True))
                header = [h.strip() for h in rows[0]]
                assert set(schema.columns) <= set(header), (path, header)
                assert len(header) - len(schema.columns) <= 2
                for row in rows[1:]:
                    assert abs(len(row) - len(header)) <= 1, (path, row)
                checked += 1
    assert checked > 150


def _segments(text: str, start: int) -> tuple[list[list[str]], int, str]:
    """One interchange from ``start``: its segments (elements) and the next offset."""
    elem, term = text[start + 3], text[start + 105]
    segs = [text[start:start + 105].split(elem)]
    pos = start + 106
    while True:
        end = text.index(term, pos)
        raw = text[pos:end].strip("\r\n")
        pos = end + 1
        if raw:
            segs.append(raw.split(elem))
            if segs[-1][0] == "IEA":
                return segs, pos, elem


def test_835_envelopes_are_consistent(small_tree: Path) -> None:
    quarantined = _declared(small_tree, "quarantined_file")
    bad_se = {f["entity_key"] for f in _faults(small_tree)
              if f["fault_kind"] in ("se01_wrong_count", "se02_not_st02")}
    files = 0
    txns = 0
    for path in sorted((small_tree / "landing").glob("2026-*/remit/*")):
        if (path.parent.parent.name, path.name) in quarantined:
            continue
        data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
        assert data.isascii(), path
        text = data.decode("ascii")
        pos, seg_no = 0, 0
        while True:
            while pos < len(text) and text[pos] in " \t\r\n":
                pos += 1
            if pos >= len(text):
                break
            segs, pos, _ = _segments(text, pos)
            isa = segs[0]
            assert len(isa) == 17
            groups = 0
            i = 1
            while segs[i][0] == "GS":
                gs = segs[i]
                i += 1
                n_st = 0
                while segs[i][0] == "ST":
                    st_at = i
                    while segs[i][0] != "SE":
                        i += 1
                    se = segs[i]
                    key = f"remit|{path.name}|{seg_no + st_at + 1}"
                    if key not in bad_se:
                        assert int(se[1]) == i - st_at + 1, (path, key)
                        assert se[2] == segs[st_at][2]
                    n_st += 1
                    txns += 1
                    i += 1
                assert segs[i][0] == "GE" and int(segs[i][1]) == n_st and segs[i][2] == gs[6]
                groups += 1
                i += 1
            assert segs[i][0] == "IEA" and int(segs[i][1]) == groups and segs[i][2] == isa[13]
            seg_no += len(segs)
        files += 1
    assert files > 100 and txns > files
