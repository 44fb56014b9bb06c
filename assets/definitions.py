"""The Dagster code location: every domain's Definitions merged, with shared resources."""

from __future__ import annotations

from dagster import Definitions

from assets import ingest, operations, quality, reconcile, report, sql_models
from assets.resources import default_resources


def build_definitions() -> Definitions:
    domains = [
        ingest.defs, reconcile.defs, report.defs, sql_models.defs, operations.defs, quality.defs
    ]
    return Definitions.merge(*domains, Definitions(resources=default_resources()))


defs = build_definitions()
