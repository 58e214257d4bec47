{#- CTEs `<p>outcome_rows`, `<p>rows` (every prediction once for '__all__' and once per
    segment, with its score's validity and `est_score`, the probability the estimates give it:
    the score, or its calibrated value from `<p>calibration_map` when the monitor calibrates) and
    `<p>counts` (confusion counts, log loss, Brier, CBPE sums or regression errors, label delays)
    per version x window x segment slice. -#}
{% macro performance_count_ctes(p, monitor, prediction_outcomes) %}
  {%- set keys = 'model_version, window_start, segment_name, segment_value' -%}
  {%- set double = model_monitor.type_double() -%}
  {%- set classification = monitor['task'] == 'binary_classification' -%}
  {%- set eps = '2.220446049250313e-16' -%}
  {%- set by_group = 'partition by ' ~ keys ~ ', kind' -%}
  {%- set calibrated = monitor['estimation']['calibration'] != 'none' -%}
  {%- set error_model = monitor['estimation']['error_model'] != 'none' -%}
    {{ p }}outcome_rows as (
      select * from {{ prediction_outcomes }}
    ),
    {{ p }}rows as {{ model_monitor.materialized_cte() }} (
      -- every prediction once for the whole population and once per configured segment
      select model_version, window_start, segment_name, segment_value, score, predicted_label, label,
             label_delay_seconds,
             score is not null and {{ model_monitor.is_finite('score') }}
             {%- if classification %} and score >= 0 and score <= 1{% endif %} as valid_score,
             {%- if calibrated %}
             -- the bin's calibrated probability (only read where the score is valid)
             coalesce(calibration.calibrated_score, score) as est_score
             {%- else %}
             score as est_score
             {%- endif %}
             {%- if error_model %},
             -- the bin's expected errors (only read where the score is valid)
             errors.expected_abs_error, errors.expected_squared_error
             {%- endif %}
      from (
        {{ model_monitor.segment_sliced_rows(monitor, p ~ 'outcome_rows') }}
      ) as sliced
      {%- if calibrated %}
      left join {{ p }}calibration_map as calibration
        on calibration.calibration_bin = {{ model_monitor.calibration_bin_sql('sliced.score', monitor) }}
      {%- endif %}
      {%- if error_model %}
      cross join {{ p }}error_edges as edges
      left join {{ p }}error_model as errors
        on errors.error_bin = {{ model_monitor.error_bin_sql('sliced.score', 'edges', monitor['estimation']['bins']) }}
      {%- endif %}
    ),
    {{ p }}counts as (
      select {{ keys }},
             {{ model_monitor.performance_base_counts() }}
             {%- if classification %}
             sum(case when label is not null and valid_score and predicted_label = 1 and label = 1 then 1 else 0 end) as tp,
             sum(case when label is not null and valid_score and predicted_label = 1 and label = 0 then 1 else 0 end) as fp,
             sum(case when label is not null and valid_score and predicted_label = 0 and label = 1 then 1 else 0 end) as fn,
             sum(case when label is not null and valid_score and predicted_label = 0 and label = 0 then 1 else 0 end) as tn,
             sum(case when label is not null and valid_score and label = 1 then 1 else 0 end) as positives,
             -- log loss clips at float64 machine epsilon, as scikit-learn
             avg(case when label is not null and valid_score then
                   -(label * ln(least(greatest(score, {{ eps }}), 1 - {{ eps }}))
                     + (1 - label) * ln(1 - least(greatest(score, {{ eps }}), 1 - {{ eps }}))) end) as log_loss,
             avg(case when label is not null and valid_score then (score - label) * (score - label) end) as brier_score,
             sum(case when valid_score and predicted_label = 1 then est_score else 0 end) as est_tp,
             sum(case when valid_score and predicted_label = 1 then 1 - est_score else 0 end) as est_fp,
             sum(case when valid_score and predicted_label = 0 then est_score else 0 end) as est_fn,
             sum(case when valid_score and predicted_label = 0 then 1 - est_score else 0 end) as est_tn,
             sum(case when valid_score and predicted_label is not null then 1 else 0 end) as est_count,
             sum(case when valid_score and predicted_label = 1 then 1 else 0 end) as positive_predictions
             {%- else %}
             avg(case when label is not null and valid_score then abs(label - score) end) as mae,
             sqrt(avg(case when label is not null and valid_score then (label - score) * (label - score) end)) as rmse,
             -- scikit-learn's MAPE: |y - y_hat| / max(|y|, machine epsilon)
             avg(case when label is not null and valid_score then abs(label - score) / greatest(abs(label), {{ eps }}) end) as mape,
             sum(case when label is not null and valid_score then (label - score) * (label - score) end) as residual_sum_of_squares
             {%- if error_model %},
             avg(case when valid_score then expected_abs_error end) as est_mae,
             sqrt(avg(case when valid_score then expected_squared_error end)) as est_rmse
             {%- endif %}
             {%- endif %}
      from {{ p }}rows
      group by 1, 2, 3, 4
    ),
{% endmacro %}
