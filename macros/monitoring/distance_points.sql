{#- CTEs of the sorted inputs of KS and Wasserstein: `<p>window_points_raw` and
    `<p>reference_points` (finite numeric values with counts, keyed by the reference period),
    `<p>reference_steps` (the reference CDF and its integral at each value), `<p>reference_totals`
    and `<p>window_cdf`. See distribution_distance_ctes. -#}
{% macro distance_points_ctes(p, monitor, window_values, reference_values, start) %}
  {%- set double = model_monitor.type_double() -%}
  {%- set name = model_monitor.string_literal(monitor['name']) -%}
  {%- set reference = monitor['reference'] -%}
  {%- set trailing = reference['kind'] == 'trailing_windows' -%}
  {%- set key = model_monitor.reference_key_sql(monitor) if not trailing else none -%}
  {%- set by_reference = 'partition by period_key, feature_name' -%}
  {%- set by_window = 'partition by window_start, feature_name' -%}
    {{ p }}window_points_raw as (
      select window_start, {{ 'window_start' if trailing else key }} as period_key, feature_name,
             num_value as value, sum(value_count) as value_count
      from {{ window_values }}
      where monitor_name = {{ name }} and {{ model_monitor.finite_numeric_value() }}
      {%- if start is not none %} and window_start >= {{ model_monitor.timestamp_literal(start) }}{% endif %}
      group by 1, 2, 3, 4
    ),
    {{ p }}reference_points as (
      {%- if trailing %}
      select targets.window_start as period_key, v.feature_name,
             v.num_value as value, sum(v.value_count) as value_count
      from (select distinct window_start from {{ p }}window_points_raw) as targets
      join {{ window_values }} as v
        on v.monitor_name = {{ name }}
       and {{ model_monitor.moving_reference_match(monitor, 'v.window_start', 'targets.window_start') }}
      where {{ model_monitor.finite_numeric_value('v.') }}
      group by 1, 2, 3
      {%- else %}
      select {{ key }} as period_key, feature_name,
             num_value as value, sum(value_count) as value_count
      from {{ reference_values }}
      where monitor_name = {{ name }} and {{ model_monitor.finite_numeric_value() }}
        and {{ model_monitor.reference_period_filter(monitor, 'reference_start', 'reference_end') }}
      group by 1, 2, 3
      {%- endif %}
    ),
    {{ p }}reference_cdf as (
      select period_key, feature_name, value,
             cast(sum(value_count) over ({{ by_reference }} order by value rows between unbounded preceding and current row) as {{ double }})
               / sum(value_count) over ({{ by_reference }}) as cdf,
             sum(value_count) over ({{ by_reference }} order by value rows between unbounded preceding and current row) as cum_count,
             lead(value) over ({{ by_reference }} order by value) as next_value
      from {{ p }}reference_points
    ),
    {{ p }}reference_steps as {{ model_monitor.materialized_cte() }} (
      -- integral: G at this value, the sum of F * width over the reference's earlier steps
      select steps.*,
             coalesce(sum(step_area) over ({{ by_reference }} order by value rows between unbounded preceding and 1 preceding), 0) as integral
      from (select c.*, c.cdf * (c.next_value - c.value) as step_area from {{ p }}reference_cdf as c) as steps
    ),
    {{ p }}reference_totals as (
      select period_key, feature_name, max(cum_count) as reference_count, max(value) as max_value,
             coalesce(sum(step_area), 0) as total_integral
      from {{ p }}reference_steps group by 1, 2
    ),
    {{ p }}window_cdf as (
      select window_start, period_key, feature_name, value, value_count,
             sum(value_count) over ({{ by_window }} order by value rows between unbounded preceding and current row) as cum_count,
             sum(value_count) over ({{ by_window }}) as window_count,
             lead(value) over ({{ by_window }} order by value) as next_value
      from {{ p }}window_points_raw
    ),
{% endmacro %}
