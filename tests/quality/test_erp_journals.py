"""erp_journals_unbalanced on hand-written correction feeds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hc_reconcile.quality import erp_journals_unbalanced

D = date(2026, 3, 2)
HEAD = (
    "journal_id,line_no,exception_id,entity_id,account,cost_center,amount,reference,description\n"
)


def _feed(outbox: Path, body: str) -> Path:
    path = outbox / D.isoformat() / "erp_journal_corrections.csv"
    path.parent.mkdir(parents=True)
    path.write_text(HEAD + body, encoding="utf-8")
    return outbox


def test_balanced_journals(tmp_path: Path) -> None:
    outbox = _feed(
        tmp_path,
        "J1,1,E1,ENT,1010,CC1,100.10,T1,cash\n"
        'J1,2,E1,ENT,1200,CC1,-100.10,T1,"ar, offset"\n'
        "J2,1,E2,ENT,1010,CC2,0.1,T2,cash\n"
        "J2,2,E2,ENT,1200,CC2,-0.10,T2,offset\n",
    )
    assert erp_journals_unbalanced(outbox, D) == []


def test_unbalanced_journals_listed_in_file_order(tmp_path: Path) -> None:
    outbox = _feed(
        tmp_path,
        "J9,1,E1,ENT,1010,CC1,100.00,T1,cash\n"
        "J9,2,E1,ENT,1200,CC1,-99.99,T1,offset\n"
        "J2,1,E2,ENT,1010,CC2,5.00,T2,cash\n"
        "J2,2,E2,ENT,1200,CC2,-5.00,T2,offset\n"
        "J3,1,E3,ENT,1010,CC3,12.00,T3,single line\n"
        "J4,1,E4,ENT,1010,CC4,abc,T4,bad amount\n"
        "J4,2,E4,ENT,1200,CC4,0,T4,offset\n",
    )
    assert erp_journals_unbalanced(outbox, D) == ["J9", "J3", "J4"]


def test_missing_or_empty_feed_has_no_journal(tmp_path: Path) -> None:
    assert erp_journals_unbalanced(tmp_path, D) == []
    assert erp_journals_unbalanced(_feed(tmp_path, ""), D) == []
