"""The SDK's own verification functions (tools/signature_tool.py `verify`,
tools/webhook_tool.py `check_signature`) against what our Rust code signs: the sandbox's
notifications, our Rust AMS client's requests, and the sandbox's refusals of tampered
requests; and our Rust verifiers against what the SDK's `sign` produces."""

import json
import os
import uuid

import pytest

from com.alipay.ams.api.exception.exception import AlipayApiException
from com.alipay.ams.api.tools import signature_tool, webhook_tool
from com.alipay.ams.api.tools.date_tools import get_cur_iso8601_time

from sdk_support import NOTIFY_ACK, RecordingProxy, ServerProcess, http_request, json_request, pem_body
from sdk_support import sdk_private_from_pem_file, sdk_verifies, signature_value
from test_sdk_client import pay_request, query_request


def sdk_signed_post(base_url, path, client_id, body, private_key):
    """A POST signed by the SDK's `sign`, with the headers the SDK sends."""
    req_time = get_cur_iso8601_time()
    sig = signature_tool.sign("POST", path, client_id, req_time, body, private_key)
    headers = {
        "Content-Type": "application/json; charset=UTF-8",
        "client-id": client_id,
        "Request-Time": req_time,
        "Signature": "algorithm=RSA256,keyVersion=1,signature=" + sig,
    }
    return http_request(base_url, "POST", path, body, headers)


def assert_sdk_accepts_answer(path, headers, raw, public_key):
    """What DefaultAlipayClient checks on a response, with the SDK's verify."""
    for name in ("signature", "response-time", "client-id"):
        assert headers.get(name), "answer without a %s header: %r" % (name, headers)
    assert sdk_verifies(
        "POST", path, headers["client-id"], headers["response-time"], raw.decode("utf-8"),
        signature_value(headers["signature"]), public_key,
    ), "the SDK's verify refused the answer to %s" % path


@pytest.mark.parametrize("tamper", ["body", "path", "request-time"])
def test_tampered_request_is_refused_with_a_signed_invalid_signature(
    server_url, client_id, merchant_keys, sandbox_public_key, tamper
):
    """A request signed by the SDK's `sign` and then changed (body, path or Request-Time) is
    refused: HTTP 200, F INVALID_SIGNATURE, nothing created, and the refusal itself verifies
    with the SDK's `verify`. The untampered request is accepted."""
    path = "/ams/sandbox/api/v1/payments/pay"
    body = pay_request(server_url).to_ams_json()
    req_time = get_cur_iso8601_time()
    sig = signature_tool.sign("POST", path, client_id, req_time, body, merchant_keys.sdk_private)
    sent_body, sent_path, sent_time = body, path, req_time
    if tamper == "body":
        sent_body = body.replace('"1250"', '"1"')
        assert sent_body != body
    elif tamper == "path":
        sent_path = "/ams/api/v1/payments/pay"
    else:
        sent_time = "2020-01-01T00:00:00+00:00"
    headers = {
        "Content-Type": "application/json; charset=UTF-8",
        "client-id": client_id,
        "Request-Time": sent_time,
        "Signature": "algorithm=RSA256,keyVersion=1,signature=" + sig,
    }
    status, resp_headers, raw = http_request(server_url, "POST", sent_path, sent_body, headers)
    assert status == 200
    answer = json.loads(raw)
    assert answer["result"]["resultStatus"] == "F", answer
    assert answer["result"]["resultCode"] == "INVALID_SIGNATURE", answer
    assert "paymentId" not in answer
    assert resp_headers["client-id"] == client_id
    assert_sdk_accepts_answer(sent_path, resp_headers, raw, sandbox_public_key)

    # The same request untampered goes through.
    headers["Request-Time"] = req_time
    status, resp_headers, raw = http_request(server_url, "POST", path, body, headers)
    assert json.loads(raw)["result"]["resultCode"] == "PAYMENT_IN_PROCESS", raw
    assert_sdk_accepts_answer(path, resp_headers, raw, sandbox_public_key)


def settle_on_hosted_page(server_url, payment_id, action):
    """Presses Pay or Fail on the sandbox's hosted checkout page (a form POST)."""
    status, headers, _ = http_request(server_url, "POST", "/sandbox/checkout/%s/%s" % (payment_id, action))
    assert status == 303, status
    return headers.get("location")


