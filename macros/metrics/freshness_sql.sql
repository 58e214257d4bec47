{#- One monitor's freshness row for this run: the newest prediction and outcome timestamps seen
    (rows at or after model_monitor_as_of are invisible), their lag in whole seconds at
    measured_at, the thresholds in force and the status. -#}
{% macro freshness_sql(monitor) -%}
  {#- parse time: dbt only needs the refs, taken by the caller -#}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set columns = model_monitor.monitor_columns(monitor) -%}
  {%- set ts = model_monitor.monitor_timestamp_sql(monitor, columns) -%}
  {%- set outcomes = monitor['outcomes'] -%}
  {%- set has_outcome_time = outcomes is not none and outcomes['timestamp_column'] -%}
  {%- set double = model_monitor.type_double() -%}
  {%- set measured = model_monitor.measured_at_sql() -%}
  select {{ model_monitor.string_literal(monitor['name']) }} as monitor_name,
         {{ measured }} as measured_at,
         p.last_prediction_at,
         o.last_outcome_at,
         cast({{ dbt.datediff('p.last_prediction_at', measured, 'second') }} as {{ dbt.type_bigint() }}) as prediction_lag_seconds,
         cast({{ dbt.datediff('o.last_outcome_at', measured, 'second') }} as {{ dbt.type_bigint() }}) as outcome_lag_seconds,
         {%- for metric in model_monitor.freshness_threshold_metrics() %}
         {%- set levels = monitor['thresholds'].get(metric) or {} %}
         {%- set applies = metric == 'prediction_lag_seconds' or has_outcome_time %}
         {%- for level in ['warn', 'alert'] %}
         cast({{ levels.get(level) if applies and levels.get(level) is not none else 'null' }} as {{ double }}) as {{ metric | replace('_seconds', '') }}_{{ level }}_seconds,
         {%- endfor %}
         {%- endfor %}
         {{ 'true' if has_outcome_time else 'false' }} as outcomes_expected
  from (
    select max({{ ts }}) as last_prediction_at
    from {{ monitor['relation'] }}
    where {{ model_monitor.as_of_filter(ts) }}
  ) as p
  cross join (
    {%- if has_outcome_time %}
    select max(observed_at) as last_outcome_at
    from ({{ model_monitor.outcome_rows_sql(monitor, columns) }}) as outcome_rows
    {%- else %}
    select cast(null as {{ dbt.type_timestamp() }}) as last_outcome_at
    {%- endif %}
  ) as o
{%- endmacro %}

{#- model_monitor__freshness' builder for for_each_monitor: one monitor's freshness row
    (freshness_sql) with its status and reason. -#}
{% macro freshness_ctes(p, monitor) %}
  {#- parse time: dbt only needs the refs, taken by the caller -#}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set ctes -%}
    {{ p }}row as (
      {{ model_monitor.freshness_sql(monitor) }}
    ),
    {{ p }}result as (
      select monitor_name, measured_at, last_prediction_at, last_outcome_at, prediction_lag_seconds,
             outcome_lag_seconds,
             {{ model_monitor.freshness_status_sql() }} as freshness_status,
             {{ model_monitor.freshness_reason_sql() }} as freshness_reason,
             prediction_lag_warn_seconds, prediction_lag_alert_seconds,
             outcome_lag_warn_seconds, outcome_lag_alert_seconds
      from {{ p }}row
    )
  {%- endset -%}
  {{ return(ctes) }}
{% endmacro %}

{#- Status of a freshness row: no_data before the first prediction; alert (warn) when a lag is
    at or above its alert (warn) threshold; no_data when outcomes carry a timestamp but none has
    been seen yet; else ok. The rule that set it is in freshness_reason. -#}
{% macro freshness_status_sql() -%}
  case when last_prediction_at is null then 'no_data'
       when prediction_lag_seconds >= prediction_lag_alert_seconds or outcome_lag_seconds >= outcome_lag_alert_seconds then 'alert'
       when prediction_lag_seconds >= prediction_lag_warn_seconds or outcome_lag_seconds >= outcome_lag_warn_seconds then 'warn'
       when outcomes_expected and last_outcome_at is null then 'no_data'
       else 'ok' end
{%- endmacro %}

{% macro freshness_reason_sql() -%}
  case when last_prediction_at is null then 'no predictions yet'
       when prediction_lag_seconds >= prediction_lag_alert_seconds then 'prediction_lag_seconds'
       when outcome_lag_seconds >= outcome_lag_alert_seconds then 'outcome_lag_seconds'
       when prediction_lag_seconds >= prediction_lag_warn_seconds then 'prediction_lag_seconds'
       when outcome_lag_seconds >= outcome_lag_warn_seconds then 'outcome_lag_seconds'
       when outcomes_expected and last_outcome_at is null then 'no outcomes yet'
  end
{%- endmacro %}
