"""Helpers for the conformance tests: the SDK's transport pointed at the loopback sandbox,
merchant keys in the forms the SDK takes, a notification receiver, a recording proxy in
front of the sandbox, and starting a checkout-server process.

Everything here talks to 127.0.0.1 only.
"""

import http.client
import http.server
import json
import os
import queue
import re
import subprocess
import threading
import time
import urllib.parse

import rsa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa as crypto_rsa

from com.alipay.ams.api.net import default_http_rpc
from com.alipay.ams.api.tools import signature_tool

NOTIFY_ACK = b'{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}'

# ---------------------------------------------------------------------------------------------
# The SDK's transport
# ---------------------------------------------------------------------------------------------

# What the SDK sent, newest last: (method, url as written on the request line, headers, body).
SENT = []


class _RecordingHTTPConnection(http.client.HTTPConnection):
    """Plain HTTP in place of the SDK's HTTPS-on-443; records each request as the SDK made it."""

    def request(self, method, url, body=None, headers=None, **kwargs):
        SENT.append((method, url, dict(headers or {}), body))
        return super().request(method, url, body=body, headers=headers, **kwargs)


_FACTORY = "__get_http_connection"


def patch_sdk_transport():
    """SDK 1.7.1's `do_post` always opens `HTTPSConnection(host, 443)`, whatever the gateway URL
    says. Swap the module's connection factory for plain HTTP to the URL's own host and port;
    everything else (absolute-form request line, headers, status and header checks) stays the
    SDK's own code."""
    if not hasattr(default_http_rpc, _FACTORY):
        raise RuntimeError("the SDK's transport changed: default_http_rpc.%s is gone" % _FACTORY)

    def plain_http(url, timeout=15):
        parsed = urllib.parse.urlparse(url)
        if parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise RuntimeError("conformance tests talk to loopback only, not %r" % url)
        return _RecordingHTTPConnection(parsed.hostname, parsed.port or 80, timeout=timeout)

    setattr(default_http_rpc, _FACTORY, plain_http)


# ---------------------------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------------------------


def pem_body(pem):
    """The bare one-line Base64 body of a PEM, as Alipay's portal shows keys."""
    return "".join(line for line in pem.strip().splitlines() if not line.startswith("-----"))


class MerchantKeys:
    """A fresh RSA-2048 merchant key pair."""

    def __init__(self):
        self.private = crypto_rsa.generate_private_key(public_exponent=65537, key_size=2048)
        # The SDK wraps a bare body in "RSA PRIVATE KEY" markers: it wants PKCS#1.
        self.sdk_private = pem_body(
            self.private.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.TraditionalOpenSSL,
                serialization.NoEncryption(),
            ).decode()
        )
        self.public_pem = (
            self.private.public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
            .decode()
        )


def sdk_private_from_pem_file(path):
    """A PKCS#8 or PKCS#1 PEM file as the bare PKCS#1 body the SDK's `sign` takes."""
    with open(path, "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    return pem_body(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
        ).decode()
    )


def sdk_verifies(method, path, client_id, time_str, body, signature, public_key):
    """The SDK's own `signature_tool.verify`, as a boolean: it raises on a mismatch."""
    try:
        return bool(signature_tool.verify(method, path, client_id, time_str, body, signature, public_key))
    except rsa.pkcs1.VerificationError:
        return False


def signature_value(header):
    """The `signature=` part of a `Signature` header, as the SDK extracts it."""
    assert header and "signature=" in header, "not a Signature header: %r" % (header,)
    return header.split("signature=")[1]


# ---------------------------------------------------------------------------------------------
# Plain HTTP helpers
# ---------------------------------------------------------------------------------------------


def http_request(base_url, method, path, body=None, headers=None, timeout=20):
    """One request without following redirects: (status, lowercase headers, raw body)."""
    parsed = urllib.parse.urlparse(base_url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=timeout)
    try:
        data = body if body is None or isinstance(body, bytes) else body.encode("utf-8")
        conn.request(method, path, body=data, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def json_request(base_url, method, path, payload=None):
    body = None if payload is None else json.dumps(payload)
    headers = {"Content-Type": "application/json"} if body is not None else {}
    status, headers, raw = http_request(base_url, method, path, body, headers)
    return status, (json.loads(raw) if raw else None)


# ---------------------------------------------------------------------------------------------
# A notification receiver (the paymentNotifyUrl of SDK-made payments)
# ---------------------------------------------------------------------------------------------


class NotifyReceiver:
    """Answers every POST with the documented acknowledgement and queues what arrived:
    (path, lowercase headers, raw body bytes)."""

    def __init__(self):
        received = self.received = queue.Queue()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                received.put((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(NOTIFY_ACK)))
                self.end_headers()
                self.wfile.write(NOTIFY_ACK)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, path, timeout=20.0):
        """The first notification sent to `path` within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        others = []
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError("no notification reached %s within %.0f s" % (path, timeout))
                try:
                    item = self.received.get(timeout=left)
                except queue.Empty:
                    continue
                if urllib.parse.urlparse(item[0]).path == path:
                    return item
                others.append(item)
        finally:
            for item in others:
                self.received.put(item)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# ---------------------------------------------------------------------------------------------
# A recording proxy between our Rust AMS client and the sandbox
# ---------------------------------------------------------------------------------------------


class RecordingProxy:
    """Forwards POSTs to `upstream` (set once the server behind it is listening) and keeps
    every exchange: dicts with path, request headers/body, response status/headers/body."""

    def __init__(self):
        self.upstream = None
        self.exchanges = []
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                path = urllib.parse.urlparse(self.path).path
                req_headers = {k.lower(): v for k, v in self.headers.items()}
                if proxy.upstream is None:
                    self._answer(503, {}, b"upstream not set yet")
                    return
                forward = {k: v for k, v in req_headers.items() if k in ("content-type", "client-id", "request-time", "signature")}
                status, headers, raw = http_request(proxy.upstream, "POST", path, body, forward)
                proxy.exchanges.append(
                    {
                        "path": path,
                        "request_headers": req_headers,
                        "request_body": body,
                        "status": status,
                        "response_headers": headers,
                        "response_body": raw,
                    }
                )
                keep = {k: v for k, v in headers.items() if k in ("content-type", "client-id", "response-time", "signature")}
                self._answer(status, keep, raw)

            def _answer(self, status, headers, raw):
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# ---------------------------------------------------------------------------------------------
# checkout-server processes
# ---------------------------------------------------------------------------------------------

_LISTENING = re.compile(r"listening on (http://127\.0\.0\.1:\d+)")


class ServerProcess:
    """A checkout-server on 127.0.0.1 port 0; `url` once it prints its listening line."""

    def __init__(self, binary, data_dir, extra_args=(), cwd=None, log_path=None, timeout=60):
        self.log = open(log_path or os.path.join(data_dir, "server.log"), "wb")
        self.proc = subprocess.Popen(
            [binary, "--listen", "127.0.0.1:0", "--data-dir", data_dir, *extra_args],
            stdout=subprocess.PIPE,
            stderr=self.log,
            stdin=subprocess.DEVNULL,
            cwd=cwd,
        )
        self.url = None
        deadline = time.monotonic() + timeout
        lines = []
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            lines.append(line.decode(errors="replace"))
            m = _LISTENING.search(lines[-1])
            if m:
                self.url = m.group(1)
                break
        if self.url is None:
            self.stop()
            raise RuntimeError("checkout-server did not start: %r (log in %s)" % (lines, self.log.name))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