@pytest.mark.parametrize("action, notify_status", [("pay", "S"), ("fail", "F")])
def test_sandbox_notifications_pass_the_sdk_webhook_check(
    sdk_client, server_url, data_dir, client_id, sandbox_public_key, notify_receiver, action, notify_status
):
    """The SDK pays with paymentNotifyUrl = a receiver here; the payment is settled on the
    hosted page; the notifyPayment that arrives passes webhook_tool.check_signature and
    signature_tool.verify with the sandbox's public key, over the receiver's path, and the SDK's
    `sign` with the sandbox's key reproduces its signature exactly. A changed body or path fails
    the same check."""
    notify_path = "/alipay/notify/" + uuid.uuid4().hex
    req = pay_request(server_url, notify_url=notify_receiver.url + notify_path)
    paid = json.loads(sdk_client.execute(req))
    payment_id = paid["paymentId"]
    settle_on_hosted_page(server_url, payment_id, action)

    path, headers, raw = notify_receiver.wait_for(notify_path)
    body = raw.decode("utf-8")
    assert headers["client-id"] == client_id
    assert headers.get("request-time")
    assert webhook_tool.check_signature(
        "POST", notify_path, headers["client-id"], headers["request-time"], body, headers["signature"], sandbox_public_key
    ) is True
    assert sdk_verifies(
        "POST", notify_path, client_id, headers["request-time"], body, signature_value(headers["signature"]),
        sandbox_public_key,
    )
    # Tampering is caught by the same functions.
    changed = body.replace('"1250"', '"1251"')
    assert changed != body
    assert not sdk_verifies(
        "POST", notify_path, client_id, headers["request-time"], changed, signature_value(headers["signature"]),
        sandbox_public_key,
    )
    assert not sdk_verifies(
        "POST", "/alipay/notify", client_id, headers["request-time"], body, signature_value(headers["signature"]),
        sandbox_public_key,
    )
    with pytest.raises(AlipayApiException):
        webhook_tool.check_signature("POST", notify_path, client_id, headers["request-time"], body, "", sandbox_public_key)
    # PKCS#1 v1.5 is deterministic: the SDK's `sign` with the sandbox's key gives the very same
    # header value, Base64 and URL-encoding included.
    sandbox_private = sdk_private_from_pem_file(os.path.join(data_dir, "sandbox", "private_key.pem"))
    assert signature_tool.sign(
        "POST", notify_path, client_id, headers["request-time"], body, sandbox_private
    ) == signature_value(headers["signature"])

    notification = json.loads(body)
    assert notification["notifyType"] == "PAYMENT_RESULT"
    assert notification["result"]["resultStatus"] == notify_status
    assert notification["paymentId"] == payment_id
    assert notification["paymentRequestId"] == req.payment_request_id
    assert notification["paymentAmount"] == {"currency": "USD", "value": "1250"}

    status = json.loads(sdk_client.execute(query_request(payment_id=payment_id)))["paymentStatus"]
    assert status == ("SUCCESS" if action == "pay" else "FAIL")


def test_our_merchant_accepts_a_notification_signed_by_the_sdk(server_url, data_dir):
    """Our merchant's /alipay/notify verifies a notification signed with the SDK's `sign`
    (ISO-8601 time, quote_plus-encoded signature) under the key it trusts as Alipay's (the
    sandbox's): it answers exactly the acknowledgement. The same notification with a changed
    body is refused."""
    sandbox_private = sdk_private_from_pem_file(os.path.join(data_dir, "sandbox", "private_key.pem"))
    body = json.dumps(
        {
            "notifyType": "PAYMENT_RESULT",
            "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"},
            "paymentRequestId": "pay_conformance_" + uuid.uuid4().hex,
            "paymentId": "sbx_" + uuid.uuid4().hex,
            "paymentAmount": {"currency": "USD", "value": "1250"},
            "paymentCreateTime": "2024-05-01T12:00:00+08:00",
            "paymentTime": "2024-05-01T12:01:00+08:00",
            "paymentMethodType": "ALIPAY_CN",
        },
        indent=2,
    )
    status, _, raw = sdk_signed_post(server_url, "/alipay/notify", "SANDBOX_DEMO_MERCHANT", body, sandbox_private)
    assert (status, raw) == (200, NOTIFY_ACK)

    req_time = get_cur_iso8601_time()
    sig = signature_tool.sign("POST", "/alipay/notify", "SANDBOX_DEMO_MERCHANT", req_time, body, sandbox_private)
    headers = {
        "Content-Type": "application/json; charset=UTF-8",
        "client-id": "SANDBOX_DEMO_MERCHANT",
        "request-time": req_time,
        "signature": "algorithm=RSA256,keyVersion=1,signature=" + sig,
    }
    status, _, raw = http_request(server_url, "POST", "/alipay/notify", body.replace("1250", "1251"), headers)
    assert status != 200 and raw != NOTIFY_ACK
    assert json.loads(raw)["result"]["resultCode"] == "INVALID_SIGNATURE"


