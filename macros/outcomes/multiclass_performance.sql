{#- A multiclass_classification monitor's performance CTEs, each followed by a comma: `<p>rows`
    (every prediction once for '__all__' and once per segment, with valid_score: every class score
    finite and in [0, 1] and a predicted class; est_score, the predicted class's score or, with
    estimation.calibration, its calibrated value from `<p>calibration_map`), `<p>counts` (the
    counts every task has, accuracy's correct count, log loss, and the sum of est_score behind
    est_accuracy), `<p>class_counts` (per class: support, predictions and true
    positives), `<p>class_auc` (per class, one-vs-rest: the Mann-Whitney AUC of its score, ties
    given half credit, grouped by the exact score in both distribution_statistics modes) and
    `<p>class_summary` (macro, micro and weighted precision, recall and F1, OvR AUC). The
    definitions are scikit-learn's; see docs/outcomes-and-performance.md. -#}
{% macro multiclass_performance_ctes(p, monitor, prediction_outcomes) %}
  {%- set keys = 'model_version, window_start, segment_name, segment_value' -%}
  {%- set double = model_monitor.type_double() -%}
  {%- set classes = monitor['classes'] -%}
  {%- set eps = '2.220446049250313e-16' -%}
  {%- set calibrated = monitor['estimation']['calibration'] != 'none' -%}
    {{ p }}rows as {{ model_monitor.materialized_cte() }} (
      select scored.*,
             {%- if calibrated %}
             -- the bin's calibrated confidence (only read where the scores are valid)
             coalesce(calibration.calibrated_score, scored.predicted_score) as est_score
             {%- else %}
             scored.predicted_score as est_score
             {%- endif %}
      from (
        select model_version, window_start, segment_name, segment_value, predicted_label, label, label_delay_seconds,
               {%- for class in classes %} class_score_{{ class['index'] }},{% endfor %}
               {{ model_monitor.multiclass_valid_score_sql(monitor) }} as valid_score,
               {{ model_monitor.multiclass_predicted_score_sql(monitor) }} as predicted_score
        from (
          {{ model_monitor.segment_sliced_rows(monitor, prediction_outcomes) }}
        ) as sliced
      ) as scored
      {%- if calibrated %}
      left join {{ p }}calibration_map as calibration
        on calibration.calibration_bin = {{ model_monitor.calibration_bin_sql('scored.predicted_score', monitor) }}
      {%- endif %}
    ),
    {{ p }}counts as (
      select {{ keys }},
             {{ model_monitor.performance_base_counts() }}
             sum(case when label is not null and valid_score and predicted_label = label then 1 else 0 end) as correct,
             -- confidence-based (CBPE): the predicted class's score, or its calibrated value, is
             -- the probability that the prediction is right, on every valid prediction
             sum(case when valid_score then 1 else 0 end) as est_count,
             sum(case when valid_score then est_score end) as est_correct,
             -- the true class's probability, clipped at float64 machine epsilon (scikit-learn)
             avg(case when label is not null and valid_score then
                   -ln(least(greatest(case
                     {%- for class in classes %} when label = {{ class['index'] }} then class_score_{{ class['index'] }}{% endfor %}
                   end, {{ eps }}), 1 - {{ eps }})) end) as log_loss
      from {{ p }}rows
      group by 1, 2, 3, 4
    ),
    {{ p }}classes as (
      {%- for class in classes %}
      select {{ class['index'] }} as class_index{{ ' union all' if not loop.last }}
      {%- endfor %}
    ),
    {{ p }}class_counts as (
      select cells.model_version, cells.window_start, cells.segment_name, cells.segment_value, k.class_index,
             sum(case when cells.label = k.class_index then cells.row_count else 0 end) as support,
             sum(case when cells.predicted_label = k.class_index then cells.row_count else 0 end) as predicted,
             sum(case when cells.label = k.class_index and cells.predicted_label = k.class_index then cells.row_count else 0 end) as tp,
             max(cells.evaluated_count) as evaluated_count
      from (
        -- the confusion matrix: at most (number of classes)^2 cells per slice
        select {{ keys }}, label, predicted_label, count(*) as row_count,
               sum(count(*)) over (partition by {{ keys }}) as evaluated_count
        from {{ p }}rows where label is not null and valid_score
        group by 1, 2, 3, 4, 5, 6
      ) as cells
      cross join {{ p }}classes as k
      group by 1, 2, 3, 4, 5
    ),
    {{ p }}class_auc as (
      select {{ keys }}, class_index,
             -- Mann-Whitney: each positive beats the negatives below it, half credit for ties
             sum(positive * (coalesce(negatives_below, 0) + 0.5 * negative)) / nullif(sum(positive) * sum(negative), 0) as auc
      from (
        select g.*,
               sum(negative) over (partition by {{ keys }}, class_index order by score rows between unbounded preceding and 1 preceding) as negatives_below
        from (
          select {{ keys }}, class_index, score, sum(positive) as positive, sum(1 - positive) as negative
          from (
            {%- for class in classes %}
            select {{ keys }}, {{ class['index'] }} as class_index, class_score_{{ class['index'] }} as score,
                   -- a double: Spark would divide integers and 0.5 as decimals of 6 places
                   cast(case when label = {{ class['index'] }} then 1 else 0 end as {{ double }}) as positive
            from {{ p }}rows where label is not null and valid_score
            {{ 'union all' if not loop.last }}
            {%- endfor %}
          ) as one_vs_rest
          group by 1, 2, 3, 4, 5, 6
        ) as g
      ) as ranked
      group by 1, 2, 3, 4, 5
    ),
    {{ p }}class_summary as (
      -- precision, recall and F1 over the classes present (labeled or predicted) in the slice,
      -- 0 where undefined, as scikit-learn's average='macro' / 'micro' / 'weighted'; OvR AUC over
      -- every configured class (macro: NULL when a class has no positive or no negative label)
      select n.model_version, n.window_start, n.segment_name, n.segment_value,
             avg(case when n.predicted > 0 then cast(n.tp as {{ double }}) / n.predicted else 0 end) as precision_macro,
             avg(case when n.support > 0 then cast(n.tp as {{ double }}) / n.support else 0 end) as recall_macro,
             avg(cast(2 * n.tp as {{ double }}) / (n.support + n.predicted)) as f1_macro,
             cast(sum(n.tp) as {{ double }}) / sum(n.predicted) as precision_micro,
             cast(sum(n.tp) as {{ double }}) / sum(n.support) as recall_micro,
             cast(2 * sum(n.tp) as {{ double }}) / (sum(n.predicted) + sum(n.support)) as f1_micro,
             sum(case when n.predicted > 0 then n.support * cast(n.tp as {{ double }}) / n.predicted else 0 end) / sum(n.support) as precision_weighted,
             sum(cast(n.tp as {{ double }})) / sum(n.support) as recall_weighted,
             sum(n.support * cast(2 * n.tp as {{ double }}) / (n.support + n.predicted)) / sum(n.support) as f1_weighted,
             max(a.macro_auc) as roc_auc_ovr_macro, max(a.weighted_auc) as roc_auc_ovr_weighted,
             max(a.undefined_classes) as undefined_auc_classes
      from {{ p }}class_counts as n
      left join (
        select c.model_version, c.window_start, c.segment_name, c.segment_value,
               case when sum(case when c.support = 0 or c.support = c.evaluated_count then 1 else 0 end) = 0
                    then avg(auc.auc) end as macro_auc,
               case when sum(case when c.support > 0 and c.support = c.evaluated_count then 1 else 0 end) = 0
                    then sum(case when c.support > 0 then c.support * auc.auc else 0 end) / sum(c.support) end as weighted_auc,
               sum(case when c.support = 0 or c.support = c.evaluated_count then 1 else 0 end) as undefined_classes
        from {{ p }}class_counts as c
        left join {{ p }}class_auc as auc
          on auc.model_version = c.model_version and auc.window_start = c.window_start and auc.class_index = c.class_index
         and auc.segment_name = c.segment_name and auc.segment_value = c.segment_value
        group by 1, 2, 3, 4
      ) as a
        on a.model_version = n.model_version and a.window_start = n.window_start
       and a.segment_name = n.segment_name and a.segment_value = n.segment_value
      where n.support > 0 or n.predicted > 0
      group by 1, 2, 3, 4
    ),
{% endmacro %}

{#- The multiclass metric columns of model_monitor__performance (and metric_notes) as SQL over the
    counts `c` and the class summary `s` (multiclass_performance_ctes). -#}
{% macro multiclass_metric_sql(c) %}
  {%- set double = model_monitor.type_double() -%}
  {%- set metrics = {
      'accuracy': "case when " ~ c ~ ".evaluated_count > 0 then cast(" ~ c ~ ".correct as " ~ double ~ ") / " ~ c ~ ".evaluated_count end",
      'log_loss': c ~ ".log_loss",
      'est_accuracy': "case when " ~ c ~ ".est_count > 0 then " ~ c ~ ".est_correct / " ~ c ~ ".est_count end",
      'metric_notes': "case when " ~ c ~ ".evaluated_count = 0 then 'no labeled rows yet'
              when s.undefined_auc_classes > 0 then 'roc_auc_ovr_macro undefined: ' || cast(s.undefined_auc_classes as " ~ dbt.type_string() ~ ") || ' class(es) without both labels' end",
  } -%}
  {%- for name in ['precision_macro', 'recall_macro', 'f1_macro', 'precision_micro', 'recall_micro', 'f1_micro',
                   'precision_weighted', 'recall_weighted', 'f1_weighted', 'roc_auc_ovr_macro', 'roc_auc_ovr_weighted'] -%}
    {%- do metrics.update({name: 's.' ~ name}) -%}
  {%- endfor -%}
  {{ return(metrics) }}
{% endmacro %}

{#- SQL over a row with predicted_label and class_score_<i>: the scores are valid (every class
    score finite and in [0, 1]) and a class is predicted. -#}
{% macro multiclass_valid_score_sql(monitor) -%}
  predicted_label is not null
  {%- for class in monitor['classes'] %}
  and class_score_{{ class['index'] }} is not null and {{ model_monitor.is_finite('class_score_' ~ class['index']) }}
  and class_score_{{ class['index'] }} >= 0 and class_score_{{ class['index'] }} <= 1
  {%- endfor %}
{%- endmacro %}

{#- SQL: the predicted class's score (NULL without a predicted class). -#}
{% macro multiclass_predicted_score_sql(monitor) -%}
  case {%- for class in monitor['classes'] %} when predicted_label = {{ class['index'] }} then class_score_{{ class['index'] }}{% endfor %} end
{%- endmacro %}
