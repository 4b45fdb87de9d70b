package org.jwtgate.security;

/**
 * What every attack family class builds its gates from, for the target its class names: a family
 * class runs against the filter's gatekeeper; its {@code …ModuleTest} subclass, which only adds
 * {@link ThroughTheModules}, runs every one of its tests again through the authentication modules
 * (see {@link Gate}), so that no test body is ever copied.
 */
abstract class AttackFamily {

    /** Marks a family's subclass that runs the family through the authentication modules. */
    interface ThroughTheModules {
    }

    /** One per test: the clock, environment and secret this test's gates share. */
    final Gate.Gates gates = new Gate.Gates(
            this instanceof ThroughTheModules ? Gate.Target.MODULE : Gate.Target.FILTER);
}
