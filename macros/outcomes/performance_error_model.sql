{#- With estimation.error_model prediction_bins (regression, normalize_estimation): CTEs
    `<p>errref_*` (the reference period's predictions joined to their outcomes, deduplicated as
    the performance rows are), `<p>error_edges` (one row: edge_1 .. edge_<bins - 1>, the overall
    errors and the number of evaluated reference predictions) and `<p>error_model` (one row per
    bin: the mean absolute and squared error of the reference's evaluated predictions in it; no
    rows without any), each followed by a comma. Nothing without one.

    The bins are equal-frequency bins of the reference's evaluated predictions (a finite
    prediction with a finite label): with n of them sorted, edge k (k = 1 .. bins - 1) is the
    ceil(k * n / bins)-th smallest, numpy.quantile's inverted_cdf method computed in integers, and
    bin k holds the predictions p with edge k < p <= edge k + 1 (bin 0 everything up to edge 1,
    the last everything above the last edge). Every edge is a reference prediction, so a bin
    without reference predictions is one between tied edges (nothing falls there) or the last one
    when the last edge is the largest: it uses the reference's overall errors.
    NannyML's DLE fits a model of the absolute error on the features and the prediction; this one
    reads the prediction only, so it is a statistic of the reference, computed again on every run
    (late reference labels count), with no model to train or store. It follows a shift of the
    predictions into regions where the model errs more or less, not a change of the error at a
    given prediction (concept drift). -#}
{% macro performance_error_model_ctes(p, monitor) %}
  {%- if monitor['estimation']['error_model'] == 'none' -%}{{ return('') }}{%- endif -%}
  {%- set reference = monitor['reference'] -%}
  {%- set bins = monitor['estimation']['bins'] -%}
  {%- set double = model_monitor.type_double() -%}
  {%- set ctes -%}
    {{ model_monitor.prediction_outcomes_ctes(p ~ 'errref_', monitor, 0, reference['start'], reference['end']) }},
    {{ p }}errref_ranked as {{ model_monitor.materialized_cte() }} (
      select score, abs(label - score) as abs_error, (label - score) * (label - score) as squared_error,
             row_number() over (order by score) as score_rank,
             count(*) over () as evaluated
      from {{ p }}errref_result
      where label is not null and {{ model_monitor.is_finite('label') }}
        and score is not null and {{ model_monitor.is_finite('score') }}
    ),
    {{ p }}error_edges as (
      -- edge k: the ceil(k * n / bins)-th smallest (integer arithmetic: (k * n + bins - 1) / bins)
      select
        {%- for k in range(1, bins) %}
             max(case when score_rank = floor(({{ k }} * evaluated + {{ bins - 1 }}) / {{ bins }}) then score end) as edge_{{ k }},
        {%- endfor %}
             cast(avg(abs_error) as {{ double }}) as overall_abs_error,
             cast(avg(squared_error) as {{ double }}) as overall_squared_error,
             count(*) as evaluated
      from {{ p }}errref_ranked
    ),
    {{ p }}error_bins as (
      -- every bin, so a bin without reference rows still has its fallback
      {%- for k in range(bins) %}
      select {{ k }} as error_bin{{ ' union all' if not loop.last }}
      {%- endfor %}
    ),
    {{ p }}error_model as (
      select b.error_bin,
             cast(coalesce(s.abs_error, e.overall_abs_error) as {{ double }}) as expected_abs_error,
             cast(coalesce(s.squared_error, e.overall_squared_error) as {{ double }}) as expected_squared_error
      from {{ p }}error_bins as b
      cross join {{ p }}error_edges as e
      left join (
        select {{ model_monitor.error_bin_sql('r.score', 'e', bins) }} as error_bin,
               avg(r.abs_error) as abs_error, avg(r.squared_error) as squared_error
        from {{ p }}errref_ranked as r
        cross join {{ p }}error_edges as e
        group by 1
      ) as s on s.error_bin = b.error_bin
      where e.evaluated > 0
    ),
  {%- endset -%}
  {{ return(ctes) }}
{% endmacro %}

{#- SQL: the error-model bin of `score` (0 .. bins - 1): how many of the edges of the one-row
    `<p>error_edges` aliased `e` lie below it, numpy.searchsorted(edges, score, side='left'). A
    sum of comparisons rather than a range join, so each row costs bins - 1 vectorised
    comparisons on every engine. -#}
{% macro error_bin_sql(score, e, bins) -%}
  ({% for k in range(1, bins) %}case when {{ score }} > {{ e }}.edge_{{ k }} then 1 else 0 end{{ ' + ' if not loop.last }}{% endfor %})
{%- endmacro %}
