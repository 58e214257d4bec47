{#- CTEs `<p>periods` (reference_start, reference_end) and `<p>reference_values` (reference_end,
    feature_name, feature_type, num_value, cat_value, value_count) for one monitor. A period is
    keyed by its reference_end; a relation reference uses a fixed sentinel key internally.
    For trailing windows there is one period per window from `start` on: [w - N, w). -#}
{% macro reference_values_ctes(p, monitor, columns, start) %}
  {%- set reference = monitor['reference'] -%}
  {%- set ts = model_monitor.monitor_timestamp_sql(monitor, columns) -%}
  {%- if reference['kind'] == 'period' -%}
    {{ p }}periods as (
      select {{ model_monitor.timestamp_literal(reference['start']) }} as reference_start,
             {{ model_monitor.timestamp_literal(reference['end']) }} as reference_end
    ),
    {{ p }}reference_values as {{ model_monitor.materialized_cte() }} (
      select {{ model_monitor.timestamp_literal(reference['end']) }} as reference_end, scanned.*
      from (
        {{ model_monitor.feature_values(monitor, monitor['relation'], columns['names'],
             ts, ts ~ " >= " ~ model_monitor.timestamp_literal(reference['start']) ~ " and " ~ ts ~ " < "
             ~ model_monitor.timestamp_literal(reference['end']) ~ " and " ~ model_monitor.as_of_filter(ts), false) }}
      ) as scanned
    ),
  {%- elif reference['kind'] == 'relation' -%}
    {{ p }}periods as (
      select cast(null as {{ dbt.type_timestamp() }}) as reference_start,
             {{ model_monitor.relation_reference_key() }} as reference_end
    ),
    {{ p }}reference_values as {{ model_monitor.materialized_cte() }} (
      select {{ model_monitor.relation_reference_key() }} as reference_end, scanned.*
      from (
        {{ model_monitor.feature_values(monitor, reference['relation'], columns['reference_names'], none, none, false) }}
      ) as scanned
    ),
  {%- else -%}
    {%- set n = reference['windows'] -%}
    {%- set scan_filter = model_monitor.as_of_filter(ts) -%}
    {%- if start is not none -%}
      {%- set scan_start = start - model_monitor.window_timedelta(monitor['window']) * n -%}
      {%- set scan_filter = ts ~ " >= " ~ model_monitor.timestamp_literal(scan_start) ~ " and " ~ scan_filter -%}
    {%- endif -%}
    {{ p }}window_values as {{ model_monitor.materialized_cte() }} (
      {{ model_monitor.feature_values(monitor, monitor['relation'], columns['names'], ts, scan_filter, true) }}
    ),
    {{ p }}periods as (
      select {{ model_monitor.add_windows(monitor['window'], -n, 'windows.window_start') }} as reference_start,
             windows.window_start as reference_end
      from (
        {{ model_monitor.window_series(monitor['window'],
             model_monitor.timestamp_literal(start) if start is not none else "(select min(window_start) from " ~ p ~ "window_values)",
             "(select max(window_start) from " ~ p ~ "window_values)") }}
      ) as windows
    ),
    {{ p }}reference_values as {{ model_monitor.materialized_cte() }} (
      select periods.reference_end, window_values.feature_name, window_values.feature_type,
             window_values.num_value, window_values.cat_value, sum(window_values.value_count) as value_count
      from {{ p }}periods as periods
      join {{ p }}window_values as window_values
        on window_values.window_start >= periods.reference_start
       and window_values.window_start < periods.reference_end
      group by 1, 2, 3, 4, 5
    ),
  {%- endif -%}
{% endmacro %}

{#- Internal key of a relation reference (which has no period): a constant timestamp. -#}
{% macro relation_reference_key() -%}
  {{ model_monitor.timestamp_literal('1900-01-01') }}
{%- endmacro %}
