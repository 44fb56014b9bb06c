"""PHI masking: the one place that decides what of an exception the report may show.

Everything the report shows or sends about an exception (HTML, e-mail, CSV attachments,
logs) goes through :func:`redact_exception`, which funnels every identifier through
:func:`mask_identifier`. Nothing else in ``hc_reconcile.report`` reads ``entity_key``,
``exception_id`` or ``details`` raw.

The rule (docs/report.md):

- **Identifiers** (patient ids, member/subscriber ids, billing account numbers, MRNs) are
  shown as their last four characters, ``****1234``; ids shorter than eight characters
  become ``****`` (four characters would give most of them away).
- **Names, birth dates, addresses, phone numbers, e-mail addresses, SSNs** are replaced by
  ``[redacted]``, whatever their type.
- **Business keys** that identify a record but not a person (claim, charge, referral,
  posting, journal, payer, facility, TRN02, file names, dates of service events, amounts)
  are kept: a person needs them to work the exception.
- A ``details`` key that is none of the above is unknown: its text is ``[redacted]``
  (numbers, booleans and nulls are kept). Safe by default: a new key the rules add stays
  hidden until it is listed in ``SAFE_KEYS``.
- Entity keys of ``DUPLICATE_PATIENT`` (``patient_id_a|patient_id_b``) and of any exception
  type this module does not know are masked part by part; so is their ``exception_id``
  when it spells the key out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from hc_reconcile.reconcile.types import EXCEPTION_TYPES

MASK = "****"
REDACTED = "[redacted]"
MIN_LENGTH_FOR_LAST_FOUR = 8

# Exception types whose entity key identifies a record, not a person (CONTRACT §3): every
# type but DUPLICATE_PATIENT, whose key is a pair of patient ids.
SAFE_ENTITY_TYPES = frozenset(EXCEPTION_TYPES) - {"DUPLICATE_PATIENT"}

# details keys that hold a person's identity: never shown, whatever the value's type.
_SECRET_KEY = re.compile(
    r"name|birth|dob|ssn|social|address|street|city|zip|postal|phone|mobile|fax|e_?mail|gender|sex$",
    re.IGNORECASE,
)
_NOT_SECRET = frozenset({"file_name", "payer_name", "facility_name", "source_name"})
# details keys that hold an identifier of a person or their account: shown as last four.
_IDENTIFIER_KEY = re.compile(
    r"patient|member|subscriber|insured|mrn|medical_record|account_id|account_number|acct|guarantor",
    re.IGNORECASE,
)
# details keys that identify a record, not a person, or hold amounts and event dates.
SAFE_KEYS = frozenset(
    {
        "claim_id", "clp01", "charge_id", "referral_id", "posting_id", "journal_id", "line_no",
        "entity_id", "account", "cost_center", "facility_id", "payer_id", "payee_id",
        "trn02", "trn03", "trace_number", "reference", "isa13", "gs06", "st02",
        "file_name", "file_line", "file_seq", "segment_position", "st_position",
        "business_date", "received_date", "post_date", "posting_date", "service_date",
        "submitted_date", "accepted_date", "referral_date", "created_date", "payment_date",
        "first_seen", "last_seen", "as_of", "date",
        "amount", "bpr02", "bpr16", "clp02", "clp03", "clp04", "status_code",
        "net_paid", "posted", "difference", "sum", "total", "total_charge", "paid_amount",
        "charge_amount", "cash", "revenue", "charges", "gl", "plb", "cas",
        "status", "posting_type", "group_reason", "group_code", "reason_code", "level",
        "source", "currency", "cpt_code", "revenue_code", "procedure", "units",
        "exception_type", "severity", "owner_queue", "payment_method",
        "days", "age_days", "threshold_days", "count", "n",
        "clock_start", "latest_payer_id", "latest_trn02", "latest_received", "latest_bpr16",
        "cash_account", "revenue_account", "duplicating_payers", "variance", "overpaid",
        "payer_name", "facility_name",
    }
)
_SAFE_SUFFIX = re.compile(r"(_(amount|amounts|date|dates|position|line|count|days|code|codes|seq|total)$)|^days_")


class _Class(IntEnum):
    SAFE = 0
    UNKNOWN = 1
    IDENTIFIER = 2
    SECRET = 3


@dataclass(frozen=True, slots=True)
class RedactedException:
    """An exception's identity as the report may show it."""

    exception_id: str
    entity_key: str
    details: str  # compact JSON, masked


def mask_identifier(value: object) -> str:
    """``****1234``: the last four characters of an identifier of eight or more, else ``****``."""
    text = "" if value is None else str(value).strip()
    if len(text) < MIN_LENGTH_FOR_LAST_FOUR:
        return MASK
    return MASK + text[-4:]


def redact_exception(
    *, exception_id: str, exception_type: str, entity_key: str, details: object
) -> RedactedException:
    """The only way into the report for an exception's id, entity key and details."""
    parts = entity_key.split("|")
    if exception_type in SAFE_ENTITY_TYPES:
        return RedactedException(exception_id, entity_key, _details_json(details))
    masked_parts = [mask_identifier(p) for p in parts]
    masked_id = exception_id
    for raw, masked in sorted(zip(parts, masked_parts, strict=True), key=lambda p: -len(p[0])):
        if raw:
            masked_id = masked_id.replace(raw, masked)
    return RedactedException(masked_id, "|".join(masked_parts), _details_json(details))


def redact_details(details: object) -> Any:
    """A JSON value (or JSON text) with every identifier masked and every name etc. removed."""
    if isinstance(details, str | bytes):
        try:
            details = json.loads(details)
        except ValueError:
            return REDACTED if details else details
    return _walk(details, _Class.UNKNOWN)


def _details_json(details: object) -> str:
    if details is None:
        return ""
    return json.dumps(redact_details(details), sort_keys=True, separators=(",", ":"), default=str)


def _classify(key: str) -> _Class:
    lower = key.lower()
    if lower not in _NOT_SECRET and _SECRET_KEY.search(lower):
        return _Class.SECRET
    if _IDENTIFIER_KEY.search(lower):
        return _Class.IDENTIFIER
    if lower in SAFE_KEYS or _SAFE_SUFFIX.search(lower):
        return _Class.SAFE
    return _Class.UNKNOWN


def _walk(value: Any, cls: _Class) -> Any:
    if isinstance(value, dict):
        # Below a secret or identifier key, children are at least as strict as their parent.
        floor = cls if cls >= _Class.IDENTIFIER else _Class.SAFE
        return {str(k): _walk(v, max(_classify(str(k)), floor)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_walk(v, cls) for v in value]
    return _leaf(value, cls)


def _leaf(value: Any, cls: _Class) -> Any:
    if value is None:
        return None
    if cls is _Class.SAFE:
        return value
    if cls is _Class.IDENTIFIER:
        return mask_identifier(value)
    if cls is _Class.SECRET:
        return REDACTED
    # Unknown key: numbers and booleans are amounts, counts and flags; text may be anything.
    if isinstance(value, bool | int | float):
        return value
    return REDACTED
