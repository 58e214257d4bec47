{#- The final select of one monitor's performance rows: metrics from the counts, NULL with a note
    in metric_notes where a metric is undefined, status no_data until a labeled row exists. The
    metric columns follow the metric catalogue's order whatever the task (a metric of another
    task is NULL), so monitors of every task union into one table. -#}
{% macro performance_select(p, monitor) -%}
  {%- set double = model_monitor.type_double() -%}
  {%- set task = monitor['task'] -%}
  {%- if task == 'binary_classification' -%}
    {%- set metrics = {
        'accuracy': "case when c.evaluated_count > 0 then cast(c.tp + c.tn as " ~ double ~ ") / c.evaluated_count end",
        'precision': "case when c.tp + c.fp > 0 then cast(c.tp as " ~ double ~ ") / (c.tp + c.fp) end",
        'recall': "case when c.tp + c.fn > 0 then cast(c.tp as " ~ double ~ ") / (c.tp + c.fn) end",
        'f1': "case when 2 * c.tp + c.fp + c.fn > 0 then cast(2 * c.tp as " ~ double ~ ") / (2 * c.tp + c.fp + c.fn) end",
        'roc_auc': "case when c.positives > 0 and c.positives < c.evaluated_count then realized.auc end",
        'average_precision': "case when c.positives > 0 then realized.average_precision end",
        'log_loss': "c.log_loss", 'brier_score': "c.brier_score",
        'expected_calibration_error': "cal.expected_calibration_error",
        'est_accuracy': "case when c.est_count > 0 then (c.est_tp + c.est_tn) / c.est_count end",
        'est_precision': "case when c.est_tp + c.est_fp > 0 then c.est_tp / (c.est_tp + c.est_fp) end",
        'est_recall': "case when c.est_tp + c.est_fn > 0 then c.est_tp / (c.est_tp + c.est_fn) end",
        'est_f1': "case when 2 * c.est_tp + c.est_fp + c.est_fn > 0 then 2 * c.est_tp / (2 * c.est_tp + c.est_fp + c.est_fn) end",
        'est_roc_auc': "estimated.auc",
        'positive_prediction_rate': "case when c.est_count > 0 then cast(c.positive_predictions as " ~ double ~ ") / c.est_count end",
        'roc_auc_error_bound': "case when c.positives > 0 and c.positives < c.evaluated_count then realized.auc_error_bound end",
        'average_precision_error_bound': "case when c.positives > 0 then realized.average_precision_error_bound end",
        'est_roc_auc_error_bound': "estimated.auc_error_bound",
    } -%}
  {%- elif task == 'multiclass_classification' -%}
    {%- set metrics = model_monitor.multiclass_metric_sql('c') -%}
  {%- else -%}
    {%- set metrics = {
        'mae': "c.mae", 'rmse': "c.rmse", 'mape': "c.mape",
        'est_mae': "c.est_mae" if monitor['estimation']['error_model'] != 'none' else "null",
        'est_rmse': "c.est_rmse" if monitor['estimation']['error_model'] != 'none' else "null",
        'r2': "case when c.evaluated_count < 2 then null
              when v.total_sum_of_squares > 0 then 1 - c.residual_sum_of_squares / v.total_sum_of_squares
              else case when c.residual_sum_of_squares = 0 then 1.0 else 0.0 end
         end",
    } -%}
  {%- endif -%}
  select {{ model_monitor.string_literal(monitor['name']) }} as monitor_name,
         c.model_version, c.window_start,
         cast({{ model_monitor.add_windows(monitor['window'], 1, 'c.window_start') }} as {{ dbt.type_timestamp() }}) as window_end,
         c.segment_name, c.segment_value,
         {{ model_monitor.bigint_columns(['c.prediction_count', 'c.labeled_count', 'c.invalid_score_count', 'c.evaluated_count'])
            | replace(' as c.', ' as ') }},
         cast(c.labeled_count as {{ double }}) / c.prediction_count as label_coverage,
         cast(c.median_label_delay_seconds as {{ double }}) as median_label_delay_seconds,
         cast(c.p90_label_delay_seconds as {{ double }}) as p90_label_delay_seconds,
         {%- for name in model_monitor.metric_names(source='performance', metric_column=true)
                         + ['roc_auc_error_bound', 'average_precision_error_bound', 'est_roc_auc_error_bound'] %}
         cast({{ metrics.get(name, 'null') }} as {{ double }}) as {{ name }},
         {%- endfor %}
  {%- if task == 'binary_classification' %}
         case when c.evaluated_count = 0 then 'no labeled rows yet'
              when c.positives = 0 or c.positives = c.evaluated_count
                then 'roc_auc undefined: one class only' || case when c.positives = 0 then '; average_precision undefined: no positive label' else '' end
              when c.tp + c.fp = 0 then 'precision undefined: no positive prediction'
         end as metric_notes,
  {%- elif task == 'multiclass_classification' %}
         {{ metrics['metric_notes'] }} as metric_notes,
  {%- else %}
         {%- set realized_note -%}
         case when c.evaluated_count = 0 then 'no labeled rows yet'
              when c.evaluated_count = 1 then 'r2 undefined: one labeled row'
              when v.total_sum_of_squares = 0 then 'r2 with constant labels: 1 if perfect else 0 (scikit-learn)' end
         {%- endset %}
         {%- if monitor['estimation']['error_model'] != 'none' %}
         -- an error model without a labeled reference prediction estimates nothing: said, not silent
         case when c.est_mae is null and c.prediction_count > c.invalid_score_count
              then coalesce({{ realized_note }} || '; ', '') || 'est_mae and est_rmse undefined: no labeled reference prediction'
              else {{ realized_note }} end as metric_notes,
         {%- else %}
         {{ realized_note }} as metric_notes,
         {%- endif %}
  {%- endif %}
         case when c.evaluated_count = 0 then 'no_data' else 'ok' end as performance_status
  from {{ p }}counts as c
  {%- if task == 'binary_classification' %}
  left join {{ p }}ranking as realized
    on realized.model_version = c.model_version and realized.window_start = c.window_start and realized.kind = 'realized'
   and realized.segment_name = c.segment_name and realized.segment_value = c.segment_value
  left join {{ p }}ranking as estimated
    on estimated.model_version = c.model_version and estimated.window_start = c.window_start and estimated.kind = 'estimated'
   and estimated.segment_name = c.segment_name and estimated.segment_value = c.segment_value
  left join {{ p }}calibration as cal on cal.model_version = c.model_version and cal.window_start = c.window_start
   and cal.segment_name = c.segment_name and cal.segment_value = c.segment_value
  {%- elif task == 'multiclass_classification' %}
  left join {{ p }}class_summary as s on s.model_version = c.model_version and s.window_start = c.window_start
   and s.segment_name = c.segment_name and s.segment_value = c.segment_value
  {%- else %}
  left join {{ p }}variance as v on v.model_version = c.model_version and v.window_start = c.window_start
   and v.segment_name = c.segment_name and v.segment_value = c.segment_value
  {%- endif %}
{%- endmacro %}
