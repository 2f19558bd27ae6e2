-- Customer records, typed and normalised for identity matching.
-- An identity attribute that cannot be parsed (birth date, passport, phone,
-- e-mail) is dropped from the record and reported, but the record stays: the
-- person exists, and discarding the record would discard their refusals too.
{%- set checks = [
    {'when': 'source_system is null or source_customer_id is null', 'reason': 'missing key'},
    {'when': key_too_long(['source_system', 'source_customer_id']), 'reason': 'key too long'},
    {'when': 'full_name is null', 'reason': 'missing full_name'},
    {'when': 'updated_at_raw is null', 'reason': 'missing updated_at'},
    {'when': 'updated_at_raw is not null and updated_at is null', 'reason': 'unparseable updated_at', 'value': 'updated_at_raw'},
    {'when': 'anonymized_at_raw is not null and anonymized_at is null', 'reason': 'unparseable anonymized_at', 'value': 'anonymized_at_raw'},
    {'when': 'updated_at > ' ~ as_of(), 'reason': 'after as_of', 'value': 'updated_at_raw'},
] %}
{%- set ignored = [
    {'when': 'birth_date_raw is not null and birth_date is null', 'reason': 'unparseable birth_date', 'value': 'birth_date_raw'},
    {'when': 'passport_raw is not null and passport is null', 'reason': 'passport is not 10 digits', 'value': 'passport_raw'},
    {'when': 'phone_raw is not null and phone is null', 'reason': 'unparseable phone', 'value': 'phone_raw'},
    {'when': 'email_raw is not null and email is null', 'reason': 'unparseable email', 'value': 'email_raw'},
    {'when': 'address_raw is not null and address is null', 'reason': 'address longer than 500 characters'},
] %}

with

source as (
    {{ keyed_rows_to_type(
        source('crm', 'customers'),
        source_key([lower_cyrillic(clean_text('source_system')), clean_text('source_customer_id')]),
    ) }}
),

trimmed as (
    select
        _batch_id,
        _row_id,
        {{ clean_text('source_system') }} as source_system,
        {{ clean_text('source_customer_id') }} as source_customer_id,
        {{ clean_text('full_name') }} as full_name,
        {{ clean_text('birth_date') }} as birth_date,
        {{ clean_text('passport') }} as passport,
        {{ clean_text('phone') }} as phone,
        {{ clean_text('email') }} as email,
        {{ clean_text('address') }} as address,
        {{ clean_text('updated_at') }} as updated_at,
        {{ clean_text('anonymized_at') }} as anonymized_at
    from source
),

typed as {{ computed_once() }} (
    select
        _batch_id,
        _row_id,

        -- keys
        {{ lower_cyrillic('source_system') }} as source_system,
        source_customer_id,

        -- identity, normalised per semantics.md
        full_name,
        {{ normalise_name('full_name') }} as full_name_normalised,
        {{ safe_cast_date('birth_date') }} as birth_date,
        {{ normalise_passport('passport') }} as passport,
        {{ normalise_phone('phone') }} as phone,
        {{ normalise_email('email') }} as email,
        -- no postal address is longer; a longer one would not fit the contact-point indexes
        case when length(address) <= 500 then address end as address,

        -- timestamps
        {{ safe_cast_timestamptz('updated_at') }} as updated_at,
        {{ safe_cast_timestamptz('anonymized_at') }} as anonymized_at,

        -- raw text, for the data-quality report
        birth_date as birth_date_raw,
        passport as passport_raw,
        phone as phone_raw,
        email as email_raw,
        address as address_raw,
        updated_at as updated_at_raw,
        anonymized_at as anonymized_at_raw
    from trimmed
),

checked as (
    select
        *,
        {{ row_issues(checks) }},
        {{ issue_details(ignored) }} as ignored_values
    from typed
),

{{ resolve_versions(
    keys=['source_system', 'source_customer_id'],
    content=['full_name', 'birth_date', 'passport', 'phone', 'email', 'address', 'updated_at', 'anonymized_at', 'ignored_values'],
) }},

final as (
    select
        source_system,
        source_customer_id,
        full_name,
        full_name_normalised,
        birth_date,
        passport,
        phone,
        email,
        address,
        updated_at,
        anonymized_at,
        ignored_values,
        dq_reason,
        dq_details,
        {{ source_key(['source_system', 'source_customer_id']) }} as source_key,
        _batch_id,
        _row_id,
        {{ as_of() }} as _as_of
    from resolved
)

select * from final
