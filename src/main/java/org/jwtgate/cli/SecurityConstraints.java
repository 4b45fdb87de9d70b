package org.jwtgate.cli;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The declarative security of a {@code web.xml} as written, before any of the Servlet
 * specification's combining rules are applied: its {@code <security-constraint>}s in document
 * order, the roles its {@code <security-role>}s declare (what the role name {@code *} stands for),
 * and whether it says {@code <deny-uncovered-http-methods/>}. Text is trimmed as containers trim
 * it and otherwise kept as written: judging it is {@link ConstraintTranslator}'s job.
 *
 * <p>Immutable.
 */
final class SecurityConstraints {

    /** One {@code <web-resource-collection>}. */
    static final class Collection {
        final List<String> patterns;
        /** {@code <http-method>}s; empty when none is named. */
        final List<String> methods;
        /** {@code <http-method-omission>}s; empty when none is named. */
        final List<String> omissions;

        Collection(List<String> patterns, List<String> methods, List<String> omissions) {
            this.patterns = List.copyOf(patterns);
            this.methods = List.copyOf(methods);
            this.omissions = List.copyOf(omissions);
        }

        /**
         * Whether this collection constrains the method (§13.8.1): all methods when it names none,
         * only those named, or all but the omitted ones.
         *
         * @param method {@code null} for any method this collection does not name
         */
        boolean covers(String method) {
            if (!methods.isEmpty()) {
                return method != null && methods.contains(method);
            }
            return method == null || !omissions.contains(method);
        }
    }

    /** One {@code <security-constraint>}. */
    static final class Constraint {
        /** How messages name it: its {@code <display-name>}, else its position ("security-constraint #2"). */
        final String name;
        final List<Collection> collections;
        /**
         * The {@code <role-name>}s of its {@code <auth-constraint>}, {@code *} and {@code **} as
         * written; empty for {@code <auth-constraint/>} (nobody); {@code null} when there is no
         * {@code <auth-constraint>} at all (no authorization required).
         */
        final List<String> roles;
        /** The {@code <transport-guarantee>}, or {@code null} when there is none. */
        final String transportGuarantee;

        Constraint(String name, List<Collection> collections, List<String> roles, String transportGuarantee) {
            this.name = name;
            this.collections = List.copyOf(collections);
            this.roles = roles == null ? null : List.copyOf(roles);
            this.transportGuarantee = transportGuarantee;
        }
    }

    final List<Constraint> constraints;
    /** In document order. */
    final Set<String> declaredRoles;
    final boolean denyUncoveredMethods;

    SecurityConstraints(List<Constraint> constraints, Set<String> declaredRoles, boolean denyUncoveredMethods) {
        this.constraints = List.copyOf(constraints);
        this.declaredRoles = Collections.unmodifiableSet(new LinkedHashSet<>(declaredRoles));
        this.denyUncoveredMethods = denyUncoveredMethods;
    }
}
