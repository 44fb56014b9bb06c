"""Write the World to ``<out>/landing``: CSV files, 835 files, raw files, copies."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from hc_reconcile.generate.contract import CSV_SCHEMAS, SCHEMA_BY_SOURCE
from hc_reconcile.generate.csvfile import render_csv
from hc_reconcile.generate.world import FileKey, FileOpts, World
from hc_reconcile.generate.x12 import DELIM_SETS, LAYOUTS, RemitFile, assemble

SOURCE_BY_PREFIX = {(s.folder, s.source): s for s in CSV_SCHEMAS}


@dataclass
class WriteStats:
    files: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    remit_bytes: int = 0
    remit_transactions: int = 0


def source_of(relpath: str) -> str:
    folder, name = relpath.split("/", 1)
    if folder == "remit":
        return "remit"
    for schema in CSV_SCHEMAS:
        if folder == schema.folder and name.startswith(schema.source):
            return schema.source
    return "other"


def write_landing(w: World, out: Path) -> WriteStats:
    landing = out / "landing"
    stats = WriteStats()
    written: dict[FileKey, bytes] = {}

    def put(key: FileKey, data: bytes, source: str, rows: int) -> None:
        path = landing / key[0] / key[1]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written[key] = data
        stats.files[source] = stats.files.get(source, 0) + 1
        stats.rows[source] = stats.rows.get(source, 0) + rows

    _write_csvs(w, put)
    for key in sorted(w.raw):
        put(key, w.raw[key], source_of(key[1]), 0)
    for key in sorted(w.remit):
        f = w.remit[key]
        if f.raw is None and getattr(f, "auto_shape", True):
            _shape(w, f)
        data = assemble(f)
        stats.remit_bytes += len(data)
        stats.remit_transactions += len(f.txns)
        put((key[0], f"remit/{key[1]}"), data, "remit", len(f.txns))
    for src, dst in w.copies:
        data = written[src]
        if dst[1].startswith("remit/"):
            stats.remit_bytes += len(data)
        put(dst, data, source_of(dst[1]), 0)
    for hook in w.after_write:
        hook()
    return stats


def _write_csvs(w: World, put_fn: Callable[[FileKey, bytes, str, int], None]) -> None:
    base_files: dict[FileKey, pl.DataFrame] = {}
    for schema in CSV_SCHEMAS:
        frames = w.frames.get(schema.source, [])
        if not frames:
            continue
        df = pl.concat([f.select(*schema.columns, "_day", "_ord") for f in frames])
        df = df.sort("_day", "_ord", maintain_order=True)
        for (day,), part in df.partition_by("_day", as_dict=True, maintain_order=True).items():
            folder = w.folder(int(day))  # type: ignore[call-overload]
            n_split = w.params.csv_split if part.height > 50000 else 1
            size = -(-part.height // n_split)
            for k in range(n_split):
                chunk = part.slice(k * size, size)
                base_files[(folder, f"{schema.folder}/{schema.base_name(k + 1)}")] = chunk
    keys = sorted(set(base_files) | set(w.rows) | set(w.opts))
    for key in keys:
        source = source_of(key[1])
        schema = SCHEMA_BY_SOURCE[source]
        rendered = render_csv(schema=schema, base=base_files.get(key), rows=w.rows.get(key, []),
                              opts=w.opts.get(key, FileOpts()))
        for line_no, row in rendered.story_lines:
            if row.fault is not None and row.reject is not None:
                name = key[1].split("/", 1)[1]
                row.fault.entity_key = f"{source}|{name}|{line_no}|{row.reject}"
        put_fn(key, rendered.data, source, rendered.rows)


def _shape(w: World, f: RemitFile) -> None:
    """Deterministically vary delimiters, layout and envelope nesting of a regular file."""
    rng = np.random.default_rng([w.seed, zlib.crc32(f"{f.folder}/{f.name}".encode())])
    f.delims = DELIM_SETS[int(rng.choice(len(DELIM_SETS), p=[0.45, 0.15, 0.15, 0.25]))]
    f.layout = LAYOUTS[int(rng.choice(len(LAYOUTS), p=[0.3, 0.4, 0.15, 0.15]))]
    f.bom = bool(rng.random() < 0.03)
    ic = f.interchanges[0]
    if len(f.interchanges) != 1 or len(ic.groups) != 1:
        return
    txns = ic.groups[0].txns
    if len(txns) >= 2 and rng.random() < 0.3:
        cut = int(rng.integers(1, len(txns)))
        payer = next(p for p in w.payers if p.isa_id == ic.sender)
        ic.groups[0].txns = txns[:cut]
        second = w.new_interchange(payer, _day_of(w, f.folder), [w.new_group(payer, txns[cut:])])
        f.interchanges.append(second)
        f.ws_between = bool(rng.random() < 0.5)
    last = f.interchanges[-1]
    gtx = last.groups[0].txns
    if len(gtx) >= 3 and rng.random() < 0.3:
        cut = int(rng.integers(1, len(gtx)))
        payer = next(p for p in w.payers if p.isa_id == last.sender)
        last.groups[0].txns = gtx[:cut]
        last.groups.append(w.new_group(payer, gtx[cut:]))


def _day_of(w: World, folder: str) -> int:
    from datetime import date

    return (date.fromisoformat(folder) - w.start).days
