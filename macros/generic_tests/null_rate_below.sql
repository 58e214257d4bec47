{#- model_monitor.null_rate_below: the share of NULL values of `column_name` is at most `max_rate`,
    over the tested rows (narrow them with dbt's `where` config) or, with `timestamp_column`, in
    every window from the first to the last (UTC hour, day or ISO week). An empty table, or an
    empty window between the first and the last, is no_data. -#}
{% test null_rate_below(model, column_name, max_rate, timestamp_column=none, window='day', no_data='fail') %}
  {%- set test_name = 'null_rate_below' -%}
  {{ model_monitor.gate_no_data(test_name, no_data) }}
  {%- do model_monitor.gate_number(test_name, 'max_rate', max_rate, minimum=0, maximum=1) -%}
  {%- set columns = model_monitor.gate_columns(model) -%}
  {%- set where = "the tested model " ~ model -%}
  {%- set column = model_monitor.gate_find_column(test_name, 'column_name', columns, column_name, where) -%}
  {%- set double = model_monitor.type_double() -%}
  {%- if timestamp_column is not none -%}
    {%- set window_expr = model_monitor.gate_window_column(test_name, columns, timestamp_column, window, where) -%}
  {%- endif -%}
with window_counts as (
  select {% if timestamp_column is not none %}{{ window_expr }}{% else %}cast(null as {{ dbt.type_timestamp() }}){% endif %} as window_start,
         count(*) as row_count,
         sum(case when {{ model_monitor.quote_identifier(column) }} is null then 1 else 0 end) as null_count
  from {{ model }}
  {%- if timestamp_column is not none %}
  group by 1
  {%- endif %}
),
{%- if timestamp_column is not none %}
{#- windows without rows between the first and the last are no_data, not skipped -#}
series as (
  {{ model_monitor.window_series(window, '(select min(window_start) from window_counts)', '(select max(window_start) from window_counts)') }}
),
counts as (
  select s.window_start, coalesce(c.row_count, 0) as row_count, coalesce(c.null_count, 0) as null_count
  from series s left join window_counts c on c.window_start = s.window_start
),
{%- else %}
counts as (select * from window_counts),
{%- endif %}
outcomes as (
  select {{ model_monitor.string_literal(column) }} as column_name, window_start, row_count, null_count,
         case when row_count > 0 then cast(null_count as {{ double }}) / row_count end as null_rate,
         cast({{ max_rate }} as {{ double }}) as max_rate,
         case when row_count = 0 then 'no_data'
              when cast(null_count as {{ double }}) / row_count > {{ max_rate }} then 'fail' else 'pass' end as gate_status
  from counts
  union all
  select {{ model_monitor.string_literal(column) }}, cast(null as {{ dbt.type_timestamp() }}), 0, 0,
         cast(null as {{ double }}), cast({{ max_rate }} as {{ double }}), 'no_data'
  where not exists (select 1 from counts)
)
select * from outcomes where {{ model_monitor.gate_outcome_filter(no_data) }}
{% endtest %}
