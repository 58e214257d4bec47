{#- One monitor's histograms as CTEs ending in `<p>result`: the stored window values (new windows
    and the lookback only, in an incremental run) binned with the reference's bins; empty
    windows and empty bins are present with row_count 0. -#}
{% macro feature_histograms_ctes(p, monitor, reference_bins, window_values) %}
  {#- parse time: dbt only needs the refs, taken by the caller -#}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set trailing = monitor['reference']['kind'] == 'trailing_windows' -%}
  {%- set start = model_monitor.incremental_start(monitor, 'window_start', 'not is_reference') -%}
  {%- set period_match = "and bins.reference_end = v.window_start" if trailing else "" -%}
  {%- set ctes -%}
    {{ p }}bins as {{ model_monitor.materialized_cte() }} (
      select * from {{ reference_bins }}
      where monitor_name = {{ model_monitor.string_literal(monitor['name']) }}
        and {{ model_monitor.reference_period_filter(monitor, 'reference_start', 'reference_end', start) }}
    ),
    {{ p }}values as (
      select window_start, feature_name, feature_type, num_value, cat_value, value_count, cell_index
      from {{ window_values }}
      where monitor_name = {{ model_monitor.string_literal(monitor['name']) }}
      {%- if start is not none %}
        and window_start >= {{ model_monitor.timestamp_literal(start) }}
      {%- endif %}
    ),
    {{ p }}binned as (
      select v.window_start, v.feature_name, v.value_count,
             case when v.feature_type = 'numeric' and v.num_value is null then -1
                  -- capped categories (profile mode): the rest of the reference's categories
                  -- are in the __other__ bin (index top_k), the rest of the unseen ones unseen
                  when v.feature_type = 'categorical' and v.cell_index = -1 then {{ monitor['top_k'] }}
                  when v.feature_type = 'categorical' and v.cell_index = -2 then unseen_bin.bin_index
                  when v.feature_type = 'categorical' and v.cat_value is null then -1
                  when v.feature_type = 'numeric' and not {{ model_monitor.is_finite('v.num_value') }} then -2
                  when v.feature_type = 'numeric' then numeric_bin.bin_index
                  else coalesce(category_bin.bin_index, unseen_bin.bin_index)
             end as bin_index
      from {{ p }}values as v
      left join {{ p }}bins as numeric_bin
        on numeric_bin.feature_name = v.feature_name and numeric_bin.feature_type = 'numeric'
       and v.num_value >= numeric_bin.lower_edge and v.num_value < numeric_bin.upper_edge
       {{ period_match | replace('bins.', 'numeric_bin.') }}
      left join {{ p }}bins as category_bin
        on category_bin.feature_name = v.feature_name and category_bin.category = v.cat_value
       {{ period_match | replace('bins.', 'category_bin.') }}
      left join {{ p }}bins as unseen_bin
        on unseen_bin.feature_name = v.feature_name and unseen_bin.category is null
       and unseen_bin.feature_type = 'categorical'
       {{ period_match | replace('bins.', 'unseen_bin.') }}
    ),
    {{ p }}counts as {{ model_monitor.materialized_cte() }} (
      select window_start, feature_name, bin_index, sum(value_count) as row_count
      from {{ p }}binned
      group by 1, 2, 3
    ),
    {{ p }}spine as (
      {{ model_monitor.window_series(monitor['window'],
           model_monitor.timestamp_literal(start) if start is not none else "(select min(window_start) from " ~ p ~ "counts)",
           "(select max(window_start) from " ~ p ~ "counts)") }}
    ),
    {{ p }}bin_list as (
      select distinct feature_name, feature_type, reference_end, bin_index, bin_label, lower_edge, upper_edge
      from {{ p }}bins
      union all
      select distinct feature_name, feature_type, reference_end, special.bin_index, special.bin_label,
             cast(null as {{ model_monitor.type_double() }}), cast(null as {{ model_monitor.type_double() }})
      from {{ p }}bins
      cross join (select -1 as bin_index, '__null__' as bin_label
                  union all select -2 as bin_index, '__invalid__' as bin_label) as special
    ),
    {{ p }}filled as (
      select spine.window_start, b.feature_name, b.feature_type, b.bin_index, b.bin_label,
             b.lower_edge, b.upper_edge, coalesce(c.row_count, 0) as row_count
      from {{ p }}spine as spine
      join {{ p }}bin_list as b on {{ "b.reference_end = spine.window_start" if trailing else "1 = 1" }}
      left join {{ p }}counts as c
        on c.window_start = spine.window_start and c.feature_name = b.feature_name
       and c.bin_index = b.bin_index
    ),
    {{ p }}window_rows as (
      select filled.*,
             sum(row_count) over (partition by window_start, feature_name) as period_row_count,
             sum(case when bin_index = -1 then row_count else 0 end) over (partition by window_start, feature_name) as period_null_count,
             sum(case when bin_index = -2 then row_count else 0 end) over (partition by window_start, feature_name) as period_invalid_count
      from {{ p }}filled as filled
    ),
    {{ p }}result as (
      select {{ model_monitor.string_literal(monitor['name']) }} as monitor_name, feature_name, feature_type,
             window_start,
             cast({{ model_monitor.add_windows(monitor['window'], 1, 'window_start') }} as {{ dbt.type_timestamp() }}) as window_end,
             cast(false as {{ dbt.type_boolean() }}) as is_reference,
             bin_index, bin_label, lower_edge, upper_edge,
             {{ model_monitor.bigint_columns(['row_count', 'period_row_count', 'period_null_count', 'period_invalid_count']) }}
      from {{ p }}window_rows
      where bin_index >= 0
      {% if trailing or not model_monitor.histogram_reference_is_stored(monitor) -%}
      union all
      select monitor_name, feature_name, feature_type, reference_start, reference_end,
             cast(true as {{ dbt.type_boolean() }}), bin_index, bin_label, lower_edge, upper_edge,
             cast(sum(row_count) as {{ dbt.type_bigint() }}), max(period_row_count),
             max(period_null_count), max(period_invalid_count)
      from {{ p }}bins
      group by monitor_name, feature_name, feature_type, reference_start, reference_end,
               bin_index, bin_label, lower_edge, upper_edge
      {%- endif %}
    )
  {%- endset -%}
  {{ return(ctes) }}
{% endmacro %}

{#- SQL condition selecting the reference period(s) a monitor uses from a table with the given
    start/end columns: its fixed period, its relation (NULL period), or for trailing windows the
    periods ending at or after `start` (all of them on a full build). -#}
{% macro reference_period_filter(monitor, start_column, end_column, start=none) -%}
  {%- set reference = monitor['reference'] -%}
  {%- if reference['kind'] == 'period' -%}
    {{ start_column }} = {{ model_monitor.timestamp_literal(reference['start']) }}
    and {{ end_column }} = {{ model_monitor.timestamp_literal(reference['end']) }}
  {%- elif reference['kind'] == 'relation' -%}
    {{ end_column }} is null
  {%- elif start is not none -%}
    {{ end_column }} >= {{ model_monitor.timestamp_literal(start) }}
  {%- else -%}
    1 = 1
  {%- endif -%}
{%- endmacro %}

{#- Whether this incremental histogram table already holds a monitor's fixed or relation
    reference histogram. -#}
{% macro histogram_reference_is_stored(monitor) %}
  {%- if not execute or not is_incremental() -%}{{ return(false) }}{%- endif -%}
  {%- set sql -%}
    select count(*) from {{ this }}
    where monitor_name = {{ model_monitor.string_literal(monitor['name']) }} and is_reference
      and {{ model_monitor.reference_period_filter(monitor, 'window_start', 'window_end') }}
  {%- endset -%}
  {{ return(run_query(sql).rows[0][0] > 0) }}
{% endmacro %}
