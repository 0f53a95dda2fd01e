// bantin default theme: small enhancements only; every page works without this file.
(function () {
  "use strict";
  var nav = document.querySelector(".sitenav");
  var list = nav && nav.querySelector(".sitenav__list");
  if (!list) return;

  // On phones the category bar scrolls sideways: bring the current category into view
  // (without scrolling the page itself) ...
  var current = list.querySelector("a[aria-current]");
  if (current && list.scrollWidth > list.clientWidth) {
    var item = current.parentNode;
    var left = item.offsetLeft - (list.clientWidth - item.offsetWidth) / 2;
    list.scrollLeft = Math.max(0, left);
  }

  // ... and drop the fade at the right edge once there is nothing more to scroll to.
  function update() {
    var atEnd = list.scrollLeft + list.clientWidth >= list.scrollWidth - 2;
    if (atEnd) nav.setAttribute("data-scrolled-end", "");
    else nav.removeAttribute("data-scrolled-end");
  }
  list.addEventListener("scroll", update, { passive: true });
  window.addEventListener("resize", update);
  update();
})();
