{#- What happened to each monitor's outcomes in this run, so none is lost silently: rows,
    distinct ids, duplicate rows (one kept per id, the latest observed), outcomes whose
    prediction is unknown (never joined), outcomes observed more than outcome_lookback_days after
    their prediction (incremental runs no longer re-join that prediction: only a --full-refresh
    lands them), NULL labels, and labels of a binary task that are neither 0 nor 1 (left out of
    every metric; the post-hook then fails the build naming the column and one such value). One
    row per monitor; measured_at is the model_monitor_as_of var when set, else the run's start. -#}
{{ config(post_hook=after_commit("{{ model_monitor.check_outcome_labels(this) }}")) }}
{%- set parts = [] -%}
{%- for monitor in model_monitor.get_monitors(resolve_relations=true) if monitor['outcomes'] is not none -%}
  {%- set columns = model_monitor.monitor_columns(monitor) -%}
  {%- set part -%}
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
        select cast({{ model_monitor.quote_identifier(columns['names'].get(monitor['id_column'], monitor['id_column'])) }} as {{ dbt.type_string() }}) as prediction_id,
               {{ model_monitor.monitor_timestamp_sql(monitor, columns) }} as predicted_at
        from {{ monitor['relation'] }}
      ) as logged
      where prediction_id is not null and {{ model_monitor.as_of_filter('predicted_at') }}
      group by prediction_id
    ) as known on known.prediction_id = o.prediction_id
  {%- endset -%}
  {%- do parts.append(part) -%}
{%- endfor -%}
{%- if parts -%}
{{ parts | join('\nunion all\n') }}
{%- else -%}
{{ model_monitor.yaml_empty_relation() }}
{%- endif %}
