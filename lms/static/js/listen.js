/* "Listen" buttons (issue 19 item 4): the device's own speech engine reads a text aloud
   (Web Speech API, speechSynthesis), in the text's language (the nearest lang
   attribute), so no text leaves the device. Elements to read carry data-listen; the
   button is cloned from <template id="listen-button"> (translated by the server) and
   placed after each one. Without speech synthesis no button is added at all. */
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  var template = document.getElementById("listen-button");
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function" || !template) {
    return;
  }
  var pageLang = document.documentElement.getAttribute("lang") || "";
  var current = null;

  function langOf(element) {
    var host = element.closest("[lang]");
    return (host && host.getAttribute("lang")) || pageLang;
  }

  function voiceFor(lang) {
    var voices = synth.getVoices ? synth.getVoices() : [];
    var wanted = lang.toLowerCase();
    var prefix = wanted.split("-")[0];
    var exact = null;
    var near = null;
    voices.forEach(function (voice) {
      var code = (voice.lang || "").toLowerCase().replace("_", "-");
      if (!exact && code === wanted) { exact = voice; }
      if (!near && code.split("-")[0] === prefix) { near = voice; }
    });
    return exact || near;
  }

  function release(button) {
    if (current === button) {
      button.setAttribute("aria-pressed", "false");
      current = null;
    }
  }

  function stop() {
    if (current) { release(current); }
    synth.cancel();
  }

  document.querySelectorAll("[data-listen]").forEach(function (element) {
    var button = template.content.firstElementChild.cloneNode(true);
    var lang = langOf(element);
    // The button's own words are in the page's language; it reads the text in its own.
    button.setAttribute("lang", pageLang);
    button.setAttribute("data-listen-lang", lang);
    button.addEventListener("click", function () {
      if (current === button) { stop(); return; }
      stop();
      var text = (element.innerText || element.textContent || "").trim();
      if (!text) { return; }
      var utterance = new window.SpeechSynthesisUtterance(text);
      utterance.lang = lang;
      var voice = voiceFor(lang);
      if (voice) { utterance.voice = voice; }
      utterance.onend = function () { release(button); };
      utterance.onerror = function () { release(button); };
      current = button;
      button.setAttribute("aria-pressed", "true");
      synth.speak(utterance);
    });
    element.insertAdjacentElement("afterend", button);
  });
  window.addEventListener("pagehide", stop);
})();
