{#- Normalisers from semantics.md > Identity. Each returns NULL when the value
    cannot be a valid one; staging reports that with the raw text. -#}

{#- Lower case, ё → е. lower() follows the database's LC_CTYPE, which is often C
    and then leaves Cyrillic alone: map Cyrillic capitals explicitly so every locale
    agrees. -#}
{% macro lower_cyrillic(expression) -%}
    {{ return(adapter.dispatch('lower_cyrillic', 'consentmart')(expression)) }}
{%- endmacro %}

{% macro default__lower_cyrillic(expression) -%}
    lower(translate({{ expression }}, 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯё', 'абвгдеежзийклмнопрстуфхцчшщъыьэюяе'))
{%- endmacro %}

{#- translate() over 34 multibyte letters costs ~3 µs a name (8 s of 10 for 2.3 M
    document names): where lower() knows Cyrillic, only ё is left to map. The test
    is a constant, so the planner keeps one branch. lower() maps case by the
    expression's collation, and staged text is in byte order (collation C: ASCII
    only), so it lowers under the database's default, the one the test asked. -#}
{% macro postgres__lower_cyrillic(expression) -%}
    case
        when lower('ЁЯ') = 'ёя'
            then {{ byte_ordered("translate(lower((" ~ expression ~ ") collate \"default\"), 'ё', 'е')") }}
        else {{ default__lower_cyrillic(expression) }}
    end
{%- endmacro %}

{#- White space inside a bracket expression of a regular expression, the same in
    every database: `\s` follows the text's collation, and staged text is in byte
    order (collation C), where it is ASCII only. So the Unicode spaces are listed, and
    the no-break ones, which names pasted from documents carry. -#}
{% macro white_space() -%}
    \s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000
{%- endmacro %}

{#- Names: lower-cased, ё → е, runs of white space collapsed to one space. -#}
{% macro normalise_name(column) -%}
    {{ return(adapter.dispatch('normalise_name', 'consentmart')(column)) }}
{%- endmacro %}

{% macro postgres__normalise_name(column) -%}
    nullif(trim(regexp_replace({{ lower_cyrillic(column) }}, '[{{ white_space() }}]+', ' ', 'g')), '')
{%- endmacro %}

{#- Phones to +7XXXXXXXXXX: 11 digits starting 7 or 8, or a bare 10-digit
    number, written with digits, spaces, brackets, dots, dashes and a plus. -#}
{% macro normalise_phone(column) -%}
    {{ return(adapter.dispatch('normalise_phone', 'consentmart')(column)) }}
{%- endmacro %}

{% macro postgres__normalise_phone(column) -%}
    case
        when {{ column }} ~ '^\+?[0-9 ()\-.]+$'
            then case
                when regexp_replace({{ column }}, '[^0-9]', '', 'g') ~ '^[78][0-9]{10}$'
                    then '+7' || substr(regexp_replace({{ column }}, '[^0-9]', '', 'g'), 2)
                when {{ column }} !~ '^\+' and regexp_replace({{ column }}, '[^0-9]', '', 'g') ~ '^[0-9]{10}$'
                    then '+7' || regexp_replace({{ column }}, '[^0-9]', '', 'g')
            end
    end
{%- endmacro %}

{#- E-mails: trimmed and lower-cased; one @, a dot in the domain, no spaces, at most
    254 characters (RFC 5321: no mail system delivers a longer one, and a contact
    point must fit the indexes the marts are looked up by). -#}
{% macro normalise_email(column) -%}
    {{ return(adapter.dispatch('normalise_email', 'consentmart')(column)) }}
{%- endmacro %}

{% macro postgres__normalise_email(column) -%}
    case
        when trim({{ column }}) ~ '^[^@{{ white_space() }}]+@[^@{{ white_space() }}]+\.[^@{{ white_space() }}.]+$'
            and length(trim({{ column }})) <= 254
            then {{ lower_cyrillic('trim(' ~ column ~ ')') }}
    end
{%- endmacro %}

{#- Passports: the 10 digits of series and number, however they were spaced. -#}
{% macro normalise_passport(column) -%}
    {{ return(adapter.dispatch('normalise_passport', 'consentmart')(column)) }}
{%- endmacro %}

{% macro postgres__normalise_passport(column) -%}
    case
        when {{ column }} ~ '^[0-9 №\-]+$' and regexp_replace({{ column }}, '[^0-9]', '', 'g') ~ '^[0-9]{10}$'
            then regexp_replace({{ column }}, '[^0-9]', '', 'g')
    end
{%- endmacro %}

{#- A contact point as a downstream system holds it: an e-mail when it has an @,
    otherwise a phone. -#}
{% macro normalise_contact_point(column) -%}
    case
        when {{ column }} like '%@%' then {{ normalise_email(column) }}
        else {{ normalise_phone(column) }}
    end
{%- endmacro %}

{#- Postal addresses are compared as written, trimmed and with single spaces. -#}
{% macro normalise_address(column) -%}
    {{ return(adapter.dispatch('normalise_address', 'consentmart')(column)) }}
{%- endmacro %}

{% macro postgres__normalise_address(column) -%}
    nullif(trim(regexp_replace({{ column }}, '[{{ white_space() }}]+', ' ', 'g')), '')
{%- endmacro %}
