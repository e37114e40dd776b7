"""Alipay's official Python SDK (DefaultAlipayClient) against the embedded sandbox.

Every `execute` below signs the request with the SDK's own code (ISO-8601 Request-Time,
`client-id` header, absolute-form request line, /ams/sandbox/api/ path for SANDBOX_ ids) and
refuses any answer whose `signature`, `response-time` or `client-id` header is missing or
whose signature does not verify with the sandbox's public key. So each successful call proves
both directions: the sandbox accepted the SDK's signature, and the SDK accepted the sandbox's.
"""

import json
import re
import uuid

import pytest

from com.alipay.ams.api.default_alipay_client import DefaultAlipayClient
from com.alipay.ams.api.exception.exception import AlipayApiException
from com.alipay.ams.api.model.amount import Amount
from com.alipay.ams.api.model.env import Env
from com.alipay.ams.api.model.order import Order
from com.alipay.ams.api.model.payment_method import PaymentMethod
from com.alipay.ams.api.model.product_code_type import ProductCodeType
from com.alipay.ams.api.model.terminal_type import TerminalType
from com.alipay.ams.api.request.pay.alipay_pay_cancel_request import AlipayPayCancelRequest
from com.alipay.ams.api.request.pay.alipay_pay_consult_request import AlipayPayConsultRequest
from com.alipay.ams.api.request.pay.alipay_pay_query_request import AlipayPayQueryRequest
from com.alipay.ams.api.request.pay.alipay_pay_request import AlipayPayRequest
from com.alipay.ams.api.response.pay.alipay_pay_response import AlipayPayResponse
from com.alipay.ams.api.response.pay.alipay_pay_query_response import AlipayPayQueryResponse

import sdk_support
from conftest import register
from sdk_support import MerchantKeys

ISO_8601_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$")


def web_env():
    env = Env()
    env.terminal_type = TerminalType.WEB
    env.client_ip = "127.0.0.1"
    env.user_agent = "conformance-test"
    return env


def consult_request(currency="USD", value="1250"):
    req = AlipayPayConsultRequest()
    req.product_code = ProductCodeType.CASHIER_PAYMENT
    req.payment_amount = Amount(currency, value)
    req.env = web_env()
    return req


def pay_request(server_url, notify_url=None, method="ALIPAY_CN", currency="USD", value="1250", request_id=None):
    req = AlipayPayRequest()
    req.product_code = ProductCodeType.CASHIER_PAYMENT
    req.payment_request_id = request_id or "pysdk_" + uuid.uuid4().hex
    order = Order()
    order.reference_order_id = "ord_" + uuid.uuid4().hex[:16]
    order.order_description = "Oolong tea, 100 g"
    order.order_amount = Amount(currency, value)
    order.env = web_env()
    req.order = order
    req.payment_amount = Amount(currency, value)
    pm = PaymentMethod()
    pm.payment_method_type = method
    req.payment_method = pm
    req.payment_redirect_url = server_url + "/shop/result.html"
    if notify_url:
        req.payment_notify_url = notify_url
    req.env = web_env()
    return req


def query_request(payment_id=None, payment_request_id=None):
    req = AlipayPayQueryRequest()
    req.payment_id = payment_id
    req.payment_request_id = payment_request_id
    return req


def cancel_request(payment_id):
    req = AlipayPayCancelRequest()
    req.payment_id = payment_id
    return req


def execute(client, request):
    """The SDK's call; returns the verified answer as a dict."""
    return json.loads(client.execute(request))


def test_consult_and_how_the_sdk_called(sdk_client, server_url, client_id):
    """consult through the SDK succeeds, and the request on the wire had the SDK's quirks the
    sandbox must meet: absolute-form URL with the sandbox path, ISO-8601 Request-Time,
    lowercase client-id header."""
    sdk_support.SENT.clear()
    answer = execute(sdk_client, consult_request())
    assert answer["result"]["resultStatus"] == "S", answer
    options = answer["paymentOptions"]
    assert options and all("USD" in o["supportedCurrencies"] for o in options)
    assert any(o["paymentMethodType"] == "ALIPAY_CN" for o in options)

    method, url, headers, _ = sdk_support.SENT[-1]
    assert method == "POST"
    assert url == server_url + "/ams/sandbox/api/v1/payments/consult"
    assert ISO_8601_WITH_OFFSET.match(headers["Request-Time"]), headers["Request-Time"]
    assert headers["client-id"] == client_id
    assert headers["Signature"].startswith("algorithm=RSA256,keyVersion=1,signature=")


