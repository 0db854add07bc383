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
    // The button bar is made here too, before the masthead's search form.
    var search = document.querySelector(".masthead .quick-search");
    if (!tools && search) {
      tools = document.createElement("div");
      tools.className = "tools"; tools.id = "a11y-tools"; tools.hidden = true;
      search.parentNode.insertBefore(tools, search);
    }
    // The buttons work only with JavaScript, so they are made here rather than sent (hidden)
    // in every page's HTML.
    var button = function (id, label) {
      var b = document.getElementById(id);
      if (!b && tools) {
        b = document.createElement("button");
        b.type = "button"; b.id = id; b.className = "tool"; b.textContent = label;
        b.setAttribute("aria-pressed", "false");
        tools.appendChild(b);
      }
      return b;
    };
    var fs = button("a11y-fontsize", "大字号");
    var hc = button("a11y-contrast", "高对比度");
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
    // 打印本页 needs JavaScript too: added to each document here, not sent in its HTML.
    var docs = document.querySelectorAll("article.doc");
    for (var d = 0; d < docs.length; d++) {
      if (docs[d].querySelector(".print-button")) continue;
      var p = document.createElement("p"); p.className = "doc-actions";
      var b = document.createElement("button"); b.type = "button"; b.className = "print-button"; b.hidden = true;
      b.textContent = "打印本页"; p.appendChild(b); docs[d].appendChild(p);
    }
    var buttons = document.querySelectorAll(".print-button");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function () { window.print(); });
    }
  });
})();
