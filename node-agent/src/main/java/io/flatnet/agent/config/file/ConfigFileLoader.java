package io.flatnet.agent.config.file;

import io.flatnet.agent.config.ConfigException;
import io.flatnet.agent.config.ConfigProblem;
import io.flatnet.agent.config.ConfigResources;
import io.flatnet.agent.config.model.BgpConfiguration;
import io.flatnet.agent.config.model.BgpFilter;
import io.flatnet.agent.config.model.BgpPeer;
import io.flatnet.agent.config.model.Metadata;
import io.flatnet.agent.config.model.NodeResource;
import io.flatnet.agent.config.model.Resource;
import io.flatnet.agent.config.policy.PolicyMapping;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads the standalone configuration file: every document of a multi-document YAML file is one
 * resource ({@code apiVersion: flatnet.io/v1}, {@code kind}, {@code metadata}, {@code spec}).
 * Returns the resources only when the whole file is good; otherwise throws a
 * {@link ConfigException} with every problem found, each formatted as
 * {@code FILE: document N (KIND NAME), line L, FIELD: found; expected}.
 */
public final class ConfigFileLoader {
    static final List<String> KINDS = List.of(BgpConfiguration.KIND, BgpPeer.KIND, BgpFilter.KIND, NodeResource.KIND);

    private ConfigFileLoader() {}

    /** Reads {@code file}; messages name it as written here. */
    public static ConfigResources load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (MalformedInputException e) {
            throw new ConfigException(new ConfigProblem(file.toString(), 0, "", 0, "", "is not UTF-8 text"));
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(file.toString(), 0, "", 0, "",
                    "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")"));
        }
        return parse(file.toString(), text);
    }

    /** Parses configuration text; {@code source} names it in messages. */
    public static ConfigResources parse(String source, String text) throws ConfigException {
        Context ctx = new Context(source);
        List<YamlDocuments.Document> documents;
        try {
            documents = YamlDocuments.read(text);
        } catch (YamlDocuments.SyntaxError e) {
            throw new ConfigException(new ConfigProblem(source, e.documentIndex, "", e.line, "", e.getMessage()));
        }
        List<Placed> placed = new ArrayList<>();
        for (YamlDocuments.Document d : documents) {
            ctx.document = d.index();
            ctx.resource = "";
            ctx.nameLine = d.root().line();
            Resource r = readDocument(ctx, d.root());
            if (r != null) {
                placed.add(new Placed(r, d.index(), ctx.resource, ctx.nameLine));
            }
        }
        ctx.document = 0;
        ctx.resource = "";
        if (documents.isEmpty()) {
            ctx.problem(0, "", "has no resources; expected YAML documents of kind " + String.join(", ", KINDS));
        }
        CrossChecks.check(ctx, placed);
        if (ctx.problems.isEmpty()) {
            speakerPolicyChecks(ctx, placed);
        }
        if (!ctx.problems.isEmpty()) {
            throw new ConfigException(ctx.problems);
        }
        return new ConfigResources(source,
                placed.stream().map(Placed::resource).filter(BgpConfiguration.class::isInstance)
                        .map(BgpConfiguration.class::cast).findFirst(),
                only(placed, BgpPeer.class), only(placed, BgpFilter.class), only(placed, NodeResource.class));
    }

    /**
     * Each BGPFilter as the speaker will take it: what the reader let through but the speaker's
     * policy refuses is reported here, with the filter's document.
     */
    private static void speakerPolicyChecks(Context ctx, List<Placed> placed) {
        for (Placed p : placed) {
            if (p.resource() instanceof BgpFilter f) {
                try {
                    PolicyMapping.map(f, ctx.source);
                } catch (ConfigException e) {
                    for (ConfigProblem problem : e.problems()) {
                        ctx.problems.add(new ConfigProblem(problem.source(), p.document(), p.label(), problem.line(),
                                problem.field(), problem.message()));
                    }
                }
            }
        }
    }

    /** A resource and where it was written (its name's line), for messages about it that come later. */
    record Placed(Resource resource, int document, String label, int line) {}

    private static <R extends Resource> List<R> only(List<Placed> placed, Class<R> type) {
        return placed.stream().map(Placed::resource).filter(type::isInstance).map(type::cast).toList();
    }

    private static Resource readDocument(Context ctx, YamlNode root) {
        Fields doc = Fields.of(ctx, root, "");
        if (doc == null) {
            return null;
        }
        Optional<String> written = doc.require("kind", Values::string, "one of " + String.join(", ", KINDS));
        if (written.isPresent() && !KINDS.contains(written.get())) {
            ctx.problem(doc.line("kind"), "kind", "unknown kind '" + written.get() + "'; "
                    + Suggestions.closest(written.get(), KINDS).map(k -> "did you mean '" + k + "'? ").orElse("")
                    + "expected one of " + String.join(", ", KINDS));
        }
        Optional<String> kind = written.filter(KINDS::contains);
        Fields meta = doc.map("metadata");
        Optional<String> name = Optional.empty();
        Map<String, String> labels = Map.of();
        if (meta != null) {
            name = meta.read("name", Values::name);
            ctx.nameLine = meta.line("name");
            ctx.resource = kind.orElse("") + name.map(n -> kind.isPresent() ? " " + n : n).orElse("");
            if (!meta.has("name")) {
                meta.missing("name", "a name, unique among the resources of its kind");
            }
            labels = meta.read("labels", Values::labels, Map.of());
            meta.get("annotations"); // allowed, and not used
            meta.finish();
        }
        Optional<String> apiVersion = doc.require("apiVersion", Values::string, Resource.API_VERSION);
        if (apiVersion.isPresent() && !apiVersion.get().equals(Resource.API_VERSION)) {
            ctx.problem(doc.line("apiVersion"), "apiVersion", "'" + apiVersion.get() + "' is not read here; expected "
                    + Resource.API_VERSION);
        }
        Fields spec = doc.map("spec");
        Resource result = null;
        if (spec != null && kind.isPresent()) {
            Metadata metadata = new Metadata(name.orElse(""), labels);
            result = switch (kind.get()) {
                case BgpConfiguration.KIND -> new BgpConfiguration(metadata, BgpConfigurationReader.read(spec));
                case BgpPeer.KIND -> new BgpPeer(metadata, BgpPeerReader.read(spec));
                case BgpFilter.KIND -> new BgpFilter(metadata, BgpFilterReader.read(spec));
                case NodeResource.KIND -> new NodeResource(metadata, NodeReader.read(spec));
                default -> throw new IllegalStateException(kind.get());
            };
        }
        doc.finish();
        return name.isPresent() ? result : null;
    }
}
