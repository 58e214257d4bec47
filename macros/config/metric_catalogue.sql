{#- The metric catalogue: every metric the package computes, once. Every list of metrics in the
    package is derived from it (metric_names below): which thresholds a monitor may set and their
    defaults, which direction is worse, which rows the long metrics table gets, which metrics the
    gates accept, the metric columns of model_monitor__performance. The tests read the same YAML
    (tests/metric_catalogue.py). A new metric is one entry here plus the SQL that computes it.
    The entries are a Jinja list literal (quoted keys, true/false) that is also a YAML flow
    sequence: Jinja builds it in microseconds, where fromyaml cost 12 ms per call and the
    catalogue is read hundreds of times per invocation; the tests load the same text as YAML.

    Keys of an entry:
      name            the metric, also its column in `source`
      group           drift | data_quality | performance | freshness | operational (metric_group)
      source          the mart that holds it as a column: feature_drift | performance | freshness |
                      operational_metrics
      applies_to      feature types (numeric, categorical) for feature_drift; tasks
                      (binary_classification, regression, multiclass_classification) for
                      performance; [monitor] otherwise
      worse           higher | lower: the direction of a breach (lower: thresholds are floors)
      rule            true when a monitor's `thresholds` may name it
      warn, alert     the default thresholds (absent: the rule is off until set)
      gate            the generic test that accepts it as `metric` (absent: none)
      needs_outcomes  computed from joined labels (a performance metric, outcome freshness)
      metric_column   a model-quality metric column of model_monitor__performance (not a count)
      needs_error_model  computed only where the monitor sets estimation.error_model (regression)
    The order of the feature_drift rules is the order drift_reason names breached rules in. -#}
{% macro metric_catalogue() %}
  {#- metric_catalogue:begin -#}
  {%- set catalogue = [
  {'name': 'psi', 'group': 'drift', 'source': 'feature_drift', 'applies_to': ['numeric', 'categorical'], 'worse': 'higher', 'rule': true, 'warn': 0.1, 'alert': 0.25, 'gate': 'drift_within'},
  {'name': 'ks_pvalue', 'group': 'drift', 'source': 'feature_drift', 'applies_to': ['numeric'], 'worse': 'lower', 'rule': true, 'warn': 0.001, 'gate': 'drift_within'},
  {'name': 'chi2_pvalue', 'group': 'drift', 'source': 'feature_drift', 'applies_to': ['categorical'], 'worse': 'lower', 'rule': true, 'warn': 0.001, 'gate': 'drift_within'},
  {'name': 'null_rate_increase', 'group': 'data_quality', 'source': 'feature_drift', 'applies_to': ['numeric', 'categorical'], 'worse': 'higher', 'rule': true, 'warn': 0.05, 'alert': 0.1, 'gate': 'drift_within'},
  {'name': 'new_category_rate', 'group': 'data_quality', 'source': 'feature_drift', 'applies_to': ['categorical'], 'worse': 'higher', 'rule': true, 'warn': 0.01, 'alert': 0.05, 'gate': 'drift_within'},
  {'name': 'js_distance', 'group': 'drift', 'source': 'feature_drift', 'applies_to': ['numeric', 'categorical'], 'worse': 'higher', 'rule': true, 'gate': 'drift_within'},
  {'name': 'hellinger', 'group': 'drift', 'source': 'feature_drift', 'applies_to': ['numeric', 'categorical'], 'worse': 'higher', 'rule': true, 'gate': 'drift_within'},
  {'name': 'kl_divergence', 'group': 'drift', 'source': 'feature_drift', 'applies_to': ['numeric', 'categorical'], 'worse': 'higher', 'rule': true, 'gate': 'drift_within'},
  {'name': 'wasserstein', 'group': 'drift', 'source': 'feature_drift', 'applies_to': ['numeric'], 'worse': 'higher', 'rule': true, 'gate': 'drift_within'},
  {'name': 'ks_statistic', 'group': 'drift', 'source': 'feature_drift', 'applies_to': ['numeric'], 'worse': 'higher', 'rule': true, 'gate': 'drift_within'},
  {'name': 'chi2_statistic', 'group': 'drift', 'source': 'feature_drift', 'applies_to': ['categorical'], 'worse': 'higher', 'rule': true, 'gate': 'drift_within'},
  {'name': 'row_count', 'group': 'data_quality', 'source': 'feature_drift', 'applies_to': ['numeric', 'categorical'], 'worse': 'higher', 'rule': false},
  {'name': 'null_count', 'group': 'data_quality', 'source': 'feature_drift', 'applies_to': ['numeric', 'categorical'], 'worse': 'higher', 'rule': false},
  {'name': 'null_rate', 'group': 'data_quality', 'source': 'feature_drift', 'applies_to': ['numeric', 'categorical'], 'worse': 'higher', 'rule': false, 'gate': 'drift_within'},
  {'name': 'invalid_count', 'group': 'data_quality', 'source': 'feature_drift', 'applies_to': ['numeric'], 'worse': 'higher', 'rule': false},
  {'name': 'prediction_count', 'group': 'performance', 'source': 'performance', 'applies_to': ['binary_classification', 'multiclass_classification', 'regression'], 'worse': 'higher', 'rule': false},
  {'name': 'labeled_count', 'group': 'performance', 'source': 'performance', 'applies_to': ['binary_classification', 'multiclass_classification', 'regression'], 'worse': 'higher', 'rule': false, 'needs_outcomes': true},
  {'name': 'label_coverage', 'group': 'performance', 'source': 'performance', 'applies_to': ['binary_classification', 'multiclass_classification', 'regression'], 'worse': 'lower', 'rule': true, 'gate': 'performance_at_least', 'needs_outcomes': true},
  {'name': 'accuracy', 'group': 'performance', 'source': 'performance', 'applies_to': ['binary_classification', 'multiclass_classification'], 'worse': 'lower', 'rule': true, 'gate': 'performance_at_least', 'needs_outcomes': true, 'metric_column': true},
  {'name': 'precision', 'group': 'performance', 'source': 'performance', 'applies_to': ['binary_classification'], 'worse': 'lower', 'rule': true, 'gate': 'performance_at_least', 'needs_outcomes': true, 'metric_column': true},
  {'name': 'recall', 'group': 'performance', 'source': 'performance', 'applies_to': ['binary_classification'], 'worse': 'lower', 'rule': true, 'gate': 'performance_at_least', 'needs_outcomes': true, 'metric_column': true},
  {'name': 'f1', 'group': 'performance', 'source': 'performance', 'applies_to': ['binary_classification'], 'worse': 'lower', 'rule': true, 'gate': 'performance_at_least', 'needs_outcomes': true, 'metric_column': true},
  {'name': 'roc_auc', 'group': 'performance', 'source': 'performance', 'applies_to': ['binary_classification'], 'worse': 'lower', 'rule': true, 'gate': 'performance_at_least', 'needs_outcomes': true, 'metric_column': true},
  {'name': 'average_precision', 'group': 'performance', 'source': 'performance', 'applies_to': ['binary_classification'], 'worse': 'lower', 'rule': true, 'gate': 'performance_at_least', 'needs_outcomes': true, 'metric_column': true},
  {'name': 'log_loss', 'group': 'performance', 'source': 'performance', 'applies_to': ['binary_classification', 'multiclass_classification'], 'worse': 'higher', 'rule': true, 'gate': 'performance_at_least', 'needs_outcomes': true, 'metric_column': true},
  {'name': 'brier_score', 'group': 'performance', 'source': 'performance', 'applies_to': ['binary_classification'], 'worse': 'higher', 'rule': true, 'gate': 'performance_at_least', 'needs_outcomes': true, 'metric_column': true},
  {'name': 'expected_calibration_error', 'group': 'performance', 'source': 'performance', 'applies_to': ['binary_classification'], 'worse': 'higher', 'rule': true, 'gate': 'performance_at_least', 'needs_outcomes': true, 'metric_column': true},
  {'name': 'est_accuracy', 'group': 'performance', 'source': 'performance', 'applies_to': ['binary_classification', 'multiclass_classification'], 'worse': 'lower', 'rule': true, 'gate': 'performance_at_least', 'metric_column': true},
  {'name': 'est_precision', 'group': 'performance', 'source': 'performance', 'applies_to': ['binary_classification'], 'worse': 'lower', 'rule': true, 'gate': 'performance_at_least', 'metric_column': true},
  {'name': 'est_recall', 'group': 'performance', 'source': 'performance', 'applies_to': ['binary_classification'], 'worse': 'lower', 'rule': true, 'gate': 'performance_at_least', 'metric_column': true},
  {'name': 'est_f1', 'group': 'performance', 'source': 'performance', 'applies_to': ['binary_classification'], 'worse': 'lower', 'rule': true, 'gate': 'performance_at_least', 'metric_column': true},
  {'name': 'est_roc_auc', 'group': 'performance', 'source': 'performance', 'applies_to': ['binary_classification'], 'worse': 'lower', 'rule': true, 'gate': 'performance_at_least', 'metric_column': true},
  {'name': 'positive_prediction_rate', 'group': 'performance', 'source': 'performance', 'applies_to': ['binary_classification'], 'worse': 'lower', 'rule': false, 'gate': 'performance_at_least', 'metric_column': true},
  {'name': 'mae', 'group': 'performance', 'source': 'performance', 'applies_to': ['regression'], 'worse': 'higher', 'rule': true, 'gate': 'performance_at_least', 'needs_outcomes': true, 'metric_column': true},
  {'name': 'rmse', 'group': 'performance', 'source': 'performance', 'applies_to': ['regression'], 'worse': 'higher', 'rule': true, 'gate': 'performance_at_least', 'needs_outcomes': true, 'metric_column': true},
  {'name': 'mape', 'group': 'performance', 'source': 'performance', 'applies_to': ['regression'], 'worse': 'higher', 'rule': true, 'gate': 'performance_at_least', 'needs_outcomes': true, 'metric_column': true},
  {'name': 'r2', 'group': 'performance', 'source': 'performance', 'applies_to': ['regression'], 'worse': 'lower', 'rule': true, 'gate': 'performance_at_least', 'needs_outcomes': true, 'metric_column': true},
  {'name': 'est_mae', 'group': 'performance', 'source': 'performance', 'applies_to': ['regression'], 'worse': 'higher', 'rule': true, 'gate': 'performance_at_least', 'metric_column': true, 'needs_error_model': true},
  {'name': 'est_rmse', 'group': 'performance', 'source': 'performance', 'applies_to': ['regression'], 'worse': 'higher', 'rule': true, 'gate': 'performance_at_least', 'metric_column': true, 'needs_error_model': true},
  {'name': 'precision_macro', 'group': 'performance', 'source': 'performance', 'applies_to': ['multiclass_classification'], 'worse': 'lower', 'rule': true, 'gate': 'performance_at_least', 'needs_outcomes': true, 'metric_column': true},
  {'name': 'recall_macro', 'group': 'performance', 'source': 'performance', 'applies_to': ['multiclass_classification'], 'worse': 'lower', 'rule': true, 'gate': 'performance_at_least', 'needs_outcomes': true, 'metric_column': true},
  {'name': 'f1_macro', 'group': 'performance', 'source': 'performance', 'applies_to': ['multiclass_classification'], 'worse': 'lower', 'rule': true, 'gate': 'performance_at_least', 'needs_outcomes': true, 'metric_column': true},
  {'name': 'precision_micro', 'group': 'performance', 'source': 'performance', 'applies_to': ['multiclass_classification'], 'worse': 'lower', 'rule': true, 'gate': 'performance_at_least', 'needs_outcomes': true, 'metric_column': true},
  {'name': 'recall_micro', 'group': 'performance', 'source': 'performance', 'applies_to': ['multiclass_classification'], 'worse': 'lower', 'rule': true, 'gate': 'performance_at_least', 'needs_outcomes': true, 'metric_column': true},
  {'name': 'f1_micro', 'group': 'performance', 'source': 'performance', 'applies_to': ['multiclass_classification'], 'worse': 'lower', 'rule': true, 'gate': 'performance_at_least', 'needs_outcomes': true, 'metric_column': true},
  {'name': 'precision_weighted', 'group': 'performance', 'source': 'performance', 'applies_to': ['multiclass_classification'], 'worse': 'lower', 'rule': true, 'gate': 'performance_at_least', 'needs_outcomes': true, 'metric_column': true},
  {'name': 'recall_weighted', 'group': 'performance', 'source': 'performance', 'applies_to': ['multiclass_classification'], 'worse': 'lower', 'rule': true, 'gate': 'performance_at_least', 'needs_outcomes': true, 'metric_column': true},
  {'name': 'f1_weighted', 'group': 'performance', 'source': 'performance', 'applies_to': ['multiclass_classification'], 'worse': 'lower', 'rule': true, 'gate': 'performance_at_least', 'needs_outcomes': true, 'metric_column': true},
  {'name': 'roc_auc_ovr_macro', 'group': 'performance', 'source': 'performance', 'applies_to': ['multiclass_classification'], 'worse': 'lower', 'rule': true, 'gate': 'performance_at_least', 'needs_outcomes': true, 'metric_column': true},
  {'name': 'roc_auc_ovr_weighted', 'group': 'performance', 'source': 'performance', 'applies_to': ['multiclass_classification'], 'worse': 'lower', 'rule': true, 'gate': 'performance_at_least', 'needs_outcomes': true, 'metric_column': true},
  {'name': 'prediction_lag_seconds', 'group': 'freshness', 'source': 'freshness', 'applies_to': ['monitor'], 'worse': 'higher', 'rule': true, 'warn': 129600, 'alert': 259200},
  {'name': 'outcome_lag_seconds', 'group': 'freshness', 'source': 'freshness', 'applies_to': ['monitor'], 'worse': 'higher', 'rule': true, 'warn': 604800, 'alert': 1209600, 'needs_outcomes': true},
  {'name': 'latency_p50', 'group': 'operational', 'source': 'operational_metrics', 'applies_to': ['monitor'], 'worse': 'higher', 'rule': true},
  {'name': 'latency_p95', 'group': 'operational', 'source': 'operational_metrics', 'applies_to': ['monitor'], 'worse': 'higher', 'rule': true},
  {'name': 'latency_p99', 'group': 'operational', 'source': 'operational_metrics', 'applies_to': ['monitor'], 'worse': 'higher', 'rule': true},
  {'name': 'cost_per_1000_predictions', 'group': 'operational', 'source': 'operational_metrics', 'applies_to': ['monitor'], 'worse': 'higher', 'rule': true},
  {'name': 'cost_per_call', 'group': 'operational', 'source': 'operational_metrics', 'applies_to': ['monitor'], 'worse': 'higher', 'rule': true},
  {'name': 'mean_input_tokens', 'group': 'operational', 'source': 'operational_metrics', 'applies_to': ['monitor'], 'worse': 'higher', 'rule': true},
  {'name': 'mean_output_tokens', 'group': 'operational', 'source': 'operational_metrics', 'applies_to': ['monitor'], 'worse': 'higher', 'rule': true},
  {'name': 'output_length_psi', 'group': 'operational', 'source': 'operational_metrics', 'applies_to': ['monitor'], 'worse': 'higher', 'rule': true, 'warn': 0.1, 'alert': 0.25},
  {'name': 'prompt_version_share', 'group': 'operational', 'source': 'operational_metrics', 'applies_to': ['monitor'], 'worse': 'higher', 'rule': true},
  {'name': 'pipeline_success_rate', 'group': 'operational', 'source': 'operational_metrics', 'applies_to': ['monitor'], 'worse': 'lower', 'rule': true},
  {'name': 'expected_version_share', 'group': 'operational', 'source': 'operational_metrics', 'applies_to': ['monitor'], 'worse': 'lower', 'rule': true, 'warn': 0.99, 'alert': 0.95, 'gate': 'model_version_consistent'}
  ] -%}
  {#- metric_catalogue:end -#}
  {{ return(catalogue) }}
{% endmacro %}
