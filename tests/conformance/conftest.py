"""Fixtures: the checkout-server started by `run` (its URL and data dir come in the
environment), merchants registered with its sandbox, the SDK client, a notification receiver."""

import os
import shutil
import tempfile
import uuid

import pytest

from com.alipay.ams.api.default_alipay_client import DefaultAlipayClient

import sdk_support
from sdk_support import MerchantKeys, NotifyReceiver, json_request, pem_body

sdk_support.patch_sdk_transport()


def _env(name):
    value = os.environ.get(name)
    if not value:
        pytest.exit("%s is not set: run tests/conformance/run" % name, returncode=2)
    return value


@pytest.fixture(scope="session")
def server_url():
    """The sandbox (and merchant backend) under test, e.g. http://127.0.0.1:PORT."""
    return _env("CONFORMANCE_SERVER_URL").rstrip("/")


@pytest.fixture(scope="session")
def data_dir():
    return _env("CONFORMANCE_DATA_DIR")


@pytest.fixture(scope="session")
def sandbox_public_key(server_url, data_dir):
    """The sandbox's public key as a merchant gets it (served PEM), checked against the key file
    the server keeps in its data dir. Handed to the SDK as the bare Base64 body, the way
    Alipay's portal shows it (the SDK adds the PEM markers itself)."""
    status, _, raw = sdk_support.http_request(server_url, "GET", "/sandbox/public-key.pem")
    assert status == 200
    served = raw.decode()
    with open(os.path.join(data_dir, "sandbox", "public_key.pem")) as f:
        assert pem_body(f.read()) == pem_body(served)
    return pem_body(served)


def register(server_url, client_id, keys):
    status, answer = json_request(
        server_url, "POST", "/sandbox/merchants", {"clientId": client_id, "publicKey": keys.public_pem}
    )
    assert status in (200, 201), answer
    assert answer["result"]["resultStatus"] == "S", answer


@pytest.fixture(scope="session")
def merchant_keys():
    return MerchantKeys()


@pytest.fixture(scope="session")
def client_id(server_url, merchant_keys):
    """A SANDBOX_ client id registered with the sandbox for this run's merchant key."""
    cid = "SANDBOX_PYSDK_" + uuid.uuid4().hex[:12].upper()
    register(server_url, cid, merchant_keys)
    return cid


@pytest.fixture(scope="session")
def sdk_client(server_url, client_id, merchant_keys, sandbox_public_key):
    """The official SDK's client, exactly as a merchant builds it."""
    return DefaultAlipayClient(server_url, client_id, merchant_keys.sdk_private, sandbox_public_key)


@pytest.fixture()
def notify_receiver():
    receiver = NotifyReceiver()
    yield receiver
    receiver.close()


@pytest.fixture(scope="session")
def server_binary():
    path = _env("CHECKOUT_SERVER_BIN")
    assert os.access(path, os.X_OK), "%s is not an executable" % path
    return path


@pytest.fixture()
def tmp_data_dir():
    path = tempfile.mkdtemp(prefix="conformance-")
    yield path
    shutil.rmtree(path, ignore_errors=True)
