-- Every outbound message or call, with its contact point normalised so it can
-- be resolved to the customers it belongs to.
{%- set checks = [
    {'when': 'communication_id is null', 'reason': 'missing key'},
    {'when': key_too_long(['communication_id']), 'reason': 'key too long'},
    {'when': 'system is null', 'reason': 'missing system'},
    {'when': "channel is null or channel = 'any'", 'reason': 'unknown channel', 'value': 'channel_raw'},
    {'when': 'kind is null', 'reason': 'unknown kind', 'value': 'kind_raw'},
    {'when': 'contact_point_raw is null', 'reason': 'missing contact_point'},
    {'when': 'contact_point_raw is not null and contact_point is null', 'reason': 'unparseable contact_point', 'value': 'contact_point_raw'},
    {'when': 'sent_at_raw is null', 'reason': 'missing sent_at'},
    {'when': 'sent_at_raw is not null and sent_at is null', 'reason': 'unparseable sent_at', 'value': 'sent_at_raw'},
    {'when': 'sent_at > ' ~ as_of(), 'reason': 'after as_of', 'value': 'sent_at_raw'},
] %}

with

source as (
    {{ keyed_rows_to_type(
        source('downstream', 'communications'),
        source_key([clean_text('communication_id')]),
    ) }}
),

trimmed as (
    select
        _batch_id,
        _row_id,
        {{ clean_text('communication_id') }} as communication_id,
        {{ clean_text('system') }} as system,
        {{ clean_text('channel') }} as channel,
        {{ clean_text('contact_point') }} as contact_point,
        {{ clean_text('source_customer_id') }} as source_customer_id,
        {{ clean_text('sent_at') }} as sent_at,
        {{ clean_text('kind') }} as kind,
        {{ clean_text('campaign_id') }} as campaign_id
    from source
),

typed as {{ computed_once() }} (
    select
        trimmed._batch_id,
        trimmed._row_id,

        -- key
        trimmed.communication_id,

        -- who sent what, to whom
        {{ lower_cyrillic('trimmed.system') }} as system,
        channel_code.code as channel,
        kind_code.code as kind,
        trimmed.campaign_id,
        {{ normalise_contact_point('trimmed.contact_point') }} as contact_point,
        trimmed.source_customer_id,

        -- when
        {{ safe_cast_timestamptz('trimmed.sent_at') }} as sent_at,

        -- raw text, for the data-quality report
        trimmed.channel as channel_raw,
        trimmed.kind as kind_raw,
        trimmed.contact_point as contact_point_raw,
        trimmed.sent_at as sent_at_raw
    from trimmed
    {{ join_code('channel_code', 'channel', 'trimmed.channel') }}
    {{ join_code('kind_code', 'communication_kind', 'trimmed.kind') }}
),

checked as (
    select
        *,
        {{ row_issues(checks) }}
    from typed
),

{{ resolve_versions(
    keys=['communication_id'],
    content=['system', 'channel', 'kind', 'campaign_id', 'contact_point', 'source_customer_id', 'sent_at'],
) }},

final as (
    select
        communication_id,
        system,
        channel,
        kind,
        campaign_id,
        contact_point,
        source_customer_id,
        sent_at,
        dq_reason,
        dq_details,
        {{ source_key(['communication_id']) }} as source_key,
        _batch_id,
        _row_id,
        {{ as_of() }} as _as_of
    from resolved
)

select * from final
