{#- CTEs `<p>periods` (reference_start, reference_end) and `<p>reference_values` (reference_end,
    feature_name, feature_type, num_value, cat_value, value_count) for one monitor, read from the
    stored reductions (no scan of the predictions). A period is keyed by its reference_end; a
    relation reference uses a fixed sentinel key internally. For trailing windows there is one
    period per window from `start` on, [w - N, w), summed from the window values. -#}
{% macro reference_values_ctes(p, monitor, start, reference_values, window_values) %}
  {%- set reference = monitor['reference'] -%}
  {%- set name = model_monitor.string_literal(monitor['name']) -%}
  {%- if reference['kind'] != 'trailing_windows' -%}
    {%- set key = model_monitor.reference_key_sql(monitor) -%}
    {{ p }}periods as (
      select {{ model_monitor.timestamp_literal(reference['start']) if reference['kind'] == 'period'
                else 'cast(null as ' ~ dbt.type_timestamp() ~ ')' }} as reference_start,
             {{ key }} as reference_end
    ),
    {{ p }}reference_values as {{ model_monitor.materialized_cte() }} (
      select {{ key }} as reference_end, feature_name, feature_type, num_value, cat_value, value_count
      from {{ reference_values }}
      where monitor_name = {{ name }}
        and {{ model_monitor.reference_period_filter(monitor, 'reference_start', 'reference_end') }}
    ),
  {%- else -%}
    {%- set n = reference['windows'] -%}
    {{ p }}window_values as {{ model_monitor.materialized_cte() }} (
      select * from {{ window_values }}
      where monitor_name = {{ name }}
      {%- if start is not none %}
        and window_start >= {{ model_monitor.timestamp_literal(start - model_monitor.window_timedelta(monitor['window']) * n) }}
      {%- endif %}
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
      select periods.reference_end, v.feature_name, v.feature_type, v.num_value, v.cat_value,
             sum(v.value_count) as value_count
      from {{ p }}periods as periods
      join {{ p }}window_values as v
        on {{ model_monitor.moving_reference_match(monitor, 'v.window_start', 'periods.reference_end') }}
      group by 1, 2, 3, 4, 5
    ),
  {%- endif -%}
{% endmacro %}

{#- Internal key of a relation reference (which has no period): a constant timestamp. -#}
{% macro relation_reference_key() -%}
  {{ model_monitor.timestamp_literal('1900-01-01') }}
{%- endmacro %}

{#- The key a monitor's fixed or relation reference has in the CTEs: its end, or the relation key. -#}
{% macro reference_key_sql(monitor) -%}
  {{ model_monitor.relation_reference_key() if monitor['reference']['kind'] == 'relation'
     else model_monitor.timestamp_literal(monitor['reference']['end']) }}
{%- endmacro %}

{#- reference_start and reference_end columns of a stored fixed or relation reference (NULL for
    a relation). -#}
{% macro reference_period_columns(monitor) -%}
  {%- set reference = monitor['reference'] -%}
  {%- if reference['kind'] == 'period' -%}
  {{ model_monitor.timestamp_literal(reference['start']) }} as reference_start,
  {{ model_monitor.timestamp_literal(reference['end']) }} as reference_end
  {%- else -%}
  cast(null as {{ dbt.type_timestamp() }}) as reference_start,
  cast(null as {{ dbt.type_timestamp() }}) as reference_end
  {%- endif -%}
{%- endmacro %}

{#- The exact distinct values of a monitor's fixed or relation reference: one scan of it (see
    feature_values). Columns: feature_name, feature_type, num_value, cat_value, value_count. -#}
{% macro reference_scan_sql(monitor, columns) %}
  {%- set reference = monitor['reference'] -%}
  {%- if reference['kind'] == 'period' -%}
    {%- set ts = model_monitor.monitor_timestamp_sql(monitor, columns) -%}
    {{ return(model_monitor.feature_values(monitor, monitor['relation'], columns['names'], ts,
         model_monitor.reference_scan_filter(monitor, ts), false)) }}
  {%- else -%}
    {{ return(model_monitor.feature_values(monitor, reference['relation'], columns['reference_names'], none, none, false)) }}
  {%- endif -%}
{% endmacro %}

{#- Rows of a fixed reference period: start <= timestamp < end, before the as-of time. -#}
{% macro reference_scan_filter(monitor, ts) -%}
  {{ ts }} >= {{ model_monitor.timestamp_literal(monitor['reference']['start']) }} and {{ ts }} < {{ model_monitor.timestamp_literal(monitor['reference']['end']) }} and {{ model_monitor.as_of_filter(ts) }}
{%- endmacro %}
