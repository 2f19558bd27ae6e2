-- The production calendar with a running number of business days, so that
-- "N business days after t" is one lookup instead of a scan.

with

calendar as (
    select * from {{ ref('production_calendar') }}
),

final as (
    select
        calendar_date,
        is_business_day,
        day_kind,
        note,
        -- on a day off: the number of the last business day before it
        count(*) filter (where is_business_day) over (
            order by calendar_date rows between unbounded preceding and current row
        ) as business_day_number
    from calendar
)

select * from final
