package io.flatnet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code flatnetctl get peers|routes|advertisements|config}, calicoctl's verb for reading resources. */
@Command(name = "get", description = "Show peers, routes, this node's advertisements or the configuration in effect.",
        mixinStandardHelpOptions = true,
        subcommands = {PeersCommand.class, RoutesCommand.class, AdvertisementsCommand.class, ConfigCommand.class})
final class GetCommand {
    @ParentCommand
    FlatnetCtl root;

    /** The root command of a subcommand that sits both under {@code get} and at the top level. */
    static FlatnetCtl root(Object parent) {
        return switch (parent) {
            case FlatnetCtl ctl -> ctl;
            case GetCommand get -> get.root;
            default -> throw new IllegalStateException("unexpected parent command " + parent);
        };
    }
}
