// Tracked online learning time: tells the server, about once a minute, for how many
// seconds this page has been visible since it opened. The server keeps one row per
// page visit, counts at most 30 minutes per visit and never more than the time since
// the first beacon, so a tab left open does not count for hours.
(function () {
  "use strict";
  var el = document.getElementById("online-time");
  if (!el || !window.FormData) return;
  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  var visit = uuid4();
  var shown = 0;
  var since = document.visibilityState === "visible" ? Date.now() : null;
  function seconds() {
    return Math.floor((shown + (since ? Date.now() - since : 0)) / 1000);
  }
  function send() {
    var body = new FormData();
    body.append("page", el.dataset.page);
    body.append("visit", visit);
    body.append("seconds", String(seconds()));
    body.append("csrfmiddlewaretoken", el.dataset.csrf);
    if (navigator.sendBeacon && navigator.sendBeacon(el.dataset.url, body)) return;
    fetch(el.dataset.url, { method: "POST", body: body, credentials: "same-origin", keepalive: true });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      since = Date.now();
    } else {
      if (since) { shown += Date.now() - since; since = null; }
      send();
    }
  });
  send();
  setInterval(function () { if (since) send(); }, 60000);
})();
