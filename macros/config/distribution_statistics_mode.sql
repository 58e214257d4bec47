{#- How a monitor keeps its numeric distributions (`distribution_statistics`):
    - `profile` (the default): bounded per-window profiles, at most about `profile_cells` cells
      per feature and window, binned statistics exact, KS and Wasserstein within the error
      bounds stored on each row;
    - `exact`: every distinct value is stored, and KS and Wasserstein equal scipy's.
    A trailing reference moves with every window, so its cells cannot be fixed before the scan:
    such monitors keep the exact storage unless they ask for profile, which is refused. -#}
{% macro distribution_statistics_mode(raw) %}
  {%- set trailing = model_monitor.has_moving_reference(raw) -%}
  {{ return(raw.get('distribution_statistics', 'exact' if trailing else model_monitor.defaults()['distribution_statistics'])) }}
{% endmacro %}

{#- Compile-time checks of `distribution_statistics` (`approximate` was removed in 0.2). -#}
{% macro check_distribution_statistics(raw, name) %}
  {%- set value = raw.get('distribution_statistics') -%}
  {%- if value == 'approximate' -%}
    {{ model_monitor.config_error(name, 'distribution_statistics', "'approximate' was removed in 0.2: the default mode 'profile' bounds every per-window table (see profile_cells); use profile or exact") }}
  {%- elif value is not none and value not in ['profile', 'exact'] -%}
    {{ model_monitor.config_error(name, 'distribution_statistics', "expected profile or exact, got '" ~ value ~ "'") }}
  {%- endif -%}
  {%- if raw.get('approximate_digits') is not none -%}
    {{ model_monitor.config_error(name, 'approximate_digits', "was removed in 0.2 with the approximate mode; the default mode 'profile' is bounded by profile_cells") }}
  {%- endif -%}
  {%- if value == 'profile' and model_monitor.has_moving_reference(raw) -%}
    {{ model_monitor.config_error(name, 'distribution_statistics', "profile needs a fixed reference (start/end or relation); a reference that moves with each window (" ~ model_monitor.moving_reference_keys() | join(', ') ~ ") keeps the exact storage: remove distribution_statistics or set it to exact") }}
  {%- endif -%}
  {%- for key in ['profile_cells', 'profile_categories'] -%}
    {%- if raw.get(key) is not none and raw.get('distribution_statistics', 'profile') == 'exact' -%}
      {{ model_monitor.config_error(name, key, "applies to distribution_statistics: profile only, and this monitor is exact") }}
    {%- endif -%}
  {%- endfor -%}
{% endmacro %}

{#- An incremental run must not add cells to a history of exact values or the other way round
    (a changed distribution_statistics, or state written by 0.1, whose tables have no cells):
    the statistics of the two would be mixed. Stops with the command to rebuild. -#}
{% macro check_distribution_statistics_unchanged(monitor) %}
  {%- if not execute or not is_incremental() -%}{{ return('') }}{%- endif -%}
  {%- set profile = monitor['distribution_statistics'] == 'profile' -%}
  {%- set has_cells = 'cell_index' in (adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list) -%}
  {%- if not has_cells and not profile -%}{{ return('') }}{%- endif -%}
  {%- set sql -%}
    select count(*) from {{ this }}
    where monitor_name = {{ model_monitor.string_literal(monitor['name']) }}
      and feature_type = 'numeric' and num_value is not null and {{ model_monitor.is_finite('num_value') }}
      {%- if has_cells %} and cell_index is {{ 'null' if profile else 'not null' }}{% endif %}
  {%- endset -%}
  {%- if run_query(sql).rows[0][0] > 0 -%}
    {{ model_monitor.config_error(monitor['name'], 'distribution_statistics',
         "is " ~ monitor['distribution_statistics'] ~ ", but " ~ this ~ " holds this monitor's history "
         ~ ("as exact values (written by version 0.1 or with distribution_statistics: exact)" if profile else "as profile cells")
         ~ ". Rebuild it once with: dbt build --full-refresh --select package:model_monitor") }}
  {%- endif -%}
{% endmacro %}

{#- Whether a raw (not yet validated) monitor has a reference that moves with each window. -#}
{% macro has_moving_reference(raw) %}
  {%- set reference = raw.get('reference') -%}
  {%- if reference is not mapping -%}{{ return(false) }}{%- endif -%}
  {%- for key in model_monitor.moving_reference_keys() if reference.get(key) is not none -%}{{ return(true) }}{%- endfor -%}
  {{ return(false) }}
{% endmacro %}
