{#- Every package default in one place (the thresholds: metric_catalogue.sql). Precedence: feature-level setting > monitor setting >
    these defaults. -#}
{% macro defaults() %}
  {{ return({
      'bins': 10,
      'top_k': 20,
      'lookback_windows': 3,
      'distribution_statistics': 'profile',
      'profile_cells': 256,
      'profile_categories': 256,
      'outcome_lookback_days': 60,
      'decision_threshold': 0.5,
      'thresholds': model_monitor.default_thresholds(),
      'slo': {'period_windows': 28, 'short_windows': 1, 'long_windows': 6, 'page_burn_rate': 2,
              'ticket_burn_rate': 1, 'no_data': 'bad'},
  }) }}
{% endmacro %}

{#- Metrics a monitor's thresholds may name, per mart, in catalogue order (metric_catalogue.sql). -#}
{% macro drift_threshold_metrics() %}
  {{ return(model_monitor.metric_names(source='feature_drift', rule=true)) }}
{% endmacro %}

{% macro operational_threshold_metrics() %}
  {{ return(model_monitor.metric_names(source='operational_metrics', rule=true)) }}
{% endmacro %}

{#- Metrics whose thresholds are floors: a lower value is worse. -#}
{% macro lower_is_worse_metrics() %}
  {{ return(model_monitor.metric_names(worse='lower')) }}
{% endmacro %}

{% macro monitor_keys() %}
  {{ return({
      'required': ['name', 'predictions', 'id_column', 'timestamp_column', 'task',
                   'features', 'window', 'reference'],
      'optional': ['score_column', 'score_array_column', 'classes', 'model_version_column', 'prediction_column', 'segments', 'outcomes',
                   'thresholds', 'bins', 'top_k', 'lookback_windows', 'distribution_statistics',
                   'profile_cells', 'profile_categories', 'outcome_lookback_days', 'decision_threshold',
                   'latency_ms_column', 'cost_column', 'input_tokens_column', 'output_tokens_column',
                   'prompt_version_column', 'slos', 'drift_verdict', 'owner', 'response',
                   'expected_model_version', 'shadow_model_versions', 'estimation'],
  }) }}
{% endmacro %}
