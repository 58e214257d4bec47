{#- The reference bins of one monitor as CTEs ending in `<p>result`, or none when nothing needs
    computing in this run (a fixed or relation reference already stored). -#}
{% macro reference_bins_ctes(p, monitor, reference_values, window_values, reference_edges) %}
  {#- parse time: dbt only needs the refs, taken by the caller -#}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set kind = monitor['reference']['kind'] -%}
  {%- set start = none -%}
  {%- if kind == 'trailing_windows' -%}
    {%- set start = model_monitor.incremental_start(monitor, 'reference_end') -%}
  {%- elif model_monitor.reference_is_stored(monitor) -%}
    {{ return(none) }}
  {%- endif -%}
  {%- set ctes -%}
    {{ model_monitor.reference_values_ctes(p, monitor, start, reference_values, window_values) }}
    {{ p }}period_features as (
      select periods.reference_start, periods.reference_end, features.feature_name, features.feature_type
      from {{ p }}periods as periods
      cross join ({{ model_monitor.feature_list_sql(monitor) }}) as features
    ),
    {{ p }}period_totals as (
      select f.reference_end, f.feature_name,
             coalesce(sum(v.value_count), 0) as period_row_count,
             coalesce(sum(case when f.feature_type = 'numeric' and v.num_value is null then v.value_count
                               when f.feature_type = 'categorical' and v.cat_value is null then v.value_count
                               else 0 end), 0) as period_null_count,
             coalesce(sum(case when f.feature_type = 'numeric' and v.num_value is not null
                                    and not {{ model_monitor.is_finite('v.num_value') }} then v.value_count
                               else 0 end), 0) as period_invalid_count
      from {{ p }}period_features as f
      left join {{ p }}reference_values as v
        on v.reference_end = f.reference_end and v.feature_name = f.feature_name
      group by 1, 2
    ),
    {{ model_monitor.numeric_reference_bins_ctes(p, monitor, reference_edges) }}
    {{ model_monitor.categorical_reference_bins_ctes(p, monitor) }}
    {{ p }}result as (
      select
        {{ model_monitor.string_literal(monitor['name']) }} as monitor_name,
        b.feature_name,
        f.feature_type,
        {% if kind == 'relation' -%}
        cast(null as {{ dbt.type_timestamp() }}) as reference_start,
        cast(null as {{ dbt.type_timestamp() }}) as reference_end,
        {%- else -%}
        f.reference_start,
        f.reference_end,
        {%- endif %}
        cast(b.bin_index as {{ dbt.type_bigint() }}) as bin_index,
        b.bin_label,
        b.lower_edge,
        b.upper_edge,
        b.category,
        cast(b.row_count as {{ dbt.type_bigint() }}) as row_count,
        cast(t.period_row_count as {{ dbt.type_bigint() }}) as period_row_count,
        cast(t.period_null_count as {{ dbt.type_bigint() }}) as period_null_count,
        cast(t.period_invalid_count as {{ dbt.type_bigint() }}) as period_invalid_count
      from (
        select * from {{ p }}numeric_bins
        union all
        select * from {{ p }}categorical_bins
      ) as b
      join {{ p }}period_features as f
        on f.reference_end = b.reference_end and f.feature_name = b.feature_name
      join {{ p }}period_totals as t
        on t.reference_end = b.reference_end and t.feature_name = b.feature_name
    )
  {%- endset -%}
  {{ return(ctes) }}
{% endmacro %}

{#- Whether this incremental table (reference_values or reference_bins) already holds the fixed or
    relation reference of a monitor. -#}
{% macro reference_is_stored(monitor) %}
  {%- if not execute or not is_incremental() -%}{{ return(false) }}{%- endif -%}
  {%- set reference = monitor['reference'] -%}
  {%- set sql -%}
    select count(*) from {{ this }}
    where monitor_name = {{ model_monitor.string_literal(monitor['name']) }}
    {% if reference['kind'] == 'period' -%}
      and reference_start = {{ model_monitor.timestamp_literal(reference['start']) }}
      and reference_end = {{ model_monitor.timestamp_literal(reference['end']) }}
    {%- else -%}
      and reference_end is null
    {%- endif %}
  {%- endset -%}
  {{ return(run_query(sql).rows[0][0] > 0) }}
{% endmacro %}

{#- Post-hook of model_monitor__reference_values: a fixed reference period or a reference relation
    that gave no rows is a configuration error naming the monitor. It reads the small table just
    written, whose rows the run's own scan of the reference produced, so no compile-time query
    counts the user's table; the failed build leaves no reference stored, so the next run tries
    again. Trailing references have no rows here by design; a run replayed with a
    model_monitor_as_of before the reference period's end is not checked (the period is not over
    then). -#}
{% macro check_reference_has_rows(relation) %}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set as_of = var('model_monitor_as_of', none) -%}
  {%- set stored = [] -%}
  {%- for row in run_query("select distinct monitor_name from " ~ relation).rows -%}
    {%- do stored.append(row[0]) -%}
  {%- endfor -%}
  {%- for monitor in model_monitor.get_monitors() if monitor['reference']['kind'] != 'trailing_windows' and monitor['name'] not in stored -%}
    {%- set reference = monitor['reference'] -%}
    {%- if reference['kind'] == 'period' and as_of is not none
           and model_monitor.parse_utc_timestamp(as_of, none, 'model_monitor_as_of') < model_monitor.parse_utc_timestamp(reference['end'] | string, monitor['name'], 'reference') -%}
      {#- replayed as of a moment before the reference ended: it may well be empty then; nothing is
          stored, and the first run past its end computes it -#}
    {%- elif reference['kind'] == 'period' -%}
      {{ model_monitor.config_error(monitor['name'], 'reference', "the reference period [" ~ reference['start'] ~ ", " ~ reference['end'] ~ ") contains no rows of " ~ monitor['relation'] ~ " (timestamp column '" ~ monitor['timestamp_column'] ~ "')") }}
    {%- else -%}
      {{ model_monitor.config_error(monitor['name'], 'reference.relation', "the reference relation " ~ reference['relation'] ~ " contains no rows") }}
    {%- endif -%}
  {%- endfor -%}
  {{ return('') }}
{% endmacro %}
