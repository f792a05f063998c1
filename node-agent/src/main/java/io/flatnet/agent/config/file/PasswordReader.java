package io.flatnet.agent.config.file;

import io.flatnet.agent.config.model.BgpPassword;
import java.util.Optional;

/**
 * {@code password} and {@code nodeMeshPassword}: exactly one of {@code secretKeyRef: {name, key}}
 * (Kubernetes mode) or {@code inline: "..."} (the file). The file has no Secrets, so a
 * secretKeyRef in it is refused with the spelling that works.
 */
final class PasswordReader {
    private PasswordReader() {}

    static BgpPassword read(Context ctx, YamlNode node, String path) {
        Fields f = Fields.of(ctx, node, path);
        if (f == null) {
            return null;
        }
        boolean hasRef = f.has("secretKeyRef");
        boolean hasInline = f.has("inline");
        BgpPassword result = null;
        if (hasRef && hasInline) {
            ctx.problem(f.line("inline"), f.path("inline"), "set together with secretKeyRef; expected one of them");
        } else if (hasRef) {
            ctx.problem(f.line("secretKeyRef"), f.path("secretKeyRef"), "Secrets need the Kubernetes mode;"
                    + " in a configuration file write the key itself: inline: \"...\"");
        } else if (hasInline) {
            Optional<String> value = f.read("inline", Values::string);
            if (value.isPresent()) {
                String v = value.get();
                if (v.isEmpty() || v.length() > 80) {
                    ctx.problem(f.line("inline"), f.path("inline"), "a key of " + v.length()
                            + " characters; expected 1..80 characters (the Linux TCP MD5 key limit)");
                } else {
                    result = new BgpPassword.Inline(v);
                }
            }
        } else {
            ctx.problem(f.line(), path, "empty; expected inline: \"...\" (or secretKeyRef in the Kubernetes mode)");
        }
        f.finish();
        return result;
    }
}
