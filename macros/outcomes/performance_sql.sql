{#- One monitor's model performance as CTEs ending in `<p>result`, per model_version x window
    (segment '__all__'), from model_monitor__prediction_outcomes. Realized metrics use the labeled
    rows with a valid score (finite, and in [0, 1] for classification); estimated metrics
    (confidence-based, as NannyML's CBPE) use every prediction with a valid score. AUC comes
    from grouped scores with half credit for ties; definitions in the README. -#}
{% macro performance_ctes(p, monitor, prediction_outcomes) %}
  {%- set keys = 'model_version, window_start, segment_name, segment_value' -%}
  {%- set double = model_monitor.type_double() -%}
  {%- set classification = monitor['task'] == 'binary_classification' -%}
  {%- set start = model_monitor.performance_incremental_start(monitor) -%}
  {%- set eps = '2.220446049250313e-16' -%}
  {%- set by_group = 'partition by ' ~ keys ~ ', kind' -%}
  {%- set ctes -%}
    {{ p }}outcome_rows as (
      select * from {{ prediction_outcomes }}
      where monitor_name = {{ model_monitor.string_literal(monitor['name']) }}
      {%- if start is not none %} and window_start >= {{ model_monitor.timestamp_literal(start) }}{% endif %}
    ),
    {{ p }}rows as {{ model_monitor.materialized_cte() }} (
      -- every prediction once for the whole population and once per configured segment
      select model_version, window_start, segment_name, segment_value, score, predicted_label, label,
             label_delay_seconds,
             score is not null and {{ model_monitor.is_finite('score') }}
             {%- if classification %} and score >= 0 and score <= 1{% endif %} as valid_score
      from (
        select o.*, '__all__' as segment_name, '__all__' as segment_value from {{ p }}outcome_rows as o
        {%- for segment in monitor['segments'] %}
        union all
        select o.*, {{ model_monitor.string_literal(segment) }}, coalesce(o.segment_{{ loop.index }}, '__null__')
        from {{ p }}outcome_rows as o
        {%- endfor %}
      ) as sliced
    ),
    {{ p }}counts as (
      select {{ keys }},
             count(*) as prediction_count,
             sum(case when label is not null then 1 else 0 end) as labeled_count,
             sum(case when not valid_score then 1 else 0 end) as invalid_score_count,
             sum(case when label is not null and valid_score then 1 else 0 end) as evaluated_count,
             percentile_cont(0.5) within group (order by label_delay_seconds) as median_label_delay_seconds,
             percentile_cont(0.9) within group (order by label_delay_seconds) as p90_label_delay_seconds,
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
             sum(case when valid_score and predicted_label = 1 then score else 0 end) as est_tp,
             sum(case when valid_score and predicted_label = 1 then 1 - score else 0 end) as est_fp,
             sum(case when valid_score and predicted_label = 0 then score else 0 end) as est_fn,
             sum(case when valid_score and predicted_label = 0 then 1 - score else 0 end) as est_tn,
             sum(case when valid_score and predicted_label is not null then 1 else 0 end) as est_count,
             sum(case when valid_score and predicted_label = 1 then 1 else 0 end) as positive_predictions
             {%- else %}
             avg(case when label is not null and valid_score then abs(label - score) end) as mae,
             sqrt(avg(case when label is not null and valid_score then (label - score) * (label - score) end)) as rmse,
             -- scikit-learn's MAPE: |y - y_hat| / max(|y|, machine epsilon)
             avg(case when label is not null and valid_score then abs(label - score) / greatest(abs(label), {{ eps }}) end) as mape,
             sum(case when label is not null and valid_score then (label - score) * (label - score) end) as residual_sum_of_squares
             {%- endif %}
      from {{ p }}rows
      group by 1, 2, 3, 4
    ),
    {%- if classification %}
    {{ p }}score_groups as (
      -- realized: labeled rows weighted by their label; estimated: every valid prediction
      -- counted as positive with its score's probability
      select {{ keys }}, kind, score, sum(positive) as positive, sum(negative) as negative
      from (
        select {{ keys }}, 'realized' as kind, score, label as positive, 1 - label as negative
        from {{ p }}rows where label is not null and valid_score
        union all
        select {{ keys }}, 'estimated' as kind, score, score as positive, 1 - score as negative
        from {{ p }}rows where valid_score
      ) as weighted
      group by 1, 2, 3, 4, 5, 6
    ),
    {{ p }}ranking as (
      select {{ keys }}, kind,
             -- Mann-Whitney: each positive beats the negatives below it, half credit for ties
             sum(positive * (coalesce(negatives_below, 0) + 0.5 * negative)) / nullif(sum(positive) * sum(negative), 0) as auc,
             -- average precision: precision at each distinct score, weighted by the recall it adds
             sum(case when positives_at_or_above > 0 then positive * positives_at_or_above / (positives_at_or_above + negatives_at_or_above) end)
               / nullif(sum(positive), 0) as average_precision,
             sum(positive) as positive_weight, sum(negative) as negative_weight
      from (
        select g.*,
               sum(negative) over ({{ by_group }} order by score rows between unbounded preceding and 1 preceding) as negatives_below,
               sum(positive) over ({{ by_group }} order by score desc rows between unbounded preceding and current row) as positives_at_or_above,
               sum(negative) over ({{ by_group }} order by score desc rows between unbounded preceding and current row) as negatives_at_or_above
        from {{ p }}score_groups as g
      ) as ranked
      group by 1, 2, 3, 4, 5
    ),
    {{ p }}calibration as (
      -- expected calibration error: 10 equal-width score bins over [0, 1]
      select {{ keys }},
             sum(bin_count * abs(mean_label - mean_score)) / sum(bin_count) as expected_calibration_error
      from (
        select {{ keys }}, least(floor(score * 10), 9) as score_bin, count(*) as bin_count,
               avg(label) as mean_label, avg(score) as mean_score
        from {{ p }}rows where label is not null and valid_score
        group by 1, 2, 3, 4, 5
      ) as bins
      group by 1, 2, 3, 4
    ),
    {%- else %}
    {{ p }}variance as (
      select {{ keys }}, sum((label - mean_label) * (label - mean_label)) as total_sum_of_squares
      from (
        select {{ keys }}, label,
               avg(label) over (partition by {{ keys }}) as mean_label
        from {{ p }}rows where label is not null and valid_score
      ) as centered
      group by 1, 2, 3, 4
    ),
    {%- endif %}
    {{ p }}result as (
      {{ model_monitor.performance_select(p, monitor) }}
    )
  {%- endset -%}
  {{ return(ctes) }}
{% endmacro %}

{#- In an incremental run: windows from the last stored window minus outcome_lookback_days. -#}
{% macro performance_incremental_start(monitor) %}
  {%- if not execute or not is_incremental() -%}{{ return(none) }}{%- endif -%}
  {%- set sql -%}
    select max(window_start) from {{ this }} where monitor_name = {{ model_monitor.string_literal(monitor['name']) }}
  {%- endset -%}
  {%- set last = run_query(sql).rows[0][0] -%}
  {%- if last is none -%}{{ return(none) }}{%- endif -%}
  {{ return(last - modules.datetime.timedelta(days=monitor['outcome_lookback_days'])) }}
{% endmacro %}
