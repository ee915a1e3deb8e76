"""The built-in console's files over plain HTTP (--console). What the page does
in a browser is conformance/browser/console.test.js; here, only that the
binary serves it, and serves nothing new without the flag."""
import http.client
import re

import pytest

HEALTH = "healthy: dynamodb.us-east-1.amazonaws.com "


def get(server, path):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    return response, body


@pytest.fixture
def console(start_server):
    return start_server("--console", "-inMemory")


@pytest.mark.parametrize("path", ["/console", "/console/", "/console/?key=x"])
def test_console_page(console, path):
    response, body = get(console, path)
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert "<title>dynarock console</title>" in body
    # The page may only load its own files and talk to this server.
    policy = response.getheader("Content-Security-Policy")
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert response.getheader("X-Content-Type-Options") == "nosniff"


def test_every_file_the_page_names_is_served(console):
    _, page = get(console, "/console/")
    names = re.findall(r'(?:src|href)="(/console/[^"]+)"', page)
    assert sorted(names) == ["/console/console.css", "/console/console.js"]
    types = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
    for name in names:
        response, body = get(console, name)
        assert response.status == 200, name
        assert response.getheader("Content-Type") == types[name[name.rindex("."):]]
        assert len(body) > 1000


def test_the_script_calls_only_the_wire_protocol(console):
    """No private API: every call is a POST / with an X-Amz-Target, as SDKs send."""
    _, script = get(console, "/console/console.js")
    assert re.findall(r"fetch\(([^,]+),", script) == ["'/'"]
    assert "'X-Amz-Target': `${api}.${operation}`" in script


@pytest.mark.parametrize("path", ["/console/missing.js", "/console/../etc/passwd",
                                  "/console/index.html/x", "/console/%2e%2e/console/console.js",
                                  "/console/console%2ejs", "/console//console.js"])
def test_unknown_console_files_are_404(console, path):
    response, body = get(console, path)
    assert response.status == 404
    assert HEALTH not in body


def test_other_paths_keep_the_health_check(console):
    response, body = get(console, "/")
    assert (response.status, body) == (200, HEALTH)


def test_without_the_flag_there_is_no_console(server):
    """As DynamoDB (and DynamoDB Local): every GET is the health check."""
    for path in ("/console", "/console/console.js"):
        response, body = get(server, path)
        assert (response.status, body) == (200, HEALTH)
