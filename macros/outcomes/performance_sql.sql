{#- One monitor's model performance as CTEs ending in `<p>result`, per model_version x window
    x segment slice, from its predictions joined to their outcomes (prediction_outcomes_ctes,
    from the windows this run recomputes). Realized metrics use the labeled
    rows with a valid score (finite, and in [0, 1] for classification); estimated metrics
    (confidence-based, as NannyML's CBPE) use every prediction with a valid score, its score
    first calibrated on the reference when estimation.calibration is set; regression estimates
    (est_mae, est_rmse) come from the reference's errors binned by prediction when
    estimation.error_model is set. AUC comes
    from grouped scores with half credit for ties; definitions in docs/statistics.md. A multiclass
    monitor's metrics, and its one estimate (est_accuracy), come from multiclass_performance_ctes. -#}
{% macro performance_ctes(p, monitor) %}
  {#- parse time: dbt only needs the refs, taken by the caller -#}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set start = model_monitor.performance_incremental_start(monitor) -%}
  {%- set ctes -%}
  {%- if monitor['task'] == 'multiclass_classification' %}
    {{ model_monitor.prediction_outcomes_ctes(p ~ 'joined_', monitor, monitor['segments'] | length, start, class_scores=true) }},
    {{ model_monitor.performance_calibration_ctes(p, monitor) }}
    {{ model_monitor.multiclass_performance_ctes(p, monitor, p ~ 'joined_result') }}
  {%- else %}
    {{ model_monitor.prediction_outcomes_ctes(p ~ 'joined_', monitor, monitor['segments'] | length, start) }},
    {{ model_monitor.performance_calibration_ctes(p, monitor) }}
    {{ model_monitor.performance_error_model_ctes(p, monitor) }}
    {{ model_monitor.performance_count_ctes(p, monitor, p ~ 'joined_result') }}
    {{ model_monitor.performance_ranking_ctes(p, monitor) }}
  {%- endif %}
    {{ p }}result as (
      {{ model_monitor.performance_select(p, monitor) }}
    )
  {%- endset -%}
  {{ return(ctes) }}
{% endmacro %}

{#- In an incremental run: the window holding the last stored window minus the outcome lookback
    (outcome_lookback); whole windows, so a recomputed window is recomputed from all its rows. -#}
{% macro performance_incremental_start(monitor) %}
  {%- if not execute or not is_incremental() -%}{{ return(none) }}{%- endif -%}
  {%- set sql -%}
    select max(window_start) from {{ this }} where monitor_name = {{ model_monitor.string_literal(monitor['name']) }}
  {%- endset -%}
  {%- set last = run_query(sql).rows[0][0] -%}
  {%- if last is none -%}{{ return(none) }}{%- endif -%}
  {{ return(model_monitor.window_floor(monitor['window'], last - model_monitor.outcome_lookback(monitor))) }}
{% endmacro %}
