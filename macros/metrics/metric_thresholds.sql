{#- Performance and freshness metrics a monitor's `thresholds` may name, next to the drift
    metrics (drift_threshold_metrics). Performance metrics have no default threshold: a floor
    depends on the model. -#}
{% macro performance_threshold_metrics() %}
  {{ return(['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'average_precision', 'log_loss',
             'brier_score', 'expected_calibration_error', 'est_accuracy', 'est_precision', 'est_recall',
             'est_f1', 'est_roc_auc', 'mae', 'rmse', 'mape', 'r2', 'label_coverage']) }}
{% endmacro %}

{#- Performance metrics where a lower value is worse: their thresholds are floors. -#}
{% macro performance_lower_is_worse_metrics() %}
  {{ return(['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'average_precision', 'est_accuracy',
             'est_precision', 'est_recall', 'est_f1', 'est_roc_auc', 'r2', 'label_coverage']) }}
{% endmacro %}

{#- Seconds since the last prediction / outcome, at the run's measured_at; larger is worse. -#}
{% macro freshness_threshold_metrics() %}
  {{ return(['prediction_lag_seconds', 'outcome_lag_seconds']) }}
{% endmacro %}

{#- Compile-time check that every performance threshold of a monitor names a metric its task
    computes, and that realized metrics have outcomes to be computed from. -#}
{% macro check_metric_thresholds(monitor) %}
  {%- set classification = ['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'average_precision', 'log_loss',
        'brier_score', 'expected_calibration_error', 'est_accuracy', 'est_precision', 'est_recall', 'est_f1',
        'est_roc_auc', 'label_coverage'] -%}
  {%- set regression = ['mae', 'rmse', 'mape', 'r2', 'label_coverage'] -%}
  {%- set computed = classification if monitor['task'] == 'binary_classification' else regression -%}
  {%- for metric in monitor['thresholds'] if metric in model_monitor.performance_threshold_metrics() -%}
    {%- if metric not in computed -%}
      {{ model_monitor.config_error(monitor['name'], 'thresholds.' ~ metric, "metric '" ~ metric ~ "' is not computed for task " ~ monitor['task'] ~ ". Performance metrics of this task: " ~ computed | join(", ")) }}
    {%- endif -%}
    {%- if monitor['outcomes'] is none -%}
      {{ model_monitor.config_error(monitor['name'], 'thresholds.' ~ metric, "metric '" ~ metric ~ "' needs outcomes: declare the monitor's outcomes (relation, id_column, label_column)") }}
    {%- endif -%}
  {%- endfor -%}
{% endmacro %}
