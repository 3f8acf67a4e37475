// Wagtail's own widgets leave two inputs without a name (axe "label", critical, and
// "aria-input-field-name", serious): the tag widget's text input and the rich-text
// (Draftail) editing area. Each gets the label of the field it belongs to.
(function () {
  "use strict";
  function fieldLabel(element) {
    var wrapper = element.closest("[data-field-wrapper], .w-field__wrapper, .w-field");
    return wrapper && wrapper.querySelector("label, .w-field__label");
  }
  function name() {
    var selector = "input.ui-autocomplete-input:not([aria-label]):not([aria-labelledby])," +
      "[role=textbox][contenteditable]:not([aria-label]):not([aria-labelledby])";
    document.querySelectorAll(selector).forEach(function (input) {
      var label = fieldLabel(input);
      if (label && label.id) input.setAttribute("aria-labelledby", label.id);
      else input.setAttribute("aria-label", label ? label.textContent.trim() : document.title);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    name();
    // The editors are drawn after the page loads (and again in added stream blocks).
    new MutationObserver(name).observe(document.body, { childList: true, subtree: true });
  });
})();
