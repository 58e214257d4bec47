{#- The status of a metric row: no_data when its value (or its source window) has no data;
    alert (warn) at or past the alert (warn) threshold: at or below for metrics where lower is
    worse, at or above otherwise (the rule of drift_status); ok otherwise, also without threshold,
    and on a row that does not judge (`judged` false: see drift_row_judged_sql). -#}
{% macro metric_status_sql() -%}
  case when source_no_data or metric_value is null then 'no_data'
       when not judged then 'ok'
       when lower_is_worse and metric_value <= alert_threshold then 'alert'
       when not lower_is_worse and metric_value >= alert_threshold then 'alert'
       when lower_is_worse and metric_value <= warn_threshold then 'warn'
       when not lower_is_worse and metric_value >= warn_threshold then 'warn'
       else 'ok' end
{%- endmacro %}
