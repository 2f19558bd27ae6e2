-- The production calendar must give the official number of working days in
-- every year it covers (247 in 2025, 248 in 2024, ...). Returns the years that
-- disagree, and years on either side that are missing.

with

calendar as (
    select * from {{ ref('production_calendar') }}
),

official as (
    select * from {{ ref('official_working_day_counts') }}
),

counted as (
    select
        cast(extract(year from calendar_date) as integer) as calendar_year,
        count(*) filter (where is_business_day) as working_days,
        count(*) as days
    from calendar
    group by 1
),

final as (
    select
        counted.days,
        counted.working_days as calendar_working_days,
        official.working_days as official_working_days,
        coalesce(counted.calendar_year, official.year) as calendar_year
    from counted
    full outer join official on counted.calendar_year = official.year
    where
        counted.working_days is distinct from official.working_days
        or counted.days not in (365, 366)
)

select * from final
