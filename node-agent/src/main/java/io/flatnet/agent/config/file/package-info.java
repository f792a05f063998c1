/**
 * The standalone mode's configuration file: a multi-document YAML file of flatnet resources read
 * with Jackson's YAML parser into located trees ({@link io.flatnet.agent.config.file.YamlNode}),
 * then bound to the {@code model} records by hand so that every refusal can name the file, the
 * document, the line and the field, say what was found and what is expected, and suggest the
 * closest known name for a misspelt field. Entry point:
 * {@link io.flatnet.agent.config.file.ConfigFileLoader}.
 */
package io.flatnet.agent.config.file;
