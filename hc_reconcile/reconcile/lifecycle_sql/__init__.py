"""SQL of the exception lifecycle (CONTRACT §2); see ``reconcile/lifecycle.py``."""
