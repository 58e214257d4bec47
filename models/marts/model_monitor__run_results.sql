{#- The package's run log: one row per package model per dbt invocation that ran it, appended by
    the on-run-end hook record_run_results (dbt_project.yml). This model only creates the table
    (it selects no row) and is never rebuilt by --full-refresh, so the log survives rebuilds of
    the marts. -#}
{{ config(materialized='incremental', incremental_strategy='append', full_refresh=false,
          on_schema_change='append_new_columns') }}

{{ model_monitor.yaml_empty_relation() }}
