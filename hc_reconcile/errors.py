"""Every error the platform raises on purpose.

Data problems (a bad row, a malformed 835, an unbalanced remittance) are *data*: they
end up in ``recon.rejected_rows``, ``recon.file_log`` or ``recon.exceptions`` and never
raise. The errors below are for when the platform cannot do its job at all; each carries
a message that tells the user what to do.
"""

from __future__ import annotations


class HcReconcileError(Exception):
    """Base class: the platform could not do its job. ``str(err)`` says why and what to do."""


class ConfigError(HcReconcileError):
    """A setting is missing or invalid (CLI flag, ``HC_*`` variable or TOML file)."""


class LandingError(HcReconcileError):
    """The landing folder (or a requested business date in it) cannot be read."""


class WarehouseLockedError(HcReconcileError):
    """Another process is writing the working warehouse (DuckDB allows one writer)."""


class WarehouseError(HcReconcileError):
    """The warehouse file cannot be opened, written or published."""


class DeliveryError(HcReconcileError):
    """A report could not be delivered (SMTP unreachable or refusing)."""


class SourceError(HcReconcileError):
    """An external source (SFTP server, SQL database) could not be read."""
