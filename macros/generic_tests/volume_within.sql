{#- model_monitor.volume_within: every window (hour, day or ISO week of `timestamp_column`, UTC)
    from the tested rows' first to their last holds between `min_ratio` and `max_ratio` times the
    reference's typical volume: the median row count of the reference's windows, from its first to
    its last window (empty windows count as 0 on both sides, so a gap fails). -#}
{% test volume_within(model, timestamp_column, reference, reference_where=none, reference_timestamp_column=none,
                      window='day', min_ratio=0.5, max_ratio=2.0, no_data='fail') %}
  {%- set test_name = 'volume_within' -%}
  {{ model_monitor.gate_no_data(test_name, no_data) }}
  {%- do model_monitor.gate_number(test_name, 'min_ratio', min_ratio, minimum=0) -%}
  {%- do model_monitor.gate_number(test_name, 'max_ratio', max_ratio, minimum=0) -%}
  {%- if min_ratio > max_ratio -%}
    {{ model_monitor.gate_error(test_name, 'min_ratio', "must not exceed max_ratio (" ~ min_ratio ~ " > " ~ max_ratio ~ ")") }}
  {%- endif -%}
  {%- set reference_rows = model_monitor.gate_reference(test_name, reference, reference_where) -%}
  {%- set current_window = model_monitor.gate_window_column(test_name, model_monitor.gate_columns(model), timestamp_column, window, "the tested model " ~ model) -%}
  {%- set reference_window = model_monitor.gate_window_column(test_name, model_monitor.gate_columns(reference),
        reference_timestamp_column or timestamp_column, window, "reference " ~ reference) -%}
  {%- set double = model_monitor.type_double() -%}
with current_counts as (
  select {{ current_window }} as window_start, count(*) as row_count from {{ model }} group by 1
),
reference_counts as (
  select {{ reference_window }} as window_start, count(*) as row_count from {{ reference_rows }} reference_rows group by 1
),
current_series as (
  {{ model_monitor.window_series(window, '(select min(window_start) from current_counts)', '(select max(window_start) from current_counts)') }}
),
reference_series as (
  {{ model_monitor.window_series(window, '(select min(window_start) from reference_counts)', '(select max(window_start) from reference_counts)') }}
),
typical as (
  select {{ model_monitor.quantile_linear('cast(coalesce(c.row_count, 0) as ' ~ double ~ ')', 0.5) }} as typical_row_count
  from reference_series s left join reference_counts c on c.window_start = s.window_start
),
checked as (
  select s.window_start, coalesce(c.row_count, 0) as row_count, t.typical_row_count,
         coalesce(c.row_count, 0) / nullif(t.typical_row_count, 0) as volume_ratio
  from current_series s
  left join current_counts c on c.window_start = s.window_start
  cross join typical t
),
outcomes as (
  select window_start, row_count, typical_row_count, volume_ratio,
         cast({{ min_ratio }} as {{ double }}) as min_ratio, cast({{ max_ratio }} as {{ double }}) as max_ratio,
         case when typical_row_count is null or typical_row_count = 0 then 'no_data'
              when volume_ratio < {{ min_ratio }} or volume_ratio > {{ max_ratio }} then 'fail' else 'pass' end as gate_status
  from checked
  union all
  select cast(null as {{ dbt.type_timestamp() }}), 0, cast(null as {{ double }}), cast(null as {{ double }}),
         cast({{ min_ratio }} as {{ double }}), cast({{ max_ratio }} as {{ double }}), 'no_data'
  where not exists (select 1 from current_counts)
)
select * from outcomes where {{ model_monitor.gate_outcome_filter(no_data) }}
{% endtest %}
