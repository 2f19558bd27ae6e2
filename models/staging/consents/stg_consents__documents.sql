-- The evidence behind consents. Whether a document proves a grant (signed,
-- readable, the right person and contract, verified in time) is decided
-- downstream; here it is only typed.
{%- set checks = [
    {'when': 'document_id is null', 'reason': 'missing key'},
    {'when': key_too_long(['document_id']), 'reason': 'key too long'},
    {'when': 'source_system is null', 'reason': 'missing source_system'},
    {'when': 'kind is null', 'reason': 'unknown kind', 'value': 'kind_raw'},
    {'when': 'storage_uri is null', 'reason': 'missing storage_uri'},
    {'when': 'sha256_raw is not null and sha256 is null', 'reason': 'unparseable sha256', 'value': 'sha256_raw'},
    {'when': 'uploaded_at_raw is null', 'reason': 'missing uploaded_at'},
    {'when': 'uploaded_at_raw is not null and uploaded_at is null', 'reason': 'unparseable uploaded_at', 'value': 'uploaded_at_raw'},
    {'when': 'is_signed_raw is not null and is_signed is null', 'reason': 'unparseable is_signed', 'value': 'is_signed_raw'},
    {'when': 'is_readable_raw is not null and is_readable is null', 'reason': 'unparseable is_readable', 'value': 'is_readable_raw'},
    {'when': 'verified_at_raw is not null and verified_at is null', 'reason': 'unparseable verified_at', 'value': 'verified_at_raw'},
    {'when': 'uploaded_at > ' ~ as_of(), 'reason': 'after as_of', 'value': 'uploaded_at_raw'},
] %}

with

source as (
    {{ keyed_rows_to_type(
        source('consents', 'consent_documents'),
        source_key([clean_text('document_id')]),
    ) }}
),

trimmed as (
    select
        _batch_id,
        _row_id,
        {{ clean_text('document_id') }} as document_id,
        {{ clean_text('source_system') }} as source_system,
        {{ clean_text('kind') }} as kind,
        {{ clean_text('storage_uri') }} as storage_uri,
        {{ clean_text('sha256') }} as sha256,
        {{ clean_text('uploaded_at') }} as uploaded_at,
        {{ clean_text('contract_id') }} as contract_id,
        {{ clean_text('name_on_document') }} as name_on_document,
        {{ clean_text('is_signed') }} as is_signed,
        {{ clean_text('is_readable') }} as is_readable,
        {{ clean_text('verified_at') }} as verified_at
    from source
),

typed as {{ computed_once() }} (
    select
        trimmed._batch_id,
        trimmed._row_id,

        -- keys
        trimmed.document_id,
        {{ lower_cyrillic('trimmed.source_system') }} as source_system,
        trimmed.contract_id,

        -- the document
        kind_code.code as kind,
        trimmed.storage_uri,
        case when trimmed.sha256 ~* '^[0-9a-f]{64}$' then {{ lower_cyrillic('trimmed.sha256') }} end as sha256,
        trimmed.name_on_document,
        {{ normalise_name('trimmed.name_on_document') }} as name_on_document_normalised,

        -- checks by a data steward (NULL = not checked)
        {{ safe_cast_boolean('trimmed.is_signed') }} as is_signed,
        {{ safe_cast_boolean('trimmed.is_readable') }} as is_readable,

        -- timestamps
        {{ safe_cast_timestamptz('trimmed.uploaded_at') }} as uploaded_at,
        {{ safe_cast_timestamptz('trimmed.verified_at') }} as verified_at,

        -- raw text, for the data-quality report
        trimmed.kind as kind_raw,
        trimmed.sha256 as sha256_raw,
        trimmed.is_signed as is_signed_raw,
        trimmed.is_readable as is_readable_raw,
        trimmed.uploaded_at as uploaded_at_raw,
        trimmed.verified_at as verified_at_raw
    from trimmed
    {{ join_code('kind_code', 'document_kind', 'trimmed.kind') }}
),

checked as (
    select
        *,
        {{ row_issues(checks) }}
    from typed
),

{{ resolve_versions(
    keys=['document_id'],
    content=['source_system', 'contract_id', 'kind', 'storage_uri', 'sha256', 'name_on_document', 'is_signed', 'is_readable', 'uploaded_at', 'verified_at'],
) }},

final as (
    select
        document_id,
        source_system,
        contract_id,
        kind,
        storage_uri,
        sha256,
        name_on_document,
        name_on_document_normalised,
        is_signed,
        is_readable,
        uploaded_at,
        verified_at,
        dq_reason,
        dq_details,
        {{ source_key(['document_id']) }} as source_key,
        _batch_id,
        _row_id,
        {{ as_of() }} as _as_of
    from resolved
)

select * from final
