{#- Classification: `<p>score_groups`, `<p>ranking` (AUC with half credit for ties, average
    precision; realized and estimated, with their error bounds) and `<p>calibration` (10-bin
    ECE). Regression: `<p>variance` (total sum of squares, for r2).
    Scores are grouped by value (exact mode) or, in the profile mode, by score_cell: a cell then
    counts as one tied score, and the bounds below say how far that can move AUC and AP (0 when
    every cell holds one distinct score, as with rounded scores). -#}
{% macro performance_ranking_ctes(p, monitor) %}
  {%- set classification = monitor['task'] == 'binary_classification' -%}
  {%- set profile = monitor['distribution_statistics'] == 'profile' -%}
  {%- set keys = 'model_version, window_start, segment_name, segment_value' -%}
  {%- set by_group = 'partition by ' ~ keys ~ ', kind' -%}
    {%- if classification %}
    {{ p }}score_groups as (
      -- realized: labeled rows weighted by their label; estimated: every valid prediction
      -- counted as positive with its (calibrated) score's probability, ranked by its raw score
      select {{ keys }}, kind, {{ model_monitor.score_cell_sql('score') if profile else 'score' }} as score,
             sum(positive) as positive, sum(negative) as negative,
             min(score) = max(score) as single_score
      from (
        select {{ keys }}, 'realized' as kind, score, label as positive, 1 - label as negative
        from {{ p }}rows where label is not null and valid_score
        union all
        select {{ keys }}, 'estimated' as kind, score, est_score as positive, 1 - est_score as negative
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
             -- a cell's positive-negative pairs got half credit; the true credit is in [0, 1]
             0.5 * sum(case when not single_score then positive * negative else 0 end)
               / nullif(sum(positive) * sum(negative), 0) as auc_error_bound,
             -- a cell's positives all got the precision at the cell's end; in any order within the
             -- cell the j-th of them sees a precision between (A+1)/(A+B+1+n) and (A+p)/(A+B+p),
             -- A, B: positives and negatives in higher cells, p, n: the cell's
             sum(case when not single_score and positive > 0 then positive * greatest(
                   positives_at_or_above / (positives_at_or_above + negatives_at_or_above - negative)
                     - positives_at_or_above / (positives_at_or_above + negatives_at_or_above),
                   positives_at_or_above / (positives_at_or_above + negatives_at_or_above)
                     - (positives_at_or_above - positive + 1) / (positives_at_or_above - positive + negatives_at_or_above + 1))
                 else 0 end)
               / nullif(sum(positive), 0) as average_precision_error_bound,
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

{#- The profile mode's score cell of a classification score in [0, 1]: 1024 cells per unit of
    logit(score) (about 1/4096 wide at 0.5 and finer towards 0 and 1, where imbalanced models put
    their scores), logits beyond +-40 in one cell each side. At most 81,922 cells per window,
    whatever the number of predictions; only non-empty cells exist. -#}
{% macro score_cell_sql(score) -%}
  case when {{ score }} <= 0 then -41000 when {{ score }} >= 1 then 41000
       else floor(least(greatest(ln({{ score }}) - ln(1 - {{ score }}), -40), 40) * 1024) end
{%- endmacro %}
