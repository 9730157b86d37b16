// Dragging a group's slot on the immersion day board: dropped on its track, the slot is
// moved to the time under the pointer (5-minute steps); dropped on another group's slot
// of the same station, the two groups swap turns. Either way the page's own forms are
// submitted, so the server checks the edit; without this script the forms work alone.
document.addEventListener("DOMContentLoaded", () => {
  const board = document.querySelector(".board[data-editable]");
  const move = document.getElementById("move-form");
  const swap = document.getElementById("swap-form");
  if (!board || !move || !swap) return;
  const first = Number(board.dataset.first);
  const span = Number(board.dataset.span);
  let dragged = null;
  let grab = 0;
  board.querySelectorAll(".slot[data-slot]").forEach((slot) => {
    slot.draggable = true;
    slot.addEventListener("dragstart", (event) => {
      dragged = slot;
      grab = event.clientX - slot.getBoundingClientRect().left;
      event.dataTransfer.setData("text/plain", slot.dataset.slot);
    });
    slot.addEventListener("dragover", (event) => {
      if (dragged && dragged !== slot && dragged.parentElement === slot.parentElement) {
        event.preventDefault();
      }
    });
    slot.addEventListener("drop", (event) => {
      event.preventDefault();
      event.stopPropagation();
      if (!dragged || dragged === slot) return;
      swap.elements.slot.value = dragged.dataset.slot;
      swap.elements.other.value = slot.dataset.slot;
      swap.submit();
    });
  });
  board.querySelectorAll(".board-track[data-station]").forEach((track) => {
    track.addEventListener("dragover", (event) => {
      if (dragged && dragged.parentElement === track) event.preventDefault();
    });
    track.addEventListener("drop", (event) => {
      event.preventDefault();
      if (!dragged || dragged.parentElement !== track) return;
      const box = track.getBoundingClientRect();
      const minutes = first + ((event.clientX - grab - box.left) / box.width) * span;
      const snapped = Math.max(0, Math.round(minutes / 5) * 5);
      const hh = String(Math.floor(snapped / 60)).padStart(2, "0");
      const mm = String(snapped % 60).padStart(2, "0");
      move.elements.slot.value = dragged.dataset.slot;
      move.elements.start.value = `${hh}:${mm}`;
      move.submit();
    });
  });
});
