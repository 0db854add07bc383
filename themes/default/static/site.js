// Progressive enhancement only: the site works without JavaScript.
(function () {
  "use strict";
  var root = document.documentElement;
  function load(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function save(key, v) { try { localStorage.setItem(key, v); } catch (e) { /* private mode */ } }
  var size = load("gk-fontsize") || "0";
  var contrast = load("gk-contrast") || "";
  if (size !== "0") root.setAttribute("data-fontsize", size);
  if (contrast) root.setAttribute("data-contrast", contrast);
  document.addEventListener("DOMContentLoaded", function () {
    var tools = document.getElementById("a11y-tools");
    var fs = document.getElementById("a11y-fontsize");
    var hc = document.getElementById("a11y-contrast");
    if (tools && fs && hc) {
      tools.hidden = false;
      var sync = function () {
        fs.setAttribute("aria-pressed", size !== "0" ? "true" : "false");
        fs.textContent = size === "0" ? "大字号" : (size === "1" ? "特大字号" : "标准字号");
        hc.setAttribute("aria-pressed", contrast ? "true" : "false");
      };
      fs.addEventListener("click", function () {
        size = String((Number(size) + 1) % 3);
        if (size === "0") root.removeAttribute("data-fontsize"); else root.setAttribute("data-fontsize", size);
        save("gk-fontsize", size);
        sync();
      });
      hc.addEventListener("click", function () {
        contrast = contrast ? "" : "high";
        if (contrast) root.setAttribute("data-contrast", contrast); else root.removeAttribute("data-contrast");
        save("gk-contrast", contrast);
        sync();
      });
      sync();
    }
    var buttons = document.querySelectorAll(".print-button");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function () { window.print(); });
    }
  });
})();
