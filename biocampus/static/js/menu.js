// The header's menu button on narrow screens. Without this script the menu simply stays
// open (the stylesheet collapses it only once the page has the "js" class).
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector(".menu-toggle");
  const menu = document.getElementById("site-menu");
  if (!button || !menu) return;
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("open", open);
  });
});
