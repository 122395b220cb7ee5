// Search as you type: the results box is refilled with the server's own HTML (escaped
// there) for the words typed so far. Without JavaScript the form submits as usual.
(function () {
  'use strict';
  var input = document.querySelector('input[data-live]');
  if (!input || !window.fetch) return;
  var form = input.form;
  var box = document.getElementById(input.getAttribute('data-live'));
  var timer = null, seq = 0;
  function params() {
    var p = new URLSearchParams(new FormData(form));
    // deleting while iterating would skip the entry after each deleted one
    var empty = [];
    p.forEach(function (v, k) { if (!v) empty.push(k); });
    empty.forEach(function (k) { p.delete(k); });
    return p;
  }
  function run() {
    var p = params(), mine = ++seq;
    history.replaceState(null, '', '/search?' + p.toString());
    p.set('partial', '1');
    fetch('/search?' + p.toString(), { credentials: 'same-origin' })
      .then(function (r) { return r.text(); })
      .then(function (html) { if (mine === seq) box.innerHTML = html; })
      .catch(function () {});
  }
  function later() { clearTimeout(timer); timer = setTimeout(run, 180); }
  input.addEventListener('input', later);
  Array.prototype.forEach.call(form.querySelectorAll('select, input:not([data-live])'),
    function (el) { el.addEventListener('change', later); });
})();
