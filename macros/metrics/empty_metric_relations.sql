{#- Typed empty versions of the freshness and metrics marts (no monitor configured). -#}
{% macro empty_freshness() %}
  {{ return(model_monitor.typed_empty_relation([
      ('monitor_name', 'string'), ('measured_at', 'timestamp'), ('last_prediction_at', 'timestamp'),
      ('last_outcome_at', 'timestamp'), ('prediction_lag_seconds', 'bigint'), ('outcome_lag_seconds', 'bigint'),
      ('freshness_status', 'string'), ('freshness_reason', 'string'), ('prediction_lag_warn_seconds', 'double'),
      ('prediction_lag_alert_seconds', 'double'), ('outcome_lag_warn_seconds', 'double'),
      ('outcome_lag_alert_seconds', 'double')])) }}
{% endmacro %}

{% macro empty_metrics() %}
  {{ return(model_monitor.typed_empty_relation([
      ('monitor_name', 'string'), ('window_start', 'timestamp'), ('window_end', 'timestamp'), ('subject', 'string'),
      ('metric_name', 'string'), ('metric_value', 'double'), ('warn_threshold', 'double'),
      ('alert_threshold', 'double'), ('status', 'string'), ('metric_group', 'string'),
      ('model_version', 'string'), ('segment_name', 'string'), ('segment_value', 'string')])) }}
{% endmacro %}
