// "Add a row" for Django formsets: a button with data-formset-add="<prefix>" copies the
// formset's empty form (kept in <template id="<prefix>-empty">) into the container
// data-formset-rows="<prefix>" and counts it in the management form. Without this
// script the page still offers its blank rows, and saving asks for more.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-formset-add]").forEach((button) => {
    const prefix = button.dataset.formsetAdd;
    const template = document.getElementById(`${prefix}-empty`);
    const rows = document.querySelector(`[data-formset-rows="${prefix}"]`);
    const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
    const max = document.getElementById(`id_${prefix}-MAX_NUM_FORMS`);
    if (!template || !rows || !total) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      const index = Number(total.value);
      if (max && index >= Number(max.value)) return;
      const html = template.innerHTML.replaceAll("__prefix__", String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      const added = rows.lastElementChild;
      const first = added && added.querySelector("input, select, textarea");
      if (first) first.focus();
    });
  });
});
