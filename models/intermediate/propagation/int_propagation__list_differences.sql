-- semantics.md > Propagation: where a system's snapshot and its expected list
-- differ - a point listed that should not be, or one to list that is missing.
-- One full join of the ~10 M list rows with the ~10 M expected ones (not two
-- anti-joins, nor a distinct over every list row: the few differences are made
-- distinct). A table of its own, analysed, so that the checks built on these
-- thousands of rows are planned on real counts, not on a join's guess of one row.

with

lists as (
    select * from {{ ref('stg_downstream__contact_lists') }}
    where dq_reason is null
),

expected as (
    select * from {{ ref('int_propagation__expected_lists') }}
),

final as (
    select distinct
        coalesce(lists.system, expected.system) as system,
        coalesce(lists.snapshot_at, expected.snapshot_at) as snapshot_at,
        coalesce(lists.channel, expected.channel) as channel,
        coalesce(lists.contact_point, expected.contact_point) as contact_point,
        lists.system is not null as is_listed
    from lists
    full join expected
        on
            lists.system = expected.system
            and lists.snapshot_at = expected.snapshot_at
            and lists.channel = expected.channel
            and lists.contact_point = expected.contact_point
    where lists.system is null or expected.system is null
)

select * from final
