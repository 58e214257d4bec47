{#- One row per monitor x window that has at least one breach: how many thresholds were breached
    (alert_count + warn_count = breach_count), over how many subjects and metrics, and the worst
    severity. The breaches themselves are the model_monitor__alerts rows of the same monitor and
    window (`model-monitor notify` lists them in its message). A view over model_monitor__alerts
    (small), so it always agrees with it. Engine-neutral: counts only, no ordered string
    aggregation (Spark's listagg ignores an order by). -#}
{{ config(materialized='view') }}

select monitor_name,
       window_start,
       max(window_end) as window_end,
       cast(count(*) as {{ dbt.type_bigint() }}) as breach_count,
       cast(sum(case when severity = 'alert' then 1 else 0 end) as {{ dbt.type_bigint() }}) as alert_count,
       cast(sum(case when severity = 'warn' then 1 else 0 end) as {{ dbt.type_bigint() }}) as warn_count,
       cast(count(distinct subject) as {{ dbt.type_bigint() }}) as subject_count,
       cast(count(distinct metric_name) as {{ dbt.type_bigint() }}) as metric_count,
       case when sum(case when severity = 'alert' then 1 else 0 end) > 0 then 'alert' else 'warn' end
           as worst_severity
from {{ ref('model_monitor__alerts') }}
group by monitor_name, window_start
