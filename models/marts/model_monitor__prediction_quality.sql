{#- What the predictions table holds that the windows cannot show, so no row is lost silently:
    per monitor and run, its rows (as of model_monitor_as_of), rows with a NULL timestamp (they
    belong to no window and are in no other table), rows with a NULL prediction id (they cannot
    be joined to an outcome: left out of the prediction-outcome join and performance) and rows
    repeating a (prediction id, model version) already logged (one is kept, the latest). One
    row per monitor; measured_at as in model_monitor__outcome_quality. A gate fails on these
    counts with model_monitor.rows_lost_at_most. -#}
{%- set parts = [] -%}
{%- for monitor in model_monitor.get_monitors(resolve_relations=true) -%}
  {%- set columns = model_monitor.monitor_columns(monitor) -%}
  {%- set names = columns['names'] -%}
  {%- set q = model_monitor.quote_identifier -%}
  {%- set ts = model_monitor.monitor_timestamp_sql(monitor, columns) -%}
  {%- set version = "cast(" ~ q(names.get(monitor['model_version_column'], monitor['model_version_column'])) ~ " as " ~ dbt.type_string() ~ ")"
                    if monitor['model_version_column'] else "'default'" -%}
  {%- set part -%}
    select {{ model_monitor.string_literal(monitor['name']) }} as monitor_name,
           {{ model_monitor.measured_at_sql() }} as measured_at,
           cast(coalesce(sum(id_rows), 0) as {{ dbt.type_bigint() }}) as prediction_rows,
           cast(coalesce(sum(null_timestamp_rows), 0) as {{ dbt.type_bigint() }}) as null_timestamp_rows,
           cast(coalesce(sum(case when prediction_id is null then id_rows else 0 end), 0) as {{ dbt.type_bigint() }}) as null_prediction_id_rows,
           cast(coalesce(sum(case when prediction_id is not null then id_rows - 1 else 0 end), 0) as {{ dbt.type_bigint() }}) as duplicate_prediction_rows
    from (
      select prediction_id, model_version, count(*) as id_rows,
             sum(case when predicted_at is null then 1 else 0 end) as null_timestamp_rows
      from (
        select cast({{ q(names.get(monitor['id_column'], monitor['id_column'])) }} as {{ dbt.type_string() }}) as prediction_id,
               {{ version }} as model_version, {{ ts }} as predicted_at
        from {{ monitor['relation'] }}
      ) as logged
      where predicted_at is null or {{ model_monitor.as_of_filter('predicted_at') }}
      group by prediction_id, model_version
    ) as per_id
  {%- endset -%}
  {%- do parts.append(part) -%}
{%- endfor -%}
{%- if parts -%}
{{ parts | join('\nunion all\n') }}
{%- else -%}
{{ model_monitor.yaml_empty_relation() }}
{%- endif %}
