"""Reconciliation of one business date (CONTRACT §2–4): exception rules, the exception
lifecycle, daily KPIs and the three correction feeds. See docs/rules.md."""

from hc_reconcile.reconcile.feeds import Feeds
from hc_reconcile.reconcile.run import reconcile_date
from hc_reconcile.reconcile.write import write_feeds

__all__ = ["Feeds", "reconcile_date", "write_feeds"]
