{#- What the predictions table holds that the windows cannot show, so no row is lost silently:
    per monitor and run, its rows (as of model_monitor_as_of), rows with a NULL timestamp (they
    belong to no window and are in no other table), rows with a NULL prediction id (they cannot
    be joined to an outcome: left out of the prediction-outcome join and performance) and rows
    repeating a (prediction id, model version) already logged (one is kept, the latest). One
    row per monitor; measured_at as in model_monitor__outcome_quality. A gate fails on these
    counts with model_monitor.rows_lost_at_most. -#}
{{ model_monitor.for_each_monitor(model_monitor.prediction_quality_select,
                                  monitors=model_monitor.get_monitors(resolve_relations=true), select=true) }}
