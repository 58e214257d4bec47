{#- Names of the catalogue's metrics, in catalogue order, that match every given filter: `source`,
    `group`, `applies_to` (one feature type or task), `worse`, `rule`, `gate`, `needs_outcomes`,
    `metric_column`, `needs_error_model`. E.g. metric_names(source='feature_drift', rule=true). -#}
{% macro metric_names(source=none, group=none, applies_to=none, worse=none, rule=none, gate=none,
                      needs_outcomes=none, metric_column=none, needs_error_model=none) %}
  {%- set names = [] -%}
  {%- for m in model_monitor.metric_catalogue() -%}
    {%- if (source is none or m['source'] == source) and (group is none or m['group'] == group)
          and (applies_to is none or applies_to in m['applies_to']) and (worse is none or m['worse'] == worse)
          and (rule is none or m['rule'] == rule) and (gate is none or m.get('gate') == gate)
          and (needs_outcomes is none or (m.get('needs_outcomes') or false) == needs_outcomes)
          and (metric_column is none or (m.get('metric_column') or false) == metric_column)
          and (needs_error_model is none or (m.get('needs_error_model') or false) == needs_error_model) -%}
      {%- do names.append(m['name']) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(names) }}
{% endmacro %}
