{#- The optional delayed ground truth of a monitor. -#}
{% macro normalize_outcomes(raw, monitor_name, resolve_relations) %}
  {%- if raw is none -%}{{ return(none) }}{%- endif -%}
  {{ model_monitor.check_keys(raw, ['relation', 'id_column', 'label_column'], ['timestamp_column'], monitor_name, 'outcomes') }}
  {{ return({
      'relation': model_monitor.resolve_relation(raw['relation'], monitor_name, 'outcomes.relation', resolve_relations),
      'id_column': raw['id_column'],
      'label_column': raw['label_column'],
      'timestamp_column': raw.get('timestamp_column'),
  }) }}
{% endmacro %}
