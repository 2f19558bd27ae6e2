-- Inquiries from the FAS and Roskomnadzor; the complainant's contact point is
-- normalised so it can be matched to customers and communications.
{%- set checks = [
    {'when': 'request_id is null', 'reason': 'missing key'},
    {'when': key_too_long(['request_id']), 'reason': 'key too long'},
    {'when': 'regulator is null', 'reason': 'unknown regulator', 'value': 'regulator_raw'},
    {'when': 'received_at_raw is null', 'reason': 'missing received_at'},
    {'when': 'received_at_raw is not null and received_at is null', 'reason': 'unparseable received_at', 'value': 'received_at_raw'},
    {'when': 'answered_at_raw is not null and answered_at is null', 'reason': 'unparseable answered_at', 'value': 'answered_at_raw'},
    {'when': 'received_at > ' ~ as_of(), 'reason': 'after as_of', 'value': 'received_at_raw'},
] %}
{%- set ignored = [
    {'when': 'contact_point_raw is not null and contact_point is null', 'reason': 'unparseable contact_point', 'value': 'contact_point_raw'},
] %}

with

source as (
    select * from {{ source('requests', 'regulator_requests') }}
),

trimmed as (
    select
        _batch_id,
        _row_id,
        {{ clean_text('request_id') }} as request_id,
        {{ clean_text('regulator') }} as regulator,
        {{ clean_text('received_at') }} as received_at,
        {{ clean_text('communication_id') }} as communication_id,
        {{ clean_text('contact_point') }} as contact_point,
        {{ clean_text('full_name') }} as full_name,
        {{ clean_text('answered_at') }} as answered_at
    from source
),

typed as {{ computed_once() }} (
    select
        trimmed._batch_id,
        trimmed._row_id,

        -- key
        trimmed.request_id,

        -- who asks, about what
        regulator_code.code as regulator,
        trimmed.communication_id,
        {{ normalise_contact_point('trimmed.contact_point') }} as contact_point,
        trimmed.full_name,
        {{ normalise_name('trimmed.full_name') }} as full_name_normalised,

        -- timestamps
        {{ safe_cast_timestamptz('trimmed.received_at') }} as received_at,
        {{ safe_cast_timestamptz('trimmed.answered_at') }} as answered_at,

        -- raw text, for the data-quality report
        trimmed.regulator as regulator_raw,
        trimmed.contact_point as contact_point_raw,
        trimmed.received_at as received_at_raw,
        trimmed.answered_at as answered_at_raw
    from trimmed
    {{ join_code('regulator_code', 'regulator', 'trimmed.regulator') }}
),

checked as (
    select
        *,
        {{ row_issues(checks) }},
        {{ issue_details(ignored) }} as ignored_values
    from typed
),

{{ resolve_versions(
    keys=['request_id'],
    content=['regulator', 'received_at', 'communication_id', 'contact_point', 'full_name', 'answered_at', 'ignored_values'],
) }},

final as (
    select
        request_id,
        regulator,
        received_at,
        communication_id,
        contact_point,
        full_name,
        full_name_normalised,
        answered_at,
        ignored_values,
        dq_reason,
        dq_details,
        {{ source_key(['request_id']) }} as source_key,
        _batch_id,
        _row_id
    from resolved
)

select * from final
