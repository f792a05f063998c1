/**
 * flatnet's configuration: the resources ({@code model}), the YAML file loader that checks them
 * ({@code file}), Calico's label selectors ({@code selector}), the view one node computes from
 * all resources ({@code view}) and the reloader that feeds a running speaker ({@code reload}).
 * The flow is file, then {@link io.flatnet.agent.config.ConfigResources}, then
 * {@code NodeView}, then the speaker's desired peers and advertisements. A problem anywhere on the
 * way is a {@link io.flatnet.agent.config.ConfigException} listing every
 * {@link io.flatnet.agent.config.ConfigProblem} found, each naming file, document, line and field.
 */
package io.flatnet.agent.config;
