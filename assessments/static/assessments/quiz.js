// Autosave and countdown for quiz attempts. Progressive enhancement: without this
// script the form still saves on every button press.
(function () {
  "use strict";
  var form = document.querySelector(".quiz__form");
  if (!form) return;
  var status = form.querySelector(".quiz__status");
  var url = form.getAttribute("data-autosave-url");
  var timer = null;
  var last = null;

  function save() {
    var body = new FormData(form);
    var snapshot = new URLSearchParams(body).toString();
    if (snapshot === last) return;
    fetch(url, { method: "POST", body: body, credentials: "same-origin",
                 headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.saved) last = snapshot;
        if (status) status.textContent = data.message;
      })
      .catch(function () {});
  }
  function later() { clearTimeout(timer); timer = setTimeout(save, 800); }
  form.addEventListener("change", later);
  form.addEventListener("input", later);

  var timerBox = document.querySelector("[data-seconds-left]");
  if (timerBox) {
    var clock = timerBox.querySelector(".quiz__clock");
    var end = Date.now() + parseInt(timerBox.getAttribute("data-seconds-left"), 10) * 1000;
    var tick = function () {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      var minutes = Math.floor(left / 60), seconds = left % 60;
      clock.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      if (left === 0) { save(); return; }
      setTimeout(tick, 1000);
    };
    tick();
  }
})();
