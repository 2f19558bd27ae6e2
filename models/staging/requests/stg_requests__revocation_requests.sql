-- Revocation requests, typed. A request is never lost for a garbled identity
-- attribute: like customer records, such a value is dropped and reported, and
-- the request stays (unmatched if nothing else identifies the customer).
{%- set checks = [
    {'when': 'request_id is null', 'reason': 'missing key'},
    {'when': key_too_long(['request_id']), 'reason': 'key too long'},
    {'when': 'received_at_raw is null', 'reason': 'missing received_at'},
    {'when': 'received_at_raw is not null and received_at is null', 'reason': 'unparseable received_at', 'value': 'received_at_raw'},
    {'when': 'received_via is null', 'reason': 'unknown received_via', 'value': 'received_via_raw'},
    {'when': 'scope is null', 'reason': 'unknown scope', 'value': 'scope_raw'},
    {'when': "scope = 'channel' and (channel is null or channel = 'any')", 'reason': 'unknown channel', 'value': 'channel_raw'},
    {'when': 'response_sent_at_raw is not null and response_sent_at is null', 'reason': 'unparseable response_sent_at', 'value': 'response_sent_at_raw'},
    {'when': 'received_at > ' ~ as_of(), 'reason': 'after as_of', 'value': 'received_at_raw'},
] %}
{%- set ignored = [
    {'when': 'birth_date_raw is not null and birth_date is null', 'reason': 'unparseable birth_date', 'value': 'birth_date_raw'},
    {'when': 'passport_raw is not null and passport is null', 'reason': 'passport is not 10 digits', 'value': 'passport_raw'},
    {'when': 'phone_raw is not null and phone is null', 'reason': 'unparseable phone', 'value': 'phone_raw'},
    {'when': 'email_raw is not null and email is null', 'reason': 'unparseable email', 'value': 'email_raw'},
    {'when': '(source_system is null) <> (source_customer_id is null)', 'reason': 'incomplete source record reference', 'value': 'coalesce(source_system, source_customer_id)'},
] %}

with

source as (
    select * from {{ source('requests', 'revocation_requests') }}
),

trimmed as (
    select
        _batch_id,
        _row_id,
        {{ clean_text('request_id') }} as request_id,
        {{ clean_text('received_at') }} as received_at,
        {{ clean_text('received_via') }} as received_via,
        {{ clean_text('scope') }} as scope,
        {{ clean_text('channel') }} as channel,
        {{ clean_text('full_name') }} as full_name,
        {{ clean_text('birth_date') }} as birth_date,
        {{ clean_text('passport') }} as passport,
        {{ clean_text('phone') }} as phone,
        {{ clean_text('email') }} as email,
        {{ clean_text('source_system') }} as source_system,
        {{ clean_text('source_customer_id') }} as source_customer_id,
        {{ clean_text('response_sent_at') }} as response_sent_at
    from source
),

typed as {{ computed_once() }} (
    select
        trimmed._batch_id,
        trimmed._row_id,

        -- key
        trimmed.request_id,

        -- what was asked, and how
        via_code.code as received_via,
        scope_code.code as scope,
        channel_code.code as channel,

        -- who asked, as they wrote it, normalised
        trimmed.full_name,
        {{ normalise_name('trimmed.full_name') }} as full_name_normalised,
        {{ safe_cast_date('trimmed.birth_date') }} as birth_date,
        {{ normalise_passport('trimmed.passport') }} as passport,
        {{ normalise_phone('trimmed.phone') }} as phone,
        {{ normalise_email('trimmed.email') }} as email,
        {{ lower_cyrillic('trimmed.source_system') }} as source_system,
        trimmed.source_customer_id,

        -- timestamps
        {{ safe_cast_timestamptz('trimmed.received_at') }} as received_at,
        {{ safe_cast_timestamptz('trimmed.response_sent_at') }} as response_sent_at,

        -- raw text, for the data-quality report
        trimmed.received_via as received_via_raw,
        trimmed.scope as scope_raw,
        trimmed.channel as channel_raw,
        trimmed.birth_date as birth_date_raw,
        trimmed.passport as passport_raw,
        trimmed.phone as phone_raw,
        trimmed.email as email_raw,
        trimmed.received_at as received_at_raw,
        trimmed.response_sent_at as response_sent_at_raw
    from trimmed
    {{ join_code('via_code', 'received_via', 'trimmed.received_via') }}
    {{ join_code('scope_code', 'request_scope', 'trimmed.scope') }}
    {{ join_code('channel_code', 'channel', 'trimmed.channel') }}
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
    content=['received_at', 'received_via', 'scope', 'channel', 'full_name', 'birth_date', 'passport', 'phone', 'email', 'source_system', 'source_customer_id', 'response_sent_at', 'ignored_values'],
) }},

final as (
    select
        request_id,
        received_at,
        received_via,
        scope,
        -- the channel matters only for scope `channel`
        case when scope = 'channel' then channel end as channel,
        full_name,
        full_name_normalised,
        birth_date,
        passport,
        phone,
        email,
        -- a reference to a source record needs both halves
        case when source_customer_id is not null then source_system end as source_system,
        case when source_system is not null then source_customer_id end as source_customer_id,
        response_sent_at,
        ignored_values,
        dq_reason,
        dq_details,
        {{ source_key(['request_id']) }} as source_key,
        _batch_id,
        _row_id
    from resolved
)

select * from final
