{#- The metric columns of model_monitor__performance, in their order (metric_catalogue.sql). -#}
{% macro performance_metric_names() %}
  {{ return(model_monitor.metric_names(source='performance', metric_column=true)) }}
{% endmacro %}
