{#- CTE `<p>categorical_bins`, one row per reference category (same columns as numeric_bins):
    the top_k categories by count (ties by code point) are bins 0..k-1, the rest of the
    reference's categories share `__other__` (only when there are more than k), and a last
    `__unseen__` bin (category NULL) takes values the reference never had. Bins are keyed by
    bin_index and category; bin_label never equals a real category spelled like a label
    (value_label). -#}
{% macro categorical_reference_bins_ctes(p, monitor) %}
  {%- set k = monitor['top_k'] -%}
  {%- set double = model_monitor.type_double() -%}
    {{ p }}ranked_categories as (
      select reference_end, feature_name, category, row_count,
             row_number() over (partition by reference_end, feature_name
                                order by row_count desc, {{ model_monitor.collate_binary('category') }}) as category_rank,
             count(*) over (partition by reference_end, feature_name) as category_count
      from (
        select reference_end, feature_name, cat_value as category, sum(value_count) as row_count
        from {{ p }}reference_values
        where feature_type = 'categorical' and cat_value is not null
        group by 1, 2, 3
      ) as categories
    ),
    {{ p }}categorical_bins as (
      select reference_end, feature_name,
             case when category_rank <= {{ k }} then category_rank - 1 else {{ k }} end as bin_index,
             -- a category spelled like one of the package's labels ('__other__') is shown quoted
             case when category_rank <= {{ k }} then {{ model_monitor.value_label('category') }} else '__other__' end as bin_label,
             cast(null as {{ double }}) as lower_edge, cast(null as {{ double }}) as upper_edge,
             category, row_count
      from {{ p }}ranked_categories
      union all
      select f.reference_end, f.feature_name,
             coalesce(case when c.category_count > {{ k }} then {{ k + 1 }} else c.category_count end, 0) as bin_index,
             '__unseen__' as bin_label,
             cast(null as {{ double }}) as lower_edge, cast(null as {{ double }}) as upper_edge,
             cast(null as {{ dbt.type_string() }}) as category, 0 as row_count
      from {{ p }}period_features as f
      left join (
        select distinct reference_end, feature_name, category_count from {{ p }}ranked_categories
      ) as c
        on c.reference_end = f.reference_end and c.feature_name = f.feature_name
      where f.feature_type = 'categorical'
    ),
{% endmacro %}
