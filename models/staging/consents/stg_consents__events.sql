-- The consent log, typed: codes mapped through the alias seed, moments in time.
-- Which customer an event belongs to is checked downstream, against the
-- customer records that survived their own checks.
{%- set checks = [
    {'when': 'source_system is null or event_id is null', 'reason': 'missing key'},
    {'when': key_too_long(['source_system', 'event_id']), 'reason': 'key too long'},
    {'when': 'source_customer_id is null', 'reason': 'missing source_customer_id'},
    {'when': 'purpose is null', 'reason': 'unknown purpose', 'value': 'purpose_raw'},
    {'when': 'channel is null', 'reason': 'unknown channel', 'value': 'channel_raw'},
    {'when': 'action is null', 'reason': 'unknown action', 'value': 'action_raw'},
    {'when': 'collection_method is null', 'reason': 'unknown collection_method', 'value': 'collection_method_raw'},
    {'when': 'event_at_raw is null', 'reason': 'missing event_at'},
    {'when': 'event_at_raw is not null and event_at is null', 'reason': 'unparseable event_at', 'value': 'event_at_raw'},
    {'when': 'recorded_at_raw is null', 'reason': 'missing recorded_at'},
    {'when': 'recorded_at_raw is not null and recorded_at is null', 'reason': 'unparseable recorded_at', 'value': 'recorded_at_raw'},
    {'when': 'valid_until_raw is not null and valid_until is null', 'reason': 'unparseable valid_until', 'value': 'valid_until_raw'},
    {'when': 'valid_until < event_at', 'reason': 'valid_until before event_at', 'value': 'valid_until_raw'},
    {'when': 'event_at > ' ~ as_of() ~ ' or recorded_at > ' ~ as_of(), 'reason': 'after as_of', 'value': 'recorded_at_raw'},
] %}

with

source as (
    {{ keyed_rows_to_type(
        source('consents', 'consent_events'),
        source_key([lower_cyrillic(clean_text('source_system')), clean_text('event_id')]),
    ) }}
),

trimmed as (
    select
        _batch_id,
        _row_id,
        {{ clean_text('source_system') }} as source_system,
        {{ clean_text('event_id') }} as event_id,
        {{ clean_text('source_customer_id') }} as source_customer_id,
        {{ clean_text('contract_id') }} as contract_id,
        {{ clean_text('purpose') }} as purpose,
        {{ clean_text('channel') }} as channel,
        {{ clean_text('action') }} as action,
        {{ clean_text('event_at') }} as event_at,
        {{ clean_text('recorded_at') }} as recorded_at,
        {{ clean_text('valid_until') }} as valid_until,
        {{ clean_text('collection_method') }} as collection_method,
        {{ clean_text('document_id') }} as document_id,
        {{ clean_text('partner') }} as partner,
        {{ clean_text('wording_version') }} as wording_version
    from source
),

typed as {{ computed_once() }} (
    select
        trimmed._batch_id,
        trimmed._row_id,

        -- keys
        {{ lower_cyrillic('trimmed.source_system') }} as source_system,
        trimmed.event_id,
        trimmed.source_customer_id,
        trimmed.contract_id,

        -- what was consented to, mapped to canonical codes
        purpose_code.code as purpose,
        channel_code.code as channel,
        action_code.code as action,
        method_code.code as collection_method,

        -- timestamps
        {{ safe_cast_timestamptz('trimmed.event_at') }} as event_at,
        {{ safe_cast_timestamptz('trimmed.recorded_at') }} as recorded_at,
        {{ safe_cast_timestamptz('trimmed.valid_until') }} as valid_until,

        -- evidence and wording
        trimmed.document_id,
        trimmed.partner,
        trimmed.wording_version,

        -- raw text, for the data-quality report
        trimmed.purpose as purpose_raw,
        trimmed.channel as channel_raw,
        trimmed.action as action_raw,
        trimmed.collection_method as collection_method_raw,
        trimmed.event_at as event_at_raw,
        trimmed.recorded_at as recorded_at_raw,
        trimmed.valid_until as valid_until_raw
    from trimmed
    {{ join_code('purpose_code', 'purpose', 'trimmed.purpose') }}
    {{ join_code('channel_code', 'channel', 'trimmed.channel') }}
    {{ join_code('action_code', 'action', 'trimmed.action') }}
    {{ join_code('method_code', 'collection_method', 'trimmed.collection_method') }}
),

checked as (
    select
        *,
        {{ row_issues(checks) }}
    from typed
),

{{ resolve_versions(
    keys=['source_system', 'event_id'],
    content=['source_customer_id', 'contract_id', 'purpose', 'channel', 'action', 'event_at', 'recorded_at', 'valid_until', 'collection_method', 'document_id', 'partner', 'wording_version'],
) }},

final as (
    select
        source_system,
        event_id,
        source_customer_id,
        contract_id,
        purpose,
        channel,
        action,
        event_at,
        recorded_at,
        valid_until,
        collection_method,
        document_id,
        partner,
        wording_version,
        dq_reason,
        dq_details,
        {{ source_key(['source_system', 'event_id']) }} as source_key,
        _batch_id,
        _row_id,
        {{ as_of() }} as _as_of
    from resolved
)

select * from final
