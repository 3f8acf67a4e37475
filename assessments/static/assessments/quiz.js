// Autosave, the question strip and the countdown for quiz attempts. Progressive
// enhancement: without this script the form still saves on every button press.
(function () {
  "use strict";
  var form = document.querySelector(".quiz__form");
  var timer = null;
  var last = null;
  var url = form && form.getAttribute("data-autosave-url");
  var status = form && form.querySelector(".quiz__status");

  function save() {
    if (!form) return;
    var body = new FormData(form);
    var snapshot = new URLSearchParams(body).toString();
    if (snapshot === last) return;
    fetch(url, { method: "POST", body: body, credentials: "same-origin",
                 headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.saved) last = snapshot;
        if (status) {
          var time = new Date().toTimeString().slice(0, 5);
          status.textContent = data.saved ? data.message + " " + time : data.message;
        }
      })
      .catch(function () {});
  }

  // The strip follows what is answered and flagged on this page as the trainee works.
  function refreshStrip() {
    form.querySelectorAll("fieldset.question").forEach(function (fieldset) {
      var position = fieldset.id.replace("question-", "");
      var button = document.querySelector('.qstrip__item[data-position="' + position + '"]');
      if (!button || button.classList.contains("qstrip__item--info")) return;
      var answered = Array.prototype.some.call(
        fieldset.querySelectorAll("input, textarea, select"), function (input) {
          if (input.type === "hidden") return false;
          if (input.type === "radio" || input.type === "checkbox") return input.checked;
          return input.value.trim() !== "";
        });
      var flag = document.getElementById("flag-" + position);
      button.classList.toggle("qstrip__item--answered", answered);
      button.classList.toggle("qstrip__item--flagged", !!(flag && flag.checked));
      var state = button.querySelector(".qstrip__state");
      if (state) state.textContent = state.getAttribute(answered ? "data-answered" : "data-unanswered") || state.textContent;
    });
  }

  if (form) {
    var later = function () { clearTimeout(timer); timer = setTimeout(save, 800); refreshStrip(); };
    form.addEventListener("change", later);
    form.addEventListener("input", later);
    // Leaving the page (another tab, the back button, closing it): send what is unsaved.
    window.addEventListener("pagehide", function () {
      var body = new FormData(form);
      if (new URLSearchParams(body).toString() !== last && navigator.sendBeacon) {
        navigator.sendBeacon(url, body);
      }
    });
    form.addEventListener("submit", function () { last = new URLSearchParams(new FormData(form)).toString(); });
  }

  var timerBox = document.querySelector("[data-seconds-left]");
  if (timerBox) {
    var clock = timerBox.querySelector(".quiz__clock");
    var alert = timerBox.querySelector(".quiz__timer-alert");
    var end = Date.now() + parseInt(timerBox.getAttribute("data-seconds-left"), 10) * 1000;
    var announced = {};
    var announce = function (key) {
      if (announced[key]) return;
      announced[key] = true;
      timerBox.classList.add("quiz__timer--warning");
      if (alert) alert.textContent = timerBox.getAttribute("data-warn-" + key);
    };
    var tick = function () {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      var minutes = Math.floor(left / 60), seconds = left % 60;
      clock.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      // Announce once on crossing 5 and 1 minutes (not again on every second after).
      if (left <= 60) announce("1");
      else if (left <= 300) announce("5");
      if (left === 0) { save(); return; }
      setTimeout(tick, 1000);
    };
    tick();
  }
})();
