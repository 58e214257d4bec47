{#- One profile monitor's reference edges as CTEs ending in `<p>result`. A numeric feature whose
    reference has at most profile_cells / 2 distinct finite values gets one edge per value, so a
    window holding only reference values keeps them exactly (each edge has a cell of its own);
    any other gets the reference's quantiles at k / K (K = profile_cells / 9, from its minimum
    to its maximum), each interval cut into the edge's cell and 8 equal-width cells at scan
    time. The bin edges are added to both, so every cell lies inside one bin: at most
    profile_cells + 9 * bins + 1 cells per feature and window. None for an exact monitor and for
    a fixed reference whose edges are already stored (reference_is_stored). -#}
{% macro reference_edges_ctes(p, monitor) %}
  {#- parse time: dbt only needs the refs, taken by the caller -#}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- if monitor['distribution_statistics'] != 'profile' or model_monitor.reference_is_stored(monitor) -%}
    {{ return(none) }}
  {%- endif -%}
  {%- set columns = model_monitor.monitor_columns(monitor) -%}
  {%- set cells = monitor['profile_cells'] // 2 -%}
  {%- set majors = model_monitor.profile_major_intervals(monitor) -%}
  {%- set probabilities = model_monitor.bin_probabilities(monitor['bins']) -%}
  {%- for j in range(majors + 1) -%}
    {%- do probabilities.append((-1 - j, j * (1.0 / majors))) -%}
  {%- endfor -%}
  {#- the outer intervals halved a few times: a long tail (the largest incomes) would otherwise
      leave 1 / K of the reference in one wide interval's first cell -#}
  {%- for i in range(1, model_monitor.profile_tail_levels() + 1) -%}
    {%- do probabilities.append((-1000 - i, (1.0 / majors) / (2 ** i))) -%}
    {%- do probabilities.append((-2000 - i, 1 - (1.0 / majors) / (2 ** i))) -%}
  {%- endfor -%}
  {%- set ctes -%}
    {{ p }}reference_values as {{ model_monitor.materialized_cte() }} (
      select {{ model_monitor.reference_key_sql(monitor) }} as reference_end, feature_name, feature_type,
             num_value, cat_value, value_count
      from ({{ model_monitor.reference_scan_sql(monitor, columns) }}) as scanned
      where feature_type = 'numeric'
    ),
    {{ model_monitor.finite_reference_values_cte(p) }}
    {{ model_monitor.numeric_quantile_ctes(p, probabilities) }}
    {{ p }}distinct_counts as (
      select reference_end, feature_name, count(*) as distinct_count
      from {{ p }}finite_values group by 1, 2
    ),
    {{ p }}candidate_edges as (
      select q.reference_end, q.feature_name, q.edge, case when q.quantile_index > 0 then 1 else 0 end as is_bin
      from {{ p }}quantiles as q
      join {{ p }}distinct_counts as d on d.reference_end = q.reference_end and d.feature_name = q.feature_name
      where q.quantile_index > 0 or d.distinct_count > {{ cells }}
      union all
      select v.reference_end, v.feature_name, v.num_value, 0
      from {{ p }}finite_values as v
      join {{ p }}distinct_counts as d on d.reference_end = v.reference_end and d.feature_name = v.feature_name
      where d.distinct_count <= {{ cells }}
    ),
    {{ p }}result as (
      select {{ model_monitor.string_literal(monitor['name']) }} as monitor_name, c.feature_name,
             {{ model_monitor.reference_period_columns(monitor) }},
             c.edge,
             cast(c.edge as {{ dbt.type_string() }}) as edge_text,
             max(c.is_bin) = 1 as is_bin_edge,
             cast(case when max(d.distinct_count) <= {{ cells }} then 1 else {{ model_monitor.profile_subdivisions() }} end
                  as {{ dbt.type_bigint() }}) as cell_subdivisions
      from {{ p }}candidate_edges as c
      join {{ p }}distinct_counts as d on d.reference_end = c.reference_end and d.feature_name = c.feature_name
      group by c.feature_name, c.edge
    )
  {%- endset -%}
  {{ return(ctes) }}
{% endmacro %}

{#- Equal-width cells per quantile interval of a profile: intervals are cut where the reference
    has mass, so the cuts follow its density without a search per value. -#}
{% macro profile_subdivisions() %}
  {{ return(8) }}
{% endmacro %}

{#- How many times each outer quantile interval is halved towards the reference's extremes. -#}
{% macro profile_tail_levels() %}
  {{ return(3) }}
{% endmacro %}

{#- The number of quantile intervals K of a monitor's profiles (K * 9 cells ~ profile_cells). -#}
{% macro profile_major_intervals(monitor) %}
  {{ return([monitor['profile_cells'] // (model_monitor.profile_subdivisions() + 1), 1] | max) }}
{% endmacro %}