@pytest.fixture()
def proxied_merchant(server_binary, tmp_data_dir):
    """A second checkout-server whose merchant reaches AMS through a recording proxy (which
    forwards to that server's own sandbox): every request our Rust AMS client signs, and every
    answer the sandbox signs, is captured on the way."""
    proxy = RecordingProxy()
    repo = os.environ.get("CONFORMANCE_REPO") or None
    server = ServerProcess(server_binary, tmp_data_dir, ["--ams-url", proxy.url], cwd=repo)
    proxy.upstream = server.url
    try:
        yield server, proxy, tmp_data_dir
    finally:
        server.stop()
        proxy.close()


def test_our_rust_client_signatures_pass_the_sdk_verify(proxied_merchant):
    """The merchant API drives our Rust AMS client (consult, pay, inquiryPayment); each request
    it signed verifies with the SDK's `verify` under the merchant's public key (epoch-millis
    Request-Time, sandbox paths), and the SDK's `sign` with that key reproduces it exactly;
    each sandbox answer verifies under the sandbox's key. A changed byte fails the check."""
    server, proxy, data_dir = proxied_merchant
    with open(os.path.join(data_dir, "merchant", "public_key.pem")) as f:
        merchant_public = pem_body(f.read())
    with open(os.path.join(data_dir, "sandbox", "public_key.pem")) as f:
        sandbox_public = pem_body(f.read())
    merchant_private = sdk_private_from_pem_file(os.path.join(data_dir, "merchant", "private_key.pem"))

    status, order = json_request(server.url, "POST", "/api/v1/orders", {"product": "tea"})
    assert status == 201, order
    ref = order["orderRef"]
    status, methods = json_request(server.url, "POST", "/api/v1/orders/%s/payment-methods" % ref, {"terminalType": "WEB"})
    assert status == 200, methods
    status, payment = json_request(
        server.url, "POST", "/api/v1/orders/%s/payments" % ref, {"paymentMethodType": "ALIPAY_CN", "terminalType": "WEB"}
    )
    assert status == 201, payment
    status, again = json_request(server.url, "GET", "/api/v1/payments/%s" % payment["paymentRef"])
    assert status == 200, again

    ops = [x["path"].rsplit("/", 1)[1] for x in proxy.exchanges]
    for op in ("consult", "pay", "inquiryPayment"):
        assert op in ops, ops
    for x in proxy.exchanges:
        h = x["request_headers"]
        body = x["request_body"].decode("utf-8")
        assert x["path"].startswith("/ams/sandbox/api/v1/payments/")
        assert h["request-time"].isdigit(), h["request-time"]  # our client sends epoch millis
        sig = signature_value(h["signature"])
        assert sdk_verifies("POST", x["path"], h["client-id"], h["request-time"], body, sig, merchant_public), x["path"]
        assert not sdk_verifies("POST", x["path"], h["client-id"], h["request-time"], body + " ", sig, merchant_public)
        assert not sdk_verifies("POST", x["path"], h["client-id"], h["request-time"], body, sig, sandbox_public)
        # Deterministic PKCS#1 v1.5: the SDK's `sign` with the merchant's key gives the same value.
        assert signature_tool.sign("POST", x["path"], h["client-id"], h["request-time"], body, merchant_private) == sig

        assert x["status"] == 200
        assert json.loads(x["response_body"])["result"]["resultStatus"] in ("S", "U"), x["response_body"]
        assert_sdk_accepts_answer(x["path"], x["response_headers"], x["response_body"], sandbox_public)
