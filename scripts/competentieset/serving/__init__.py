"""Serving: the embedded server (content negotiation, SPARQL, lookup API), the web-root index
it serves from, and the nginx/Apache/w3id configurations written by the build."""
