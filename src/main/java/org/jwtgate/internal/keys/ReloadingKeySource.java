package org.jwtgate.internal.keys;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.KeyReference;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.logging.RateLimitedLog;
import org.jwtgate.internal.metrics.Metrics;

/**
 * Keys whose references are read again every {@code keysReloadInterval}, so a file key or secret
 * can be rotated without a restart.
 * <ul>
 * <li>The check runs on the first request after the interval, on that one thread; every other
 * request goes on with the keys in force. Time comes from the injected clock.</li>
 * <li>A key whose content did not change keeps its identity, so tokens it verified stay cached.
 * A key whose content changed is a new key: tokens the old content verified stop being accepted
 * at once, cached or not.</li>
 * <li>An emptied file withdraws its key (that is how a key is withdrawn without a restart), unless
 * that would leave an allowed algorithm with no key at all, which looks like a mistake. A file that
 * is empty at start is an empty slot, the spare of the next rotation, as long as the other keys
 * cover every allowed algorithm.</li>
 * <li>Anything else that fails (unreadable file, bad PEM, weak secret) keeps the last good keys, all
 * of them, and logs a WARN: a broken file never opens the door and never takes the app down.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class ReloadingKeySource implements KeySource {

    private static final System.Logger LOG = System.getLogger("org.jwtgate");

    /** One configured reference and what it last yielded. */
    private static final class Slot {
        final KeyReference reference;
        final boolean secret;
        final byte[] content;
        final VerificationKey key; // null when withdrawn

        Slot(KeyReference reference, boolean secret, byte[] content, VerificationKey key) {
            this.reference = reference;
            this.secret = secret;
            this.content = content;
            this.key = key;
        }
    }

    /** Everything that changes together, swapped in one write. */
    private static final class State {
        final List<Slot> slots;
        final KeySet keys;

        State(List<Slot> slots, KeySet keys) {
            this.slots = slots;
            this.keys = keys;
        }
    }

    private final JwtGateSettings settings;
    private final ReferenceResolver resolver;
    private final Clock clock;
    private final RateLimitedLog warnings;
    private final Metrics metrics;
    private final long intervalMillis;
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile State state;
    private volatile long nextCheckMillis;

    /** Loads every key now; configuration errors are thrown, as at any start. */
    public ReloadingKeySource(JwtGateSettings settings, ReferenceResolver resolver) {
        this(settings, resolver, new Metrics());
    }

    /** @param metrics counts reloads that changed the keys, and those that failed */
    public ReloadingKeySource(JwtGateSettings settings, ReferenceResolver resolver, Metrics metrics) {
        KeyLoader.requireEdDsaSupport(settings);
        this.settings = settings;
        this.resolver = resolver;
        this.clock = settings.clock();
        this.warnings = new RateLimitedLog(LOG, clock);
        this.metrics = metrics;
        this.intervalMillis = settings.keysReloadInterval().toMillis();
        List<Slot> slots = new ArrayList<>();
        for (KeyReference reference : settings.secret()) {
            slots.add(initialSlot(reference, true));
        }
        for (KeyReference reference : settings.publicKeys()) {
            slots.add(initialSlot(reference, false));
        }
        List<VerificationKey> keys = keysOf(slots);
        KeyLoader.requireCoverage(settings, keys);
        this.state = new State(slots, new KeySet(1, keys));
        this.nextCheckMillis = clock.millis() + intervalMillis;
    }

    @Override
    public KeySet keys() {
        return keys(clock.millis());
    }

    /** The keys, reloaded first when {@code keysReloadInterval} has passed at {@code now}. */
    @Override
    public KeySet keys(long now) {
        if (now >= nextCheckMillis && checking.compareAndSet(false, true)) {
            try {
                reload();
            } finally {
                nextCheckMillis = now + intervalMillis;
                checking.set(false);
            }
        }
        return state.keys;
    }

    private void reload() {
        State current = state;
        List<Slot> slots = new ArrayList<>(current.slots.size());
        boolean changed = false;
        try {
            for (Slot slot : current.slots) {
                byte[] content = read(slot.reference, slot.secret);
                if (Arrays.equals(content, slot.content)) {
                    slots.add(slot);
                    continue;
                }
                changed = true;
                VerificationKey key = isEmptySlot(content) ? null : load(slot.reference, slot.secret, content);
                slots.add(new Slot(slot.reference, slot.secret, content, key));
            }
            if (!changed) {
                return;
            }
            List<VerificationKey> keys = keysOf(slots);
            KeyLoader.requireCoverage(settings, keys);
            metrics.recordKeysReloaded();
            state = new State(slots, new KeySet(current.keys.generation() + 1, keys));
            LOG.log(Level.INFO, "JwtGate reloaded its keys: {0} in force", keys);
        } catch (RuntimeException e) {
            metrics.recordKeyReloadFailure();
            // The message names the parameter and reference, never the content.
            // A broken file stays broken for many checks: one line a minute says so, with the count.
            warnings.warn("key-reload", () -> "JwtGate kept its previous keys: a changed key could not be used ("
                    + (e instanceof JwtGateConfigurationException ? e.getMessage() : "an unexpected failure") + ")");
        }
    }

    /** An empty file is an empty slot (the spare of a rotation); anything else must be a good key. */
    private Slot initialSlot(KeyReference reference, boolean secret) {
        byte[] content = read(reference, secret);
        boolean emptySlot = isEmptySlot(content) && reference.reference().startsWith("file:");
        return new Slot(reference, secret, content, emptySlot ? null : load(reference, secret, content));
    }

    /**
     * Empty, or a lone newline: a key file is read as it is (a DER key may end in 0x0A), so the
     * spare slot an operator empties with {@code echo > FILE} holds one newline.
     */
    private static boolean isEmptySlot(byte[] content) {
        return ReferenceResolver.stripTrailingNewline(content).length == 0;
    }

    private byte[] read(KeyReference reference, boolean secret) {
        return secret ? resolver.resolveBytes("secret", reference.reference())
                : resolver.resolveKeyBytes("publicKeys", reference.reference());
    }

    private VerificationKey load(KeyReference reference, boolean secret, byte[] content) {
        return secret ? KeyLoader.secretKey(settings, reference, content)
                : KeyLoader.publicKey(settings, reference, content);
    }

    private static List<VerificationKey> keysOf(List<Slot> slots) {
        List<VerificationKey> keys = new ArrayList<>();
        for (Slot slot : slots) {
            if (slot.key != null) {
                keys.add(slot.key);
            }
        }
        return keys;
    }
}
