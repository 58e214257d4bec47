{#- One row per dbt invocation that ran package models: how many ran, succeeded, failed and were
    skipped, and whether the monitoring pipeline succeeded (every package model it ran succeeded).
    The pipeline-success SLI is the share of these rows with run_succeeded. A view over the run
    log, so it includes the latest recorded run. -#}
{{ config(materialized='view') }}

select invocation_id,
       max(command) as command,
       max(run_started_at) as run_started_at,
       cast(count(*) as {{ dbt.type_bigint() }}) as models_run,
       cast(sum(case when status = 'success' then 1 else 0 end) as {{ dbt.type_bigint() }}) as models_succeeded,
       cast(sum(case when status in ('error', 'fail', 'runtime error') then 1 else 0 end) as {{ dbt.type_bigint() }}) as models_failed,
       cast(sum(case when status = 'skipped' then 1 else 0 end) as {{ dbt.type_bigint() }}) as models_skipped,
       case when sum(case when status = 'success' then 0 else 1 end) = 0 then true else false end as run_succeeded
from {{ ref('model_monitor__run_results') }}
group by invocation_id
