{#- Performance and freshness metrics a monitor's `thresholds` may name (metric_catalogue.sql).
    Performance metrics have no default threshold: a floor depends on the model. -#}
{% macro performance_threshold_metrics() %}
  {{ return(model_monitor.metric_names(source='performance', rule=true)) }}
{% endmacro %}

{#- Seconds since the last prediction / outcome, at the run's measured_at; larger is worse. -#}
{% macro freshness_threshold_metrics() %}
  {{ return(model_monitor.metric_names(source='freshness', rule=true)) }}
{% endmacro %}

{#- Compile-time check that every performance threshold of a monitor names a metric its task
    computes, and that realized metrics have outcomes to be computed from. -#}
{% macro check_metric_thresholds(monitor) %}
  {%- set computed = model_monitor.monitor_performance_metrics(monitor, rule=true) -%}
  {%- set performance_metrics = model_monitor.performance_threshold_metrics() -%}
  {%- for metric in monitor['thresholds'] if metric in performance_metrics -%}
    {%- if metric not in computed -%}
      {%- if metric in model_monitor.metric_names(applies_to=monitor['task']) -%}
      {{ model_monitor.config_error(monitor['name'], 'thresholds.' ~ metric, "metric '" ~ metric ~ "' needs estimation: {error_model: prediction_bins} on this monitor") }}
      {%- endif -%}
      {{ model_monitor.config_error(monitor['name'], 'thresholds.' ~ metric, "metric '" ~ metric ~ "' is not computed for task " ~ monitor['task'] ~ ". Performance metrics of this task: " ~ computed | join(", ")) }}
    {%- endif -%}
    {%- if monitor['outcomes'] is none -%}
      {{ model_monitor.config_error(monitor['name'], 'thresholds.' ~ metric, "metric '" ~ metric ~ "' needs outcomes: declare the monitor's outcomes (relation, id_column, label_column)") }}
    {%- endif -%}
  {%- endfor -%}
{% endmacro %}

{#- The performance metrics a monitor computes: its task's (metric_catalogue.sql), without the
    regression estimates unless it sets estimation.error_model. -#}
{% macro monitor_performance_metrics(monitor, rule=none) %}
  {{ return(model_monitor.metric_names(source='performance', applies_to=monitor['task'], rule=rule,
            needs_error_model=none if monitor['estimation']['error_model'] != 'none' else false)) }}
{% endmacro %}
