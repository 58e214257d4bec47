{#- model_monitor.no_unseen_categories: the values of `column_name` (compared as text) that never
    occur in the reference's `reference_column` make up at most `max_unseen_rate` of the non-null
    values (default 0: none at all). Returns one row per unseen value when the rate is exceeded. -#}
{% test no_unseen_categories(model, column_name, reference, reference_column=none, reference_where=none,
                             max_unseen_rate=0, no_data='fail') %}
  {%- set test_name = 'no_unseen_categories' -%}
  {{ model_monitor.gate_no_data(test_name, no_data) }}
  {%- do model_monitor.gate_number(test_name, 'max_unseen_rate', max_unseen_rate, minimum=0, maximum=1) -%}
  {%- set reference_rows = model_monitor.gate_reference(test_name, reference, reference_where) -%}
  {%- set column = model_monitor.gate_find_column(test_name, 'column_name', model_monitor.gate_columns(model), column_name, "the tested model " ~ model) -%}
  {%- set ref_column = model_monitor.gate_find_column(test_name, 'reference_column', model_monitor.gate_columns(reference),
                                                       reference_column or column_name, "reference " ~ reference) -%}
  {%- set text = dbt.type_string() -%}
  {%- set double = model_monitor.type_double() -%}
with current_values as (
  select cast({{ model_monitor.quote_identifier(column) }} as {{ text }}) as category, count(*) as row_count
  from {{ model }}
  where {{ model_monitor.quote_identifier(column) }} is not null
  group by 1
),
reference_values as (
  select distinct cast({{ model_monitor.quote_identifier(ref_column) }} as {{ text }}) as category
  from {{ reference_rows }} reference_rows
  where {{ model_monitor.quote_identifier(ref_column) }} is not null
),
unseen as (
  select c.category, c.row_count
  from current_values c
  where not exists (select 1 from reference_values r where r.category = c.category)
),
totals as (
  select (select coalesce(sum(row_count), 0) from current_values) as value_count,
         (select coalesce(sum(row_count), 0) from unseen) as unseen_count,
         (select count(*) from reference_values) as reference_category_count
),
outcomes as (
  select {{ model_monitor.string_literal(column) }} as column_name, u.category, u.row_count,
         cast(t.unseen_count as {{ double }}) / t.value_count as unseen_rate,
         cast({{ max_unseen_rate }} as {{ double }}) as max_unseen_rate,
         case when cast(t.unseen_count as {{ double }}) / t.value_count > {{ max_unseen_rate }} then 'fail' else 'pass' end as gate_status
  from unseen u cross join totals t
  where t.value_count > 0 and t.reference_category_count > 0
  union all
  select {{ model_monitor.string_literal(column) }}, cast(null as {{ text }}), 0, cast(null as {{ double }}),
         cast({{ max_unseen_rate }} as {{ double }}), 'no_data'
  from totals where value_count = 0 or reference_category_count = 0
)
select * from outcomes where {{ model_monitor.gate_outcome_filter(no_data) }}
{% endtest %}
