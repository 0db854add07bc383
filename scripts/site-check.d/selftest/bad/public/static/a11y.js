document.getElementById("a11y-contrast").addEventListener("click", function () {
  var on = document.documentElement.classList.toggle("contrast");
  this.setAttribute("aria-pressed", String(on));
});
document.getElementById("a11y-fontsize").addEventListener("click", function () {
  var on = document.documentElement.classList.toggle("large");
  this.setAttribute("aria-pressed", String(on));
});
