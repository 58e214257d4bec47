{#- model_monitor__outcome_quality's builder for for_each_monitor (a select): one monitor's
    outcome counts (rows, ids, duplicates, unknown predictions, NULL and invalid labels, late
    outcomes); none for a monitor without outcomes. -#}
{% macro outcome_quality_select(p, monitor) %}
  {#- parse time: dbt only needs the refs, taken by the caller -#}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- if monitor['outcomes'] is none -%}{{ return(none) }}{%- endif -%}
  {%- set columns = model_monitor.monitor_columns(monitor) -%}
  {%- set sql -%}
    select {{ model_monitor.string_literal(monitor['name']) }} as monitor_name,
           {{ model_monitor.measured_at_sql() }} as measured_at,
           count(*) as outcome_rows,
           count(distinct o.prediction_id) as outcome_ids,
           count(*) - count(distinct o.prediction_id) as duplicate_outcome_rows,
           cast(sum(case when known.prediction_id is null then 1 else 0 end) as {{ dbt.type_bigint() }}) as unknown_prediction_outcome_rows,
           cast(sum(case when o.label is null and o.invalid_label_text is null then 1 else 0 end) as {{ dbt.type_bigint() }}) as null_label_rows,
           cast(sum(case when o.invalid_label_text is not null then 1 else 0 end) as {{ dbt.type_bigint() }}) as invalid_label_rows,
           min(o.invalid_label_text) as invalid_label_example,
           cast(sum(case when o.observed_at > {{ dbt.dateadd('day', monitor['outcome_lookback_days'], 'known.predicted_at') }}
                         then 1 else 0 end) as {{ dbt.type_bigint() }}) as late_outcome_rows
    from ({{ model_monitor.outcome_rows_sql(monitor, columns) }}) as o
    left join (
      -- every prediction id of the log (model_monitor__prediction_outcomes keeps only the lookback)
      -- with its first prediction
      select prediction_id, min(predicted_at) as predicted_at
      from (
        select cast({{ model_monitor.quoted_column(columns['names'], monitor['id_column']) }} as {{ dbt.type_string() }}) as prediction_id,
               {{ model_monitor.monitor_timestamp_sql(monitor, columns) }} as predicted_at
        from {{ monitor['relation'] }}
      ) as logged
      where prediction_id is not null and {{ model_monitor.as_of_filter('predicted_at') }}
      group by prediction_id
    ) as known on known.prediction_id = o.prediction_id
  {%- endset -%}
  {{ return(sql) }}
{% endmacro %}
