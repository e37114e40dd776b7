// The shop page hears the status the widget read from the server. A file, not an inline
// script: the page is served with a strict Content-Security-Policy (script-src 'self').
document.getElementById('result').addEventListener('alipay-checkout:status', function (e) {
  document.getElementById('shop-status').textContent = 'Payment status: ' + e.detail.status;
});
