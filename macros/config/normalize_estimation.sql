{#- The monitor's `estimation` as {calibration, bins}: how the label-free estimates (est_* of
    model_monitor__performance) read the scores.
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
    histogram_binning needs task binary_classification, outcomes, and a fixed reference period
    (start/end): a relation holds no labels, and a moving reference would calibrate every window
    on labels that have not arrived yet. -#}
{% macro normalize_estimation(raw, monitor_name, task, outcomes, reference) %}
  {%- if raw is none -%}{{ return({'calibration': 'none', 'bins': 10}) }}{%- endif -%}
  {{ model_monitor.check_keys(raw, ['calibration'], ['bins'], monitor_name, 'estimation') }}
  {%- if raw['calibration'] not in ['none', 'histogram_binning'] -%}
    {{ model_monitor.config_error(monitor_name, 'estimation.calibration', "expected none or histogram_binning, got '" ~ raw['calibration'] ~ "'") }}
  {%- endif -%}
  {%- set bins = raw.get('bins', 10) -%}
  {%- if bins is not integer or bins is sameas true or bins is sameas false or bins < 2 or bins > 1000 -%}
    {{ model_monitor.config_error(monitor_name, 'estimation.bins', "expected a whole number from 2 to 1000, got " ~ bins | string) }}
  {%- endif -%}
  {%- if raw['calibration'] == 'histogram_binning' -%}
    {%- if task != 'binary_classification' -%}
      {{ model_monitor.config_error(monitor_name, 'estimation.calibration', "histogram_binning calibrates classification scores; this monitor's task is " ~ task ~ " (regression has no label-free estimate: docs/outcomes-and-performance.md)") }}
    {%- elif outcomes is none -%}
      {{ model_monitor.config_error(monitor_name, 'estimation.calibration', "histogram_binning learns from the reference's labels, and this monitor has no outcomes") }}
    {%- elif reference['kind'] != 'period' -%}
      {{ model_monitor.config_error(monitor_name, 'estimation.calibration', "histogram_binning needs a fixed reference period (reference: {start, end}) whose predictions have outcomes; this monitor's reference is " ~ ('a relation' if reference['kind'] == 'relation' else 'moving')) }}
    {%- endif -%}
  {%- endif -%}
  {{ return({'calibration': raw['calibration'], 'bins': bins}) }}
{% endmacro %}
