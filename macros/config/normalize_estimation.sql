{#- The monitor's `estimation` as {calibration, error_model, bins}: how the label-free estimates
    (est_* of model_monitor__performance) are made.
    Binary classification:
      calibration: none (the default)  each valid score is taken as the probability of the
                                       positive class (confidence-based estimation, as NannyML's
                                       CBPE without its calibrator);
      calibration: histogram_binning   the scores are first calibrated on the labeled predictions
                                       of the reference period: [0, 1] is cut into `bins`
                                       equal-width bins (default 10; the last one closed), and a
                                       score's calibrated probability is the share of positive
                                       labels among the reference's labeled predictions with a
                                       valid score in its bin (the raw score where the bin holds
                                       none). The ranking (est_roc_auc) still follows the raw
                                       scores; only the probabilities change.
    Multiclass classification: the same, for the predicted class's score (its confidence): a
    bin's calibrated confidence is the share of the reference's labeled valid predictions in it
    whose predicted class was right (top-label calibration); est_accuracy averages it.
    Regression:
      error_model: none (the default)  no label-free estimate (est_mae, est_rmse NULL);
      error_model: prediction_bins     est_mae and est_rmse from the reference period's errors
                                       binned by the predicted value (NannyML's DLE idea with the
                                       prediction as its only input; performance_error_model_ctes):
                                       `bins` equal-frequency bins (default 10, at most 100).
    Both need outcomes and a fixed reference period (start/end): a relation holds no labels, and a
    moving reference would learn every window from labels that have not arrived yet. -#}
{% macro normalize_estimation(raw, monitor_name, task, outcomes, reference) %}
  {%- if raw is none -%}{{ return({'calibration': 'none', 'error_model': 'none', 'bins': 10}) }}{%- endif -%}
  {%- set key = 'error_model' if task == 'regression' else 'calibration' -%}
  {%- set other = 'calibration' if task == 'regression' else 'error_model' -%}
  {%- if other in raw -%}
    {{ model_monitor.config_error(monitor_name, 'estimation.' ~ other, other ~ " is for " ~ ('regression' if other == 'error_model' else 'classification')
       ~ " monitors; this monitor's task is " ~ task ~ ": use estimation." ~ key) }}
  {%- endif -%}
  {{ model_monitor.check_keys(raw, [key], ['bins'], monitor_name, 'estimation') }}
  {%- set choices = ['none', 'prediction_bins'] if task == 'regression' else ['none', 'histogram_binning'] -%}
  {%- if raw[key] not in choices -%}
    {{ model_monitor.config_error(monitor_name, 'estimation.' ~ key, "expected " ~ choices | join(' or ') ~ ", got '" ~ raw[key] ~ "'") }}
  {%- endif -%}
  {%- set most = 100 if task == 'regression' else 1000 -%}
  {%- set bins = raw.get('bins', 10) -%}
  {%- if bins is not integer or bins is sameas true or bins is sameas false or bins < 2 or bins > most -%}
    {{ model_monitor.config_error(monitor_name, 'estimation.bins', "expected a whole number from 2 to " ~ most ~ ", got " ~ bins | string) }}
  {%- endif -%}
  {%- if raw[key] != 'none' -%}
    {%- if outcomes is none -%}
      {{ model_monitor.config_error(monitor_name, 'estimation.' ~ key, raw[key] ~ " learns from the reference's labels, and this monitor has no outcomes") }}
    {%- elif reference['kind'] != 'period' -%}
      {{ model_monitor.config_error(monitor_name, 'estimation.' ~ key, raw[key] ~ " needs a fixed reference period (reference: {start, end}) whose predictions have outcomes; this monitor's reference is " ~ ('a relation' if reference['kind'] == 'relation' else 'moving')) }}
    {%- endif -%}
  {%- endif -%}
  {{ return({'calibration': raw[key] if key == 'calibration' else 'none',
             'error_model': raw[key] if key == 'error_model' else 'none', 'bins': bins}) }}
{% endmacro %}
