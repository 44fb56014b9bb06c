"""Render one landing CSV file (bulk polars rows + story rows + format options)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import polars as pl

from hc_reconcile.generate.contract import CsvSchema
from hc_reconcile.generate.world import FileOpts, StoryRow


@dataclass
class RenderedCsv:
    data: bytes
    rows: int  # data rows written (base + story, the trailing empty row not counted)
    story_lines: list[tuple[int, StoryRow]]  # physical line number of each story row


def render_csv(*, schema: CsvSchema, base: pl.DataFrame | None, rows: list[StoryRow],
               opts: FileOpts) -> RenderedCsv:
    order = [c for c in (opts.order or schema.columns) if c not in opts.drop]
    extra = list(opts.extra)
    header = [f" {h}\t" if opts.header_pad else h for h in order + extra]
    parts = [",".join(header) + "\n"]
    n_base = 0
    if base is not None and base.height:
        frame = base.select(order)
        if extra:
            frame = frame.with_columns(pl.lit(opts.extra[k]).alias(k) for k in extra)
        parts.append(frame.write_csv(None, include_header=False))
        n_base = base.height
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    line = 2 + n_base
    placed: list[tuple[int, StoryRow]] = []
    for r in rows:
        fields = r.fields if r.fields is not None else (
            [r.values.get(c) or "" for c in order] + [opts.extra[k] for k in extra])
        start = buf.tell()
        writer.writerow(fields)
        rendered = buf.getvalue()[start:]
        placed.append((line, r))
        line += rendered.count("\n")
    parts.append(buf.getvalue())
    if opts.trailing_empty_row:
        parts.append("," * (len(order) + len(extra) - 1) + "\n")
    text = "".join(parts)
    if opts.crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    data = text.encode(opts.encoding)
    if opts.bom:
        data = b"\xef\xbb\xbf" + data
    return RenderedCsv(data=data, rows=n_base + len(rows), story_lines=placed)
