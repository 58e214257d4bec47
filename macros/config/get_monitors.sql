{#- Every monitor declared in the `model_monitor` var, validated at compile time and with
    defaults filled in (normalize_monitors). An absent var means no monitors (the package's models
    build empty). Only models that read the monitored relations pass resolve_relations=true:
    ref() and source() are called then, so dbt's lineage shows exactly which models read them. -#}
{% macro get_monitors(resolve_relations=false) %}
  {{ return(model_monitor.normalize_monitors(var('model_monitor', none), resolve_relations)) }}
{% endmacro %}
