{#- With estimation.calibration histogram_binning (normalize_estimation): CTEs `<p>calref_*` (the
    reference period's predictions joined to their outcomes, deduplicated as the performance
    rows are) and `<p>calibration_map` (calibration_bin, calibrated_score: the share of positive
    labels among the reference's labeled predictions with a valid score in each equal-width bin
    of [0, 1] that holds any), each followed by a comma. Nothing without a calibration. Read on
    every run: a bounded extra read of the reference period, so late reference labels count. -#}
{% macro performance_calibration_ctes(p, monitor) %}
  {%- if monitor['estimation']['calibration'] == 'none' -%}{{ return('') }}{%- endif -%}
  {%- set reference = monitor['reference'] -%}
  {%- set ctes -%}
    {{ model_monitor.prediction_outcomes_ctes(p ~ 'calref_', monitor, 0, reference['start'], reference['end']) }},
    {{ p }}calibration_map as (
      select {{ model_monitor.calibration_bin_sql('score', monitor) }} as calibration_bin,
             avg(label) as calibrated_score
      from {{ p }}calref_result
      where label is not null and score is not null and {{ model_monitor.is_finite('score') }} and score >= 0 and score <= 1
      group by 1
    ),
  {%- endset -%}
  {{ return(ctes) }}
{% endmacro %}

{#- SQL: the calibration bin of a score in [0, 1] (bins equal-width bins, 1 in the last). -#}
{% macro calibration_bin_sql(score, monitor) -%}
  {%- set bins = monitor['estimation']['bins'] -%}
  least(floor({{ score }} * {{ bins }}), {{ bins - 1 }})
{%- endmacro %}
