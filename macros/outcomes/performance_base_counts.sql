{#- The counts every task's performance rows start with, per slice of the `rows` CTE (columns
    label, valid_score, label_delay_seconds): predictions, labeled, invalid-score and evaluated
    rows, and the median and 90th percentile label delay; each followed by a comma. -#}
{% macro performance_base_counts() -%}
             count(*) as prediction_count,
             sum(case when label is not null then 1 else 0 end) as labeled_count,
             sum(case when not valid_score then 1 else 0 end) as invalid_score_count,
             sum(case when label is not null and valid_score then 1 else 0 end) as evaluated_count,
             percentile_cont(0.5) within group (order by label_delay_seconds) as median_label_delay_seconds,
             percentile_cont(0.9) within group (order by label_delay_seconds) as p90_label_delay_seconds,
{%- endmacro %}
