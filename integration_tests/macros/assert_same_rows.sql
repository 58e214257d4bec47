{#- Rows in one query and not the other, either way (a singular test passes when empty). -#}
{% macro assert_same_rows(actual_sql, expected_sql) %}
with actual as ({{ actual_sql }}), expected as ({{ expected_sql }})
select 'missing from actual' as problem, * from (select * from expected except select * from actual) as missing
union all
select 'unexpected in actual' as problem, * from (select * from actual except select * from expected) as extra
{% endmacro %}
