{#- The label shown for a real category or segment value (text), never equal to one of the
    package's own labels (__other__, __unseen__, __null__, __invalid__, __all__): a value that
    starts with two underscores or a double quote is shown double-quoted, its quotes doubled
    ('__unseen__' -> '"__unseen__"', '"x' -> '"""x"'); every other value as it is. Distinct values
    keep distinct labels. -#}
{% macro value_label(value) -%}
  case when substr({{ value }}, 1, 2) = '__' or substr({{ value }}, 1, 1) = '"'
       then '"' || replace({{ value }}, '"', '""') || '"' else {{ value }} end
{%- endmacro %}
