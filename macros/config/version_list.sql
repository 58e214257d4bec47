{#- Model versions as configured: one version (a text, where `single`) or a non-empty list of
    non-empty texts. Returns {versions: the list, problem: none} or {versions: none, problem:
    'shape' (a mapping, a number, an empty list, a lone text where a list is needed) or 'text' (an
    element that is not a non-empty text, in `value`)}, for the caller to word its error: the
    monitor keys (normalize_model_versions) and the model_version_consistent gate. Internal. -#}
{% macro version_list(value, single=true) %}
  {%- set values = [value] if value is string and single else value -%}
  {%- if value is string and not single or values is mapping or values is not iterable or values | length == 0 -%}
    {{ return({'versions': none, 'problem': 'shape'}) }}
  {%- endif -%}
  {%- for v in values if v is not string or v | trim == '' -%}
    {{ return({'versions': none, 'problem': 'text', 'value': v}) }}
  {%- endfor -%}
  {{ return({'versions': values | list, 'problem': none}) }}
{% endmacro %}
