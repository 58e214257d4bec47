{#- Classification: `<p>score_groups`, `<p>ranking` (AUC from grouped scores with half credit
    for ties, average precision; realized and estimated) and `<p>calibration` (10-bin ECE).
    Regression: `<p>variance` (total sum of squares, for r2). -#}
{% macro performance_ranking_ctes(p, monitor) %}
  {%- set classification = monitor['task'] == 'binary_classification' -%}
  {%- set keys = 'model_version, window_start, segment_name, segment_value' -%}
  {%- set by_group = 'partition by ' ~ keys ~ ', kind' -%}
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
        -- one ordering for all three frames (score groups are distinct), so one sort
        select g.*,
               sum(negative) over ({{ by_group }} order by score rows between unbounded preceding and 1 preceding) as negatives_below,
               sum(positive) over ({{ by_group }} order by score rows between current row and unbounded following) as positives_at_or_above,
               sum(negative) over ({{ by_group }} order by score rows between current row and unbounded following) as negatives_at_or_above
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
{% endmacro %}
