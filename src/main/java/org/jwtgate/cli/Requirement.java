package org.jwtgate.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a request must bring, in the words of the {@code accessRules} grammar: nothing (open),
 * a valid token, roles, or nothing will do (deny). Roles are a conjunction of any-of sets
 * ({@code role:a|b role:c}), which {@code rules} needs only when it tightens {@code HEAD} to what
 * {@code GET} asks as well as what the container asked of {@code HEAD}.
 *
 * <p>Immutable and thread-safe.
 */
final class Requirement {

    private enum Kind { OPEN, AUTHENTICATED, ROLES, DENY }

    /**
     * No authorization: the container let the request through. Written {@code anonymous}, not
     * {@code permit}: a container keeps a logged-in user's identity on unconstrained resources, so
     * an application may call {@code isUserInRole} there; {@code anonymous} keeps that, and lets a
     * request without a token through just the same.
     */
    static final Requirement OPEN = new Requirement(Kind.OPEN, List.of());
    /** {@code **}: any authenticated user. */
    static final Requirement AUTHENTICATED = new Requirement(Kind.AUTHENTICATED, List.of());
    /** An empty {@code <auth-constraint/>}: nobody. */
    static final Requirement DENY = new Requirement(Kind.DENY, List.of());

    private final Kind kind;
    /** Each set is an any-of; all of them must hold. Never empty for ROLES. */
    private final List<Set<String>> clauses;

    private Requirement(Kind kind, List<Set<String>> clauses) {
        this.kind = kind;
        this.clauses = clauses;
    }

    /** Any of these roles; nobody when there is none. */
    static Requirement anyRole(Set<String> roles) {
        if (roles.isEmpty()) {
            return DENY;
        }
        return new Requirement(Kind.ROLES, List.of(Collections.unmodifiableSet(new LinkedHashSet<>(roles))));
    }

    boolean isDeny() {
        return kind == Kind.DENY;
    }

    boolean isOpen() {
        return kind == Kind.OPEN;
    }

    /** The roles of a single any-of, as one constraint's {@code <auth-constraint>} gives them. */
    Set<String> anyOf() {
        if (kind != Kind.ROLES || clauses.size() != 1) {
            throw new IllegalStateException("not a single any-of: " + text());
        }
        return clauses.get(0);
    }

    /** Both this and that must hold. */
    Requirement and(Requirement that) {
        if (kind == Kind.DENY || that.kind == Kind.DENY) {
            return DENY;
        }
        if (kind == Kind.OPEN || that.kind == Kind.ROLES && kind == Kind.AUTHENTICATED) {
            return that;
        }
        if (that.kind == Kind.OPEN || that.kind == Kind.AUTHENTICATED) {
            return this;
        }
        // Both ROLES: keep the strongest clauses; an any-of that contains another is implied by it.
        List<Set<String>> all = new ArrayList<>(clauses);
        all.addAll(that.clauses);
        List<Set<String>> kept = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Set<String> clause = all.get(i);
            boolean implied = false;
            for (int j = 0; j < all.size() && !implied; j++) {
                Set<String> other = all.get(j);
                implied = j != i && clause.containsAll(other) && (!other.equals(clause) || j < i);
            }
            if (!implied) {
                kept.add(clause);
            }
        }
        return new Requirement(Kind.ROLES, List.copyOf(kept));
    }

    /** As an {@code accessRules} rule writes it, after the method and the pattern. */
    String text() {
        switch (kind) {
            case OPEN:
                return "anonymous";
            case AUTHENTICATED:
                return "authenticated";
            case DENY:
                return "deny";
            default:
                return clauses.stream().map(clause -> "role:" + String.join("|", clause))
                        .collect(Collectors.joining(" "));
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Requirement)) {
            return false;
        }
        Requirement that = (Requirement) o;
        return kind == that.kind && Set.copyOf(clauses).equals(Set.copyOf(that.clauses));
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, Set.copyOf(clauses));
    }

    @Override
    public String toString() {
        return text();
    }
}
