-- The systems that contact customers: which channels each serves, how soon a
-- consent change must reach it, how often a fresh list is expected.
{%- set checks = [
    {'when': 'system is null', 'reason': 'missing key'},
    {'when': key_too_long(['system']), 'reason': 'key too long'},
    {'when': 'not all_known', 'reason': 'unknown channel', 'value': 'channels_raw'},
    {'when': 'propagation_sla_hours_raw is null', 'reason': 'missing propagation_sla_hours'},
    {'when': 'propagation_sla_hours_raw is not null and (propagation_sla_hours is null or propagation_sla_hours < 0)', 'reason': 'unparseable propagation_sla_hours', 'value': 'propagation_sla_hours_raw'},
    {'when': 'feed_interval_hours_raw is null', 'reason': 'missing feed_interval_hours'},
    {'when': 'feed_interval_hours_raw is not null and (feed_interval_hours is null or feed_interval_hours <= 0)', 'reason': 'unparseable feed_interval_hours', 'value': 'feed_interval_hours_raw'},
] %}

with

source as (
    select * from {{ source('downstream', 'downstream_systems') }}
),

trimmed as (
    select
        _batch_id,
        _row_id,
        {{ clean_text('system') }} as system,
        {{ clean_text('channels') }} as channels,
        {{ clean_text('propagation_sla_hours') }} as propagation_sla_hours,
        {{ clean_text('feed_interval_hours') }} as feed_interval_hours
    from source
),

typed as {{ computed_once() }} (
    select
        trimmed._batch_id,
        trimmed._row_id,
        {{ lower_cyrillic('trimmed.system') }} as system,
        channel_list.codes as channels,
        channel_list.all_known,
        {{ safe_cast_integer('trimmed.propagation_sla_hours') }} as propagation_sla_hours,
        {{ safe_cast_integer('trimmed.feed_interval_hours') }} as feed_interval_hours,
        trimmed.channels as channels_raw,
        trimmed.propagation_sla_hours as propagation_sla_hours_raw,
        trimmed.feed_interval_hours as feed_interval_hours_raw
    from trimmed
    {{ join_code_list('channel_list', 'channel', 'trimmed.channels', exclude=['any']) }}
),

checked as (
    select
        *,
        {{ row_issues(checks) }}
    from typed
),

{{ resolve_versions(
    keys=['system'],
    content=['channels', 'propagation_sla_hours', 'feed_interval_hours'],
) }},

final as (
    select
        system,
        channels,
        propagation_sla_hours,
        feed_interval_hours,
        dq_reason,
        dq_details,
        {{ source_key(['system']) }} as source_key,
        _batch_id,
        _row_id
    from resolved
)

select * from final
