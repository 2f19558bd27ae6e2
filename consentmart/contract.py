"""The raw input contract (shared/spec/raw-contract.md): tables and their columns.

The dbt sources declare the same columns; a test keeps the two in step.
"""

from __future__ import annotations

RAW_SCHEMA = "raw"

# Loader bookkeeping columns added to every raw table (not part of the contract).
LOAD_COLUMNS: tuple[str, ...] = ("_batch_id", "_row_id", "_loaded_at")

RAW_TABLES: dict[str, tuple[str, ...]] = {
    "customers": (
        "source_system", "source_customer_id", "full_name", "birth_date", "passport",
        "phone", "email", "address", "updated_at", "anonymized_at",
    ),
    "contracts": (
        "source_system", "contract_id", "source_customer_id", "product_code",
        "signed_at", "ended_at", "sales_channel", "branch",
    ),
    "consent_events": (
        "source_system", "event_id", "source_customer_id", "contract_id", "purpose",
        "channel", "action", "event_at", "recorded_at", "valid_until",
        "collection_method", "document_id", "partner", "wording_version",
    ),
    "consent_documents": (
        "document_id", "source_system", "kind", "storage_uri", "sha256", "uploaded_at",
        "contract_id", "name_on_document", "is_signed", "is_readable", "verified_at",
    ),
    "products": (
        "product_code", "product_name", "product_line", "pd_retention_years",
    ),
    "downstream_systems": (
        "system", "channels", "propagation_sla_hours", "feed_interval_hours",
    ),
    "revocation_requests": (
        "request_id", "received_at", "received_via", "scope", "channel", "full_name",
        "birth_date", "passport", "phone", "email", "source_system",
        "source_customer_id", "response_sent_at",
    ),
    "downstream_contact_lists": (
        "system", "snapshot_at", "channel", "contact_point", "source_customer_id",
    ),
    "communications": (
        "communication_id", "system", "channel", "contact_point", "source_customer_id",
        "sent_at", "kind", "campaign_id",
    ),
    "regulator_requests": (
        "request_id", "regulator", "received_at", "communication_id", "contact_point",
        "full_name", "answered_at",
    ),
}
