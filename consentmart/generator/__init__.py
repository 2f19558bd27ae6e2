"""Synthetic raw data for a Russian telecom with a bank arm, with its truth by construction."""
