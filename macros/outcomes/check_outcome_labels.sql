{#- Post-hook of model_monitor__outcome_quality: fail the build when a binary_classification
    monitor's outcomes hold labels that are neither 0 nor 1 (multiclass: that name no class), naming the monitor, the column and
    one such value. It reads the one-row-per-monitor table just written (the labels were counted
    in the run's own scan of the outcomes), so no query reads the outcomes table at compile time.
    The offending labels are NULL in every other model, so no metric was computed from them. -#}
{% macro check_outcome_labels(relation) %}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set found = run_query("select monitor_name, invalid_label_rows, invalid_label_example from " ~ relation
                            ~ " where invalid_label_rows > 0 order by monitor_name") -%}
  {%- if found.rows | length > 0 -%}
    {%- set row = found.rows[0] -%}
    {%- set monitor = model_monitor.get_monitors(resolve_relations=true) | selectattr('name', 'equalto', row[0]) | first -%}
    {{ model_monitor.config_error(row[0], 'outcomes.label_column',
        "column '" ~ monitor['outcomes']['label_column'] ~ "' of " ~ monitor['outcomes']['relation']
        ~ (" must hold the labels of classes (" ~ monitor['classes'] | map(attribute='label') | join(", ") ~ ") for a multiclass_classification task"
           if monitor['classes'] else " must hold 0/1 labels for a binary_classification task")
        ~ "; found the value '" ~ row[2] ~ "' ("
        ~ row[1] ~ " such rows, left out of every metric and counted in " ~ relation ~ ".invalid_label_rows)") }}
  {%- endif -%}
  {{ return('') }}
{% endmacro %}
