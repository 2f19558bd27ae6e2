-- Business-day arithmetic needs every date from the first to the last.

with

calendar as (
    select * from {{ ref('production_calendar') }}
),

bounds as (
    select
        min(calendar_date) as first_date,
        max(calendar_date) as last_date,
        count(*) as n_days
    from calendar
)

select *
from bounds
where n_days <> last_date - first_date + 1
