{#- The configuration each monitor's history was built with (monitor_state), one row per monitor
    and key, rewritten at the end of every build that reached it. Incremental runs compare the
    configuration with it first (check_monitor_state_unchanged) and stop, naming what changed,
    rather than mix two configurations in one history. Depends on every other model of the
    package, so it is written only after they all ran: the package's one leaf, after which a
    project's own release-gate model goes (docs/gates.md, "The gate in CI"). -#}
-- depends_on: {{ ref('model_monitor__feature_drift') }}
-- depends_on: {{ ref('model_monitor__performance') }}
-- depends_on: {{ ref('model_monitor__champion_challenger') }}
-- depends_on: {{ ref('model_monitor__metrics') }}
-- depends_on: {{ ref('model_monitor__alerts') }}
-- depends_on: {{ ref('model_monitor__operational_metrics') }}
-- depends_on: {{ ref('model_monitor__slos') }}
-- depends_on: {{ ref('model_monitor__fairness') }}
-- depends_on: {{ ref('model_monitor__outcome_quality') }}
-- depends_on: {{ ref('model_monitor__prediction_quality') }}
-- depends_on: {{ ref('model_monitor__status') }}
-- depends_on: {{ ref('model_monitor__alert_digest') }}
-- depends_on: {{ ref('model_monitor__new_categories') }}
-- depends_on: {{ ref('model_monitor__prediction_outcomes') }}
-- depends_on: {{ ref('model_monitor__freshness') }}
-- depends_on: {{ ref('model_monitor__model_versions') }}
-- depends_on: {{ ref('model_monitor__pipeline_runs') }}

{{ model_monitor.for_each_monitor(model_monitor.monitor_state_select,
                                  monitors=model_monitor.get_monitors(resolve_relations=true), select=true) }}
