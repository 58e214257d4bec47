{#- With estimation.calibration histogram_binning (normalize_estimation): CTEs `<p>calref_*` (the
    reference period's predictions joined to their outcomes, deduplicated as the performance
    rows are) and `<p>calibration_map` (calibration_bin, calibrated_score: the share of positive
    labels among the reference's labeled predictions with a valid score in each equal-width bin
    of [0, 1] that holds any; multiclass: the share of right predictions per bin of the predicted
    class's score), each followed by a comma. Nothing without a calibration. Read on
    every run: a bounded extra read of the reference period, so late reference labels count. -#}
{% macro performance_calibration_ctes(p, monitor) %}
  {%- if monitor['estimation']['calibration'] == 'none' -%}{{ return('') }}{%- endif -%}
  {%- set reference = monitor['reference'] -%}
  {%- set ctes -%}
  {%- if monitor['task'] == 'multiclass_classification' %}
    {{ model_monitor.prediction_outcomes_ctes(p ~ 'calref_', monitor, 0, reference['start'], reference['end'], class_scores=true) }},
    {{ p }}calibration_map as (
      -- top-label: the share of right predictions per bin of the predicted class's score
      select {{ model_monitor.calibration_bin_sql('predicted_score', monitor) }} as calibration_bin,
             -- a double: Spark averages the literals 1.0 / 0.0 as decimals of 5 places
             avg(cast(case when label = predicted_label then 1 else 0 end as {{ model_monitor.type_double() }})) as calibrated_score
      from (
        select label, predicted_label,
               {{ model_monitor.multiclass_valid_score_sql(monitor) }} as valid_score,
               {{ model_monitor.multiclass_predicted_score_sql(monitor) }} as predicted_score
        from {{ p }}calref_result
      ) as scored
      where label is not null and valid_score
      group by 1
    ),
  {%- else %}
    {{ model_monitor.prediction_outcomes_ctes(p ~ 'calref_', monitor, 0, reference['start'], reference['end']) }},
    {{ p }}calibration_map as (
      select {{ model_monitor.calibration_bin_sql('score', monitor) }} as calibration_bin,
             avg(label) as calibrated_score
      from {{ p }}calref_result
      where label is not null and score is not null and {{ model_monitor.is_finite('score') }} and score >= 0 and score <= 1
      group by 1
    ),
  {%- endif %}
  {%- endset -%}
  {{ return(ctes) }}
{% endmacro %}

{#- SQL: the calibration bin of a score in [0, 1] (bins equal-width bins, 1 in the last). -#}
{% macro calibration_bin_sql(score, monitor) -%}
  {%- set bins = monitor['estimation']['bins'] -%}
  least(floor({{ score }} * {{ bins }}), {{ bins - 1 }})
{%- endmacro %}
