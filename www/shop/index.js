// "Place order": the shop's backend creates the order and decides the amount. A file, not an
// inline script: the page is served with a strict Content-Security-Policy (script-src 'self').
document.querySelectorAll('button[data-product]').forEach(function (button) {
  button.addEventListener('click', function () {
    button.disabled = true;
    fetch('/api/v1/orders', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ product: button.dataset.product })
    }).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    }).then(function (order) {
      // The shopper's region, here from the order's currency, ranks the methods paid for there first.
      var region = { PHP: 'PH', PLN: 'PL', SGD: 'SG', IDR: 'ID', BRL: 'BR', MXN: 'MX', JPY: 'JP' }[order.amount.currency];
      window.location.href = 'checkout.html?order=' + encodeURIComponent(order.orderRef) + (region ? '&region=' + region : '');
    }).catch(function (e) {
      button.disabled = false;
      var box = document.getElementById('shop-error');
      box.textContent = 'Could not place the order: ' + e.message;
      box.hidden = false;
    });
  });
});
