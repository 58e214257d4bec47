{#- The metric columns of model_monitor__performance, in their order. -#}
{% macro performance_metric_names() %}
  {{ return(['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'average_precision', 'log_loss',
             'brier_score', 'expected_calibration_error', 'est_accuracy', 'est_precision', 'est_recall',
             'est_f1', 'est_roc_auc', 'positive_prediction_rate', 'mae', 'rmse', 'mape', 'r2']) }}
{% endmacro %}
