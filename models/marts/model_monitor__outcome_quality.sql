{#- What happened to each monitor's outcomes in this run, so none is lost silently: rows,
    distinct ids, duplicate rows (one kept per id, the latest observed), outcomes whose
    prediction is unknown (never joined), outcomes observed more than outcome_lookback_days after
    their prediction (incremental runs no longer re-join that prediction: only a --full-refresh
    lands them), NULL labels, and labels of a binary task that are neither 0 nor 1 (left out of
    every metric; the post-hook then fails the build naming the column and one such value). One
    row per monitor; measured_at is the model_monitor_as_of var when set, else the run's start. -#}
{{ config(post_hook=after_commit("{{ model_monitor.check_outcome_labels(this) }}")) }}
{{ model_monitor.for_each_monitor(model_monitor.outcome_quality_select,
                                  monitors=model_monitor.get_monitors(resolve_relations=true), select=true) }}
