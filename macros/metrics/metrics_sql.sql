{#- The long metrics table's rows of one monitor from `start` on (none: every window): drift and
    data quality, performance, freshness and operational metrics with their thresholds and status.
    model_version, segment_name and segment_value split a performance subject into filterable
    columns; they are NULL on the rows of every other group (computed over all versions and rows).
    The thresholds were validated with the monitor (normalize_monitors). -#}
{% macro monitor_metrics_sql(monitor, start, sources) -%}
  {#- parse time: dbt only needs the refs, taken by the caller -#}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set parts = [model_monitor.drift_metric_rows(monitor, sources['feature_drift'], start, sources['learned_thresholds'])] -%}
  {%- if monitor['outcomes'] is not none -%}
    {%- do parts.append(model_monitor.performance_metric_rows(monitor, sources['performance'], start)) -%}
  {%- endif -%}
  {%- do parts.append(model_monitor.freshness_metric_rows(monitor, sources['freshness'], start)) -%}
  select monitor_name, window_start, window_end, subject, metric_name, metric_value, warn_threshold,
         alert_threshold, {{ model_monitor.metric_status_sql() }} as status, metric_group,
         model_version, segment_name, segment_value
  from (
    {{ parts | join('\n    union all\n    ') }}
  ) as metric_rows
  {%- if sources.get('operational') is not none %}
  union all
  select monitor_name, window_start, window_end, subject, metric_name,
         cast(metric_value as {{ model_monitor.type_double() }}) as metric_value,
         cast(warn_threshold as {{ model_monitor.type_double() }}) as warn_threshold,
         cast(alert_threshold as {{ model_monitor.type_double() }}) as alert_threshold,
         status, 'operational' as metric_group,
         {{ model_monitor.no_slice_columns() }}
  from {{ sources['operational'] }}
  where monitor_name = {{ model_monitor.string_literal(monitor['name']) }}
  {%- if start is not none %} and window_start >= {{ model_monitor.timestamp_literal(start) }}{% endif %}
  {%- endif %}
{%- endmacro %}

{#- model_version, segment_name, segment_value of a metric row that is not per version or segment. -#}
{% macro no_slice_columns() -%}
  cast(null as {{ dbt.type_string() }}) as model_version,
         cast(null as {{ dbt.type_string() }}) as segment_name,
         cast(null as {{ dbt.type_string() }}) as segment_value
{%- endmacro %}

{#- model_monitor__metrics' builder for for_each_monitor (a select): one monitor's rows from the
    first window this run recomputes (metrics_incremental_start). -#}
{% macro metrics_select(p, monitor, sources) %}
  {{ return(model_monitor.monitor_metrics_sql(monitor, model_monitor.metrics_incremental_start(monitor), sources)) }}
{% endmacro %}
