{#- The model versions a monitor expects to serve and the ones that only shadow:
    `expected_model_version` (one version, or a list during a rollout) and `shadow_model_versions`
    (a list), both compared with the text of `model_version_column`, which they need. Returns
    {expected_model_versions: list or none, shadow_model_versions: list}. A shadow version logs
    predictions nobody acted on: model_monitor__model_versions marks it `shadow`, and the share of
    expected versions (expected_version_share) counts only served predictions. -#}
{% macro normalize_model_versions(raw, monitor_name) %}
  {%- set out = {'expected_model_versions': none, 'shadow_model_versions': []} -%}
  {%- for key in ['expected_model_version', 'shadow_model_versions'] if raw.get(key) is not none -%}
    {%- set value = raw[key] -%}
    {%- if not raw.get('model_version_column') -%}
      {{ model_monitor.config_error(monitor_name, key, "needs model_version_column (the column whose text names the version)") }}
    {%- endif -%}
    {%- set parsed = model_monitor.version_list(value, single=key == 'expected_model_version') -%}
    {%- if parsed['problem'] == 'shape' -%}
      {{ model_monitor.config_error(monitor_name, key, "expected " ~ ("a version or a non-empty list of versions" if key == 'expected_model_version' else "a non-empty list of versions") ~ ", got " ~ value | string) }}
    {%- elif parsed['problem'] == 'text' -%}
      {{ model_monitor.config_error(monitor_name, key, "expected versions as non-empty texts (quote numbers: '3', not 3), got " ~ parsed['value'] | string) }}
    {%- endif -%}
    {%- do out.update({'expected_model_versions' if key == 'expected_model_version' else key: parsed['versions']}) -%}
  {%- endfor -%}
  {%- for v in out['shadow_model_versions'] if v in (out['expected_model_versions'] or []) -%}
    {{ model_monitor.config_error(monitor_name, 'shadow_model_versions', "version '" ~ v ~ "' is also the expected_model_version: a version either serves or shadows") }}
  {%- endfor -%}
  {{ return(out) }}
{% endmacro %}
