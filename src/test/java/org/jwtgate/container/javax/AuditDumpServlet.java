package org.jwtgate.container.javax;

import javax.servlet.annotation.HttpConstraint;
import javax.servlet.annotation.ServletSecurity;

/**
 * The dump, for callers in role {@code auditor} only, by annotation: what {@code @ServletSecurity}
 * asks of the container, with no {@code <security-constraint>} in web.xml. Twin of
 * {@code container.javax.AuditDumpServlet}.
 */
@ServletSecurity(@HttpConstraint(rolesAllowed = "auditor"))
public class AuditDumpServlet extends DumpServlet {

    private static final long serialVersionUID = 1L;
}
