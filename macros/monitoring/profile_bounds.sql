{#- CTE `<p>profile_bounds` (window_start, feature_name, ks_error_bound, wasserstein_error_bound):
    how far KS and Wasserstein computed on the cells' points can be from their values on the
    raw samples. Both samples share the cells. Inside a cell c holding shares r_c of the
    reference and w_c of the window, the CDF difference moves between its values at the cell's
    ends by at most min(r_c, w_c); not at all beyond them when the two samples' ranges in the
    cell do not overlap (their order, and so the points' order, is known) or both hold one and
    the same value. So |KS - KS(points)| <= max_c of that. Each cell's mass sits at its mean, which moves every
    value by E|X - mean| <= (max - min) / 2 on average, so by the triangle inequality
    |W - W(points)| <= sum_c (r_c (max_rc - min_rc) + w_c (max_wc - min_wc)) / 2. 0 for exact
    monitors. -#}
{% macro profile_bound_ctes(p, monitor, window_values, reference_values, start) %}
  {%- set double = model_monitor.type_double() -%}
  {%- set name = model_monitor.string_literal(monitor['name']) -%}
  {%- if monitor['distribution_statistics'] != 'profile' %}
    {{ p }}profile_bounds as (
      select window_start, feature_name, cast(0 as {{ double }}) as ks_error_bound,
             cast(0 as {{ double }}) as wasserstein_error_bound
      from {{ p }}distances
    ),
    {{ p }}profile_ks as (
      select window_start, feature_name, ks_statistic from {{ p }}distances
    ),
  {%- else %}
    {{ p }}window_cells as (
      select window_start, feature_name, cell_index, value_count, value_min, value_max,
             cast(value_count as {{ double }}) / sum(value_count) over (partition by window_start, feature_name) as share
      from {{ window_values }}
      where monitor_name = {{ name }} and feature_type = 'numeric' and cell_index is not null
      {%- if start is not none %} and window_start >= {{ model_monitor.timestamp_literal(start) }}{% endif %}
    ),
    {{ p }}reference_cells as (
      select feature_name, cell_index, value_count, value_min, value_max,
             cast(value_count as {{ double }}) / sum(value_count) over (partition by feature_name) as share
      from {{ reference_values }}
      where monitor_name = {{ name }} and cell_index is not null
        and {{ model_monitor.reference_period_filter(monitor, 'reference_start', 'reference_end') }}
    ),
    {{ p }}reference_spread as (
      select feature_name, sum(share * (value_max - value_min)) / 2 as spread
      from {{ p }}reference_cells group by 1
    ),
    {{ p }}profile_bounds as (
      select w.window_start, w.feature_name,
             max(case when r.cell_index is null then 0
                      when w.value_max < r.value_min or r.value_max < w.value_min then 0
                      when w.value_min = w.value_max and r.value_min = r.value_max and w.value_min = r.value_min then 0
                      else least(w.share, r.share) end) as ks_error_bound,
             sum(w.share * (w.value_max - w.value_min)) / 2 + max(coalesce(s.spread, 0)) as wasserstein_error_bound
      from {{ p }}window_cells as w
      left join {{ p }}reference_cells as r on r.feature_name = w.feature_name and r.cell_index = w.cell_index
      left join {{ p }}reference_spread as s on s.feature_name = w.feature_name
      group by 1, 2
    ),
    {{ model_monitor.profile_ks_ctes(p) }}
  {%- endif %}
{% endmacro %}

{#- CTE `<p>profile_ks` (window_start, feature_name, ks_statistic) of a profile monitor: KS from
    the cells both samples share. Each sample's values in a cell are taken as spread evenly over
    their [value_min, value_max] (a single value stays a step), so both CDFs are piecewise linear
    inside the cell and their largest gap is at one of the four range ends, taken with its left
    limit. Between cells the CDFs are exact (integer counts); inside a cell the gap stays within
    the cell's excursion, so the error is within ks_error_bound (profile_bound_ctes), and 0 where
    that bound is 0. -#}
{% macro profile_ks_ctes(p) %}
  {%- set double = model_monitor.type_double() -%}
    {{ p }}cell_pairs as (
      select coalesce(w.window_start, r.window_start) as window_start,
             coalesce(w.feature_name, r.feature_name) as feature_name,
             coalesce(w.cell_index, r.cell_index) as cell_index,
             w.value_count as w_count, w.value_min as w_min, w.value_max as w_max,
             r.value_count as r_count, r.value_min as r_min, r.value_max as r_max
      from {{ p }}window_cells as w
      full outer join (
        select windows.window_start, c.feature_name, c.cell_index, c.value_count, c.value_min, c.value_max
        from (select distinct window_start, feature_name from {{ p }}window_cells) as windows
        join {{ p }}reference_cells as c on c.feature_name = windows.feature_name
      ) as r
        on r.window_start = w.window_start and r.feature_name = w.feature_name and r.cell_index = w.cell_index
    ),
    {{ p }}cell_cdfs as (
      select pairs.*,
             coalesce(sum(r_count) over (partition by window_start, feature_name order by cell_index
                                         rows between unbounded preceding and 1 preceding), 0) as r_before,
             coalesce(sum(w_count) over (partition by window_start, feature_name order by cell_index
                                         rows between unbounded preceding and 1 preceding), 0) as w_before,
             sum(r_count) over (partition by window_start, feature_name) as r_total,
             sum(w_count) over (partition by window_start, feature_name) as w_total
      from {{ p }}cell_pairs as pairs
    ),
    {{ p }}cell_points as (
      select c.*,
             case k.point when 1 then c.r_min when 2 then c.r_max when 3 then c.w_min else c.w_max end as x
      from {{ p }}cell_cdfs as c
      cross join (select 1 as point union all select 2 union all select 3 union all select 4) as k
      where c.r_total > 0 and c.w_total > 0
    ),
    {{ p }}profile_ks as (
      select window_start, feature_name,
             max(greatest(
               abs((r_before + {{ model_monitor.profile_spread('r', 'x', false) }}) / r_total
                   - (w_before + {{ model_monitor.profile_spread('w', 'x', false) }}) / w_total),
               abs((r_before + {{ model_monitor.profile_spread('r', 'x', true) }}) / r_total
                   - (w_before + {{ model_monitor.profile_spread('w', 'x', true) }}) / w_total))) as ks_statistic
      from {{ p }}cell_points
      where x is not null
      group by 1, 2
    ),
{% endmacro %}

{#- The part of sample `s`'s count in a cell at or below x (strictly below with `left`), its
    values spread evenly over [s_min, s_max]; a double. -#}
{% macro profile_spread(s, x, left) -%}
  {%- set count = 'cast(' ~ s ~ '_count as ' ~ model_monitor.type_double() ~ ')' -%}
  case when {{ s }}_count is null then 0
       when {{ x }} {{ '<=' if left else '<' }} {{ s }}_min then 0
       when {{ x }} {{ '>' if left else '>=' }} {{ s }}_max then {{ count }}
       else {{ count }} * least(greatest(({{ x }} - {{ s }}_min) / ({{ s }}_max - {{ s }}_min), 0), 1) end
{%- endmacro %}
