"""A second opinion on an 835 file: pyx12's TR3 (5010/4010 map) validation.

Off the fast path (pyx12 reads a few MB/s): run it on demand (setting
``x12_validate = "full"``) or on a sample. Findings are informational; they
never change what loads, which the contract alone decides. Never raises:
pyx12 engine errors and crashes become findings of severity ``failure``.

pyx12 4 does not build a 999 for 5010 files ("Cannot create AK2"), so no
acknowledgement is requested; its findings come from its JSON error tree
and its log.
"""

from __future__ import annotations

import io
import json
import logging
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

Severity = Literal["error", "failure"]

_LOCK = threading.Lock()  # pyx12 logs through one global logger
_STREAM_NAME = re.compile(r'"?<_io\.StringIO object at 0x[0-9a-f]+>"?')


@dataclass(frozen=True, slots=True)
class Pyx12Finding:
    """One pyx12 finding: where (line of the source segment, segment, element) and what."""

    severity: Severity
    message: str
    line: int | None = None
    segment: str | None = None
    element: str | None = None
    code: str | None = None

    def __str__(self) -> str:
        where = " ".join(
            part
            for part in (
                f"line {self.line}" if self.line is not None else "",
                self.segment or "",
                self.element or "",
            )
            if part
        )
        return f"{self.severity}: {where + ': ' if where else ''}{self.message}"


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _walk(node: Any, context: dict[str, Any]) -> Iterator[Pyx12Finding]:
    if isinstance(node, list):
        for item in node:
            yield from _walk(item, context)
        return
    if not isinstance(node, dict):
        return
    here = dict(context)
    if "seg_id" in node:
        here["segment"] = node.get("seg_id")
    if "cur_line" in node:
        here["line"] = node.get("cur_line")
    if node.get("ele_pos") is not None and here.get("segment"):
        element = f"{here['segment']}{int(node['ele_pos']):02d}"
        if node.get("subele_pos") is not None:
            element += f"-{int(node['subele_pos']):02d}"
        here["element"] = element
    for error in node.get("errors") or []:
        if isinstance(error, dict):
            yield Pyx12Finding(
                severity="error",
                message=str(error.get("err_str") or error),
                line=here.get("line"),
                segment=here.get("segment"),
                element=here.get("element"),
                code=None if error.get("err_cde") is None else str(error.get("err_cde")),
            )
    for key, value in node.items():
        if key != "errors" and isinstance(value, list | dict):
            yield from _walk(value, here)


def pyx12_findings(source: bytes | str | Path, *, max_findings: int = 1000) -> list[Pyx12Finding]:
    """Validate one 835 (bytes, or a path) with pyx12; return its findings (empty = clean)."""
    try:
        import pyx12.params
        import pyx12.x12n_document
    except Exception as exc:  # pragma: no cover - pyx12 is a dependency
        return [Pyx12Finding(severity="failure", message=f"pyx12 is not available: {exc!r}")]
    try:
        data = Path(source).read_bytes() if isinstance(source, str | Path) else bytes(source)
    except OSError as exc:
        return [Pyx12Finding(severity="failure", message=f"cannot read the file: {exc}")]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text = data.decode("ascii", errors="replace")
    json_out = io.StringIO()
    capture = _Capture()
    logger = logging.getLogger("pyx12")
    findings: list[Pyx12Finding] = []
    with _LOCK:
        propagate = logger.propagate
        logger.addHandler(capture)
        logger.propagate = False
        try:
            ok = pyx12.x12n_document.x12n_document(
                param=pyx12.params.params(),
                src_file=io.StringIO(text),
                fd_997=None,
                fd_html=None,
                fd_json=json_out,
            )
        except Exception as exc:
            ok = False
            findings.append(
                Pyx12Finding(
                    severity="failure", message=f"pyx12 stopped: {type(exc).__name__}: {exc}"
                )
            )
        finally:
            logger.removeHandler(capture)
            logger.propagate = propagate
    try:
        tree = json.loads(json_out.getvalue()) if json_out.getvalue() else {}
    except ValueError:
        tree = {}
    structured = list(_walk(tree, {}))
    findings.extend(structured)
    # Log lines not already in the error tree (e.g. "does not look like an X12 data file").
    known = {f.message for f in structured}
    for message in capture.messages:
        if not any(k in message for k in known):
            message = _STREAM_NAME.sub("the file", message)
            findings.append(Pyx12Finding(severity="failure", message=message))
    if not ok and not findings:
        findings.append(Pyx12Finding(severity="failure", message="pyx12 reported the file invalid"))
    return findings[:max_findings]
