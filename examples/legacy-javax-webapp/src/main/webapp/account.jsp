<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<%-- Written long before JWTs: it only knows the Servlet API, which JwtGate fills in. --%>
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Your account</title></head>
<body>
<h1>Your account</h1>
<p>Signed in as <strong><%= request.getRemoteUser() %></strong>
(authentication: <%= request.getAuthType() %>).</p>
<p>Administrator: <%= request.isUserInRole("admin") ? "yes" : "no" %></p>
</body>
</html>