def test_pay_inquiry_cancel_lifecycle(sdk_client, server_url):
    """pay -> PAYMENT_IN_PROCESS with a hosted-page normalUrl; inquiryPayment by paymentId and
    by paymentRequestId -> PROCESSING; cancel -> S with cancelTime; inquiry -> CANCELLED."""
    req = pay_request(server_url)
    raw = sdk_client.execute(req)
    answer = json.loads(raw)
    assert answer["result"]["resultStatus"] == "U", answer
    assert answer["result"]["resultCode"] == "PAYMENT_IN_PROCESS"
    parsed = AlipayPayResponse(raw)  # the SDK's own response model reads our answer
    assert parsed.payment_id == answer["paymentId"]
    assert parsed.normal_url.startswith(server_url + "/sandbox/checkout/")
    payment_id = answer["paymentId"]

    by_id = execute(sdk_client, query_request(payment_id=payment_id))
    assert by_id["result"]["resultStatus"] == "S", by_id
    assert by_id["paymentStatus"] == "PROCESSING"
    assert by_id["paymentAmount"] == {"currency": "USD", "value": "1250"}
    by_request = sdk_client.execute(query_request(payment_request_id=req.payment_request_id))
    assert AlipayPayQueryResponse(by_request).payment_id == payment_id

    cancelled = execute(sdk_client, cancel_request(payment_id))
    assert cancelled["result"]["resultStatus"] == "S", cancelled
    assert cancelled["paymentId"] == payment_id
    assert cancelled["cancelTime"]

    after = execute(sdk_client, query_request(payment_id=payment_id))
    assert after["paymentStatus"] == "CANCELLED", after


def test_pay_is_idempotent_and_inconsistent_repeats_fail_signed(sdk_client, server_url):
    """The same paymentRequestId with the same body answers the same payment; with a different
    body it answers F REPEAT_REQ_INCONSISTENT, signed like every other answer."""
    req = pay_request(server_url)
    one = execute(sdk_client, req)
    two = execute(sdk_client, req)  # the SDK serialises the same object to the same body
    assert one["result"]["resultCode"] == "PAYMENT_IN_PROCESS", one
    assert two == one

    req.order.order_description = "Something else"
    changed = execute(sdk_client, req)
    assert changed["result"]["resultStatus"] == "F", changed
    assert changed["result"]["resultCode"] == "REPEAT_REQ_INCONSISTENT", changed


@pytest.mark.parametrize(
    "request_factory, code",
    [
        (lambda url: query_request(payment_id="sbx_" + "0" * 32), "ORDER_NOT_EXIST"),
        (lambda url: pay_request(url, method="NO_SUCH_METHOD"), "UNAVAILABLE_PAYMENT_METHOD"),
        (lambda url: pay_request(url, method="ALIPAY_CN", currency="PLN", value="1000"), "CURRENCY_NOT_SUPPORT"),
        (lambda url: consult_request(value="12.50"), "PARAM_ILLEGAL"),
    ],
    ids=["inquiry-unknown", "pay-unknown-method", "pay-currency", "consult-bad-amount"],
)
def test_failures_are_signed(sdk_client, server_url, request_factory, code):
    """F answers carry valid signature, response-time and client-id headers too: the SDK
    checks them whatever the result status."""
    answer = execute(sdk_client, request_factory(server_url))
    assert answer["result"]["resultStatus"] == "F", answer
    assert answer["result"]["resultCode"] == code, answer


def test_unregistered_client_gets_a_signed_key_not_found(server_url, sandbox_public_key):
    """A client id the sandbox does not know is refused with KEY_NOT_FOUND, in a signed answer."""
    client = DefaultAlipayClient(
        server_url, "SANDBOX_PYSDK_UNKNOWN_" + uuid.uuid4().hex[:8], MerchantKeys().sdk_private, sandbox_public_key
    )
    answer = execute(client, consult_request())
    assert answer["result"]["resultStatus"] == "F"
    assert answer["result"]["resultCode"] == "KEY_NOT_FOUND"


def test_wrong_key_gets_a_signed_invalid_signature(server_url, client_id, sandbox_public_key):
    """A registered client id signing with another key is refused with INVALID_SIGNATURE."""
    client = DefaultAlipayClient(server_url, client_id, MerchantKeys().sdk_private, sandbox_public_key)
    answer = execute(client, consult_request())
    assert answer["result"]["resultStatus"] == "F"
    assert answer["result"]["resultCode"] == "INVALID_SIGNATURE"


def test_production_paths_for_non_sandbox_client_ids(server_url, sandbox_public_key):
    """A client id without the SANDBOX_ prefix makes the SDK call /ams/api/v1/...; the sandbox
    serves and signs that path as well."""
    keys = MerchantKeys()
    cid = "PYSDK_LIVE_" + uuid.uuid4().hex[:12].upper()
    register(server_url, cid, keys)
    client = DefaultAlipayClient(server_url, cid, keys.sdk_private, sandbox_public_key)
    sdk_support.SENT.clear()
    answer = execute(client, consult_request())
    assert answer["result"]["resultStatus"] == "S", answer
    assert sdk_support.SENT[-1][1] == server_url + "/ams/api/v1/payments/consult"


def test_sdk_refuses_an_answer_signed_by_another_key(server_url, client_id, merchant_keys):
    """The check is real: given the wrong Alipay public key, the SDK refuses our answers."""
    client = DefaultAlipayClient(server_url, client_id, merchant_keys.sdk_private, MerchantKeys().public_pem)
    with pytest.raises(AlipayApiException):
        client.execute(consult_request())
